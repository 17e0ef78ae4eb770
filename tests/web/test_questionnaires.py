"""Offline questionnaires in the web application: a department's workbook, blank or filled."""

from __future__ import annotations

import io
import re
import zipfile
from io import BytesIO
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from stocktake_web.assessments.domain import AnswerContent, save_answer
from stocktake_web.assessments.models import Answer
from stocktake_web.exchange.domain.imports import import_questionnaire

from .conftest import Cast


def _download(client: Client, cast: Cast, department: str = "environment", **query: str) -> Any:
    url = reverse("exchange:questionnaire", args=[cast.round.pk, department])
    return client.get(url, query)


def _sheets(response: Any) -> dict[str, list[tuple[Any, ...]]]:
    workbook = load_workbook(BytesIO(response.content))
    return {name: list(workbook[name].iter_rows(values_only=True)) for name in workbook.sheetnames}


def test_coordinator_downloads_the_department_assigned_indicators_blank(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.alice)

    response = _download(client, cast)

    assert response.status_code == 200
    assert "questionnaire.xlsx" in response["Content-Disposition"]
    sheets = _sheets(response)
    assigned = sorted(
        cast.round.assignments.filter(department=cast.environment).values_list(
            "indicator", flat=True
        )
    )
    assert sorted(row[0] for row in sheets["answers"][1:]) == assigned
    assert all(row[2] is None for row in sheets["answers"][1:])
    assert {row[3:5] for row in sheets["stocktake"][1:]} == {(cast.round.pk, "environment")}


def test_filled_download_carries_the_answers_and_their_versions(cast: Cast) -> None:
    answer = cast.answer("E1")
    save_answer(
        answer=answer,
        user=cast.bob,
        base_version=0,
        content=AnswerContent(value="2", evidence="=cmd|' /C calc'!A0"),
    )
    client = Client()
    client.force_login(cast.bob)

    sheets = _sheets(_download(client, cast, filled="1"))

    row = next(row for row in sheets["answers"] if row[0] == "E1")
    assert row[2] == 2
    assert row[6] == "'=cmd|' /C calc'!A0"
    versions = {row[0]: row[1:3] for row in sheets["stocktake"][1:]}
    assert versions["E1"] == (answer.pk, 1)


def test_questionnaire_follows_the_interface_language(cast: Cast) -> None:
    client = Client(headers={"accept-language": "zh-hant"})
    client.force_login(cast.alice)
    client.cookies["django_language"] = "zh-hant"

    sheets = _sheets(_download(client, cast))

    assert {row[6] for row in sheets["stocktake"][1:]} == {"zh-Hant"}


def test_respondent_of_another_department_is_refused(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.bea)

    assert _download(client, cast).status_code == 403
    assert _download(client, cast, "planning").status_code == 200


def test_unknown_department_is_not_found(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.alice)

    assert _download(client, cast, "harbour-master").status_code == 404


# -- handing it back -------------------------------------------------------------------------

COLUMNS = {"value": "C", "confidence": "D", "importance": "E", "evidence": "G", "link": "H"}


def _filled_file(client: Client, cast: Cast, edits: dict[str, dict[str, Any]]) -> bytes:
    """The department's questionnaire as downloaded, with ``edits`` typed into its rows."""
    workbook = load_workbook(BytesIO(_download(client, cast, filled="1").content))
    sheet = workbook["answers"]
    rows = {sheet.cell(row, 1).value: row for row in range(2, sheet.max_row + 1)}
    for indicator, cells in edits.items():
        for column, value in cells.items():
            sheet[f"{COLUMNS[column]}{rows[indicator]}"] = value
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def _upload(client: Client, cast: Cast, content: bytes, name: str = "q.xlsx") -> Any:
    url = reverse("exchange:questionnaire_page", args=[cast.round.pk, "environment"])
    return client.post(url, {"questionnaire": SimpleUploadedFile(name, content)})


def _signed_in(person: Any) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_filled_questionnaire_saves_every_row_as_a_new_version(cast: Cast) -> None:
    client = _signed_in(cast.bob)
    content = _filled_file(
        client, cast, {"E1": {"value": 3, "confidence": "high"}, "E2": {"value": "draft"}}
    )

    response = _upload(client, cast, content)

    assert response.status_code == 302
    e1, e2 = cast.answer("E1"), cast.answer("E2")
    assert (e1.value, e1.confidence, e1.version) == ("3", "high", 1)
    assert (e2.value, e2.version) == ("draft", 1)


def test_an_error_on_the_last_row_saves_nothing_and_names_sheet_row_and_column(
    cast: Cast,
) -> None:
    client = _signed_in(cast.bob)
    content = _filled_file(client, cast, {"E1": {"value": 3}, "E2": {"value": "lots"}})

    response = _upload(client, cast, content)

    assert response.status_code == 400
    problems = response.context["outcome"].problems
    assert len(problems) == 1 and "row 4" in problems[0] and "“value”" in problems[0]
    assert cast.answer("E1").version == 0


def test_the_same_file_twice_changes_nothing_the_second_time(cast: Cast) -> None:
    client = _signed_in(cast.bob)
    content = _filled_file(client, cast, {"E1": {"value": 2, "evidence": "Inventory 2024"}})

    _upload(client, cast, content)
    _upload(client, cast, content)

    answer = cast.answer("E1")
    assert (answer.value, answer.version, answer.revisions.count()) == ("2", 1, 2)
    assert not answer.conflicts.exists()


def test_a_row_changed_on_the_web_since_the_download_becomes_a_conflict(cast: Cast) -> None:
    client = _signed_in(cast.bob)
    content = _filled_file(client, cast, {"E1": {"value": 1}})
    save_answer(
        answer=cast.answer("E1"), user=cast.bob, base_version=0, content=AnswerContent(value="4")
    )

    _upload(client, cast, content)

    answer = cast.answer("E1")
    assert (answer.value, answer.version) == ("4", 1)
    assert answer.conflicts.get().proposed["value"] == "1"


def test_another_department_file_is_refused(cast: Cast) -> None:
    planning = _signed_in(cast.bea)
    url = reverse("exchange:questionnaire", args=[cast.round.pk, "planning"])
    content = planning.get(url).content

    response = _upload(_signed_in(cast.alice), cast, content)

    assert response.status_code == 400
    assert "department" in response.context["outcome"].problems[0]
    assert not cast.answer("E1").revisions.exists()


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"indicator,value\nE1,3\n", "q.csv"),
        (b"not a workbook at all", "q.xlsx"),
        (b"", "q.xlsx"),
    ],
)
def test_files_that_are_not_questionnaires_get_a_sentence(
    cast: Cast, content: bytes, name: str
) -> None:
    response = _upload(_signed_in(cast.bob), cast, content, name)

    assert response.status_code == 400
    assert response.context["outcome"].problems
    assert cast.answer("E1").version == 0


def test_formula_and_endless_number_cells_are_refused(cast: Cast) -> None:
    client = _signed_in(cast.bob)
    formula = _filled_file(client, cast, {"E1": {"value": "=1+2"}})
    endless = _filled_file(client, cast, {"E1": {"value": "9" * 5000}})

    refused = [_upload(client, cast, content) for content in (formula, endless)]

    assert [response.status_code for response in refused] == [400, 400]
    assert "formula" in refused[0].context["outcome"].problems[0]

    assert cast.answer("E1").version == 0


def _hidden_sheet_changed(client: Client, cast: Cast, cell: str, value: Any) -> bytes:
    workbook = load_workbook(BytesIO(_download(client, cast, filled="1").content))
    workbook["stocktake"][cell] = value
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_a_problem_of_the_hidden_sheet_is_placed_on_that_sheet(cast: Cast) -> None:
    client = _signed_in(cast.bob)
    stray = _hidden_sheet_changed(client, cast, "AN3", "stray")

    response = _upload(client, cast, stray)

    assert response.status_code == 400
    [problem] = response.context["outcome"].problems
    assert problem.startswith("Sheet “stocktake”, row 3, column “AN”")


def test_a_changed_hidden_sheet_is_told_in_the_readers_language(cast: Cast) -> None:
    client = _signed_in(cast.bob)
    changed = _hidden_sheet_changed(client, cast, "A1", "changed")
    client.post(reverse("set_language"), {"language": "ja"})

    response = _upload(client, cast, changed)

    assert response.status_code == 400
    assert response.context["outcome"].problems == [
        "非表示のシートが変更されています。アンケートを改めてダウンロードしてください。"
    ]


def test_a_formula_saved_with_its_value_is_read_as_that_value(cast: Cast) -> None:
    """A spreadsheet program keeps a formula's value beside it; the questionnaire reads the
    value, as every other import does (only a formula never calculated is refused)."""
    client = _signed_in(cast.bob)
    written = _filled_file(client, cast, {"E1": {"value": "=1+2"}})
    saved = _with_formula_values(written, {"1+2": "3"})

    response = _upload(client, cast, saved)

    assert response.status_code in (200, 302), response.context["outcome"].problems
    assert cast.answer("E1").value == "3"


def _with_formula_values(workbook: bytes, values: dict[str, str]) -> bytes:
    """The workbook as a spreadsheet program saves it: each formula followed by its value
    (openpyxl writes ``<f>1+2</f><v />``, a formula never calculated)."""
    source, target = io.BytesIO(workbook), io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                for formula, value in values.items():
                    empty = re.compile(rb"<f>" + re.escape(formula.encode()) + rb"</f><v\s*/>")
                    data = empty.sub(f"<f>{formula}</f><v>{value}</v>".encode(), data)
            new.writestr(item, data)
    return target.getvalue()


def test_a_huge_file_is_refused_before_reading(cast: Cast) -> None:
    response = _upload(_signed_in(cast.bob), cast, b"PK" + b"0" * (3 * 1024 * 1024))

    assert "larger than a questionnaire" in response.context["outcome"].problems[0]


CELLS = st.one_of(
    st.none(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=60),
    st.sampled_from(["=1+2", "+cmd", "yes", "draft", "3", "high", "training;x", "https://e.org"]),
)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cells=st.lists(st.tuples(st.integers(2, 4), st.integers(1, 12), CELLS), max_size=8))
def test_no_workbook_of_random_cells_breaks_the_import_or_saves_part_of_it(
    cast: Cast, cells: list[tuple[int, int, Any]]
) -> None:
    with transaction.atomic():
        client = _signed_in(cast.bob)
        workbook = load_workbook(BytesIO(_download(client, cast, filled="1").content))
        for row, column, value in cells:
            workbook["answers"].cell(row, column, value)
        out = BytesIO()
        workbook.save(out)
        before = _versions(cast)

        outcome = import_questionnaire(
            round=cast.round,
            department=cast.environment,
            user=cast.bob,
            upload=SimpleUploadedFile("q.xlsx", out.getvalue()),
        )

        after = _versions(cast)
        if outcome.problems:
            assert after == before
        else:
            assert sum(after.values()) - sum(before.values()) == outcome.saved
        transaction.set_rollback(True)


def _versions(cast: Cast) -> dict[int, int]:
    rows = Answer.objects.filter(assignment__round=cast.round)
    return dict(rows.values_list("pk", "version"))


# -- answers in the KoboToolbox / ODK layout ---------------------------------------------------


def test_answers_by_department_have_a_column_per_question_in_csv_and_xlsx(cast: Cast) -> None:
    save_answer(
        answer=cast.answer("E1"), user=cast.bob, base_version=0, content=AnswerContent(value="2")
    )
    client = _signed_in(cast.alice)
    url = reverse("exchange:form_layout", args=[cast.round.pk, "xlsx"])

    rows = _sheets(client.get(url))["answers"]
    labelled = _sheets(client.get(url, {"labels": "1"}))["answers"]
    text = client.get(reverse("exchange:form_layout", args=[cast.round.pk, "csv"]))

    column = rows[0].index("E1")
    environment = next(row for row in rows if row[1] == "environment")
    assert environment[column] == 2
    assert next(row for row in labelled if row[1] == "environment")[column] == "Planned"
    assert text.content.decode("utf-8-sig").splitlines()[0].startswith("city,department,")


def test_answers_by_department_in_another_format_are_not_found(cast: Cast) -> None:
    client = _signed_in(cast.alice)
    url = reverse("exchange:form_layout", args=[cast.round.pk, "pdf"])

    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("kind", "query", "recorded"),
    [
        ("csv", {}, "answers-by-department-codes.csv"),
        ("xlsx", {"labels": "1"}, "answers-by-department-labels.xlsx"),
    ],
)
def test_answers_by_department_are_recorded_as_an_export(
    cast: Cast, kind: str, query: dict[str, str], recorded: str
) -> None:
    from stocktake_web.audit.models import AuditEvent

    client = _signed_in(cast.alice)
    response = client.get(reverse("exchange:form_layout", args=[cast.round.pk, kind]), query)

    assert response.status_code == 200
    (event,) = AuditEvent.objects.filter(kind=AuditEvent.Kind.EXPORT_DOWNLOADED)
    assert (event.actor, event.details["export"]) == (cast.alice, recorded)
    assert event.details["round_id"] == cast.round.pk


def test_a_refused_answers_by_department_export_records_nothing(cast: Cast) -> None:
    from stocktake_web.audit.models import AuditEvent

    client = _signed_in(cast.bob)  # a respondent may not read the round's results
    response = client.get(reverse("exchange:form_layout", args=[cast.round.pk, "csv"]))

    assert response.status_code == 403
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.EXPORT_DOWNLOADED).exists()


def test_the_round_dashboard_links_the_four_answers_by_department_exports(cast: Cast) -> None:
    client = _signed_in(cast.alice)

    page = client.get(reverse("dashboards:city", args=["harbour"])).content.decode()

    base = reverse("exchange:form_layout", args=[cast.round.pk, "csv"])
    assert f'href="{base}"' in page
    assert f'href="{base}?labels=1"' in page
    assert (
        'href="{}?labels=1"'.format(reverse("exchange:form_layout", args=[cast.round.pk, "xlsx"]))
        in page
    )
