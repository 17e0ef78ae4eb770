"""The coordinator's reconciled answers, and the sign-off that freezes a round's results."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stocktake_web.accounts.models import User
from stocktake_web.assessments.domain.answers import check_value
from stocktake_web.assessments.domain.errors import (
    RoundStateError,
    UnreconciledError,
    WorkflowError,
)
from stocktake_web.assessments.domain.results import compute_results, method_parameters
from stocktake_web.assessments.models import Reconciliation, Round, SignOff
from stocktake_web.audit.domain import record_sign_off


def reconcile(*, round: Round, indicator: str, value: str, reason: str, by: User) -> Reconciliation:
    """Set the value an indicator takes for the round, overriding the departments' answers.

    The reason is required: it is what a later reader needs to trust the value. Reconciling an
    indicator again replaces the earlier reconciliation.
    """
    if round.is_signed_off:
        raise RoundStateError(_("This round is signed off and can no longer change."))
    framework = round.framework.load()
    try:
        framework.indicator(indicator)
    except KeyError:
        raise WorkflowError(
            _("There is no indicator %(indicator)s in this round.") % {"indicator": indicator}
        ) from None
    if not value.strip():
        raise WorkflowError(_("Choose the reconciled answer."))
    if not reason.strip():
        raise WorkflowError(_("Say why this is the right answer: a reason is required."))
    check_value(framework, indicator, value)
    reconciliation, _created = Reconciliation.objects.update_or_create(
        round=round,
        indicator=indicator,
        defaults={
            "value": value.strip(),
            "reason": reason.strip(),
            "reconciled_by": by,
            "reconciled_at": timezone.now(),
        },
    )
    return reconciliation


def sign_off(*, round: Round, by: User) -> SignOff:
    """Freeze the round: compute its results with the core and store them with the framework
    version and method parameters that reproduce them. The round is read-only afterwards.

    Refused while answering is still open, or while departments disagree on indicators the
    coordinator has not reconciled.
    """
    if round.state != Round.State.RECONCILING:
        raise RoundStateError(_("Close answering before signing the round off."))
    results = compute_results(round)
    outstanding = results.consolidation.needs_reconciliation
    if outstanding:
        raise UnreconciledError(
            _("Reconcile these indicators before signing off: %(ids)s")
            % {"ids": ", ".join(outstanding)}
        )
    with transaction.atomic():
        record = SignOff.objects.create(
            round=round,
            signed_off_by=by,
            framework_key=round.framework.key,
            method=method_parameters(),
            results=results.score.to_dict(),
            priorities=[priority.to_dict() for priority in results.priorities],
        )
        round.state = Round.State.SIGNED_OFF
        round.save(update_fields=["state"])
        record_sign_off(round=round, by=by)
    return record
