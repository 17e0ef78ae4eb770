"""How a round's state changes stay right when two people, or one double click, make them at once.

Every state change of a round reads the state it depends on from the round's row, locked until
its transaction ends: the second of two simultaneous requests waits for the first and then sees
what it did, so it is refused with a sentence saying so. Unique constraints stay the last guard;
the refusal of one is turned into the same kind of sentence, never a server error.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from stocktake_web.assessments.domain.errors import RoundStateError, WorkflowError
from stocktake_web.assessments.models import Round


def locked_round(round: Round, *, even_archived: bool = False) -> Round:
    """``round`` with its state read again from its row, which stays locked until the current
    transaction ends; the same object is returned, with what was loaded with it (city,
    framework), so that the caller and whoever holds it see the state it acted on.

    SQLite has no row locks; there the whole database is locked for writing from the start of
    the transaction (the settings start every transaction as IMMEDIATE), to the same effect.
    An archived round changes no more: :class:`RoundStateError` says to restore it first
    (``even_archived`` lets archiving and restoring read it).
    """
    row = Round.objects.select_for_update().only("state", "archived_at").get(pk=round.pk)
    round.state, round.archived_at = row.state, row.archived_at
    if round.is_archived and not even_archived:
        raise RoundStateError(_("This round is archived; take it out of the archive to change it."))
    return round


@contextmanager
def refused_if_taken(message: str) -> Iterator[None]:
    """Run the block in a savepoint; if a unique constraint refuses what it writes (someone did
    the same a moment earlier), raise :class:`WorkflowError` with ``message`` instead, leaving
    the surrounding transaction usable."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError:
        raise WorkflowError(message) from None
