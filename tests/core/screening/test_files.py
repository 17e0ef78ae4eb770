"""Criteria and scores files: every problem names its row and column."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from stocktake.errors import FileError, StocktakeError
from stocktake.screening import Criterion, Score, ScreeningFileError, read_criteria, read_scores

Write = Callable[[str, str], Path]

CRITERIA = """\
criterion,weight,direction,min,max,name,name_ja
agenda,3,benefit,1,5,Contribution to key areas,重点分野への貢献
cost,1,cost,1,5,Cost,
"""


@pytest.fixture
def write(tmp_path: Path) -> Write:
    def make(name: str, content: str) -> Path:
        path = tmp_path / name
        path.write_bytes(content.encode("utf-8"))
        return path

    return make


@pytest.fixture
def criteria(write: Write) -> tuple[Criterion, ...]:
    return read_criteria(write("criteria.csv", CRITERIA))


def test_criteria_are_read_with_scale_direction_and_names(criteria: tuple[Criterion, ...]) -> None:
    assert criteria == (
        Criterion(
            "agenda",
            3.0,
            "benefit",
            (1.0, 5.0),
            {"en": "Contribution to key areas", "ja": "重点分野への貢献"},
        ),
        Criterion("cost", 1.0, "cost", (1.0, 5.0), {"en": "Cost"}),
    )


def test_a_byte_order_mark_and_capitals_are_read(write: Write) -> None:
    found = read_criteria(write("c.csv", "\ufeffCriterion,Weight,Direction\nagenda,1,BENEFIT\n"))

    assert found == (Criterion("agenda", 1.0, "benefit"),)


def test_the_minimal_criteria_file_has_no_scale(write: Write) -> None:
    found = read_criteria(write("c.csv", "criterion,weight,direction\na,2,cost\nb,0,benefit\n"))

    assert [(c.id, c.weight, c.direction, c.scale) for c in found] == [
        ("a", 2.0, "cost", None),
        ("b", 0.0, "benefit", None),
    ]


@pytest.mark.parametrize(
    ("content", "where", "says"),
    [
        ("criterion,weight\na,1\n", "row 1, column 'direction'", "no column direction"),
        ("criterion,weight,direction,colour\na,1,cost,red\n", "row 1, column 'colour'", "not one"),
        ("criterion,weight,direction\na,1,cost\na,2,cost\n", "row 3, column 'criterion'", "row 2"),
        ("criterion,weight,direction\n,1,cost\n", "row 2, column 'criterion'", "missing"),
        ("criterion,weight,direction\na,heavy,cost\n", "row 2, column 'weight'", "not a number"),
        ("criterion,weight,direction\na,nan,cost\n", "row 2, column 'weight'", "not a number"),
        ("criterion,weight,direction\na,inf,cost\n", "row 2, column 'weight'", "not a number"),
        ("criterion,weight,direction\na,-1,cost\n", "row 2, column 'weight'", "negative"),
        ("criterion,weight,direction\na,,cost\n", "row 2, column 'weight'", "missing"),
        ("criterion,weight,direction\na,١,cost\n", "row 2, column 'weight'", "digits other"),
        ("criterion,weight,direction\na,2²,cost\n", "row 2, column 'weight'", "not a number"),
        ("criterion,weight,direction\na,1,good\n", "row 2, column 'direction'", "benefit"),
        ("criterion,weight,direction\na,1e308,cost\n", "row 2, column 'weight'", "10^15"),
        (
            "criterion,weight,direction,min,max\na,1,cost,-1e16,1\n",
            "row 2, column 'min'",
            "larger unit",
        ),
        ("criterion,weight,direction,min,max\na,1,cost,1,\n", "row 2, column 'max'", "or neither"),
        ("criterion,weight,direction,min,max\na,1,cost,5,1\n", "row 2, column 'max'", "above"),
        ("criterion,weight,direction\na,0,cost\nb,0,cost\n", "column 'weight'", "every weight"),
        ("criterion,weight,direction\n", "criteria.csv", "no criteria"),
    ],
)
def test_a_bad_criteria_file_names_the_row_and_column(
    write: Write, content: str, where: str, says: str
) -> None:
    with pytest.raises(ScreeningFileError) as caught:
        read_criteria(write("criteria.csv", content))

    assert where in str(caught.value)
    assert says in str(caught.value)


def test_an_empty_file_is_refused(write: Write) -> None:
    with pytest.raises(FileError, match="the file is empty"):
        read_criteria(write("criteria.csv", ""))


def test_a_panel_scores_file_is_read(write: Write, criteria: tuple[Criterion, ...]) -> None:
    content = "solution,criterion,score,scorer\nbus,agenda,4,planning\nbus,agenda,5,transport\n"

    assert read_scores(write("s.csv", content), criteria) == [
        Score("bus", "agenda", 4.0, "planning"),
        Score("bus", "agenda", 5.0, "transport"),
    ]


def test_a_name_typed_decomposed_is_the_same_solution(
    write: Write, criteria: tuple[Criterion, ...]
) -> None:
    composed, decomposed = "Caf\u00e9 tram", "Cafe\u0301 tram"
    content = f"solution,criterion,score,scorer\n{composed},agenda,4,x\n{decomposed},agenda,5,y\n"

    scores = read_scores(write("s.csv", content), criteria)

    assert {score.solution for score in scores} == {composed}


@pytest.mark.parametrize(
    "look_alike",
    [
        "Caf\u00e9 tram\u200b",
        "\ufeffCaf\u00e9 tram",
        "Caf\u00e9\u200d tram",
        "Ｃａｆé tram",
        "Caf\u00e9  tram ",
        "Caf\u00e9\u00a0tram",
    ],
)
def test_names_that_look_alike_are_one_solution(
    write: Write, criteria: tuple[Criterion, ...], look_alike: str
) -> None:
    content = (
        f"solution,criterion,score,scorer\nCaf\u00e9 tram,agenda,4,x\n{look_alike},agenda,5,y\n"
    )

    scores = read_scores(write("s.csv", content), criteria)

    assert {score.solution for score in scores} == {"Caf\u00e9 tram"}


def test_a_criterion_name_is_read_in_one_form(write: Write) -> None:
    content = "criterion,weight,direction,name\naccess,1,benefit,Cafe\u0301 access\u200b\n"

    [criterion] = read_criteria(write("c.csv", content))

    assert criterion.names == {"en": "Caf\u00e9 access"}


@pytest.mark.parametrize(
    ("content", "where", "says"),
    [
        ("solution,score\nbus,4\n", "row 1, column 'criterion'", "no column criterion"),
        ("solution,criterion,score\nbus,beauty,4\n", "row 2, column 'criterion'", "agenda, cost"),
        ("solution,criterion,score\nbus,agenda,6\n", "row 2, column 'score'", "1 to 5"),
        ("solution,criterion,score\nbus,agenda,0\n", "row 2, column 'score'", "outside"),
        ("solution,criterion,score\nbus,agenda,four\n", "row 2, column 'score'", "not a number"),
        ("solution,criterion,score\nbus,agenda,NaN\n", "row 2, column 'score'", "not a number"),
        ("solution,criterion,score\nbus,agenda,-inf\n", "row 2, column 'score'", "not a number"),
        ("solution,criterion,score\n,agenda,3\n", "row 2, column 'solution'", "missing"),
        (
            "solution,criterion,score\nbus,agenda,3\nbus,agenda,4\n",
            "row 3, column 'criterion'",
            "scorer column",
        ),
        (
            "solution,criterion,score,scorer\nbus,agenda,3,p\nbus,agenda,4,p\n",
            "row 3, column 'scorer'",
            "p's score",
        ),
        ("solution,criterion,score,scorer\nbus,agenda,3,\n", "row 2, column 'scorer'", "missing"),
        ("solution,criterion,score\n", "scores.csv", "no scores"),
        ('solution,criterion,score\n"bus,agenda,3\n', "scores.csv", "quote"),
    ],
)
def test_a_bad_scores_file_names_the_row_and_column(
    write: Write, criteria: tuple[Criterion, ...], content: str, where: str, says: str
) -> None:
    with pytest.raises(StocktakeError) as caught:
        read_scores(write("scores.csv", content), criteria)

    assert where in str(caught.value)
    assert says in str(caught.value)


def test_a_number_just_over_the_limit_is_shown_as_typed(write: Write) -> None:
    with pytest.raises(ScreeningFileError) as caught:
        read_criteria(write("c.csv", "criterion,weight,direction\na,1000000000000001,cost\n"))

    assert "1000000000000001 is larger than 10^15" in str(caught.value)


@pytest.mark.parametrize("score", ["1e308", "-1e16"])
def test_a_score_too_large_to_rank_is_refused_without_a_scale(write: Write, score: str) -> None:
    unscaled = (Criterion("tonnes", 1.0),)
    content = f"solution,criterion,score\nbus,tonnes,1\ntram,tonnes,{score}\n"

    with pytest.raises(ScreeningFileError) as caught:
        read_scores(write("scores.csv", content), unscaled)

    assert "row 3, column 'score'" in str(caught.value)
    assert "larger than 10^15" in str(caught.value)


def test_full_width_weights_scales_and_scores_are_read_as_typed_plainly(write: Write) -> None:
    criteria = read_criteria(
        write("criteria.csv", "criterion,weight,direction,min,max\na,２．５,cost,－１,１０\n")
    )

    scores = read_scores(write("scores.csv", "solution,criterion,score\nbus,a,５\n"), criteria)

    assert (criteria[0].weight, criteria[0].scale) == (2.5, (-1.0, 10.0))
    assert scores == [Score("bus", "a", 5.0, "")]


def test_the_minus_sign_reads_as_a_minus(write: Write) -> None:
    criteria = read_criteria(
        write("criteria.csv", "criterion,weight,direction,min,max\na,1,cost,\u22122.5,10\n")
    )

    assert criteria[0].scale == (-2.5, 10.0)


def test_a_circled_digit_is_still_refused(write: Write) -> None:
    unscaled = (Criterion("a", 1.0),)

    with pytest.raises(ScreeningFileError) as caught:
        read_scores(write("scores.csv", "solution,criterion,score\nbus,a,①\n"), unscaled)

    assert "row 2, column 'score'" in str(caught.value)
