"""Who may see and do what: the predicates on their own, then every view and action as a matrix.

Columns are the cast (see ``conftest.Cast``); every target belongs to Harbour City unless its
name says otherwise, so Charlie and Dora (Hillside) and Olga (another network) are the people of
another city who must get "not found" everywhere. A person of the same city without the role
gets "forbidden"; a visitor who is not signed in is sent to the sign-in page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, reverse

from stocktake_web import permissions
from stocktake_web.assessments.domain import AnswerContent, save_answer
from stocktake_web.assessments.models import Conflict

from .conftest import Cast

PEOPLE = ("anon", "alice", "bob", "bea", "vera", "sam", "charlie", "dora", "olga")


@dataclass(frozen=True)
class Target:
    method: str
    url: Callable[[Cast], str]
    expected: dict[str, int]
    data: Callable[[Cast], dict[str, Any]] = field(default=lambda cast: {})
    sign_in: str = "accounts:login"  # where a visitor who is not signed in is sent


def _row(**codes: int) -> dict[str, int]:
    """Expected codes; people left out of a row get "not found" (404), the visitor a redirect."""
    full = {person: 404 for person in PEOPLE}
    full["anon"] = 302
    full.update(codes)
    return full


def _answer_url(cast: Cast) -> str:
    return reverse("assessments:answer", args=[cast.answer("E1").pk])


def _file_url(cast: Cast) -> str:
    answer = cast.answer("E1")
    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan")
    save_answer(
        answer=answer, user=cast.bob, base_version=0, content=AnswerContent(value="2", file=upload)
    )
    return reverse("assessments:evidence_file", args=[answer.pk])


def _conflict_url(cast: Cast) -> str:
    answer = cast.answer("E1")
    save_answer(answer=answer, user=cast.bob, base_version=0, content=AnswerContent(value="2"))
    outcome = save_answer(
        answer=answer, user=cast.bob, base_version=0, content=AnswerContent(value="3")
    )
    assert isinstance(outcome.conflict, Conflict)
    return reverse("assessments:resolve", args=[outcome.conflict.pk])


def _revision_request_url(cast: Cast) -> str:
    from stocktake_web.reviews.domain.requests import request_revision

    request = request_revision(answer=cast.answer("E1"), by=cast.alice, message="Check the year")
    return reverse("reviews:settle", args=[request.pk])


def _answer_action(name: str) -> Callable[[Cast], str]:
    return lambda cast: reverse(name, args=[cast.answer("E1").pk])


def _invitation_url(cast: Cast) -> str:
    """The link of an invitation to Harbour City's planning department, as e-mailed."""
    from django.core import mail

    from stocktake_web.secretariat.domain.invitations import invite

    invite(
        email="new@example.org",
        kind="respondent",
        city=cast.harbour,
        department=cast.planning,
        invited_by=cast.alice,
        language="en",
    )
    return "/invitations/" + mail.outbox[-1].body.split("/invitations/")[1].split("/")[0] + "/"


def _manage(name: str, *args: str) -> Callable[[Cast], str]:
    return lambda cast: reverse(f"secretariat:{name}", args=["east", *args])


def _round(name: str) -> Callable[[Cast], str]:
    return lambda cast: reverse(name, args=[cast.round.pk])


def _benchmark(name: str, *args: str) -> Callable[[Cast], str]:
    """A benchmark page of Harbour City's cohort, once Harbour City's round is signed off."""

    def url(cast: Cast) -> str:
        from .test_benchmarking import _levels, _sign_off

        _sign_off(cast, cast.harbour, _levels(1), round=cast.round)
        places = [cast.harbour.slug] if name.startswith("benchmarking:city") else ["east"]
        cohort = [] if name.startswith("benchmarking:city") else [cast.cohort.pk]
        return reverse(name, args=[*places, *cohort, *args])

    return url


def _event(name: str, *, material: bool = False) -> Callable[[Cast], str]:
    """A page of an event only Harbour City took part in (with a material when asked)."""

    def url(cast: Cast) -> str:
        import datetime

        from stocktake_web.events.domain.events import record_event
        from stocktake_web.events.domain.materials import add_material

        event = record_event(
            network=cast.network,
            kind="workshop",
            title="Harbour's workshop",
            start=datetime.date(2026, 5, 12),
            end=datetime.date(2026, 5, 12),
            created_by=cast.sam,
            participants=[(cast.harbour, cast.environment)],
        )
        args: list[object] = ["east", event.pk]
        if material:
            upload = SimpleUploadedFile("notes.txt", b"notes")
            args.append(add_material(event=event, title="Notes", file=upload).pk)
        return reverse(name, args=args)

    return url


def _resource(name: str) -> Callable[[Cast], str]:
    """A page or action of a catalogue resource of the network, with a file attached."""

    def url(cast: Cast) -> str:
        from stocktake.knowledge import Resource as Record
        from stocktake_web.knowledge.domain.catalogue import load_catalogue
        from stocktake_web.knowledge.domain.files import attach_file

        record = Record(id="guide", kind="guide", title={"en": "Guide"})
        load_catalogue(network=cast.network, resources=[record])
        upload = SimpleUploadedFile("guide.txt", b"guide")
        attach_file(resource=cast.network.resources.get(), upload=upload, by=cast.sam)
        return reverse(name, args=["east", "guide"])

    return url


def _progress(name: str) -> Callable[[Cast], str]:
    """A progress page of Harbour City, once two of its rounds are signed off."""

    def url(cast: Cast) -> str:
        from .test_progress import BASELINE, signed_round

        signed_round(cast, "Baseline", BASELINE, days_ago=365)
        signed_round(cast, "Later", {**BASELINE, "G2": "yes"})
        if name == "progress:cohort":
            return reverse(name, args=["east", cast.cohort.pk])
        return reverse(name, args=["harbour"])

    return url


def _workshop(name: str, thing: str = "") -> Callable[[Cast], str]:
    """A page or action of Harbour City's running workshop session (with a dissent or a
    refused save of the room's score when ``thing`` asks for one)."""

    def url(cast: Cast) -> str:
        from stocktake_web.workshops.domain import (
            RoomScoreContent,
            open_session,
            record_dissent,
            save_room_score,
            start_session,
        )

        session = open_session(round=cast.round, title="Workshop", language="en", by=cast.alice)
        start_session(session=session, by=cast.alice)
        args: list[object] = [session.pk]
        if thing == "indicator":
            args.append("G1")
        elif thing == "dissent":
            view = "Too high"
            made = record_dissent(
                session=session, indicator="G1", department=cast.planning, view=view, by=cast.alice
            )
            args.append(made.pk)
        elif thing == "conflict":
            for value in ("2", "3"):
                outcome = save_room_score(
                    session=session,
                    indicator="G1",
                    by=cast.alice,
                    base_version=0,
                    content=RoomScoreContent(value=value),
                )
            assert outcome.conflict is not None
            args.append(outcome.conflict.pk)
        return reverse(name, args=args)

    return url


def _screening(name: str, *extra: str, scored: bool = False) -> Callable[[Cast], str]:
    """A page or action of Harbour City's screening: two candidates, the environment and planning
    departments on the panel, every score given when ``scored`` (for the exports)."""

    def url(cast: Cast) -> str:
        from stocktake_web.screening.domain.screenings import (
            add_solution,
            create_screening,
            save_sheet,
            set_panel,
        )

        made = create_screening(
            city=cast.harbour, title="Ideas", round=cast.round, method="wsm", created_by=cast.alice
        )
        first = add_solution(screening=made, name="Bus lanes")
        add_solution(screening=made, name="Green roofs")
        set_panel(screening=made, departments=[cast.environment, cast.planning])
        if scored:
            for department, person in ((cast.environment, cast.bob), (cast.planning, cast.bea)):
                values = {
                    (solution.pk, criterion.pk): 3.0 + (solution == first)
                    for solution in made.solutions.all()
                    for criterion in made.criteria.all()
                }
                save_sheet(screening=made, department=department, values=values, by=person)
        args: list[object] = [made.pk]
        if name == "screening:solution_remove":
            args.append(first.pk)
        return reverse(name, args=[*args, *extra])

    return url


def _first_candidate(cast: Cast) -> dict[str, Any]:
    from stocktake_web.screening.models import Solution

    return {"chosen": [str(Solution.objects.get(name="Bus lanes").pk)]}


def _default_weights(cast: Cast) -> dict[str, Any]:
    from stocktake.screening import default_criteria

    data: dict[str, Any] = {"weights": "1"}
    for criterion in default_criteria():
        data[f"weight-{criterion.id}"] = "2"
        data[f"direction-{criterion.id}"] = criterion.direction
    return data


SCREENING_SHEET_READERS = _row(alice=200, bob=200, bea=403, vera=403, sam=403)
SCREENING_CRITERIA = _row(sam=200)


WORKSHOP_READERS = _row(alice=200, bob=200, bea=200, vera=200, sam=200)


def _harbour_version(name: str, *args: str) -> Callable[[Cast], str]:
    """A page of Harbour City's own framework version, published by Alice."""

    def url(cast: Cast) -> str:
        from stocktake_web.frameworks.domain.drafts import publish_draft

        from .test_framework_editor import harbour_draft

        version = publish_draft(draft=harbour_draft(cast), base_version=0, by=cast.alice)
        return reverse(name, args=[version.pk, *args])

    return url


def _framework_draft(name: str, *args: str) -> Callable[[Cast], str]:
    """A page or action of Alice's draft for Harbour City, with a local indicator HC-01."""

    def url(cast: Cast) -> str:
        from .test_framework_editor import harbour_draft

        title = {"en": "Typhoon shelters", "zh-Hant": "颱風避難所"}
        local = {"group": "env", "id": "HC-01", "type": "yes_no", "title": title}
        draft = harbour_draft(cast, add=[local])
        return reverse(name, args=[draft.pk, *args])

    return url


FRAMEWORK_EDITORS = _row(
    alice=200, bob=403, bea=403, vera=403, sam=200, charlie=200, dora=403, olga=200
)
HARBOUR_VERSION_READERS = _row(alice=200, bob=200, bea=200, vera=200, sam=200)
HARBOUR_DRAFT = _row(alice=200, bob=403, bea=403, vera=403, sam=403)
HARBOUR_DRAFT_ACTION = _row(alice=302, bob=403, bea=403, vera=403, sam=403)
PILOT_IDS = ("G1", "G2", "E1", "E2", "E3")


def _everyone(code: int) -> dict[str, int]:
    """Every signed-in person gets ``code``; the visitor is sent to sign in."""
    return {person: code for person in PEOPLE} | {"anon": 302}


EVERYONE = _everyone(200)


def _alices_token_revoke_url(cast: Cast) -> str:
    """Revoking Alice's token: only Alice revokes it; anyone else is told it is not theirs."""
    from stocktake_web.api.domain.tokens import issue_token

    row, _token = issue_token(user=cast.alice, name="nightly")
    return reverse("api:revoke", args=[row.pk])


def _notification_url(cast: Cast) -> str:
    """Alice's notification that Bob submitted the environment department's answers."""
    from stocktake_web.assessments.domain import submit_department
    from stocktake_web.notifications.models import Notification

    submit_department(round=cast.round, department=cast.environment, by=cast.bob)
    notification = Notification.objects.get(recipient=cast.alice)
    return reverse("notifications:open", args=[notification.pk])


COORDINATOR_ONLY = _row(alice=302, bob=403, bea=403, vera=403, sam=403)
RESULTS = _row(alice=200, bob=403, bea=403, vera=200, sam=200)
CATALOGUE_READERS = _row(alice=200, bob=200, bea=200, vera=200, sam=200, charlie=200, dora=200)
CATALOGUE_MANAGERS = _row(alice=403, bob=403, bea=403, vera=403, sam=200, charlie=403, dora=403)

MATRIX: dict[str, Target] = {
    "home": Target(
        "get",
        lambda cast: reverse("home"),
        _row(alice=200, bob=200, bea=200, vera=200, sam=200, charlie=200, dora=200, olga=200),
    ),
    "city dashboard": Target(
        "get", lambda cast: reverse("dashboards:city", args=["harbour"]), RESULTS
    ),
    "open round form": Target(
        "get",
        lambda cast: reverse("assessments:open_round", args=["harbour"]),
        _row(alice=200, bob=403, bea=403, vera=403, sam=403),
    ),
    "open round": Target(
        "post",
        lambda cast: reverse("assessments:open_round", args=["harbour"]),
        COORDINATOR_ONLY,
        lambda cast: {
            "framework": cast.framework.pk,
            "name": "Second round",
            "deadline": "2099-01-31",
            "assign_suggested": "on",
            "reason": "Beside the 2025 round",
        },
    ),
    "round page": Target("get", _round("assessments:round"), RESULTS),
    "assign": Target(
        "post", _round("assessments:assign"), COORDINATOR_ONLY, lambda cast: {"suggested": "1"}
    ),
    "close answering": Target(
        "post", _round("assessments:close"), COORDINATOR_ONLY, lambda cast: {"confirmed": "1"}
    ),
    "reconcile": Target(
        "post",
        lambda cast: reverse("assessments:reconcile", args=[cast.round.pk, "G1"]),
        COORDINATOR_ONLY,
        lambda cast: {"r-G1-value": "2", "r-G1-reason": "Agreed"},
    ),
    "sign off": Target(
        "post", _round("assessments:sign_off"), COORDINATOR_ONLY, lambda cast: {"confirmed": "1"}
    ),
    "archive": Target(
        "post",
        _round("assessments:archive"),
        COORDINATOR_ONLY,
        lambda cast: {"reason": "Opened by mistake"},
    ),
    "restore": Target(
        "post", _round("assessments:restore"), COORDINATOR_ONLY, lambda cast: {"reason": "Back"}
    ),
    "withdraw sign-off": Target(
        "post",
        _round("assessments:withdraw_sign_off"),
        COORDINATOR_ONLY,
        lambda cast: {"reason": "Recheck"},
    ),
    "reopen answering": Target(
        "post",
        _round("assessments:reopen_answering"),
        COORDINATOR_ONLY,
        lambda cast: {"reason": "More answers"},
    ),
    "choose consent": Target(
        "post",
        _round("assessments:consent"),
        COORDINATOR_ONLY,
        lambda cast: {"consent": "cohort_named"},
    ),
    "mark as training": Target(
        "post",
        _round("assessments:training"),
        COORDINATOR_ONLY,
        lambda cast: {"training": "1", "reason": "Workshop exercise"},
    ),
    "city context": Target(
        "get",
        lambda cast: reverse("network:context", args=["harbour"]),
        _row(alice=200, bob=403, bea=403, vera=200, sam=200),
    ),
    "save city context": Target(
        "post",
        lambda cast: reverse("network:context", args=["harbour"]),
        _row(alice=302, bob=403, bea=403, vera=403, sam=302),
        lambda cast: {"kind": "city", "languages": "en, zh-Hant"},
    ),
    "public summary": Target(
        "get",
        lambda cast: reverse("network:public", args=["east"]),
        {person: 200 for person in PEOPLE},
    ),
    "reopen department": Target(
        "post",
        lambda cast: reverse("assessments:reopen", args=[cast.round.pk, "environment"]),
        COORDINATOR_ONLY,
    ),
    "department page": Target(
        "get",
        lambda cast: reverse("assessments:department", args=[cast.round.pk, "environment"]),
        _row(alice=200, bob=200, bea=403, vera=403, sam=200),
    ),
    "download questionnaire": Target(
        "get",
        lambda cast: reverse("exchange:questionnaire", args=[cast.round.pk, "environment"]),
        _row(alice=200, bob=200, bea=403, vera=403, sam=403),
    ),
    "import submissions": Target(
        "get",
        lambda cast: reverse("exchange:import_submissions", args=[cast.round.pk]),
        _row(alice=200, bob=403, bea=403, vera=403, sam=403),
    ),
    "answers by department": Target(
        "get",
        lambda cast: reverse("exchange:form_layout", args=[cast.round.pk, "xlsx"]),
        RESULTS,
    ),
    "questionnaire page": Target(
        "get",
        lambda cast: reverse("exchange:questionnaire_page", args=[cast.round.pk, "environment"]),
        _row(alice=200, bob=200, bea=403, vera=403, sam=403),
    ),
    "submit department": Target(
        "post",
        lambda cast: reverse("assessments:submit", args=[cast.round.pk, "environment"]),
        _row(alice=403, bob=302, bea=403, vera=403, sam=403),
    ),
    "indicator page": Target(
        "get", _answer_url, _row(alice=200, bob=200, bea=403, vera=403, sam=200)
    ),
    "save answer": Target(
        "post",
        _answer_url,
        _row(alice=403, bob=302, bea=403, vera=403, sam=403),
        lambda cast: {"base_version": "0", "value": "3"},
    ),
    "answer history": Target(
        "get",
        lambda cast: reverse("assessments:answer_history", args=[cast.answer("E1").pk]),
        _row(alice=200, bob=200, bea=403, vera=403, sam=200),
    ),
    "evidence file": Target("get", _file_url, _row(alice=200, bob=200, bea=403, vera=403, sam=200)),
    "resolve conflict": Target(
        "post",
        _conflict_url,
        _row(alice=403, bob=302, bea=403, vera=403, sam=403),
        lambda cast: {"keep": "theirs"},
    ),
    # Revision requests and comments (tests/web/test_revisions.py): whoever may not read the
    # answer gets "not found", Bea and Vera included.
    "request a revision": Target(
        "post",
        _answer_action("reviews:request_revision"),
        _row(alice=302, bob=403, sam=403),
        lambda cast: {"message": "Check the year"},
    ),
    "settle a revision request": Target(
        "post", _revision_request_url, _row(alice=302, bob=403, sam=403)
    ),
    "comment on an answer": Target(
        "post",
        _answer_action("reviews:comment"),
        _row(alice=302, bob=302, sam=403),
        lambda cast: {"text": "Which year?"},
    ),
    "answers csv": Target("get", _round("dashboards:answers_csv"), RESULTS),
    "results csv": Target("get", _round("dashboards:results_csv"), RESULTS),
    "results xlsx": Target("get", _round("dashboards:results_xlsx"), RESULTS),
    "city report pdf": Target(
        "get", lambda cast: reverse("reports:city_report", args=[cast.round.pk, "pdf"]), RESULTS
    ),
    "city report html": Target(
        "get", lambda cast: reverse("reports:city_report", args=[cast.round.pk, "html"]), RESULTS
    ),
    # Workshop sessions (tests/web/test_workshops.py): the coordinator runs the session; the
    # city's respondents, viewers and the secretariat follow its screen.
    "workshop of a round": Target("get", _round("workshops:round"), WORKSHOP_READERS),
    "prepare a workshop session": Target(
        "post",
        _round("workshops:round"),
        COORDINATOR_ONLY,
        lambda cast: {"title": "Resilience day", "language": "zh-hant"},
    ),
    "workshop screen": Target("get", _workshop("workshops:screen"), WORKSHOP_READERS),
    "pause a workshop session": Target(
        "post", _workshop("workshops:state"), COORDINATOR_ONLY, lambda cast: {"step": "pause"}
    ),
    "move to a question": Target(
        "post", _workshop("workshops:move"), COORDINATOR_ONLY, lambda cast: {"indicator": "E1"}
    ),
    "workshop attendance": Target("get", _workshop("workshops:attendance"), WORKSHOP_READERS),
    "save workshop attendance": Target(
        "post",
        _workshop("workshops:attendance"),
        COORDINATOR_ONLY,
        lambda cast: {"present-planning": "on", "people-planning": "2"},
    ),
    "save the room's score": Target(
        "post",
        _workshop("workshops:score", "indicator"),
        COORDINATOR_ONLY,
        lambda cast: {"base_version": "0", "value": "2"},
    ),
    "record a dissent": Target(
        "post",
        _workshop("workshops:dissent", "indicator"),
        COORDINATOR_ONLY,
        lambda cast: {"dissent-department": cast.planning.pk, "dissent-view": "Too high"},
    ),
    "withdraw a dissent": Target(
        "post", _workshop("workshops:withdraw_dissent", "dissent"), COORDINATOR_ONLY
    ),
    "settle a refused score": Target(
        "post",
        _workshop("workshops:resolve", "conflict"),
        COORDINATOR_ONLY,
        lambda cast: {"keep": "theirs"},
    ),
    "network page": Target(
        "get", lambda cast: reverse("dashboards:network", args=["east"]), _row(sam=200)
    ),
    "cohort overview": Target(
        "get",
        lambda cast: reverse("dashboards:cohort", args=["east", cast.cohort.pk]),
        _row(sam=200),
    ),
    "audit log": Target("get", lambda cast: reverse("audit:log", args=["east"]), _row(sam=200)),
    "city benchmark": Target("get", _benchmark("benchmarking:city"), RESULTS),
    "city benchmark csv": Target("get", _benchmark("benchmarking:city_export", "csv"), RESULTS),
    "cohort benchmark": Target("get", _benchmark("benchmarking:cohort"), _row(sam=200)),
    "cohort benchmark xlsx": Target(
        "get", _benchmark("benchmarking:cohort_export", "xlsx"), _row(sam=200)
    ),
    "cohort report pdf": Target(
        "get", _benchmark("benchmarking:cohort_report", "pdf"), _row(sam=200)
    ),
    "cohort report html": Target(
        "get", _benchmark("benchmarking:cohort_report", "html"), _row(sam=200)
    ),
    # Progress between rounds (tests/web/test_progress.py): a city's for the readers of its
    # results, the comparison beside the network's events for the secretariat only.
    "city progress": Target("get", _progress("progress:city"), RESULTS),
    "city progress csv": Target("get", _progress("progress:city_csv"), RESULTS),
    "city progress xlsx": Target("get", _progress("progress:city_xlsx"), RESULTS),
    "cohort progress": Target("get", _progress("progress:cohort"), _row(sam=200)),
    # Events: the secretariat edits; every member city's users see the list and the year, and
    # only Harbour City's users (and the secretariat) see its event (tests/web/test_events.py).
    "events list": Target(
        "get",
        lambda cast: reverse("events:list", args=["east"]),
        _row(alice=200, bob=200, bea=200, vera=200, sam=200, charlie=200, dora=200),
    ),
    "events of a year": Target(
        "get",
        lambda cast: reverse("events:year", args=["east", 2026]),
        _row(alice=200, bob=200, bea=200, vera=200, sam=200, charlie=200, dora=200),
    ),
    "event page": Target(
        "get", _event("events:detail"), _row(alice=200, bob=200, bea=200, vera=200, sam=200)
    ),
    "record an event": Target(
        "get",
        lambda cast: reverse("events:new", args=["east"]),
        _row(alice=403, bob=403, bea=403, vera=403, sam=200, charlie=403, dora=403),
    ),
    "edit an event": Target(
        "post",
        _event("events:edit"),
        _row(alice=403, bob=403, bea=403, vera=403, sam=200, charlie=403, dora=403),
    ),
    "add a material": Target(
        "post",
        _event("events:material_new"),
        _row(alice=403, bob=403, bea=403, vera=403, sam=400, charlie=403, dora=403),
    ),
    "material file": Target(
        "get",
        _event("events:material_file", material=True),
        _row(alice=200, bob=200, bea=200, vera=200, sam=200),
    ),
    "remove a material": Target(
        "post",
        _event("events:material_remove", material=True),
        _row(alice=403, bob=403, bea=403, vera=403, sam=302, charlie=403, dora=403),
    ),
    "city's events on its key areas": Target(
        "get", lambda cast: reverse("events:city", args=["harbour"]), RESULTS
    ),
    # The secretariat's administration of its network (tests/web/test_secretariat.py), and
    # invitations (tests/web/test_invitations.py): the coordinator invites respondents and
    # viewers, the secretariat coordinators too; an invitation's link is open to anyone.
    "manage cities": Target("get", _manage("cities"), _row(sam=200)),
    "add a city": Target("get", _manage("add_city"), _row(sam=200)),
    "manage a city": Target("get", _manage("city", "harbour"), _row(sam=200)),
    "people and roles": Target("get", _manage("people"), _row(sam=200)),
    "take a role away": Target(
        "post",
        lambda cast: reverse("secretariat:revoke", args=["east", cast.bob.roles.get().pk]),
        _row(sam=302),
    ),
    "network settings": Target("get", _manage("settings"), _row(sam=200)),
    "import people": Target("get", _manage("import"), _row(sam=200)),
    "import template": Target("get", _manage("import_template"), _row(sam=200)),
    "import template csv": Target("get", _manage("import_template_sheet", "people"), _row(sam=200)),
    "invitations": Target(
        "get",
        lambda cast: reverse("secretariat:invitations", args=["harbour"]),
        _row(alice=200, bob=403, bea=403, vera=403, sam=200),
    ),
    "accept an invitation": Target("get", _invitation_url, {person: 200 for person in PEOPLE}),
    "my account": Target(
        "get",
        lambda cast: reverse("accounts:me"),
        _row(alice=200, bob=200, bea=200, vera=200, sam=200, charlie=200, dora=200, olga=200),
    ),
    "other network's audit log": Target(
        "get", lambda cast: reverse("audit:log", args=["elsewhere"]), _row(olga=200)
    ),
    "other city's dashboard": Target(
        "get",
        lambda cast: reverse("dashboards:city", args=["hillside"]),
        _row(sam=200, charlie=200, dora=403),
    ),
    "other city's round page": Target(
        "get",
        lambda cast: reverse("assessments:round", args=[cast.hill_round.pk]),
        _row(sam=200, charlie=200, dora=403),
    ),
    "other city's indicator page": Target(
        "get",
        lambda cast: reverse(
            "assessments:answer", args=[cast.answer("E1", cast.hill_environment).pk]
        ),
        _row(sam=200, charlie=200, dora=200),
    ),
    "other city's answers csv": Target(
        "get",
        lambda cast: reverse("dashboards:answers_csv", args=[cast.hill_round.pk]),
        _row(sam=200, charlie=200, dora=403),
    ),
    # The knowledge catalogue (tests/web/test_knowledge.py): every member of the network
    # searches it; loading and exporting are the secretariat's; a city's key areas with what
    # helps follow the results rule.
    "knowledge catalogue": Target(
        "get", lambda cast: reverse("knowledge:catalogue", args=["east"]), CATALOGUE_READERS
    ),
    "policy database": Target(
        "get", lambda cast: reverse("knowledge:policies", args=["east"]), CATALOGUE_READERS
    ),
    "financing opportunities": Target(
        "get", lambda cast: reverse("knowledge:financing", args=["east"]), CATALOGUE_READERS
    ),
    "load the catalogue": Target(
        "get", lambda cast: reverse("knowledge:manage", args=["east"]), CATALOGUE_MANAGERS
    ),
    "upload a catalogue file": Target(
        "post",
        lambda cast: reverse("knowledge:manage", args=["east"]),
        {**CATALOGUE_MANAGERS, "sam": 400},  # no file chosen: the form says so
    ),
    "export the catalogue": Target(
        "get", lambda cast: reverse("knowledge:export", args=["east", "csv"]), CATALOGUE_MANAGERS
    ),
    "resource file": Target("get", _resource("knowledge:resource_file"), CATALOGUE_READERS),
    "attach a file to a resource": Target(
        "get", _resource("knowledge:attach_file"), CATALOGUE_MANAGERS
    ),
    "remove a resource's file": Target(
        "post",
        _resource("knowledge:remove_file"),
        {**CATALOGUE_MANAGERS, "sam": 302},
    ),
    "what helps with a city's key areas": Target(
        "get", lambda cast: reverse("knowledge:city", args=["harbour"]), RESULTS
    ),
    # Frameworks and their editor (tests/web/test_framework_editor.py): every signed-in person
    # sees the shared versions; a city's own version is for whoever sees the city; its drafts
    # are its coordinator's (the secretariat edits the network's drafts, not a city's).
    "frameworks": Target("get", lambda cast: reverse("frameworks:list"), EVERYONE),
    "compare framework versions": Target("get", lambda cast: reverse("frameworks:diff"), EVERYONE),
    "shared framework version": Target(
        "get", lambda cast: reverse("frameworks:version", args=[cast.framework.pk]), EVERYONE
    ),
    "city's own framework version": Target(
        "get", _harbour_version("frameworks:version"), HARBOUR_VERSION_READERS
    ),
    "framework file": Target("get", _harbour_version("frameworks:export"), HARBOUR_VERSION_READERS),
    "preview of a version": Target(
        "get", _harbour_version("frameworks:version_preview", "G1"), HARBOUR_VERSION_READERS
    ),
    "derive a version": Target(
        "post",
        lambda cast: reverse("frameworks:derive", args=[cast.framework.pk]),
        # a city or network not their own is no choice of theirs: the form says so
        _row(alice=302, bob=403, bea=403, vera=403, sam=400, charlie=400, dora=403, olga=400),
        lambda cast: {
            "owner": f"city:{cast.harbour.pk}",
            "new_id": "pilot-harbour",
            "new_version": "1.0.0",
        },
    ),
    "remove a version": Target(
        "post",
        _harbour_version("frameworks:withdraw"),
        _row(alice=302, bob=403, bea=403, vera=403, sam=403),
    ),
    "import a framework file": Target(
        "get", lambda cast: reverse("frameworks:import"), FRAMEWORK_EDITORS
    ),
    "framework draft": Target("get", _framework_draft("frameworks:draft"), HARBOUR_DRAFT),
    "save a draft's id": Target(
        "post",
        _framework_draft("frameworks:identity"),
        HARBOUR_DRAFT_ACTION,
        lambda cast: {"base_version": "1", "new_id": "pilot-hc", "new_version": "1.0.0"},
    ),
    "save a draft's selection": Target(
        "post",
        _framework_draft("frameworks:selection"),
        HARBOUR_DRAFT_ACTION,
        lambda cast: (
            {"base_version": "1"}
            | {f"include-{key}": "on" for key in PILOT_IDS}
            | {f"weight-{key}": "1" for key in PILOT_IDS}
        ),
    ),
    "reword an indicator": Target(
        "get", _framework_draft("frameworks:reword", "G1"), HARBOUR_DRAFT
    ),
    "add a local indicator": Target("get", _framework_draft("frameworks:add_local"), HARBOUR_DRAFT),
    "edit a local indicator": Target(
        "get", _framework_draft("frameworks:edit_local", "HC-01"), HARBOUR_DRAFT
    ),
    "preview of a draft": Target(
        "get", _framework_draft("frameworks:draft_preview", "G1"), HARBOUR_DRAFT
    ),
    "diff of a draft": Target("get", _framework_draft("frameworks:draft_diff"), HARBOUR_DRAFT),
    "changes file": Target("get", _framework_draft("frameworks:changes"), HARBOUR_DRAFT),
    "publish a draft": Target(
        "post",
        _framework_draft("frameworks:publish"),
        HARBOUR_DRAFT_ACTION,
        lambda cast: {"base_version": "1"},
    ),
    "discard a draft": Target("post", _framework_draft("frameworks:discard"), HARBOUR_DRAFT_ACTION),
    # Notifications (tests/web/test_notifications.py): everyone signed in has their own list
    # and choices; a notification opens only for its recipient, and is "not found" for others.
    "notifications": Target("get", lambda cast: reverse("notifications:list"), EVERYONE),
    "mark notifications read": Target(
        "post", lambda cast: reverse("notifications:read"), _everyone(302)
    ),
    "open a notification": Target("get", _notification_url, _row(alice=302)),
    "notification settings": Target(
        "get", lambda cast: reverse("notifications:settings"), EVERYONE
    ),
    "save notification settings": Target(
        "post",
        lambda cast: reverse("notifications:settings"),
        _everyone(302),
        lambda cast: {"received": ["assignment"], "language": ""},
    ),
    # A person's API tokens (tests/web/test_api.py): everyone signed in has their own; another
    # person's token is not theirs to revoke (they are told so and sent back to their list).
    "api tokens": Target("get", lambda cast: reverse("api:tokens"), EVERYONE),
    "make an api token": Target(
        "post", lambda cast: reverse("api:tokens"), EVERYONE, lambda cast: {"name": "script"}
    ),
    "revoke an api token": Target("post", _alices_token_revoke_url, _everyone(302)),
    # Innovation screening (tests/web/test_screening.py): the coordinator manages; each panel
    # department's respondents score their own sheet; results go to whoever reads the city's.
    "screenings of a city": Target(
        "get",
        lambda cast: reverse("screening:city", args=["harbour"]),
        _row(alice=200, bob=200, bea=200, vera=200, sam=200),
    ),
    "start a screening": Target(
        "post",
        lambda cast: reverse("screening:city", args=["harbour"]),
        COORDINATOR_ONLY,
        lambda cast: {"title": "Heat ideas", "round": cast.round.pk, "method": "topsis"},
    ),
    "screening": Target("get", _screening("screening:detail"), RESULTS),
    "add a candidate": Target(
        "post",
        _screening("screening:solution_new"),
        COORDINATOR_ONLY,
        lambda cast: {"name": "Trees"},
    ),
    "remove a candidate": Target("post", _screening("screening:solution_remove"), COORDINATOR_ONLY),
    "screening panel": Target(
        "post",
        _screening("screening:panel"),
        COORDINATOR_ONLY,
        lambda cast: {"departments": [cast.environment.pk]},
    ),
    "screening sheet": Target(
        "get", _screening("screening:sheet", "environment"), SCREENING_SHEET_READERS
    ),
    "save a screening sheet": Target(
        "post",
        _screening("screening:sheet", "environment"),
        _row(alice=403, bob=302, bea=403, vera=403, sam=403),
    ),
    "screening export csv": Target(
        "get", _screening("screening:export", "csv", scored=True), RESULTS
    ),
    "screening export xlsx": Target(
        "get", _screening("screening:export", "xlsx", scored=True), RESULTS
    ),
    "send a screening to the planner": Target(
        "post", _screening("screening:planner", scored=True), COORDINATOR_ONLY, _first_candidate
    ),
    "screening criteria": Target(
        "get", lambda cast: reverse("screening:criteria", args=["east"]), SCREENING_CRITERIA
    ),
    "save screening criteria": Target(
        "post",
        lambda cast: reverse("screening:criteria", args=["east"]),
        _row(sam=302),
        _default_weights,
    ),
    "screening criteria file": Target(
        "get", lambda cast: reverse("screening:criteria_file", args=["east"]), SCREENING_CRITERIA
    ),
    # Staff only, and nobody of the cast is staff: everyone goes to the administrators' sign-in
    # (tests/web/test_admin.py tests the site itself).
    "administration": Target(
        "get",
        lambda cast: reverse("admin:index"),
        {person: 302 for person in PEOPLE},
        sign_in="admin:login",
    ),
}

CASES = [(view, person) for view in MATRIX for person in PEOPLE]


@pytest.mark.parametrize(("view", "person"), CASES, ids=[f"{v}-{p}" for v, p in CASES])
def test_permission_matrix(cast: Cast, client: Client, view: str, person: str) -> None:
    target = MATRIX[view]
    url = target.url(cast)
    if person != "anon":
        client.force_login(getattr(cast, person))

    response = getattr(client, target.method)(url, target.data(cast))
    response.close()  # a file download holds the file open until closed

    expected = target.expected[person]
    assert response.status_code == expected
    if person == "anon" and expected == 302:
        assert response["Location"].startswith(reverse(target.sign_in) + "?next=")


def test_every_url_of_the_application_is_in_the_matrix() -> None:
    from stocktake_web import urls

    names = {
        f"{ns}:{pattern.name}"
        for ns, module in (
            ("assessments", "assessments"),
            ("dashboards", "dashboards"),
            ("audit", "audit"),
            ("benchmarking", "benchmarking"),
            ("progress", "progress"),
            ("events", "events"),
            ("network", "network"),
            ("notifications", "notifications"),
            ("secretariat", "secretariat"),
            ("reviews", "reviews"),
            ("exchange", "exchange"),
            ("knowledge", "knowledge"),
            ("reports", "reports"),
            ("api", "api"),
            ("frameworks", "frameworks"),
            ("workshops", "workshops"),
            ("screening", "screening"),
        )
        for pattern in __import__(
            f"stocktake_web.{module}.urls", fromlist=["urlpatterns"]
        ).urlpatterns
        # the REST API under api/v1/ has its own matrix, in tests/web/test_api.py
        if isinstance(pattern, URLPattern)
    }
    covered = {
        "assessments:open_round",
        "assessments:round",
        "assessments:assign",
        "assessments:close",
        "assessments:reconcile",
        "assessments:sign_off",
        "assessments:withdraw_sign_off",
        "assessments:reopen_answering",
        "assessments:archive",
        "assessments:restore",
        "assessments:consent",
        "assessments:training",
        "assessments:department",
        "assessments:submit",
        "exchange:questionnaire",
        "exchange:questionnaire_page",
        "exchange:form_layout",
        "exchange:import_submissions",
        "knowledge:catalogue",
        "knowledge:policies",
        "knowledge:financing",
        "knowledge:manage",
        "knowledge:export",
        "knowledge:city",
        "knowledge:resource_file",
        "knowledge:attach_file",
        "knowledge:remove_file",
        "assessments:reopen",
        "assessments:answer",
        "assessments:answer_history",
        "assessments:evidence_file",
        "assessments:resolve",
        "dashboards:city",
        "dashboards:answers_csv",
        "dashboards:results_csv",
        "dashboards:results_xlsx",
        "reports:city_report",
        "workshops:round",
        "workshops:screen",
        "workshops:state",
        "workshops:move",
        "workshops:attendance",
        "workshops:score",
        "workshops:dissent",
        "workshops:withdraw_dissent",
        "workshops:resolve",
        "dashboards:network",
        "dashboards:cohort",
        "audit:log",
        "benchmarking:city",
        "benchmarking:city_export",
        "benchmarking:cohort",
        "benchmarking:cohort_export",
        "benchmarking:cohort_report",
        "progress:city",
        "progress:city_csv",
        "progress:city_xlsx",
        "progress:cohort",
        "events:list",
        "events:new",
        "events:detail",
        "events:edit",
        "events:material_new",
        "events:material_file",
        "events:material_remove",
        "events:year",
        "events:city",
        "network:context",
        "network:public",
        "notifications:list",
        "notifications:read",
        "notifications:open",
        "notifications:settings",
        "secretariat:cities",
        "secretariat:add_city",
        "secretariat:city",
        "secretariat:people",
        "secretariat:revoke",
        "secretariat:settings",
        "secretariat:import",
        "secretariat:import_template",
        "secretariat:import_template_sheet",
        "secretariat:invitations",
        "secretariat:accept",
        "reviews:request_revision",
        "reviews:settle",
        "reviews:comment",
        "api:tokens",
        "api:revoke",
        "frameworks:list",
        "frameworks:import",
        "frameworks:diff",
        "frameworks:version",
        "frameworks:export",
        "frameworks:version_preview",
        "frameworks:derive",
        "frameworks:withdraw",
        "frameworks:draft",
        "frameworks:identity",
        "frameworks:selection",
        "frameworks:reword",
        "frameworks:add_local",
        "frameworks:edit_local",
        "frameworks:draft_preview",
        "frameworks:draft_diff",
        "frameworks:changes",
        "frameworks:publish",
        "frameworks:discard",
        "screening:city",
        "screening:detail",
        "screening:solution_new",
        "screening:solution_remove",
        "screening:panel",
        "screening:sheet",
        "screening:export",
        "screening:planner",
        "screening:criteria",
        "screening:criteria_file",
    }
    assert names == covered
    # Outside these apps: the home page and the administration site (both in the matrix),
    # signing in and out and the language switch (open to everyone).
    # The apps' own pages (assessments, dashboards, background, audit, the network's pages of
    # benchmarking, rankings, peers, events, progress, and network) all sit at the root.
    assert [str(pattern.pattern) for pattern in urls.urlpatterns] == [
        "",
        "accounts/",
        "i18n/",
        "admin/",
        *[""] * 20,
    ]


def test_actions_refuse_a_get(cast: Cast, client: Client) -> None:
    client.force_login(cast.alice)

    response = client.get(reverse("assessments:sign_off", args=[cast.round.pk]))

    assert response.status_code == 405


# -- the predicates on their own -----------------------------------------------------------------


def test_the_coordinator_coordinates_only_her_own_citys_rounds(cast: Cast) -> None:
    assert permissions.is_round_coordinator(cast.alice, cast.round)
    assert not permissions.is_round_coordinator(cast.alice, cast.hill_round)
    assert not permissions.is_round_coordinator(cast.sam, cast.round)


def test_a_respondent_answers_only_for_the_assigned_department(cast: Cast) -> None:
    own, other = cast.answer("G1", cast.environment), cast.answer("G1", cast.planning)

    assert permissions.is_assigned_respondent(cast.bob, own)
    assert not permissions.is_assigned_respondent(cast.bob, other)
    assert not permissions.is_assigned_respondent(cast.alice, own)


def test_anyone_with_a_role_in_the_city_or_network_can_see_the_city(cast: Cast) -> None:
    seeing = {
        name for name in PEOPLE[1:] if permissions.can_view_city(getattr(cast, name), cast.harbour)
    }

    assert seeing == {"alice", "bob", "bea", "vera", "sam"}


def test_results_are_for_the_secretariat_coordinator_and_viewers(cast: Cast) -> None:
    seeing = {
        name
        for name in PEOPLE[1:]
        if permissions.can_view_results(getattr(cast, name), cast.harbour)
    }

    assert seeing == {"alice", "vera", "sam"}


def test_the_cohort_overview_is_for_its_networks_secretariat(cast: Cast) -> None:
    assert permissions.can_view_cohort(cast.sam, cast.cohort)
    assert not permissions.can_view_cohort(cast.olga, cast.cohort)
    assert not permissions.can_view_cohort(cast.alice, cast.cohort)


def test_roles_are_read_once_per_user_object(cast: Cast, django_assert_num_queries: Any) -> None:
    user = type(cast.alice).objects.get(pk=cast.alice.pk)

    with django_assert_num_queries(1):
        permissions.can_view_city(user, cast.harbour)
        permissions.is_city_coordinator(user, cast.harbour)
        permissions.can_view_results(user, cast.hillside)
