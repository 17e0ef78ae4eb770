"""The coordinator's reconciled answers, and the sign-off that freezes a round's results."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stocktake_web.accounts.models import User
from stocktake_web.assessments.domain.answers import check_value
from stocktake_web.assessments.domain.concurrency import locked_round, refused_if_taken
from stocktake_web.assessments.domain.consequences import Coverage, coverage_in
from stocktake_web.assessments.domain.errors import (
    RoundStateError,
    SignOffReasonError,
    UnreconciledError,
    WorkflowError,
)
from stocktake_web.assessments.domain.results import compute_results, method_parameters
from stocktake_web.assessments.domain.rounds import stated_reason
from stocktake_web.assessments.models import Reconciliation, Round, SignOff
from stocktake_web.audit.domain import record_sign_off, record_sign_off_withdrawal
from stocktake_web.audit.domain.events import record_answer_reconciled
from stocktake_web.notifications.domain.send import notify_signed_off


def reconcile(
    *,
    round: Round,
    indicator: str,
    value: str,
    reason: str,
    by: User,
    base_version: int | None = None,
) -> Reconciliation:
    """Set the value an indicator takes for the round, overriding the departments' answers.

    Only once answering is closed: before, departments may still change the answers that are
    being reconciled. The reason is required: it is what a later reader needs to trust the
    value. Reconciling an indicator again replaces the earlier reconciliation. ``base_version``
    is the version of the indicator's reconciliation the coordinator saw (0: none yet); when it
    has changed since (another coordinator, or a second click), the step is refused. ``None``
    replaces whatever is stored.
    """
    framework = round.framework.load()
    try:
        framework.indicator(indicator)
    except KeyError:
        raise WorkflowError(
            _("There is no indicator %(indicator)s in this round.") % {"indicator": indicator}
        ) from None
    with transaction.atomic():
        _require_reconciling(locked_round(round))
        if not value.strip():
            raise WorkflowError(_("Choose the reconciled answer."))
        if not reason.strip():
            raise WorkflowError(_("Say why this is the right answer: a reason is required."))
        check_value(framework, indicator, value)
        stored = Reconciliation.objects.filter(round=round, indicator=indicator).first()
        if base_version is not None and base_version != (stored.version if stored else 0):
            raise WorkflowError(_reconciled_meanwhile(indicator))
        if stored is None:
            stored = Reconciliation(round=round, indicator=indicator, version=0)
        stored.value, stored.reason = value.strip(), reason.strip()
        stored.version += 1
        stored.reconciled_by, stored.reconciled_at = by, timezone.now()
        with refused_if_taken(_reconciled_meanwhile(indicator)):
            stored.save()
        record_answer_reconciled(
            round=round, by=by, indicator=indicator, value=stored.value, reason=stored.reason
        )
    return stored


def _require_reconciling(round: Round) -> None:
    if round.is_signed_off:
        raise RoundStateError(_("This round is signed off and can no longer change."))
    if round.is_open:
        raise RoundStateError(
            _(
                "Close answering before reconciling: until then departments may still change "
                "their answers."
            )
        )


def _reconciled_meanwhile(indicator: str) -> str:
    return _(
        "%(indicator)s was reconciled while this page was open (by someone else, or by a "
        "second click); the page now shows that answer. Reconcile again if it should change."
    ) % {"indicator": indicator}


def sign_off(*, round: Round, by: User, reason: str = "") -> SignOff:
    """Freeze the round: compute its results with the core and store them with the framework
    version and method parameters that reproduce them. The round is read-only afterwards.

    Refused while answering is still open, while departments disagree on indicators the
    coordinator has not reconciled, and once the round is signed off (a second click, or a
    second coordinator at the same moment). Below the network's minimum coverage the
    coordinator's ``reason`` is required (:class:`SignOffReasonError`); it is kept with the
    coverage in the audit log.
    """
    signed = _("This round is already signed off.")
    with transaction.atomic():
        locked_round(round)
        if round.is_signed_off:
            raise RoundStateError(signed)
        if round.state != Round.State.RECONCILING:
            raise RoundStateError(_("Close answering before signing the round off."))
        results = compute_results(round)
        outstanding = results.consolidation.needs_reconciliation
        if outstanding:
            raise UnreconciledError(
                _("Reconcile these indicators before signing off: %(ids)s")
                % {"ids": ", ".join(outstanding)}
            )
        coverage = coverage_in(results.score)
        reason = _sign_off_reason(round, coverage, reason)
        with refused_if_taken(signed):
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
        record_sign_off(
            round=round,
            by=by,
            reason=reason,
            answered=coverage.answered,
            expected=coverage.expected,
        )
        notify_signed_off(round=round, by=by)
    return record


def _sign_off_reason(round: Round, coverage: Coverage, reason: str) -> str:
    """The reason to keep: required (and bounded) below the network's minimum coverage,
    kept when given above it."""
    minimum = round.city.network.minimum_sign_off_coverage
    if not coverage.below(minimum):
        return stated_reason(reason) if reason.strip() else ""
    if not reason.strip():
        raise SignOffReasonError(
            _(
                "Only %(answered)s of the %(expected)s indicators expected are answered "
                "(%(percent)s %%), below the network's minimum of %(minimum)s %% for a sign-off: "
                "say why the round is signed off as it is."
            )
            % {
                "answered": coverage.answered,
                "expected": coverage.expected,
                "percent": coverage.whole_percent,
                "minimum": minimum,
            }
        )
    return stated_reason(reason)


def withdraw_sign_off(*, round: Round, by: User, reason: str) -> Round:
    """Take back a sign-off: the round returns to reconciling and its stored results go.

    Nothing typed is lost: answers, reconciliations and their histories stay, and signing off
    again computes the results anew. The withdrawal, its reason and the sign-off it undid (who
    and when) are recorded in the audit log. A second click, or a second coordinator at the same
    moment, is refused with a message.
    """
    reason = stated_reason(reason)
    with transaction.atomic():
        locked_round(round)
        if not round.is_signed_off:
            raise RoundStateError(_("This round is not signed off; there is nothing to withdraw."))
        record = SignOff.objects.select_related("signed_off_by").get(round=round)
        signer = record.signed_off_by
        record.delete()
        round.state = Round.State.RECONCILING
        round.save(update_fields=["state"])
        record_sign_off_withdrawal(
            round=round,
            by=by,
            reason=reason,
            signed_off_at=record.signed_off_at.isoformat(),
            signed_off_by=signer.get_username() if signer else "",
        )
    return round
