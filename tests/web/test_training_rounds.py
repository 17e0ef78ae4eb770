"""Training rounds: opened as such, labelled on every page and file of theirs, and nowhere else.

A training round (a workshop exercise, a simulation) runs like any round: departments answer,
the coordinator reconciles and signs off, the people who may see a round see it. It never counts
as the city's result: the network's pages and exports are checked against the same network
without it (the consent cohort of ``test_consent``), with training rounds whose answers are
extreme and whose cities chose the widest sharing, so that any leak would show.
"""

from __future__ import annotations

import datetime
import html
import io
import re
import zlib
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from stocktake_web.accounts.models import User
from stocktake_web.api.domain.tokens import issue_token
from stocktake_web.assessments.domain import (
    AnswerContent,
    RoundStateError,
    SecondRoundError,
    WorkflowError,
    archive_round,
    assign_indicators,
    open_round,
    save_answer,
    set_training,
    start_reconciliation,
    training_changeable,
)
from stocktake_web.assessments.domain.completion import latest_rounds
from stocktake_web.assessments.domain.consent import set_consent
from stocktake_web.assessments.models import Answer, Round
from stocktake_web.audit.models import AuditEvent
from stocktake_web.background.domain import start_job
from stocktake_web.background.interfaces.exports import COHORT_RESULTS_XLSX
from stocktake_web.background.models import Job
from stocktake_web.network.domain.consent import latest_signed_off, public_summary_rounds
from stocktake_web.notifications.models import Notification

from .conftest import Cast
from .test_background import result_bytes
from .test_background_kinds import run_queued_tasks
from .test_consent import (
    CITY_PAGES,
    SECRETARIAT_PAGES,
    SIGNED_OFF_AT,
    VIEWERS,
    ConsentCohort,
    NetworkPage,
    _seen_by,
    answer_round,
    build_consent_cohort,
    finish_round,
)

BANNER = "Training round — not counted in any network result"
EXTREME = {"G1": "4", "G2": "yes", "E1": "4", "E2": "adopted", "E3": "100"}
"""Every pilot indicator at its best: a training round answered so would top every comparison."""
REASON = "Run as the exercise of the spring workshop"


def _training_round(
    cast: Cast, *, city: Any = None, name: str = "Workshop exercise", by: User | None = None
) -> Round:
    """An open training round of ``city`` (Harbour City), its suggested indicators assigned."""
    opened = open_round(
        city=city or cast.harbour,
        framework=cast.framework,
        name=name,
        deadline=datetime.date.today() + datetime.timedelta(days=7),
        opened_by=by or cast.alice,
        training=True,
    )
    assign_indicators(round=opened, by=by or cast.alice)
    return opened


def _signed_off_training(
    cohort: ConsentCohort, slug: str, *, days: int = 30, consent: str = "public_summary"
) -> Round:
    """A training round of ``slug`` opened ``days`` after the cohort's rounds (so it is the
    city's latest), answered at the top of every scale and signed off, shared as widely as
    can be chosen."""
    cast = cohort.cast
    opened_at = SIGNED_OFF_AT + datetime.timedelta(days=days)
    opened = open_round(
        city=cohort.cities[slug],
        framework=cast.framework,
        name=f"Simulation {days}",
        deadline=opened_at.date() + datetime.timedelta(days=1),
        opened_by=cast.sam,
        opened_at=opened_at,
        training=True,
    )
    assign_indicators(round=opened, by=cast.sam)
    answer_round(opened, EXTREME, by=cast.sam)
    return finish_round(opened, consent=consent, by=cast.sam)


def _add_training_rounds(cohort: ConsentCohort) -> list[Round]:
    """Training rounds in the cohort: signed off and public for Harbour City (the viewer),
    Hillside (private otherwise), Ferrymoor (anonymous otherwise) and Quarrytown (outside the
    cohort); an open one, answered and overdue, for Lanternfall."""
    rounds = [_signed_off_training(cohort, slug) for slug in ("harbour", "hillside", "ferrymoor")]
    rounds.append(_signed_off_training(cohort, "quarrytown"))
    cast = cohort.cast
    pending = open_round(
        city=cohort.cities["lanternfall"],
        framework=cast.framework,
        name="Simulation in progress",
        deadline=datetime.date(2025, 3, 2),
        opened_by=cast.sam,
        opened_at=SIGNED_OFF_AT + datetime.timedelta(days=60),
        training=True,
    )
    assign_indicators(round=pending, by=cast.sam)
    answer_round(pending, EXTREME, by=cast.sam)
    set_consent(round=pending, consent="public_summary", by=cast.sam)
    return [*rounds, pending]


def _signed_in(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


# -- opening a training round ---------------------------------------------------------------------


def test_the_form_offers_a_training_round_and_says_what_it_means(
    cast: Cast, client: Client
) -> None:
    page = _signed_in(client, cast.alice).get(reverse("assessments:open_round", args=["harbour"]))

    text = html.unescape(page.content.decode())
    assert 'type="checkbox" name="training"' in text
    assert "Training round: a workshop exercise or a simulation" in text
    assert "it never counts as the city's result" in text
    assert 'aria-describedby="id_training_helptext"' in text


def test_a_coordinator_opens_a_training_round_beside_the_current_round_without_a_reason(
    cast: Cast, client: Client
) -> None:
    """The city runs its round "2025"; a training round is not a second current round."""
    form = {
        "framework": cast.framework.pk,
        "name": "Spring workshop exercise",
        "deadline": (datetime.date.today() + datetime.timedelta(days=3)).isoformat(),
        "assign_suggested": "on",
        "training": "on",
    }

    response = _signed_in(client, cast.alice).post(
        reverse("assessments:open_round", args=["harbour"]), form
    )

    opened = Round.objects.get(name="Spring workshop exercise")
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:round", args=[opened.pk])
    assert opened.is_training
    assert opened.assignments.exists()
    event = AuditEvent.objects.get(kind="round_opened", details__round_id=opened.pk)
    assert event.details["training"] is True
    assert event.details["reason"] == ""


def test_a_round_is_counted_unless_marked(cast: Cast) -> None:
    assert not cast.round.is_training
    assert set(Round.objects.counted()) == {cast.round, cast.hill_round}
    assert (
        "training"
        not in AuditEvent.objects.get(kind="round_opened", details__round_id=cast.round.pk).details
    )


def test_a_counted_round_beside_the_current_one_still_needs_a_reason(cast: Cast) -> None:
    with pytest.raises(SecondRoundError, match="already has a current round of this framework"):
        open_round(
            city=cast.harbour,
            framework=cast.framework,
            name="Another",
            deadline=datetime.date.today(),
            opened_by=cast.alice,
        )


def test_a_current_training_round_does_not_make_the_next_counted_round_need_a_reason(
    cast: Cast,
) -> None:
    archive_round(round=cast.hill_round, by=cast.charlie, reason="Opened by mistake")
    _training_round(cast, city=cast.hillside, by=cast.charlie)

    opened = open_round(
        city=cast.hillside,
        framework=cast.framework,
        name="2026",
        deadline=datetime.date.today(),
        opened_by=cast.charlie,
    )

    assert opened.is_counted
    assert AuditEvent.objects.get(kind="round_opened", details__round_id=opened.pk).details[
        "reason"
    ] == ("")


def test_two_training_rounds_may_run_side_by_side_under_different_names(cast: Cast) -> None:
    first = _training_round(cast, name="Morning group")
    second = _training_round(cast, name="Afternoon group")

    assert first.is_training and second.is_training
    with pytest.raises(WorkflowError, match="already has a round named"):
        _training_round(cast, name="Morning group")


def test_the_api_opens_and_describes_a_training_round(cast: Cast, client: Client) -> None:
    _token, secret = issue_token(user=cast.alice, name="workshop laptop")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    body = {
        "name": "API exercise",
        "framework": cast.framework.pk,
        "deadline": datetime.date.today().isoformat(),
        "training": True,
    }

    made = client.post(
        "/api/v1/cities/harbour/rounds", body, content_type="application/json", **headers
    )
    listed = client.get("/api/v1/rounds", **headers).json()
    results = client.get(f"/api/v1/rounds/{made.json()['id']}/results", **headers).json()

    assert made.status_code == 201, made.content
    assert made.json()["training"] is True
    assert {item["name"]: item["training"] for item in listed["items"]} == {
        "2025": False,
        "API exercise": True,
    }
    assert results["training"] is True


# -- changing the mark, audited, only before any answer -----------------------------------------


def test_the_mark_changes_before_any_answer_with_a_reason_kept_in_the_audit_log(
    cast: Cast,
) -> None:
    changed = set_training(round=cast.round, training=True, by=cast.alice, reason=REASON)
    again = set_training(round=cast.round, training=True, by=cast.alice, reason=REASON)

    event = AuditEvent.objects.get(kind="training_changed")
    assert (changed, again) == (True, False)
    assert Round.objects.get(pk=cast.round.pk).is_training
    assert event.actor == cast.alice
    assert event.details | {"at": None} == {
        "round_id": cast.round.pk,
        "round": "2025",
        "city": cast.harbour.name,
        "reason": REASON,
        "training": True,
        "at": None,
    }


def test_a_training_round_can_be_counted_again_before_any_answer(cast: Cast) -> None:
    exercise = _training_round(cast)

    set_training(round=exercise, training=False, by=cast.alice, reason="Not an exercise after all")

    assert not Round.objects.get(pk=exercise.pk).is_training
    assert AuditEvent.objects.get(kind="training_changed").details["training"] is False


def test_the_mark_needs_a_reason(cast: Cast) -> None:
    with pytest.raises(WorkflowError, match="Say why"):
        set_training(round=cast.round, training=True, by=cast.alice, reason="  ")

    assert not Round.objects.get(pk=cast.round.pk).is_training
    assert not AuditEvent.objects.filter(kind="training_changed").exists()


def test_the_mark_no_longer_changes_once_an_answer_is_saved(cast: Cast) -> None:
    save_answer(
        answer=cast.answer("E1"), user=cast.bob, base_version=0, content=AnswerContent(value="2")
    )

    with pytest.raises(RoundStateError, match="Answers have been saved in this round"):
        set_training(round=cast.round, training=True, by=cast.alice, reason=REASON)

    assert not training_changeable(cast.round)
    assert not Round.objects.get(pk=cast.round.pk).is_training


@pytest.mark.parametrize("step", ["reconciling", "signed_off", "archived"])
def test_the_mark_never_changes_once_answering_closed_or_the_round_is_archived(
    cast: Cast, step: str
) -> None:
    from stocktake_web.assessments.domain import sign_off

    exercise = _training_round(cast)
    if step == "archived":
        archive_round(round=exercise, by=cast.alice, reason="Workshop cancelled")
    else:
        start_reconciliation(round=exercise)
        if step == "signed_off":
            sign_off(round=exercise, by=cast.alice)

    with pytest.raises(RoundStateError):
        set_training(round=exercise, training=False, by=cast.alice, reason=REASON)

    assert not training_changeable(Round.objects.get(pk=exercise.pk))
    assert Round.objects.get(pk=exercise.pk).is_training


def test_the_round_page_offers_the_change_only_while_it_is_possible(
    cast: Cast, client: Client
) -> None:
    url = reverse("assessments:round", args=[cast.round.pk])
    _signed_in(client, cast.alice)
    before = client.get(url).content.decode()
    save_answer(
        answer=cast.answer("E1"), user=cast.bob, base_version=0, content=AnswerContent(value="2")
    )

    after = client.get(url).content.decode()

    assert reverse("assessments:training", args=[cast.round.pk]) in before
    assert "Mark as a training round" in before
    assert reverse("assessments:training", args=[cast.round.pk]) not in after


def test_the_coordinator_marks_the_round_from_its_page_and_its_history_says_so(
    cast: Cast, client: Client
) -> None:
    _signed_in(client, cast.alice)
    url = reverse("assessments:training", args=[cast.round.pk])

    response = client.post(url, {"training": "1", "reason": REASON}, follow=True)

    page = response.content.decode()
    assert Round.objects.get(pk=cast.round.pk).is_training
    assert "This is now a training round: it counts in no network result." in page
    assert BANNER in page
    assert "Training mark of a round changed" in page
    assert "A training round: not counted in any network result." in page
    assert REASON in page


@pytest.mark.parametrize(
    ("person", "status"),
    [("bob", 403), ("vera", 403), ("sam", 403), ("charlie", 404), ("olga", 404)],
)
def test_only_the_city_coordinator_changes_the_mark(
    cast: Cast, client: Client, person: str, status: int
) -> None:
    _signed_in(client, getattr(cast, person))

    response = client.post(
        reverse("assessments:training", args=[cast.round.pk]), {"training": "1", "reason": REASON}
    )

    assert response.status_code == status
    assert not Round.objects.get(pk=cast.round.pk).is_training


def test_the_network_audit_log_describes_the_change(cast: Cast, client: Client) -> None:
    set_training(round=cast.round, training=True, by=cast.alice, reason=REASON)

    page = _signed_in(client, cast.sam).get(reverse("audit:log", args=["east"]))

    text = " ".join(page.content.decode().split())
    assert "Harbour City, round “2025”: marked as a training round. Reason: " + REASON in text


# -- labelled on every page and file of the round ------------------------------------------------


@pytest.fixture
def exercise(cast: Cast) -> Round:
    """A training round of Harbour City, answered by both departments, answering closed."""
    opened = _training_round(cast)
    for indicator, department, user in (
        ("G1", cast.planning, cast.bea),
        ("G1", cast.environment, cast.bob),
        ("E1", cast.environment, cast.bob),
    ):
        answer = Answer.objects.get(
            assignment__round=opened,
            assignment__indicator=indicator,
            assignment__department=department,
        )
        value = "1" if department == cast.planning else "4"
        save_answer(answer=answer, user=user, base_version=0, content=AnswerContent(value=value))
    start_reconciliation(round=opened)
    return opened


def _round_addresses() -> Iterator[tuple[str, list[str]]]:
    """Every address of the site (outside the API, which labels rounds in its data) that takes
    a round or an answer: its name, and the names of what it takes."""

    def walk(
        patterns: list[URLPattern | URLResolver], namespace: str
    ) -> Iterator[tuple[str, list[str]]]:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                if not inner.startswith("api"):
                    yield from walk(entry.url_patterns, inner)
            elif entry.name:
                names = list(entry.pattern.converters)  # type: ignore[attr-defined]
                if {"round_id", "answer_id"} & set(names):
                    yield f"{namespace}{entry.name}", names

    yield from walk(get_resolver().url_patterns, "")


def _filled(names: list[str], exercise: Round, kind: str) -> dict[str, object]:
    answer = Answer.objects.filter(assignment__round=exercise).order_by("pk").first()
    assert answer is not None
    values: dict[str, object] = {
        "round_id": exercise.pk,
        "answer_id": answer.pk,
        "department": "environment",
        "indicator": "G1",
        "kind": kind,
    }
    return {name: values[name] for name in names}


FILE_KINDS = ("html", "pdf", "csv", "xlsx", "round-answers-csv")


def test_every_page_of_a_training_round_carries_the_banner_and_every_file_its_name(
    cast: Cast, exercise: Round, client: Client
) -> None:
    """Each address that takes the round (or one of its answers) is opened as the city's
    coordinator: a page must show the banner, a download must say "training" in its name. An
    address that only takes a form (a POST) is left out; a new page is checked as it appears."""
    _signed_in(client, cast.alice)
    seen: dict[str, int] = {}
    for name, params in _round_addresses():
        for kind in FILE_KINDS if "kind" in params else ("",):
            response = client.get(reverse(name, kwargs=_filled(params, exercise, kind)))
            seen[f"{name} {kind}".strip()] = response.status_code
            if response.status_code != 200:
                continue
            disposition = response.get("Content-Disposition", "")
            if disposition:
                assert "-training" in disposition, (name, kind, disposition)
            else:
                assert BANNER in response.content.decode(), (name, kind)
    shown = {address for address, status in seen.items() if status == 200}
    assert {
        "assessments:round",
        "assessments:department",
        "assessments:answer",
        "assessments:answer_history",
        "dashboards:answers_csv",
        "dashboards:results_csv",
        "dashboards:results_xlsx",
        "reports:city_report html",
        "reports:city_report pdf",
        "exchange:questionnaire_page",
        "exchange:questionnaire",
        "exchange:import_submissions",
        "exchange:form_layout csv",
        "exchange:form_layout xlsx",
    } <= shown, seen


@pytest.mark.parametrize(
    ("step", "url_name"),
    [("close", "assessments:close"), ("sign off", "assessments:sign_off")],
)
def test_the_confirmation_of_a_step_carries_the_banner(
    cast: Cast, client: Client, step: str, url_name: str
) -> None:
    exercise = _training_round(cast)
    if step == "sign off":
        start_reconciliation(round=exercise)

    page = _signed_in(client, cast.alice).post(reverse(url_name, args=[exercise.pk]))

    assert page.status_code == 200
    assert BANNER in page.content.decode()


def test_the_dashboard_of_the_training_round_carries_the_banner_and_the_picker_names_it(
    cast: Cast, exercise: Round, client: Client
) -> None:
    url = reverse("dashboards:city", args=["harbour"])
    _signed_in(client, cast.alice)

    chosen = client.get(url, {"round": exercise.pk}).content.decode()
    default = client.get(url).content.decode()

    assert BANNER in chosen
    assert re.search(r"Workshop exercise · [^<]* · Training</option>", chosen)
    # The city's current round is its counted one, though the exercise is newer.
    assert BANNER not in default
    assert f'<option value="{cast.round.pk}" selected>' in default


def test_a_city_with_only_a_training_round_sees_it_on_its_dashboard(
    cast: Cast, client: Client
) -> None:
    archive_round(round=cast.round, by=cast.alice, reason="Opened by mistake")
    _training_round(cast)

    page = _signed_in(client, cast.alice).get(reverse("dashboards:city", args=["harbour"]))

    assert BANNER in page.content.decode()


def test_a_counted_round_carries_no_training_label(cast: Cast, client: Client) -> None:
    _signed_in(client, cast.alice)
    pages = [
        reverse("assessments:round", args=[cast.round.pk]),
        reverse("dashboards:city", args=["harbour"]),
        reverse("reports:city_report", args=[cast.round.pk, "html"]),
    ]

    for url in pages:
        assert "training-banner" not in client.get(url).content.decode(), url
    assert "-training" not in client.get(
        reverse("dashboards:answers_csv", args=[cast.round.pk])
    ).get("Content-Disposition", "")


def test_the_report_title_and_the_workbook_properties_say_training(
    cast: Cast, exercise: Round, client: Client
) -> None:
    _signed_in(client, cast.alice)

    report = client.get(reverse("reports:city_report", args=[exercise.pk, "html"]))
    workbook = client.get(reverse("dashboards:results_xlsx", args=[exercise.pk]))
    counted = client.get(reverse("dashboards:results_xlsx", args=[cast.round.pk]))

    title = re.search(r"<title>(.*?)</title>", report.content.decode(), re.S)
    assert title is not None
    assert title.group(1) == (
        "Training report, not counted in any network result: Harbour City, Workshop exercise"
    )
    properties = load_workbook(io.BytesIO(workbook.content)).properties
    assert properties.title == (
        "Training round, not counted in any network result: Harbour City, Workshop exercise"
    )
    assert load_workbook(io.BytesIO(counted.content)).properties.title == "Harbour City, 2025"


def test_the_pdf_report_says_training_in_its_title(
    cast: Cast, exercise: Round, client: Client
) -> None:
    """WeasyPrint takes the document's title from the page's ``<title>``."""
    pdf = _signed_in(client, cast.alice).get(
        reverse("reports:city_report", args=[exercise.pk, "pdf"])
    )

    assert pdf.content.startswith(b"%PDF-")
    assert "-training-report.pdf" in pdf["Content-Disposition"]
    assert _pdf_title(pdf.content).startswith("Training report, not counted")


def _pdf_title(content: bytes) -> str:
    """The /Title of the PDF's information dictionary (not an outline entry's, which names its
    destination). WeasyPrint keeps it in a compressed object stream, as a literal string, or as
    UTF-16 with its byte-order mark in a hexadecimal one when it is not plain ASCII."""
    inflated = [content]
    for start in re.finditer(rb"stream\r?\n", content):
        try:
            inflated.append(zlib.decompressobj().decompress(content[start.end() :]))
        except zlib.error:
            continue
    entry = rb"/Title\s*(?:<(?P<hex>[0-9a-fA-F]+)>|\((?P<text>(?:[^()\\]|\\.)*)\))(?!\s*/Dest)"
    found = re.search(entry, b"".join(inflated))
    assert found is not None
    if found["hex"]:
        return bytes.fromhex(found["hex"].decode()).decode("utf-16")
    return re.sub(rb"\\(.)", rb"\1", found["text"]).decode("latin-1")


def test_the_background_export_of_the_round_is_named_training(cast: Cast, exercise: Round) -> None:
    from stocktake_web.background.interfaces.exports import ROUND_ANSWERS_CSV

    job = start_job(kind=ROUND_ANSWERS_CSV, started_by=cast.alice, round=exercise)

    run_queued_tasks()

    job.refresh_from_db()
    assert job.result_name == f"harbour-round-{exercise.pk}-training-answers.csv"


def test_lists_of_rounds_mark_the_training_round(
    cast: Cast, exercise: Round, client: Client
) -> None:
    reopened = _training_round(cast, name="Second exercise")
    badge = '<span class="badge training">Training</span>'

    coordinator = _signed_in(client, cast.alice).get("/").content.decode()
    respondent = _signed_in(client, cast.bob).get("/").content.decode()

    assert f"{reopened.name}</a>\n        {badge}" in coordinator
    assert f"{exercise.name}</a>\n        {badge}" in coordinator
    assert f"{reopened.name}</a> {badge}" in respondent
    assert f">{cast.round.name}</a>\n          <span" in coordinator  # its current round


@pytest.mark.parametrize("lang", ["zh-hant", "ja", "ko"])
def test_the_banner_speaks_every_interface_language(
    cast: Cast, exercise: Round, client: Client, lang: str
) -> None:
    page = _signed_in(client, cast.alice).get(
        reverse("assessments:round", args=[exercise.pk]), HTTP_ACCEPT_LANGUAGE=lang
    )

    with translation.override(lang):
        banner = translation.gettext(BANNER)
    assert banner != BANNER
    assert banner in page.content.decode()


# -- the same permissions as any round ------------------------------------------------------------

PEOPLE = ("alice", "bob", "bea", "vera", "sam", "charlie", "dora", "olga")


def _statuses(client: Client, cast: Cast, round: Round) -> dict[tuple[str, str], int]:
    answer = Answer.objects.filter(
        assignment__round=round, assignment__department=cast.environment, assignment__indicator="E1"
    ).get()
    pages = {
        "round": reverse("assessments:round", args=[round.pk]),
        "department": reverse("assessments:department", args=[round.pk, "environment"]),
        "answer": reverse("assessments:answer", args=[answer.pk]),
        "dashboard": reverse("dashboards:city", args=["harbour"]) + f"?round={round.pk}",
        "report": reverse("reports:city_report", args=[round.pk, "html"]),
        "answers": reverse("dashboards:answers_csv", args=[round.pk]),
    }
    found = {}
    for person in PEOPLE:
        _signed_in(client, getattr(cast, person))
        for page, url in pages.items():
            found[(person, page)] = client.get(url).status_code
    return found


def test_who_may_open_a_training_round_is_who_may_open_any_round(
    cast: Cast, client: Client
) -> None:
    counted = _statuses(client, cast, cast.round)
    exercise = _training_round(cast)

    assert _statuses(client, cast, exercise) == counted
    assert counted[("alice", "round")] == 200
    assert counted[("charlie", "round")] == 404


# -- nowhere but its own pages -------------------------------------------------------------------


@pytest.fixture
def consent_cohort(cast: Cast) -> ConsentCohort:
    return build_consent_cohort(cast)


def _every_page(cohort: ConsentCohort, client: Client) -> dict[str, str]:
    """Every network page and export of ``test_consent``'s matrix, as each person sees it.

    Notifications are marked read first: the header counts the unread ones, which opening and
    answering a round adds to, and that count is no result of the network's.
    """
    cast = cohort.cast
    Notification.objects.filter(read_at__isnull=True).update(read_at=timezone.now())
    seen: dict[str, str] = {}
    for name, page in CITY_PAGES.items():
        for person in page.viewers:
            cohort.viewer = VIEWERS[person]
            seen[f"{name} ({person})"] = _seen_by(client, getattr(cast, person), page, cohort)
    cohort.viewer = "harbour"
    for name, page in SECRETARIAT_PAGES.items():
        seen[name] = _seen_by(client, cast.sam, page, cohort)
    for name, page in EVERYWHERE_ELSE.items():
        seen[name] = _seen_by(client, cast.sam, page, cohort)
    return seen


EVERYWHERE_ELSE: dict[str, NetworkPage] = {
    "cohort overview": NetworkPage(
        lambda cohort: reverse("dashboards:cohort", args=["east", cohort.cast.cohort.pk])
    ),
    "network": NetworkPage(lambda cohort: reverse("dashboards:network", args=["east"])),
    "harbour's key areas and what helps": NetworkPage(
        lambda cohort: reverse("knowledge:city", args=["harbour"])
    ),
    "harbour's progress": NetworkPage(lambda cohort: reverse("progress:city", args=["harbour"])),
}
"""Pages outside the consent matrix that read the network's rounds, opened by the secretariat."""


def test_training_rounds_change_no_page_or_export_of_the_network(
    consent_cohort: ConsentCohort, client: Client
) -> None:
    """Cohort statistics, benchmarking and its exports, the cohort index, peers and workshop
    planning, progress and events, the public summary, the secretariat's overview: each is
    the same with the training rounds as without them."""
    before = _every_page(consent_cohort, client)

    _add_training_rounds(consent_cohort)
    after = _every_page(consent_cohort, client)

    for name in before:
        assert after[name] == before[name], name
    for text in after.values():
        assert "Simulation" not in text


def test_the_check_is_not_vacuous_a_counted_round_so_answered_changes_the_pages(
    consent_cohort: ConsentCohort, client: Client
) -> None:
    before = _every_page(consent_cohort, client)
    added = _add_training_rounds(consent_cohort)

    Round.objects.filter(pk__in=[round.pk for round in added]).update(is_training=False)
    cache.clear()
    after = _every_page(consent_cohort, client)

    changed = {name for name in before if after[name] != before[name]}
    assert {
        "benchmark (alice)",
        "benchmark csv (alice)",
        "cohort index (alice)",
        "public summary (alice)",
        "cohort benchmark",
        "cohort benchmark heatmap csv",
        "cohort index",
        "cohort overview",
    } <= changed


def test_no_training_round_is_any_city_s_latest_or_published(
    consent_cohort: ConsentCohort,
) -> None:
    added = _add_training_rounds(consent_cohort)
    cities = list(consent_cohort.cities.values())

    latest = latest_signed_off(cities, "pilot")
    overview = latest_rounds(cities)

    assert not {round.pk for round in latest.values()} & {round.pk for round in added}
    assert not {round.pk for round in overview.values()} & {round.pk for round in added}
    assert not set(public_summary_rounds(consent_cohort.cast.network)) & set(added)


def test_the_cohort_workbook_holds_no_training_round(consent_cohort: ConsentCohort) -> None:
    cast = consent_cohort.cast

    def workbook() -> str:
        job = start_job(kind=COHORT_RESULTS_XLSX, started_by=cast.sam, cohort=cast.cohort)
        run_queued_tasks()
        job.refresh_from_db()
        assert job.status == Job.Status.DONE
        book = load_workbook(io.BytesIO(result_bytes(job)), read_only=True)
        try:
            return repr([list(sheet.iter_rows(values_only=True)) for sheet in book])
        finally:
            book.close()

    before = workbook()
    Job.objects.all().delete()
    _add_training_rounds(consent_cohort)

    assert workbook() == before


def test_progress_never_compares_a_training_round(
    consent_cohort: ConsentCohort, client: Client
) -> None:
    exercise = _signed_off_training(consent_cohort, "harbour")
    url = reverse("progress:city", args=["harbour"])
    _signed_in(client, consent_cohort.cast.alice)

    page = client.get(url, {"after": exercise.pk}).content.decode()
    export = client.get(reverse("progress:city_csv", args=["harbour"]), {"after": exercise.pk})

    text = " ".join(page.split())
    assert "is a training round: progress compares rounds that count" in text
    assert f'<option value="{exercise.pk}"' not in page
    assert export.status_code == 400
