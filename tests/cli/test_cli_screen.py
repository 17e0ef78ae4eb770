"""``stocktake screen``: the ranking as JSON or a table; bad files exit 2 naming row and column."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook

from cli.conftest import Invoke

Write = Callable[[str, str], Path]
AssertBad = Callable[..., None]

CRITERIA = """\
criterion,weight,direction,min,max
agenda,3,benefit,1,5
emissions,2,benefit,1,5
cost,1,cost,1,5
"""
SCORES = """\
solution,criterion,score,scorer
bus lanes,agenda,5,planning
bus lanes,agenda,4,transport
bus lanes,agenda,5,environment
bus lanes,emissions,5,planning
bus lanes,emissions,4,transport
bus lanes,emissions,5,environment
bus lanes,cost,2,planning
bus lanes,cost,3,transport
bus lanes,cost,2,environment
green roofs,agenda,3,planning
green roofs,agenda,4,transport
green roofs,agenda,3,environment
green roofs,emissions,2,planning
green roofs,emissions,2,transport
green roofs,emissions,3,environment
green roofs,cost,4,planning
green roofs,cost,4,transport
green roofs,cost,5,environment
"""


@pytest.fixture
def files(write: Write) -> tuple[Path, Path]:
    return write("criteria.csv", CRITERIA), write("scores.csv", SCORES)


@pytest.mark.parametrize(
    ("method", "scores"),
    [
        # WSM on the scale: bus lanes (4/4)(1/2) + (4/4)(1/3) + (3/4)(1/6) = 0.958333;
        # green roofs (2/4)(1/2) + (1/4)(1/3) + (1/4)(1/6) = 0.375.
        ("wsm", [0.958333, 0.375]),
        ("topsis", [1.0, 0.0]),
        ("promethee", [1.0, -1.0]),
    ],
)
def test_screen_prints_the_ranking_as_json(
    invoke: Invoke, files: tuple[Path, Path], method: str, scores: list[float]
) -> None:
    criteria, panel = files

    result = invoke(
        "screen", "--criteria", criteria, "--scores", panel, "--method", method, "--format", "json"
    )

    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {
        "ranking": [
            {"solution": "bus lanes", "score": scores[0], "rank": 1},
            {"solution": "green roofs", "score": scores[1], "rank": 2},
        ]
    }


def test_screen_prints_a_table_with_the_panels_agreement(
    invoke: Invoke, files: tuple[Path, Path]
) -> None:
    criteria, panel = files

    result = invoke("screen", "--criteria", criteria, "--scores", panel)

    assert result.exit_code == 0, result.stderr
    assert "TOPSIS" in result.stdout
    assert "bus lanes" in result.stdout.splitlines()[4]
    assert "Agreement between the 3 scorers (ordinal alpha):" in result.stdout


def test_ties_share_a_rank_in_the_json(invoke: Invoke, write: Write) -> None:
    criteria = write("c.csv", "criterion,weight,direction\nagenda,1,benefit\n")
    scores = write(
        "s.csv", "solution,criterion,score\na,agenda,5\nb,agenda,3\nc,agenda,3\nd,agenda,1\n"
    )

    result = invoke("screen", "--criteria", criteria, "--scores", scores, "--format", "json")

    ranks = [(row["solution"], row["rank"]) for row in json.loads(result.stdout)["ranking"]]
    assert ranks == [("a", 1), ("b", 2), ("c", 2), ("d", 4)]


@pytest.mark.parametrize(
    ("criteria", "scores", "message"),
    [
        (
            CRITERIA,
            "solution,criterion,score\nbus,beauty,3\n",
            "{scores}, row 2, column 'criterion': there is no criterion beauty; "
            "the criteria are agenda, emissions, cost",
        ),
        (
            CRITERIA,
            "solution,criterion,score\nbus,agenda,7\n",
            "{scores}, row 2, column 'score': 7 is outside the scale of agenda, 1 to 5",
        ),
        (
            CRITERIA,
            "solution,criterion,score\nbus,agenda,x\n",
            "{scores}, row 2, column 'score': 'x' is not a number",
        ),
        (
            CRITERIA,
            "solution,criterion,score\nbus,agenda,nan\n",
            "{scores}, row 2, column 'score': 'nan' is not a number",
        ),
        (
            CRITERIA + "agenda,1,benefit,1,5\n",
            "solution,criterion,score\nbus,agenda,3\n",
            "{criteria}, row 5, column 'criterion': row 2 already defines agenda; keep one",
        ),
        (
            "criterion,weight,direction\na,0,benefit\n",
            "solution,criterion,score\nbus,a,3\n",
            "{criteria}, column 'weight': every weight is 0; give at least one criterion "
            "a weight above 0",
        ),
        (
            "",
            "solution,criterion,score\nbus,a,3\n",
            "{criteria}: the file is empty; it needs a header row",
        ),
        (
            "criterion,weight,direction\na,1,benefit\nb,1,cost\n",
            "solution,criterion,score\nS1,a,1e308\nS1,b,1\nS2,a,-1e308\nS2,b,2\n",
            "{scores}, row 2, column 'score': 1e+308 is larger than 10^15 in size; write it in "
            "a larger unit (thousands, millions)",
        ),
        (
            CRITERIA,
            "\ufeffsolution,criterion,score\nbus,agenda,3\nbus,emissions,4\ntram,agenda,3\n",
            "{scores}: no score for bus on cost, tram on emissions, tram on cost; every solution "
            "needs a score on every criterion before it can be ranked",
        ),
    ],
)
def test_bad_files_exit_2_naming_the_row_and_column(
    invoke: Invoke,
    write: Write,
    assert_bad_input: AssertBad,
    criteria: str,
    scores: str,
    message: str,
) -> None:
    criteria_path, scores_path = write("criteria.csv", criteria), write("scores.csv", scores)

    result = invoke(
        "screen", "--criteria", criteria_path, "--scores", scores_path, "--format", "json"
    )

    assert_bad_input(result, message.format(criteria=criteria_path, scores=scores_path))


def test_an_unknown_method_is_a_usage_error(invoke: Invoke, files: tuple[Path, Path]) -> None:
    criteria, panel = files

    result = invoke("screen", "--criteria", criteria, "--scores", panel, "--method", "ahp")

    assert result.exit_code == 2
    assert "ahp" in result.stderr


def test_the_documented_example_prints_what_the_docs_say(invoke: Invoke) -> None:
    docs = Path(__file__).parents[2] / "docs"
    examples = docs / "examples"
    text = (docs / "screening.md").read_text(encoding="utf-8")

    result = invoke(
        "screen",
        "--criteria",
        examples / "screening-criteria.csv",
        "--scores",
        examples / "screening-scores.csv",
        "--method",
        "topsis",
        "--format",
        "json",
    )

    shown = text.split("prints, best first:\n\n```json\n", 1)[1].split("```", 1)[0]
    assert json.loads(result.stdout) == json.loads(shown)


def test_the_documented_tie_and_agreement_hold(invoke: Invoke) -> None:
    examples = Path(__file__).parents[2] / "docs" / "examples"
    files = ("--criteria", examples / "screening-criteria.csv")
    files += ("--scores", examples / "screening-scores.csv")

    wsm = invoke("screen", *files, "--method", "wsm", "--format", "json")
    table = invoke("screen", *files)

    ranks = [
        (row["solution"], row["score"], row["rank"]) for row in json.loads(wsm.stdout)["ranking"]
    ]
    assert ranks[:2] == [("cool roofs", 0.75, 1), ("bus corridor", 0.75, 1)]
    assert ranks[2][2] == 3
    assert "Agreement between the 3 scorers (ordinal alpha): 0.82" in table.stdout


def test_full_width_scores_and_weights_rank_as_their_plain_forms(
    invoke: Invoke, write: Write, files: tuple[Path, Path]
) -> None:
    full_width = str.maketrans("0123456789.", "０１２３４５６７８９．")
    wide = (
        write("wide-criteria.csv", CRITERIA.translate(full_width)),
        write("wide-scores.csv", SCORES.translate(full_width)),
    )

    plain, widened = (
        invoke("screen", "--criteria", c, "--scores", s, "--format", "json")
        for c, s in (files, wide)
    )

    assert widened.exit_code == 0, widened.stderr
    assert json.loads(widened.stdout) == json.loads(plain.stdout)


def test_a_score_formula_never_calculated_is_named_not_called_missing(
    invoke: Invoke, write: Write, tmp_path: Path, assert_bad_input: AssertBad
) -> None:
    scores = tmp_path / "scores.xlsx"
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (["solution", "criterion", "score"], ["bus", "agenda", "=2+3"]):
        sheet.append(row)
    book.save(scores)

    result = invoke("screen", "--criteria", write("criteria.csv", CRITERIA), "--scores", scores)

    assert_bad_input(
        result,
        f"{scores}, row 2, column 'score': the cell holds the formula =2+3, whose value was never "
        "calculated (the file was written by a program, not saved in a spreadsheet program), "
        "so it would read as empty; open the file in a spreadsheet program and save it, or "
        "type the value itself",
    )
