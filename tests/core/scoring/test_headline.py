"""The CBI's headline as the CBI is read: points of 92 and of what was attainable, per component,
and coverage against the indicators expected; checked against published applications."""

from __future__ import annotations

import pytest

from stocktake.answers import Answer
from stocktake.frameworks import BandedIndicator, Framework, MaturityIndicator, get_framework
from stocktake.scoring import points_headline, score_assessment


@pytest.fixture(scope="module")
def cbi() -> Framework:
    return get_framework("cbi-2014")


def _value_earning(framework: Framework, indicator_id: str, points: int) -> float:
    """A value inside the band (or the level) that earns ``points`` on the indicator."""
    indicator = framework.indicator(indicator_id)
    if isinstance(indicator, MaturityIndicator):
        return float(points)
    assert isinstance(indicator, BandedIndicator)
    band = next(b for b in indicator.bands.bands if b.points == points)
    if band.min is not None and band.max is not None:
        middle = (band.min + band.max) / 2
        return float(int(middle)) if indicator.bands.precision == 0 else middle
    if band.min is not None:
        return band.min + 1
    assert band.max is not None
    return band.max - 1 if band.max >= 1 else band.max / 4


def _answers(framework: Framework, points: dict[str, int]) -> list[Answer]:
    return [
        Answer(indicator=key, value=_value_earning(framework, key, value), department="env")
        for key, value in points.items()
    ]


def _spread(ids: list[str], total: int) -> dict[str, int]:
    """``total`` points spread over ``ids``, at most 4 each, first ones first."""
    found = {}
    for key in ids:
        found[key] = min(4, total)
        total -= found[key]
    assert total == 0
    return found


def _ids(numbers: range) -> list[str]:
    return [f"CBI-{n:02d}" for n in numbers]


def test_hyderabad_2012_reads_36_of_92_with_its_components(cbi: Framework) -> None:
    """Published: total 36/92; native biodiversity 15/40, ecosystem services 4/16, governance
    and management 17/36 (every indicator scored)."""
    points = {
        **_spread(_ids(range(1, 11)), 15),
        **_spread(_ids(range(11, 15)), 4),
        **_spread(_ids(range(15, 24)), 17),
    }

    headline = points_headline(score_assessment(cbi, _answers(cbi, points)))

    assert headline is not None
    total = headline.total
    assert (total.points, total.max_points, total.attainable_max) == (36, 92, 92)
    assert [(c.points, c.max_points) for c in headline.components] == [
        (15, 40),
        (4, 16),
        (17, 36),
    ]
    assert (total.n_scored, total.n_expected, total.n_indicators) == (23, 23, 23)


def test_vijayawada_first_application_reads_34_of_72_over_18_scored(cbi: Framework) -> None:
    """Published: 34/72 over 18 scored indicators; indicators 4–8 need a previous survey and
    are neither scored nor expected."""
    first = [key for key in _ids(range(1, 24)) if key not in _ids(range(4, 9))]
    headline = points_headline(score_assessment(cbi, _answers(cbi, _spread(first, 34))))

    assert headline is not None
    total = headline.total
    assert (total.points, total.attainable_max, total.max_points) == (34, 72, 92)
    assert (total.n_scored, total.n_expected, total.n_indicators) == (18, 18, 23)
    assert headline.coverage == 1.0
    assert headline.components[0].attainable_max == 20  # 5 of 10 native indicators scored


def test_coverage_counts_the_indicators_expected_not_every_indicator(cbi: Framework) -> None:
    """16 of the 18 expected answered: 89 %, where 16 of 23 would have said 70 %."""
    answered = _ids(range(1, 4)) + _ids(range(9, 22))
    headline = points_headline(score_assessment(cbi, _answers(cbi, dict.fromkeys(answered, 1))))

    assert headline is not None
    assert (headline.total.n_scored, headline.total.n_expected) == (16, 18)
    assert headline.coverage == pytest.approx(16 / 18)


def test_an_answered_optional_indicator_becomes_expected(cbi: Framework) -> None:
    points = dict.fromkeys([*_ids(range(1, 4)), "CBI-04"], 2)
    headline = points_headline(score_assessment(cbi, _answers(cbi, points)))

    assert headline is not None
    assert (headline.total.n_scored, headline.total.n_expected) == (4, 19)


def test_empty_round_has_nothing_scored_nor_attainable(cbi: Framework) -> None:
    headline = points_headline(score_assessment(cbi, []))

    assert headline is not None
    assert (headline.total.points, headline.total.attainable_max) == (0, 0)
    assert (headline.total.n_scored, headline.total.n_expected) == (0, 18)
    assert headline.coverage == 0.0


def test_record_stored_before_n_expected_gives_it_from_coverage(cbi: Framework) -> None:
    answered = _ids(range(1, 4)) + _ids(range(9, 22))
    record = score_assessment(cbi, _answers(cbi, dict.fromkeys(answered, 1))).to_dict()
    del record["total"]["n_expected"]
    for group in record["groups"].values():
        group.pop("n_expected")

    headline = points_headline(record)

    assert headline is not None
    assert headline.total.n_expected == 18
    assert [c.n_expected for c in headline.components] == [5, 4, 9]


def test_mean_scored_framework_has_no_points_headline() -> None:
    issa = get_framework("issa-36")
    assert points_headline(score_assessment(issa, [])) is None
