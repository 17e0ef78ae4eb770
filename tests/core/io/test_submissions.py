"""Submissions exported from KoboToolbox or ODK for a framework's XLSForm, read as answers."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from stocktake.errors import AnswerError
from stocktake.frameworks import Framework
from stocktake.io import read_answers
from stocktake.io.submissions import SubmissionsError, read_submissions

KOBO_CSV = """\
start;end;gov/G1;gov/G1_evidence;gov/G1_confidence;gov/G2;env/env-nature/E1;env/env-nature/E3;_id;_uuid;_submission_time
2024-01-01;2024-01-01;3;Plan 2023;high;yes;12.5;draft;1;aaa-1;2024-01-02T10:00:00
2024-01-01;2024-01-01;1;;low;no;;;2;aaa-2;2024-01-02T11:00:00
"""

SAME_AS_ANSWERS_FILE = """\
indicator,value,city,department,confidence,evidence
G1,3,alpha,planning,high,Plan 2023
G2,yes,alpha,planning,,
E1,12.5,alpha,planning,,
E3,draft,alpha,planning,,
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_kobo_export_gives_the_answers_an_answers_file_gives(
    mini: Framework, tmp_path: Path
) -> None:
    submissions = read_submissions(
        _write(tmp_path, "kobo.csv", KOBO_CSV), framework=mini, department="planning", city="alpha"
    )

    assert [(s.uuid, s.row, s.submitted_at) for s in submissions] == [
        ("aaa-1", 2, "2024-01-02T10:00:00"),
        ("aaa-2", 3, "2024-01-02T11:00:00"),
    ]
    expected = read_answers(_write(tmp_path, "answers.csv", SAME_AS_ANSWERS_FILE), framework=mini)
    assert list(submissions[0].answers) == expected
    assert [a.indicator for a in submissions[1].answers] == ["G1", "G2"]  # blanks are no answers


def test_an_odk_central_export_with_labels_in_another_language(
    mini: Framework, tmp_path: Path
) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(
        ["SubmissionDate", "治理-協調", "佐證資料", "對此答案的信心", "開放資料平台", "KEY"]
    )
    sheet.append(["2024-03-01", "實施", "市府計畫", "高", "否", "uuid:1"])
    sheet.append(["2024-03-02", "Leading", None, "Medium", "Yes", "uuid:2"])
    workbook.save(tmp_path / "odk.xlsx")

    submissions = read_submissions(tmp_path / "odk.xlsx", framework=mini, department="planning")

    first, second = submissions
    assert first.uuid == "uuid:1"
    assert [(a.indicator, a.value, a.confidence, a.evidence) for a in first.answers] == [
        ("G1", 3, "high", "市府計畫"),
        ("G2", "no", None, ""),
    ]
    assert [(a.value, a.confidence) for a in second.answers] == [(4, "medium"), ("yes", None)]


def test_a_department_column_names_each_submissions_department(
    mini: Framework, tmp_path: Path
) -> None:
    path = _write(
        tmp_path,
        "kobo.csv",
        "gov/G1,meta/department,_uuid\n2,Urban planning,u1\n3,environment,u2\n4,都市發展局,u3\n",
    )

    submissions = read_submissions(path, framework=mini, department_column="department")

    assert [s.department for s in submissions] == ["planning", "environment", "planning"]


def test_every_bad_cell_is_listed_with_its_row_and_column(mini: Framework, tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "bad.csv",
        "gov/G1,gov/G1_confidence,gov/G2,env/env-nature/E1,_uuid\n"
        "9,,maybe,-3,u1\n"
        "2,sure,yes,,u2\n"
        "2,,yes,,u1\n",
    )

    with pytest.raises(SubmissionsError) as caught:
        read_submissions(path, framework=mini, department="planning")

    assert [(p.row, p.column) for p in caught.value.problems] == [
        (2, "gov/G1"),
        (2, "gov/G2"),
        (2, "env/env-nature/E1"),
        (3, "gov/G1_confidence"),
        (4, "_uuid"),
    ]
    assert "the submission u1 is also on row 2" in str(caught.value.problems[-1])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name,age\nAda,36\n", "no column is a question of the framework mini"),
        ("gov/G1,_uuid\n2,u1\n", "there is no column 'dept' naming the department"),
        ("", "the file is empty"),
    ],
)
def test_an_export_of_another_form_is_refused_with_a_reason(
    mini: Framework, tmp_path: Path, text: str, message: str
) -> None:
    path = _write(tmp_path, "other.csv", text)

    with pytest.raises(AnswerError, match=message):
        read_submissions(path, framework=mini, department_column="dept")


def test_an_unknown_department_in_the_column_is_a_row_error(
    mini: Framework, tmp_path: Path
) -> None:
    path = _write(tmp_path, "kobo.csv", "gov/G1,department,_uuid\n2,finance,u1\n")

    with pytest.raises(SubmissionsError, match="'finance' is not a department of the framework"):
        read_submissions(path, framework=mini, department_column="department")
