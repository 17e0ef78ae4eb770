"""The API's files: the report, the XLSForm, the answers by department, the questionnaire, and
the two uploads, with the pages' permissions and their all-or-nothing imports."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook
from pyxform import xls2xform  # type: ignore[import-untyped]

from stocktake_web.api.domain.tokens import issue_token
from stocktake_web.assessments.domain import AnswerContent, save_answer
from stocktake_web.assessments.models import AnswerRevision
from stocktake_web.audit.models import AuditEvent
from stocktake_web.exchange.models import ImportedSubmission

from .conftest import Cast
from .test_reports import _signed_off

API = "/api/v1"
EXPORT = """\
start,gov/G1,gov/G1_evidence,gov/G1_confidence,env/E1,env/E2,_uuid,_submission_time
2025-03-01,3,Council minutes,high,2,,s-1,2025-03-01T10:00:00+00:00
"""


def _client(cast: Cast, person: str, **headers: str) -> Client:
    _, token = issue_token(user=getattr(cast, person), name="files")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}", **headers)


def _sheet(content: bytes, name: str) -> list[tuple[Any, ...]]:
    return list(load_workbook(BytesIO(content))[name].iter_rows(values_only=True))


# -- the report -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [("alice", 200), ("vera", 200), ("sam", 200), ("bob", 403), ("charlie", 404), ("olga", 404)],
)
def test_the_report_is_for_whoever_may_read_the_results(cast: Cast, who: str, status: int) -> None:
    response = _client(cast, who).get(f"{API}/rounds/{cast.round.pk}/report.html")

    assert response.status_code == status
    if status == 200:
        assert "Harbour City" in response.content.decode()
    else:
        assert response["Content-Type"].startswith("application/json")


def test_the_pdf_report_speaks_the_language_asked_for_and_is_recorded(cast: Cast) -> None:
    _signed_off(cast)
    client = _client(cast, "alice", HTTP_ACCEPT_LANGUAGE="zh-hant")

    response = client.get(f"{API}/rounds/{cast.round.pk}/report.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert 'filename="' in response["Content-Disposition"]
    (event,) = AuditEvent.objects.filter(kind=AuditEvent.Kind.EXPORT_DOWNLOADED)
    assert (event.actor, event.details["export"]) == (cast.alice, "report.pdf")


def test_a_round_that_does_not_exist_is_not_found(cast: Cast) -> None:
    client = _client(cast, "alice")

    assert client.get(f"{API}/rounds/999999/report.pdf").status_code == 404
    assert client.get(f"{API}/rounds/{2**40}/report.pdf").status_code == 404


# -- the XLSForm ----------------------------------------------------------------------------------


def test_the_xlsform_of_a_framework_converts_with_pyxform(cast: Cast, tmp_path: Any) -> None:
    response = _client(cast, "bob").get(f"{API}/frameworks/{cast.framework.pk}/xlsform.xlsx")

    assert response.status_code == 200
    form = tmp_path / "form.xlsx"
    form.write_bytes(response.content)
    xml = xls2xform.convert(xlsform=str(form)).xform
    assert "G1" in xml
    names = [row[1] for row in _sheet(response.content, "survey")[1:]]
    assert "G1" in names


def test_the_xlsform_of_an_unknown_version_is_not_found(cast: Cast) -> None:
    assert _client(cast, "bob").get(f"{API}/frameworks/0/xlsform.xlsx").status_code == 404


# -- answers by department ------------------------------------------------------------------------


def test_answers_by_department_as_codes_or_labels(cast: Cast) -> None:
    save_answer(
        answer=cast.answer("E1"), user=cast.bob, base_version=0, content=AnswerContent(value="2")
    )
    client = _client(cast, "alice")
    url = f"{API}/rounds/{cast.round.pk}/answers-by-department"

    codes = _sheet(client.get(f"{url}.xlsx").content, "answers")
    labels = _sheet(client.get(f"{url}.xlsx", {"labels": "true"}).content, "answers")
    text = client.get(f"{url}.csv")

    column = codes[0].index("E1")
    assert next(row for row in codes if row[1] == "environment")[column] == 2
    assert next(row for row in labels if row[1] == "environment")[column] == "Planned"
    assert text.content.decode("utf-8-sig").startswith("city,department,")
    assert client.get(f"{url}.pdf").status_code == 404
    assert _client(cast, "bob").get(f"{url}.csv").status_code == 403
    assert _client(cast, "charlie").get(f"{url}.csv").status_code == 404


# -- the questionnaire, out and back --------------------------------------------------------------


def _questionnaire(client: Client, cast: Cast, **query: str) -> bytes:
    url = f"{API}/rounds/{cast.round.pk}/departments/environment/questionnaire.xlsx"
    response = client.get(url, query)
    assert response.status_code == 200, response.content
    return response.content


def _filled(content: bytes, values: dict[str, str]) -> bytes:
    workbook = load_workbook(BytesIO(content))
    sheet = workbook["answers"]
    for row in range(2, sheet.max_row + 1):
        indicator = sheet.cell(row, 1).value
        if indicator in values:
            sheet[f"C{row}"] = values[indicator]
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def _upload(client: Client, cast: Cast, content: bytes, department: str = "environment") -> Any:
    url = f"{API}/rounds/{cast.round.pk}/departments/{department}/questionnaire"
    return client.post(url, {"file": _named(content, "questionnaire.xlsx")})


def _named(content: bytes, name: str) -> BytesIO:
    stream = BytesIO(content)
    stream.name = name
    return stream


def test_a_questionnaire_goes_out_and_comes_back_once(cast: Cast) -> None:
    bob = _client(cast, "bob")
    filled = _filled(_questionnaire(bob, cast, filled="true"), {"E1": "2"})

    first = _upload(bob, cast, filled)
    again = _upload(bob, cast, filled)

    assert (first.status_code, first.json()) == (200, {"saved": 1, "conflicts": 0})
    assert (again.status_code, again.json()) == (200, {"saved": 0, "conflicts": 0})
    assert cast.answer("E1").value == "2"
    assert AnswerRevision.objects.filter(answer=cast.answer("E1")).exists()


def test_a_questionnaire_with_a_bad_row_saves_nothing_and_lists_it(cast: Cast) -> None:
    bob = _client(cast, "bob")
    filled = _filled(_questionnaire(bob, cast), {"E1": "2", "G1": "forty"})

    response = _upload(bob, cast, filled)

    assert response.status_code == 400
    body = response.json()
    assert body["problems"] and any(
        "G1" in problem or "forty" in problem for problem in body["problems"]
    )
    assert cast.answer("E1").value == ""


def test_a_stale_questionnaire_becomes_a_conflict(cast: Cast) -> None:
    bob = _client(cast, "bob")
    downloaded = _questionnaire(bob, cast, filled="true")
    save_answer(
        answer=cast.answer("E1"), user=cast.bob, base_version=0, content=AnswerContent(value="1")
    )

    response = _upload(bob, cast, _filled(downloaded, {"E1": "3"}))

    assert response.status_code == 200
    assert response.json()["conflicts"] == 1
    assert cast.answer("E1").value == "1"


def test_not_a_workbook_is_refused_with_a_reason(cast: Cast) -> None:
    response = _upload(_client(cast, "bob"), cast, b"not a workbook at all")

    assert response.status_code == 400
    assert response.json()["problems"]


def test_only_its_respondents_and_coordinator_may_hand_a_questionnaire_back(cast: Cast) -> None:
    content = _questionnaire(_client(cast, "bob"), cast)

    assert _upload(_client(cast, "bea"), cast, content).status_code == 403
    assert _upload(_client(cast, "vera"), cast, content).status_code == 403
    assert _upload(_client(cast, "charlie"), cast, content).status_code == 404
    assert _upload(_client(cast, "bob"), cast, content, department="nowhere").status_code == 404
    assert _upload(_client(cast, "alice"), cast, content).status_code == 200


# -- submissions from KoboToolbox and ODK ---------------------------------------------------------


def _submissions(client: Client, cast: Cast, text: str, **fields: str) -> Any:
    url = f"{API}/rounds/{cast.round.pk}/submissions"
    return client.post(url, {"file": _named(text.encode(), "export.csv"), **fields})


def test_submissions_import_once_for_the_department_named(cast: Cast) -> None:
    alice = _client(cast, "alice")

    first = _submissions(alice, cast, EXPORT, department="environment")
    again = _submissions(alice, cast, EXPORT, department="environment")

    assert first.status_code == 200
    assert first.json() == {
        "imported": 1,
        "already_imported": 0,
        "answers_changed": 2,
        "conflicts": 0,
    }
    assert again.json()["already_imported"] == 1
    assert cast.answer("G1").value == "3"
    assert ImportedSubmission.objects.filter(round=cast.round).count() == 1


def test_submissions_with_a_bad_row_import_nothing(cast: Cast) -> None:
    export = EXPORT + "2025-03-02,9,,,2,,s-2,\n"

    response = _submissions(_client(cast, "alice"), cast, export, department="environment")

    assert response.status_code == 400
    assert response.json()["problems"][0].startswith("row 3, column 'gov/G1'")
    assert not ImportedSubmission.objects.exists()
    assert cast.answer("G1").version == 0


def test_only_the_coordinator_imports_submissions(cast: Cast) -> None:
    assert (
        _submissions(_client(cast, "bob"), cast, EXPORT, department="environment").status_code
        == 403
    )
    assert (
        _submissions(_client(cast, "sam"), cast, EXPORT, department="environment").status_code
        == 403
    )
    assert (
        _submissions(_client(cast, "charlie"), cast, EXPORT, department="environment").status_code
        == 404
    )
    unknown = _submissions(_client(cast, "alice"), cast, EXPORT, department="nowhere")
    assert unknown.status_code == 404
