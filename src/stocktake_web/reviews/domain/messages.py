"""The one rule for the text of a revision request or a comment."""

from __future__ import annotations

from django.utils.translation import gettext as _

from stocktake_web.reviews.domain.errors import ReviewError
from stocktake_web.reviews.models import MESSAGE_MAX_LENGTH


def stated_message(text: str, *, empty: str) -> str:
    """``text`` without surrounding blanks, refused (with ``empty``) when nothing is left or when
    longer than :data:`MESSAGE_MAX_LENGTH` characters. Kept as plain text: pages escape it."""
    text = text.strip()
    if not text:
        raise ReviewError(empty)
    if len(text) > MESSAGE_MAX_LENGTH:
        raise ReviewError(
            _("The message is too long: at most %(count)s characters (it has %(length)s).")
            % {"count": MESSAGE_MAX_LENGTH, "length": len(text)}
        )
    return text
