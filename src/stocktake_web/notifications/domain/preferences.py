"""Which notifications a person receives, and the language of their e-mails."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from stocktake_web.accounts.models import User
from stocktake_web.notifications.models import Kind, SwitchedOff


def kinds_received(person: User) -> set[Kind]:
    """Every kind but those the person switched off."""
    off = set(SwitchedOff.objects.filter(user=person).values_list("kind", flat=True))
    return {kind for kind in Kind if kind.value not in off}


def choose_notifications(*, person: User, received: Iterable[str], language: str) -> None:
    """Keep the kinds the person wants (the others switched off) and their e-mail language
    (empty: the site's default). Choosing the same twice, or at once twice, changes nothing."""
    wanted = set(received)
    with transaction.atomic():
        SwitchedOff.objects.filter(user=person, kind__in=wanted).delete()
        SwitchedOff.objects.bulk_create(
            [SwitchedOff(user=person, kind=kind) for kind in Kind if kind.value not in wanted],
            ignore_conflicts=True,
        )
        if person.language != language:
            person.language = language
            person.save(update_fields=["language"])
