"""The coordinator's pages and actions: open a round, assign, reconcile, sign off, and choose
how far the round's results travel."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from stocktake_web import permissions
from stocktake_web.assessments import domain
from stocktake_web.assessments.domain.completion import department_progress
from stocktake_web.assessments.domain.consent import set_consent
from stocktake_web.assessments.domain.consequences import consequences_of
from stocktake_web.assessments.domain.coordination import (
    assigned_pairs,
    city_departments,
    unassigned_indicators,
)
from stocktake_web.assessments.domain.round_history import round_events
from stocktake_web.assessments.interfaces.consent import ConsentForm
from stocktake_web.assessments.interfaces.coordination import (
    RoundOpeningForm,
    StepConfirmationForm,
    assignment_grid,
    disagreements,
)
from stocktake_web.assessments.interfaces.forms import ReconciliationForm
from stocktake_web.assessments.interfaces.round_history import history_lines
from stocktake_web.assessments.models import (
    Assignment,
    Round,
)
from stocktake_web.assessments.views.lookups import (
    department_or_404,
    round_or_404,
    signed_in_user,
)
from stocktake_web.network.domain import city_with_network
from stocktake_web.network.models import Department


@login_required
@require_http_methods(["GET", "POST"])
def open_round(request: HttpRequest, city: str) -> HttpResponse:
    place = city_with_network(city)
    if place is None:
        raise Http404
    permissions.authorize(
        request.user, city=place, allowed=permissions.can_open_round(request.user, place)
    )
    today = timezone.localdate()
    form = RoundOpeningForm(
        request.POST or None,
        city=place,
        initial={"name": str(today.year), "deadline": today + datetime.timedelta(days=42)},
    )
    # Once asked, the reason stays on the form when it is shown again with another error.
    ask_reason = bool(request.POST.get("reason", "").strip())
    if request.method == "POST" and form.is_valid():
        try:
            opened = domain.open_round(
                city=place,
                framework=form.cleaned_data["framework"],
                name=form.cleaned_data["name"],
                deadline=form.cleaned_data["deadline"],
                opened_by=signed_in_user(request),
                reason=form.cleaned_data["reason"],
                training=form.cleaned_data["training"],
            )
        except domain.SecondRoundError as exc:
            form.add_error("reason", str(exc))
            ask_reason = True
        except domain.WorkflowError as exc:
            form.add_error("name", str(exc))
        else:
            if form.cleaned_data["assign_suggested"]:
                domain.assign_indicators(round=opened, by=signed_in_user(request))
            messages.success(request, _("The round is open. Check the assignments below."))
            _warn_of_unassigned(request, opened)
            return redirect("assessments:round", round_id=opened.pk)
    return render(
        request,
        "assessments/open_round.html",
        {"city": place, "form": form, "ask_reason": ask_reason},
    )


def _warn_of_unassigned(request: HttpRequest, opened: Round) -> None:
    """Say which indicators nobody answers yet, right after opening: the round page lists
    them with their titles."""
    missing = [indicator.id for indicator in unassigned_indicators(opened)]
    if missing:
        messages.warning(
            request,
            ngettext(
                "%(count)s indicator has no department to answer it: %(ids)s.",
                "%(count)s indicators have no department to answer them: %(ids)s.",
                len(missing),
            )
            % {"count": len(missing), "ids": ", ".join(missing)},
        )


@login_required
@require_GET
def round_page(request: HttpRequest, round_id: int) -> HttpResponse:
    """The coordinator's page: progress, assignments, disagreements, reconciliation, sign-off."""
    current = round_or_404(round_id)
    permissions.authorize(
        request.user, city=current.city, allowed=permissions.can_view_round(request.user, current)
    )
    framework = current.framework.load()
    departments = city_departments(current)
    # The page shows where departments disagree, not scores: consolidating is enough.
    consolidation = domain.consolidate_round(current)
    events, older = round_events(current)
    return render(
        request,
        "assessments/round.html",
        {
            "round": current,
            "city": current.city,
            "framework": framework,
            "coordinator": permissions.is_round_coordinator(request.user, current),
            "consent_form": _consent_form(request, current),
            "training_changeable": permissions.is_round_coordinator(request.user, current)
            and domain.training_changeable(current),
            "progress": department_progress(current, today=timezone.localdate()),
            "grid": assignment_grid(current, framework, departments) if current.is_open else [],
            "departments": departments,
            "disagreements": disagreements(current, framework, consolidation),
            "outstanding": consolidation.needs_reconciliation,
            "alpha": consolidation.alpha,
            "unassigned": [] if current.is_signed_off else unassigned_indicators(current),
            "history": history_lines(events),
            "older_history": older,
            "zone": current.city.network.time_zone,
        },
    )


def _consent_form(request: HttpRequest, current: Round) -> ConsentForm | None:
    """The consent tier's form, for the coordinator only (any state of the round)."""
    if not permissions.is_round_coordinator(request.user, current):
        return None
    return ConsentForm(initial={"consent": current.consent})


def _coordinator_action(request: HttpRequest, round_id: int) -> Round:
    current = round_or_404(round_id)
    permissions.authorize(
        request.user,
        city=current.city,
        allowed=permissions.is_round_coordinator(request.user, current),
    )
    return current


@login_required
@require_POST
def assign(request: HttpRequest, round_id: int) -> HttpResponse:
    """Apply the assignment grid: tick to assign, untick to take back (unanswered only)."""
    current = _coordinator_action(request, round_id)
    try:
        if "suggested" in request.POST:
            created = domain.assign_indicators(round=current, by=signed_in_user(request))
            removed = 0
        else:
            created, removed = _apply_grid(request, current)
    except domain.WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            ngettext(
                "%(added)s assignment added, %(removed)s taken back.",
                "%(added)s assignments added, %(removed)s taken back.",
                len(created),
            )
            % {"added": len(created), "removed": removed},
        )
    return redirect(reverse("assessments:round", args=[current.pk]) + "#assignments")


def _apply_grid(request: HttpRequest, current: Round) -> tuple[list[Assignment], int]:
    """Ticked pairs are assigned; a pair is taken back only when the grid showed it and it was
    left unticked: the form names the rows and columns it showed (after each row's boxes, so a
    post cut short names only the rows it carries in full)."""
    departments = {dept.slug: dept for dept in city_departments(current)}
    wanted = set()
    for item in request.POST.getlist("assign"):
        indicator, _sep, slug = item.partition(":")
        if slug in departments:
            wanted.add((indicator, departments[slug]))
    shown_departments = [
        departments[slug]
        for slug in request.POST.getlist("shown_department")
        if slug in departments
    ]
    shown = {
        (indicator, dept)
        for indicator in request.POST.getlist("shown_indicator")
        for dept in shown_departments
    }
    by_pk = {dept.pk: dept for dept in departments.values()}
    existing = {(indicator, by_pk[dept_id]) for indicator, dept_id in assigned_pairs(current)}
    created = domain.assign_indicators(
        round=current,
        by=signed_in_user(request),
        pairs=sorted(wanted - existing, key=_pair_key),
    )
    removed = domain.unassign_indicators(
        round=current, pairs=(existing & shown) - wanted, by=signed_in_user(request)
    )
    return created, removed


def _pair_key(pair: tuple[str, Department]) -> tuple[str, str]:
    return pair[0], pair[1].slug


@login_required
@require_POST
def close_answering(request: HttpRequest, round_id: int) -> HttpResponse:
    """Close answering once the coordinator has seen what it leaves behind (a POST without
    the confirmation shows that instead)."""
    current = _coordinator_action(request, round_id)
    form = StepConfirmationForm(request.POST)
    if not (form.is_valid() and form.cleaned_data["confirmed"]) and current.is_open:
        return _confirmation(request, current, "close", StepConfirmationForm())
    try:
        domain.start_reconciliation(round=current, by=signed_in_user(request))
    except domain.WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Answering is closed; reconcile the disagreements."))
    return redirect("assessments:round", round_id=current.pk)


def _confirmation(
    request: HttpRequest, current: Round, step: str, form: StepConfirmationForm
) -> HttpResponse:
    """The page of a step's consequences, with the form that confirms it."""
    return render(
        request,
        "assessments/confirm_step.html",
        {
            "round": current,
            "city": current.city,
            "step": step,
            "form": form,
            "consequences": consequences_of(current, today=timezone.localdate()),
        },
    )


@login_required
@require_POST
def reconcile(request: HttpRequest, round_id: int, indicator: str) -> HttpResponse:
    current = _coordinator_action(request, round_id)
    try:
        target = current.framework.load().indicator(indicator)
    except KeyError:
        raise Http404 from None
    form = ReconciliationForm(request.POST, indicator=target, prefix=f"r-{indicator}")
    if not form.is_valid():
        for message in form.errors.get("base_version", []):
            messages.error(request, str(message))
        if form.errors.keys() - {"base_version"}:
            messages.error(request, _("Choose the reconciled answer and give a reason."))
    else:
        try:
            domain.reconcile(
                round=current,
                indicator=indicator,
                value=str(form.cleaned_data["value"]),
                reason=form.cleaned_data["reason"],
                by=signed_in_user(request),
                base_version=form.cleaned_data["base_version"],
            )
        except domain.WorkflowError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("%(indicator)s is reconciled.") % {"indicator": indicator})
    return redirect(reverse("assessments:round", args=[current.pk]) + f"#d-{indicator}")


@login_required
@require_POST
def sign_off(request: HttpRequest, round_id: int) -> HttpResponse:
    """Sign off once the coordinator has seen what the round holds; below the network's
    minimum coverage, with a reason (the page shows the form again, with the error)."""
    current = _coordinator_action(request, round_id)
    form = StepConfirmationForm(request.POST)
    reconciling = current.state == Round.State.RECONCILING and not current.is_archived
    if not form.is_valid():
        return _confirmation(request, current, "sign_off", form)
    if not form.cleaned_data["confirmed"] and reconciling:
        return _confirmation(request, current, "sign_off", StepConfirmationForm())
    try:
        domain.sign_off(
            round=current, by=signed_in_user(request), reason=form.cleaned_data["reason"]
        )
    except domain.SignOffReasonError as exc:
        form.add_error("reason", str(exc))
        return _confirmation(request, current, "sign_off", form)
    except domain.WorkflowError as exc:
        messages.error(request, str(exc))
        return redirect("assessments:round", round_id=current.pk)
    messages.success(request, _("The round is signed off; its results are stored."))
    return redirect(reverse("dashboards:city", args=[current.city.slug]) + f"?round={current.pk}")


@login_required
@require_POST
def withdraw_sign_off(request: HttpRequest, round_id: int) -> HttpResponse:
    """Take a sign-off back, with the coordinator's reason; the round returns to reconciling."""
    return _step_with_reason(
        request,
        round_id,
        domain.withdraw_sign_off,
        _("The sign-off is withdrawn; reconcile what needs it and sign off again."),
    )


def _step_with_reason(
    request: HttpRequest,
    round_id: int,
    step: Callable[..., object],
    done: str,
    anchor: str = "#next-step",
) -> HttpResponse:
    """Take one of the coordinator's steps that carry a reason, and say how it went."""
    current = _coordinator_action(request, round_id)
    try:
        step(round=current, by=signed_in_user(request), reason=request.POST.get("reason", ""))
    except domain.WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect(reverse("assessments:round", args=[current.pk]) + anchor)


@login_required
@require_POST
def reopen_answering(request: HttpRequest, round_id: int) -> HttpResponse:
    """Open a closed round for answers again, with the coordinator's reason."""
    return _step_with_reason(
        request, round_id, domain.reopen_answering, _("The round is open for answers again.")
    )


@login_required
@require_POST
def archive(request: HttpRequest, round_id: int) -> HttpResponse:
    """Put the round in the archive, with the coordinator's reason."""
    return _step_with_reason(
        request,
        round_id,
        domain.archive_round,
        _("The round is archived: it has left the city's lists and stays readable here."),
        anchor="",
    )


@login_required
@require_POST
def restore(request: HttpRequest, round_id: int) -> HttpResponse:
    """Take the round out of the archive, in the state it was archived in."""
    return _step_with_reason(
        request, round_id, domain.restore_round, _("The round is out of the archive."), anchor=""
    )


@login_required
@require_POST
def mark_training(request: HttpRequest, round_id: int) -> HttpResponse:
    """Mark the round as a training round, or as one that counts, with the coordinator's
    reason (only until the first answer is saved; the domain says why not after)."""
    training = request.POST.get("training") == "1"
    done = (
        _("This is now a training round: it counts in no network result.")
        if training
        else _("This round now counts as the city's result.")
    )
    return _step_with_reason(
        request, round_id, partial(domain.set_training, training=training), done, "#training"
    )


@login_required
@require_POST
def choose_consent(request: HttpRequest, round_id: int) -> HttpResponse:
    """Any state of the round: a city may widen or narrow its sharing after sign-off too."""
    current = _coordinator_action(request, round_id)
    form = ConsentForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(str(error) for error in errors))
        return redirect(reverse("assessments:round", args=[current.pk]) + "#consent")
    try:
        changed = set_consent(
            round=current, consent=form.cleaned_data["consent"], by=signed_in_user(request)
        )
    except domain.WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        if changed:
            messages.success(
                request,
                _("The round's results are now shared as follows: %(tier)s.")
                % {"tier": current.get_consent_display()},
            )
    return redirect(reverse("assessments:round", args=[current.pk]) + "#consent")


@login_required
@require_POST
def reopen_department(request: HttpRequest, round_id: int, department: str) -> HttpResponse:
    current = _coordinator_action(request, round_id)
    try:
        domain.reopen_department(round=current, department=department_or_404(current, department))
    except domain.WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The department can change its answers again."))
    return redirect("assessments:round", round_id=current.pk)
