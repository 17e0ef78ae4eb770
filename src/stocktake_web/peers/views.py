"""Cities like you and who can help (a city's page); peer groups and the workshop planner
(the secretariat's cohort pages).

Views find what they show through ``domain``, read requests through ``interfaces.forms`` and
show rows from ``interfaces.pages``; the maths is the core's. A request the core cannot satisfy
(constraints that leave no grouping, more workshops than hosts) is answered with the core's
sentence in the form.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from stocktake import network as core
from stocktake_web.assessments.views.lookups import signed_in_user
from stocktake_web.background.domain import start_job
from stocktake_web.background.domain.lookups import job_with_target
from stocktake_web.background.models import Job
from stocktake_web.events.domain.events import InvalidEventError
from stocktake_web.network.access import city_results_or_404, secretariat_cohort_or_404
from stocktake_web.network.models import City, Cohort
from stocktake_web.peers.domain.cohorts import cohort_frameworks, cohort_members, framework_version
from stocktake_web.peers.domain.peers import peers_of_city
from stocktake_web.peers.domain.planning import (
    plan_cohort_workshops,
    planned_workshop,
    record_workshop,
    secretariat_cohort,
)
from stocktake_web.peers.interfaces import jobs, pages, reasons
from stocktake_web.peers.interfaces.forms import (
    ATTRIBUTE_LABELS,
    GroupsForm,
    PlanForm,
    RecordWorkshopForm,
    WeightsForm,
)
from stocktake_web.screening.domain.planner import cities_by_topic, sent_topics


@login_required
@require_GET
def city_peers(request: HttpRequest, city: str) -> HttpResponse:
    """Cities like you (with editable weights) and who can help with each key area."""
    place = city_results_or_404(request.user, city)
    bound = any(name in request.GET for name in ATTRIBUTE_LABELS)
    form = WeightsForm(request.GET if bound else None)
    context: dict[str, Any] = {"city": place, "form": form}
    if not bound or form.is_valid():
        weights = form.weights() if bound else core.SimilarityWeights()
        found = peers_of_city(city=place, cohort_id=request.GET.get("cohort"), weights=weights)
        context["peers"] = found
        if found.named is not None and found.missing is None:
            context["similar"] = pages.similar_rows(found.similar, found.named)
            context["key_areas"] = pages.key_area_rows(found.help, found.named)
    return render(request, "peers/city.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def cohort_groups(request: HttpRequest, network: str, cohort: int) -> HttpResponse:
    """The groups form; posted, it starts forming the groups in the background (a large cohort
    takes the solver seconds) and shows the job's page: its progress, then the groups."""
    group = secretariat_cohort_or_404(request.user, network, cohort)
    frameworks = cohort_frameworks(group)
    cities = cohort_members(group)
    job = _groups_job(request, group)
    if request.method == "POST":
        form = GroupsForm(request.POST, frameworks=frameworks, cities=cities)
        if form.is_valid():
            job = start_job(
                kind=jobs.PEER_GROUPS,
                started_by=signed_in_user(request),
                cohort=group,
                parameters=jobs.groups_parameters(
                    framework=form.cleaned_data["framework"].pk,
                    size=form.cleaned_data["size"],
                    shared_language=form.cleaned_data["shared_language"],
                    must_meet=form.pairs("must_meet"),
                    must_not_meet=form.pairs("must_not_meet"),
                ),
            )
            here = reverse("peers:groups", args=[group.network.slug, group.pk])
            return redirect(f"{here}?job={job.pk}")
    else:
        initial = GroupsForm.initial_of(job.parameters) if job is not None else None
        form = GroupsForm(initial=initial, frameworks=frameworks, cities=cities)
    context: dict[str, Any] = {"network": group.network, "cohort": group, "form": form}
    context |= {"frameworks": frameworks, "job": job}
    context["must_meet_rows"] = form.pair_rows("must_meet")
    context["must_not_meet_rows"] = form.pair_rows("must_not_meet")
    if job is not None and job.status == Job.Status.DONE:
        context |= _grouping_context(job, {c.slug: c for c in cities})
    return render(request, "peers/groups.html", context)


def _groups_job(request: HttpRequest, group: Cohort) -> Job | None:
    """The groups job named in the address: one this person started on this cohort."""
    wanted = request.GET.get("job", "")
    if not wanted:
        return None
    job = job_with_target(int(wanted)) if wanted.isdigit() and len(wanted) < 12 else None
    if job is None or job.kind != jobs.PEER_GROUPS.name or job.cohort_id != group.pk:
        raise Http404
    if job.started_by_id != request.user.pk:
        raise Http404
    return job


def _grouping_context(job: Job, cities: dict[str, City]) -> dict[str, Any]:
    grouping = jobs.grouping_of_job(job)
    framework = framework_version(job.parameters["framework"])
    if framework is None or not set(cities) >= {c for g in grouping.groups for c in g}:
        return {"stale": True}
    return {
        "grouping": grouping,
        "groups": pages.group_rows(grouping, framework.load(), cities),
        "objective": reasons.number(grouping.objective, 3),
        "report": reasons.solver_sentence(grouping.report),
        "relaxed": reasons.sizes_relaxed(grouping) if grouping.sizes_relaxed else "",
    }


@login_required
@require_GET
def cohort_plan(request: HttpRequest, network: str, cohort: int) -> HttpResponse:
    """K workshops chosen from the cohort's support requests, each with its reasons."""
    group = secretariat_cohort_or_404(request.user, network, cohort)
    frameworks = cohort_frameworks(group)
    form = PlanForm(request.GET or None, frameworks=frameworks)
    context: dict[str, Any] = {"network": group.network, "cohort": group, "form": form}
    context["frameworks"] = frameworks
    context["sent_topics"] = sent_topics(group)
    if form.is_bound and form.is_valid():
        context["asked_by"] = cities_by_topic(
            context["sent_topics"], framework_id=form.cleaned_data["framework"].framework_id
        )
        named = secretariat_cohort(cohort=group, framework=form.cleaned_data["framework"])
        try:
            plan = plan_cohort_workshops(
                named=named,
                count=form.cleaned_data["workshops"],
                capacity=form.cleaned_data["capacity"],
                per_city=form.cleaned_data["per_city"],
            )
        except core.NetworkError as exc:
            form.add_error(None, _("This plan cannot be made: %(why)s.") % {"why": exc})
        else:
            context["plan"] = plan
            context["workshops"] = pages.workshop_rows(plan, named)
            context["objective"] = reasons.number(plan.objective, 3)
            context["report"] = reasons.solver_sentence(plan.report)
            context["parameters"] = form.cleaned_data
    return render(request, "peers/plan.html", context)


@login_required
@require_POST
def record_planned(request: HttpRequest, network: str, cohort: int) -> HttpResponse:
    """Record one workshop of the plan as an event; a second click records nothing more."""
    group = secretariat_cohort_or_404(request.user, network, cohort)
    form = RecordWorkshopForm(request.POST, frameworks=cohort_frameworks(group))
    if not form.is_valid():
        messages.error(request, _("Give the workshop a date to record it as an event."))
    else:
        try:
            done = _record(request, group, form.cleaned_data)
        except core.NetworkError as exc:
            messages.error(request, _("This plan cannot be made: %(why)s.") % {"why": exc})
        except InvalidEventError as exc:
            messages.error(request, str(exc))
        else:
            messages.add_message(
                request,
                messages.SUCCESS if done else messages.ERROR,
                done or _("This workshop is no longer in the plan; plan again."),
            )
    back = reverse("peers:plan", args=[group.network.slug, group.pk])
    return redirect(f"{back}?{_plan_query(request.POST)}")


def _record(request: HttpRequest, group: Cohort, data: dict[str, Any]) -> str:
    """Record the workshop on ``data["topic"]``; the sentence saying so, empty when the plan
    made now has no workshop on that topic."""
    named = secretariat_cohort(cohort=group, framework=data["framework"])
    planned = planned_workshop(
        named=named,
        count=data["workshops"],
        capacity=data["capacity"],
        per_city=data["per_city"],
        topic=data["topic"],
    )
    if planned is None:
        return ""
    user = signed_in_user(request)
    record_workshop(planned=planned, cohort=group, start=data["start"], by=user)
    return _("The workshop on %(topic)s is recorded as an event.") % {
        "topic": reasons.indicator_name(named.core.framework, data["topic"])
    }


def _plan_query(data: QueryDict) -> str:
    """The plan's parameters of a posted form, to show the same plan again."""
    kept = QueryDict(mutable=True)
    for name in ("framework", "workshops", "capacity", "per_city"):
        kept[name] = data.get(name, "")[:20]
    return kept.urlencode()
