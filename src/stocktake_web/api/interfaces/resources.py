"""The API's resources: each reads through the domain and checks the pages' permissions.

A city a person may not see at all is "not found" (404), as on the pages; one they see but may
not do this in is "forbidden" (403).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from stocktake_web import permissions
from stocktake_web.accounts.models import User
from stocktake_web.api.domain import listings
from stocktake_web.api.interfaces import schemas
from stocktake_web.api.interfaces.paging import LimitOffset, Records
from stocktake_web.assessments import domain
from stocktake_web.assessments.domain.lookups import answer_with_round, round_with_framework
from stocktake_web.assessments.domain.results import round_records
from stocktake_web.assessments.interfaces.forms import AnswerForm
from stocktake_web.assessments.models import Answer, Assignment, Round
from stocktake_web.frameworks.models import FrameworkVersion
from stocktake_web.network.models import City, Department, Network

router = Router()
#: what any operation may answer besides its result: no valid token (401), too many failed
#: token attempts (429), not allowed (403), not found (404)
ERRORS: dict[int, Any] = {status: schemas.Detail for status in (401, 403, 404, 429)}


def _user(request: HttpRequest) -> User:
    user = request.auth  # type: ignore[attr-defined]
    assert isinstance(user, User)
    return user


def _id(value: int) -> int:
    if not 0 < value <= schemas.ID_MAX:
        raise Http404
    return value


# -- frameworks -----------------------------------------------------------------------------------


@router.get(
    "/frameworks", response={200: list[schemas.FrameworkOut], **ERRORS}, tags=["frameworks"]
)
@paginate(LimitOffset)
def list_frameworks(request: HttpRequest) -> Any:
    return Records(listings.frameworks(_user(request)), _framework)


@router.get(
    "/frameworks/{version_id}",
    response={200: schemas.FrameworkDefinitionOut, **ERRORS},
    tags=["frameworks"],
)
def read_framework(request: HttpRequest, version_id: int) -> Any:
    found = listings.framework_version(_user(request), _id(version_id))
    if found is None:
        raise Http404
    return _framework(found, definition=True)


def _framework(version: FrameworkVersion, *, definition: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": version.pk,
        "framework": version.framework_id,
        "version": version.version,
        "title": version.title,
    }
    if definition:
        out["definition"] = version.definition
    return out


# -- networks, cities, departments --------------------------------------------------------------


@router.get("/networks", response={200: list[schemas.NetworkOut], **ERRORS}, tags=["network"])
@paginate(LimitOffset)
def list_networks(request: HttpRequest) -> Any:
    return Records(listings.networks_of(_user(request)), _network)


def _network(network: Network) -> dict[str, Any]:
    return {
        "id": network.pk,
        "slug": network.slug,
        "name": network.name,
        "is_demo": network.is_demo,
    }


@router.get("/cities", response={200: list[schemas.CityOut], **ERRORS}, tags=["network"])
@paginate(LimitOffset)
def list_cities(request: HttpRequest) -> Any:
    return Records(listings.cities_of(_user(request)), _city)


def _city(city: City) -> dict[str, Any]:
    return {
        "id": city.pk,
        "slug": city.slug,
        "name": city.name,
        "country": city.country,
        "network": city.network.slug,
    }


def _visible_city(request: HttpRequest, slug: str) -> City:
    city = listings.city_with_slug(slug[:100])
    if city is None or not permissions.can_view_city(_user(request), city):
        raise Http404
    return city


@router.get("/cities/{slug}", response={200: schemas.CityOut, **ERRORS}, tags=["network"])
def read_city(request: HttpRequest, slug: str) -> Any:
    return _city(_visible_city(request, slug))


@router.get(
    "/cities/{slug}/departments",
    response={200: list[schemas.DepartmentOut], **ERRORS},
    tags=["network"],
)
@paginate(LimitOffset)
def list_departments(request: HttpRequest, slug: str) -> Any:
    city = _visible_city(request, slug)
    return Records(listings.departments_of(city), _department)


def _department(department: Department) -> dict[str, Any]:
    return {
        "id": department.pk,
        "slug": department.slug,
        "name": department.name,
        "city": department.city.slug,
    }


# -- rounds and assignments ---------------------------------------------------------------------


@router.get("/rounds", response={200: list[schemas.RoundOut], **ERRORS}, tags=["rounds"])
@paginate(LimitOffset)
def list_rounds(request: HttpRequest) -> Any:
    return Records(listings.rounds_of(_user(request)), _round)


def _round(found: Round) -> dict[str, Any]:
    return {
        "id": found.pk,
        "name": found.name,
        "city": found.city.slug,
        "framework": found.framework.framework_id,
        "framework_version": found.framework.version,
        "state": found.state,
        "deadline": found.deadline,
        "archived": found.is_archived,
        "training": found.is_training,
    }


def _round_for(request: HttpRequest, round_id: int, *, respondents: bool = False) -> Round:
    """The round, when its results are readable (or, with ``respondents``, when the person
    answers for one of its city's departments)."""
    found = round_with_framework(_id(round_id))
    if found is None:
        raise Http404
    user = _user(request)
    allowed = permissions.can_view_round(user, found) or (
        respondents and found.city_id in permissions.roles_of(user).departments_cities
    )
    permissions.authorize(user, city=found.city, allowed=allowed)
    return found


@router.get("/rounds/{round_id}", response={200: schemas.RoundOut, **ERRORS}, tags=["rounds"])
def read_round(request: HttpRequest, round_id: int) -> Any:
    return _round(_round_for(request, round_id))


@router.post(
    "/cities/{slug}/rounds",
    response={201: schemas.RoundOut, 409: schemas.Detail, **ERRORS},
    tags=["rounds"],
)
def open_round(request: HttpRequest, slug: str, data: schemas.OpenRoundIn) -> Any:
    """The coordinator opens a round of a framework version and assigns the framework's
    suggested departments, as the page's "assign suggested" does."""
    city = _visible_city(request, slug)
    user = _user(request)
    permissions.authorize(user, city=city, allowed=permissions.can_open_round(user, city))
    framework = listings.framework_version(user, data.framework)
    if framework is None:
        raise HttpError(422, _("There is no framework version with this id."))
    try:
        opened = domain.open_round(
            city=city,
            framework=framework,
            name=data.name,
            deadline=data.deadline,
            opened_by=user,
            reason=data.reason,
            training=data.training,
        )
        domain.assign_indicators(round=opened, by=user)
    except domain.WorkflowError as exc:
        return Status(409, {"detail": str(exc)})
    return Status(201, _round(opened))


@router.get(
    "/rounds/{round_id}/assignments",
    response={200: list[schemas.AssignmentOut], **ERRORS},
    tags=["rounds"],
)
@paginate(LimitOffset)
def list_assignments(request: HttpRequest, round_id: int) -> Any:
    found = _round_for(request, round_id)
    return Records(listings.assignments_of(found), _assignment)


@router.post(
    "/rounds/{round_id}/assignments",
    response={201: list[schemas.AssignmentOut], 409: schemas.Detail, 422: schemas.Detail, **ERRORS},
    tags=["rounds"],
)
def assign(request: HttpRequest, round_id: int, data: schemas.AssignIn) -> Any:
    """The coordinator routes indicators to the city's departments, as the round page does;
    the answer lists the assignments made (none when all were made already)."""
    found = _round_for(request, round_id)
    user = _user(request)
    permissions.authorize(
        user, city=found.city, allowed=permissions.is_round_coordinator(user, found)
    )
    departments = listings.departments_by_slug(found.city)
    missing = sorted({row.department for row in data.assignments} - set(departments))
    if missing:
        detail = _("The round's city has no department %(slugs)s.") % {"slugs": ", ".join(missing)}
        return Status(422, {"detail": detail})
    pairs = [(row.indicator, departments[row.department]) for row in data.assignments]
    try:
        created = domain.assign_indicators(round=found, by=user, pairs=pairs)
    except domain.RoundStateError as exc:
        return Status(409, {"detail": str(exc)})
    except domain.WorkflowError as exc:
        return Status(422, {"detail": str(exc)})
    return Status(201, [_assignment(row) for row in created])


def _assignment(row: Assignment) -> dict[str, Any]:
    answer: Answer | None = getattr(row, "answer", None) if row.pk else None
    return {
        "id": row.pk,
        "round": row.round_id,
        "indicator": row.indicator,
        "department": row.department.slug,
        "answer": answer.pk if answer is not None else None,
    }


# -- answers --------------------------------------------------------------------------------------


@router.get(
    "/rounds/{round_id}/answers",
    response={200: list[schemas.AnswerOut], **ERRORS},
    tags=["answers"],
)
@paginate(LimitOffset)
def list_answers(request: HttpRequest, round_id: int) -> Any:
    found = _round_for(request, round_id, respondents=True)
    return Records(listings.answers_of(_user(request), found), _answer)


def _answer(answer: Answer) -> dict[str, Any]:
    assignment = answer.assignment
    return {
        "id": answer.pk,
        "round": assignment.round_id,
        "indicator": assignment.indicator,
        "department": assignment.department.slug,
        "version": answer.version,
        "value": answer.value,
        "evidence": answer.evidence,
        "link": answer.link,
        "file_name": answer.file_name,
        "confidence": answer.confidence,
        "importance": answer.importance,
        "support": sorted(row.kind for row in answer.support.all()),
        "comment": answer.comment,
        "updated_at": answer.updated_at,
    }


def _answer_for(request: HttpRequest, answer_id: int, *, writing: bool) -> Answer:
    answer = answer_with_round(_id(answer_id))
    if answer is None:
        raise Http404
    user = _user(request)
    allowed = (
        permissions.is_assigned_respondent(user, answer)
        if writing
        else permissions.can_view_answer(user, answer)
    )
    permissions.authorize(user, city=answer.assignment.round.city, allowed=allowed)
    return answer


@router.get("/answers/{answer_id}", response={200: schemas.AnswerOut, **ERRORS}, tags=["answers"])
def read_answer(request: HttpRequest, answer_id: int) -> Any:
    return _answer(_answer_for(request, answer_id, writing=False))


@router.put(
    "/answers/{answer_id}",
    response={
        200: schemas.AnswerOut,
        409: schemas.ConflictOut | schemas.Detail,
        422: schemas.FieldErrors,
        **ERRORS,
    },
    tags=["answers"],
)
def write_answer(request: HttpRequest, answer_id: int, data: schemas.AnswerIn) -> Any:
    """Replace the answer, as the answer page saves it. A write that started from an older
    version than the stored one is refused (409) with both versions, and kept as a conflict
    for the department and the coordinator to settle, as on the page."""
    answer = _answer_for(request, answer_id, writing=True)
    framework = answer.assignment.round.framework.load()
    indicator = framework.indicator(answer.assignment.indicator)
    form = AnswerForm(data.dict(), framework=framework, indicator=indicator)
    if not form.is_valid():
        return Status(422, _form_errors(form))
    try:
        outcome = domain.save_answer(
            answer=answer,
            user=_user(request),
            base_version=form.cleaned_data["base_version"],
            content=form.content(),
        )
    except domain.WorkflowError as exc:
        return Status(409, {"detail": str(exc)})
    if outcome.conflict is not None:
        conflict = outcome.conflict
        return Status(
            409,
            {
                "detail": _("Someone else saved this answer first; both versions are kept."),
                "base_version": conflict.base_version,
                "stored_version": conflict.stored_version,
                "stored": conflict.stored,
                "proposed": conflict.proposed,
            },
        )
    saved = answer_with_round(answer.pk)
    assert saved is not None
    return Status(200, _answer(saved))


def _form_errors(form: AnswerForm) -> dict[str, Any]:
    """The page's sentences, by field, under the message every error carries."""
    fields = {name: list(errors) for name, errors in form.errors.items()}
    return {"detail": _("The answer was not saved; correct the fields named."), "fields": fields}


# -- results --------------------------------------------------------------------------------------


@router.get(
    "/rounds/{round_id}/results", response={200: schemas.ResultsOut, **ERRORS}, tags=["results"]
)
def read_results(request: HttpRequest, round_id: int) -> Any:
    """The round's scores and key areas for development, as the dashboard shows them: stored
    at sign-off once signed off, computed by the core before."""
    found = _round_for(request, round_id)
    records = round_records(found)
    return {
        "round": found.pk,
        "signed_off": records.stored,
        "training": found.is_training,
        "scores": records.record,
        "key_areas": records.priorities,
    }
