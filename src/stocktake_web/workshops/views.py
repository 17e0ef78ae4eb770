"""The workshop pages: opening a round's session, the room's screen and its actions.

Every view checks access once (the coordinator runs the session; whoever reads the city's
results, and its respondents, follow it) and changes state only through the domain. Pages and
messages speak the room's language, whatever the facilitator's own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from stocktake.frameworks import Indicator
from stocktake_web import permissions
from stocktake_web.assessments.domain import WorkflowError
from stocktake_web.assessments.domain.coordination import city_departments
from stocktake_web.assessments.views.lookups import (
    HtmxHttpRequest,
    round_or_404,
    signed_in_user,
)
from stocktake_web.workshops import domain
from stocktake_web.workshops.domain.lookups import (
    attendance_of,
    conflict_in_session,
    dissent_in_session,
    scored_count,
    session_of_round,
    session_with_id,
)
from stocktake_web.workshops.interfaces.forms import (
    AttendanceForm,
    DissentForm,
    ScoreForm,
    SessionForm,
)
from stocktake_web.workshops.interfaces.screen import screen_context
from stocktake_web.workshops.models import RoomScoreConflict, Session


@contextmanager
def room_language(session: Session) -> Iterator[None]:
    with translation.override(session.language):
        yield


def _session(request: HttpRequest, session_id: int, *, run: bool) -> Session:
    """The session at that address if the person may follow it (404 otherwise), and run it
    when ``run`` (403 otherwise)."""
    found = session_with_id(session_id)
    if found is None:
        raise Http404
    user = request.user
    round = found.round
    if not permissions.can_view_workshop(user, round):
        raise Http404
    permissions.authorize(
        user,
        city=round.city,
        allowed=permissions.can_run_workshop(user, round) if run else True,
    )
    return found


def _indicator(session: Session, indicator_id: str) -> Indicator:
    try:
        return session.round.framework.load().indicator(indicator_id)
    except KeyError:
        raise Http404 from None


@login_required
@require_http_methods(["GET", "POST"])
def round_workshop(request: HttpRequest, round_id: int) -> HttpResponse:
    """The round's session: opened here by the coordinator, or, once opened, its screen."""
    current = round_or_404(round_id)
    user = request.user
    if not permissions.can_view_workshop(user, current):
        raise Http404
    permissions.authorize(
        user,
        city=current.city,
        allowed=request.method == "GET" or permissions.can_run_workshop(user, current),
    )
    existing = session_of_round(current)
    if existing is not None:
        return redirect("workshops:screen", session_id=existing.pk)
    form = SessionForm(
        request.POST or None,
        initial={"title": current.name, "language": translation.get_language()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            opened = domain.open_session(
                round=current,
                title=form.cleaned_data["title"],
                language=form.cleaned_data["language"],
                by=signed_in_user(request),
            )
        except WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            with room_language(opened):
                messages.success(
                    request, _("The session is ready: record who is present, then start it.")
                )
            return redirect("workshops:attendance", session_id=opened.pk)
    return render(
        request,
        "workshops/open.html",
        {
            "round": current,
            "city": current.city,
            "form": form,
            "coordinator": permissions.can_run_workshop(user, current),
        },
    )


@login_required
@require_http_methods(["GET"])
def screen(request: HttpRequest, session_id: int) -> HttpResponse:
    """The room's screen: one question, on the question the facilitator moved to, or (for
    someone following) the one asked for with ``?question=``."""
    session = _session(request, session_id, run=False)
    framework = session.round.framework.load()
    wanted = request.GET.get("question") or session.current_indicator
    indicator = _indicator(session, wanted or framework.indicators()[0].id)
    with room_language(session):
        return _screen_page(request, session, indicator, ScoreForm(indicator=indicator))


def _screen_page(
    request: HttpRequest,
    session: Session,
    indicator: Indicator,
    form: ScoreForm,
    *,
    status: int = 200,
) -> HttpResponse:
    framework = session.round.framework.load()
    context = screen_context(session, framework, indicator)
    round = session.round
    runs = permissions.can_run_workshop(request.user, round)
    # A signed-off or archived round changes no more, whatever state its session was left in.
    runs = runs and not (round.is_signed_off or round.is_archived)
    score = context["score"]
    if not form.is_bound:
        form.initial = ScoreForm.initial_for(score)  # type: ignore[arg-type]
    departments = city_departments(round)
    context |= {
        "form": form,
        "runs": runs,
        "editable": runs and session.state in (Session.State.RUNNING, Session.State.PAUSED),
        "movable": runs and not session.is_finished,
        "dissent_form": DissentForm(departments=departments, prefix="dissent"),
    }
    return render(request, "workshops/screen.html", context, status=status)


@login_required
@require_POST
def change_state(request: HttpRequest, session_id: int) -> HttpResponse:
    """Start, pause, resume or finish; a second click is told the step was already taken."""
    session = _session(request, session_id, run=True)
    steps: dict[str, Callable[..., Session]] = {
        "start": domain.start_session,
        "pause": domain.pause_session,
        "resume": domain.resume_session,
        "finish": domain.finish_session,
    }
    step = steps.get(request.POST.get("step", ""))
    with room_language(session):
        if step is None:
            messages.error(request, _("Choose start, pause, resume or finish."))
        else:
            try:
                step(session=session, by=signed_in_user(request))
            except WorkflowError as exc:
                messages.warning(request, str(exc))
    return redirect("workshops:screen", session_id=session.pk)


@login_required
@require_POST
def move(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _session(request, session_id, run=True)
    with room_language(session):
        try:
            domain.move_to_question(session=session, indicator=request.POST.get("indicator", ""))
        except WorkflowError as exc:
            messages.error(request, str(exc))
    return redirect("workshops:screen", session_id=session.pk)


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, session_id: int) -> HttpResponse:
    """Who is in the room: a row per department of the city."""
    session = _session(request, session_id, run=request.method == "POST")
    departments = city_departments(session.round)
    with room_language(session):
        form = AttendanceForm(
            request.POST or None, departments=departments, present=attendance_of(session)
        )
        if request.method == "POST" and form.is_valid():
            try:
                domain.record_attendance(session=session, present=form.presence())
            except WorkflowError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Attendance saved."))
                return redirect("workshops:screen", session_id=session.pk)
        return render(
            request,
            "workshops/attendance.html",
            {
                "session": session,
                "round": session.round,
                "city": session.round.city,
                "form": form,
                "runs": permissions.can_run_workshop(request.user, session.round)
                and not session.is_finished,
            },
        )


@login_required
@require_POST
def score(request: HtmxHttpRequest, session_id: int, indicator: str) -> HttpResponse:
    """Save the room's score (the screen's autosave sends ``HX-Request`` and gets the status
    back, with the version in ``X-Answer-Version`` as the answer page's autosave expects)."""
    session = _session(request, session_id, run=True)
    question = _indicator(session, indicator)
    with room_language(session):
        form = ScoreForm(request.POST, indicator=question)
        outcome: domain.ScoreOutcome | None = None
        error = ""
        if form.is_valid():
            try:
                outcome = domain.save_room_score(
                    session=session,
                    indicator=question.id,
                    by=signed_in_user(request),
                    base_version=form.cleaned_data["base_version"],
                    content=form.content(),
                )
            except WorkflowError as exc:
                error = str(exc)
        status = 422 if not form.is_valid() else 409 if error or not _saved(outcome) else 200
        if request.htmx:
            return _status(request, session, question, form, outcome, error, status)
        if outcome is not None and outcome.conflict is not None:
            messages.warning(request, _conflict_sentence())
        elif error:
            messages.error(request, error)
        elif outcome is not None:
            messages.success(request, _("Saved."))
        if status == 422:
            return _screen_page(request, session, question, form, status=status)
    return redirect(_question_url(session, question.id))


def _saved(outcome: domain.ScoreOutcome | None) -> bool:
    return outcome is not None and outcome.saved


def _conflict_sentence() -> str:
    return _(
        "This question's score was saved from another screen while you were changing it. "
        "Nothing was overwritten: both versions are kept below; choose which one stands."
    )


def _question_url(session: Session, indicator: str) -> str:
    return f"{reverse('workshops:screen', args=[session.pk])}?question={indicator}"


def _status(
    request: HttpRequest,
    session: Session,
    indicator: Indicator,
    form: ScoreForm,
    outcome: domain.ScoreOutcome | None,
    error: str,
    status: int,
) -> HttpResponse:
    context = {
        "session": session,
        "indicator": indicator,
        "form": form,
        "outcome": outcome,
        "error": error,
        "conflict": outcome.conflict if outcome is not None else None,
        "conflict_sentence": _conflict_sentence(),
        "question_url": _question_url(session, indicator.id),
        "scored": scored_count(session),
        "total": len(session.round.framework.load().indicators()),
    }
    response = render(request, "workshops/_save_status.html", context, status=status)
    if outcome is not None:
        response["X-Answer-Version"] = str(outcome.score.version)
        if outcome.conflict is not None:
            response["X-Answer-Conflict"] = str(outcome.conflict.pk)
    return response


@login_required
@require_POST
def dissent(request: HttpRequest, session_id: int, indicator: str) -> HttpResponse:
    session = _session(request, session_id, run=True)
    question = _indicator(session, indicator)
    departments = city_departments(session.round)
    with room_language(session):
        form = DissentForm(request.POST, departments=departments, prefix="dissent")
        if form.is_valid():
            try:
                domain.record_dissent(
                    session=session,
                    indicator=question.id,
                    department=form.cleaned_data["department"],
                    view=form.cleaned_data["view"],
                    by=signed_in_user(request),
                )
            except WorkflowError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("The dissenting view is recorded."))
        else:
            messages.error(request, _("Choose the department and write its view."))
    return redirect(_question_url(session, question.id))


@login_required
@require_POST
def withdraw_dissent(request: HttpRequest, session_id: int, dissent_id: int) -> HttpResponse:
    session = _session(request, session_id, run=True)
    found = dissent_in_session(session, dissent_id)
    if found is None:
        raise Http404
    with room_language(session):
        try:
            domain.withdraw_dissent(dissent=found)
        except WorkflowError as exc:
            messages.error(request, str(exc))
    return redirect(_question_url(session, found.indicator))


@login_required
@require_POST
def resolve_conflict(request: HttpRequest, session_id: int, conflict_id: int) -> HttpResponse:
    session = _session(request, session_id, run=True)
    found = conflict_in_session(session, conflict_id)
    if found is None:
        raise Http404
    keep = request.POST.get("keep", "")
    with room_language(session):
        if keep not in (RoomScoreConflict.Resolution.MINE, RoomScoreConflict.Resolution.THEIRS):
            messages.error(request, _("Choose which version stands."))
        else:
            try:
                outcome = domain.resolve_room_conflict(
                    conflict=found, by=signed_in_user(request), keep=keep
                )
            except WorkflowError as exc:
                messages.error(request, str(exc))
            else:
                if outcome.conflict is not None:
                    messages.warning(request, _conflict_sentence())
                else:
                    messages.success(request, _("The conflict is settled."))
    return redirect(_question_url(session, found.score.indicator))
