"""Importing KoboToolbox or ODK submissions into a round: all or nothing, once, stale ones as
conflicts."""

from __future__ import annotations

import io
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from tests.web.conftest import Cast

from stocktake_web.assessments.domain.answers import AnswerContent, save_answer
from stocktake_web.assessments.models import Conflict
from stocktake_web.exchange.domain.submissions import (
    SubmissionImport,
    SubmissionImportError,
    import_submissions,
)
from stocktake_web.exchange.models import ImportedSubmission

EXPORT = """\
start,gov/G1,gov/G1_evidence,gov/G1_confidence,env/E1,env/E2,_uuid,_submission_time
2025-03-01,3,Council minutes,high,2,,s-1,2025-03-01T10:00:00+00:00
"""


def _import(cast: Cast, text: str, **options: object) -> SubmissionImport:
    options.setdefault("department", cast.environment)
    return import_submissions(
        round=cast.round,
        user=cast.alice,
        upload=io.BytesIO(text.encode("utf-8")),
        filename="export.csv",
        **options,  # type: ignore[arg-type]
    )


@pytest.mark.django_db
def test_a_submission_becomes_the_departments_answers(cast: Cast) -> None:
    result = _import(cast, EXPORT)

    g1 = cast.answer("G1")
    assert (g1.value, g1.evidence, g1.confidence, g1.version) == ("3", "Council minutes", "high", 1)
    assert cast.answer("E1").value == "2"
    assert cast.answer("G1", cast.planning).value == ""  # another department's answer untouched
    assert (result.imported, result.answers_changed, result.conflicts) == (1, 2, 0)


@pytest.mark.django_db
def test_importing_the_same_export_twice_changes_nothing(cast: Cast) -> None:
    _import(cast, EXPORT)
    again = _import(cast, EXPORT)

    assert (again.imported, again.already_imported) == (0, 1)
    assert cast.answer("G1").version == 1
    assert ImportedSubmission.objects.filter(round=cast.round).count() == 1


@pytest.mark.django_db
def test_one_bad_row_imports_nothing_and_every_bad_row_is_listed(cast: Cast) -> None:
    export = EXPORT + "2025-03-02,9,,,2,,s-2,\n2025-03-02,1,,,,,s-3,\n2025-03-03,,,,,nothing,s-4,\n"

    with pytest.raises(SubmissionImportError) as caught:
        _import(cast, export)

    assert [problem.split(":")[0] for problem in caught.value.problems] == [
        "row 3, column 'gov/G1'",
        "row 5, column 'env/E2'",
    ]
    assert cast.answer("G1").version == 0
    assert not ImportedSubmission.objects.exists()


@pytest.mark.django_db
def test_an_indicator_not_assigned_to_the_department_is_a_row_error(cast: Cast) -> None:
    export = "gov/G2,_uuid\nyes,s-1\n"

    with pytest.raises(SubmissionImportError) as caught:
        _import(cast, export)

    assert caught.value.problems == ["Row 2: G2 is not assigned to environment in this round."]


@pytest.mark.django_db
def test_a_department_column_sends_each_submission_to_its_department(cast: Cast) -> None:
    export = "gov/G1,department,_uuid\n1,planning,a\n4,Environment,b\n"

    _import(cast, export, department=None, department_column="department")

    assert cast.answer("G1", cast.planning).value == "1"
    assert cast.answer("G1").value == "4"


@pytest.mark.django_db
def test_a_submission_older_than_the_last_change_on_the_site_is_a_conflict(cast: Cast) -> None:
    save_answer(
        answer=cast.answer("G1"), user=cast.bob, base_version=0, content=AnswerContent(value="1")
    )

    result = _import(cast, EXPORT.replace("2025-03-01T10:00:00+00:00", "2020-01-01T00:00:00Z"))

    assert result.conflicts == 1
    assert cast.answer("G1").value == "1"
    conflict = Conflict.objects.get(answer=cast.answer("G1"))
    assert conflict.proposed["value"] == "3"


@pytest.mark.django_db
def test_a_file_that_is_not_an_export_is_refused_with_a_sentence(cast: Cast) -> None:
    with pytest.raises(SubmissionImportError, match="CSV or XLSX"):
        import_submissions(
            round=cast.round,
            user=cast.alice,
            upload=io.BytesIO(b"%PDF"),
            filename="export.pdf",
            department=cast.environment,
        )
    with pytest.raises(SubmissionImportError, match="no column is a question"):
        _import(cast, "name,age\nAda,36\n")


@pytest.mark.django_db(transaction=True)
def test_two_imports_at_once_import_each_submission_once(cast: Cast) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite takes one writer at a time; run with --postgres")
    outcomes: list[object] = []

    def run() -> None:
        try:
            outcomes.append(_import(cast, EXPORT))
        except SubmissionImportError as error:
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert ImportedSubmission.objects.filter(uuid="s-1").count() == 1
    assert cast.answer("G1").version == 1


# -- the page ------------------------------------------------------------------------------------


def _page(cast: Cast) -> str:
    return reverse("exchange:import_submissions", args=[cast.round.pk])


def _upload(text: str, name: str = "export.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


@pytest.mark.django_db
def test_the_coordinator_imports_an_export_on_the_page(cast: Cast, client: Client) -> None:
    client.force_login(cast.alice)

    response = client.post(_page(cast), {"file": _upload(EXPORT), "department": "environment"})

    assert response.status_code == 200
    assert "1 submission imported" in response.content.decode() or "One submission imported" in (
        response.content.decode()
    )
    assert cast.answer("G1").value == "3"


@pytest.mark.django_db
def test_the_page_lists_every_bad_row_and_saves_nothing(cast: Cast, client: Client) -> None:
    client.force_login(cast.alice)
    export = EXPORT + "2025-03-02,9,,,2,,s-2,\n"

    response = client.post(_page(cast), {"file": _upload(export), "department": "environment"})

    assert response.status_code == 400
    assert "row 3, column &#x27;gov/G1&#x27;" in response.content.decode()
    assert cast.answer("G1").version == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        {"department": "environment"},
        {"department": "finance", "file": "x"},
        {"department_column": "d" * 5000, "file": "x"},
        {"file": "x"},
    ],
)
def test_bad_form_input_is_a_form_error_not_a_crash(
    cast: Cast, client: Client, data: dict[str, str]
) -> None:
    client.force_login(cast.alice)
    if "file" in data:
        data = {**data, "file": _upload(EXPORT)}  # type: ignore[dict-item]

    response = client.post(_page(cast), data)

    assert response.status_code == 400
    assert cast.answer("G1").version == 0


@pytest.mark.django_db
def test_a_respondent_may_not_import(cast: Cast, client: Client) -> None:
    client.force_login(cast.bob)

    response = client.post(_page(cast), {"file": _upload(EXPORT), "department": "environment"})

    assert response.status_code == 403
    assert cast.answer("G1").version == 0


@pytest.mark.django_db
def test_the_round_page_links_the_import_for_its_coordinator_only(
    cast: Cast, client: Client
) -> None:
    link = _page(cast)
    round_page = reverse("assessments:round", args=[cast.round.pk])

    client.force_login(cast.alice)
    assert link in client.get(round_page).content.decode()
    client.force_login(cast.vera)
    assert link not in client.get(round_page).content.decode()


@pytest.mark.django_db
def test_a_file_that_cannot_be_read_is_told_in_the_readers_language(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.alice)
    client.post(reverse("set_language"), {"language": "ja"})
    big5 = SimpleUploadedFile("export.csv", "start,gov/G1\n台北,3\n".encode("big5"))

    response = client.post(_page(cast), {"file": big5, "department": "environment"})

    page = response.content.decode()
    assert response.status_code == 400
    assert "UTF-8 のテキストではありません（2 行目）" in page
    assert "is not UTF-8 text" not in page
