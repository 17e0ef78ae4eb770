"""The words that label a training round outside its pages' banner: in reports and files."""

from __future__ import annotations

from django.utils.translation import gettext as _


def training_banner() -> str:
    """The label of a training round, in the words of the banner on its pages
    (``assessments/_training_banner.html``)."""
    return _("Training round — not counted in any network result")
