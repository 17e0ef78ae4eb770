"""A round's consent: how far its results travel, chosen by the city's coordinator.

The tier may change in any state of the round, also after sign-off (a city may widen or narrow
what it shares at any time); every change is written to the audit log, in the same transaction,
so the log says who shared what from when. Who sees what under each tier is decided in one place,
:mod:`stocktake_web.network.domain.consent`.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from stocktake_web.accounts.models import User
from stocktake_web.assessments.domain.errors import WorkflowError
from stocktake_web.assessments.models import Round
from stocktake_web.audit.domain import record_consent_change


def set_consent(*, round: Round, consent: str, by: User | None) -> bool:
    """Give ``round`` the consent tier ``consent`` (a :class:`Round.Consent` value).

    Returns whether anything changed: choosing the tier the round already has (a double click,
    two coordinators at once) changes nothing and records nothing. The tier is read again from
    the round's locked row, so the audit log's "from" is the tier that was really replaced.
    """
    if consent not in Round.Consent.values:
        raise WorkflowError(_("Choose one of the ways of sharing the round's results."))
    with transaction.atomic():
        before = Round.objects.select_for_update().only("consent").get(pk=round.pk).consent
        round.consent = consent
        if before == consent:
            return False
        Round.objects.filter(pk=round.pk).update(consent=consent)
        record_consent_change(round=round, by=by, before=before)
    return True
