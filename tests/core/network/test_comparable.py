"""Rounds on a framework and on versions derived from it, compared on what they share."""

from __future__ import annotations

import pytest

from frameworkbuilders import build_framework, group, maturity
from stocktake.answers import Answer
from stocktake.frameworks import Framework
from stocktake.frameworks.derive import derive
from stocktake.network import compare_rounds
from stocktake.network.comparable import family, rescored, shared_part
from stocktake.scoring import score_assessment


@pytest.fixture
def base() -> Framework:
    return build_framework(
        [group("g", maturity("A"), maturity("B"), kind="theme"), group("h", maturity("C"))]
    )


def local(base: Framework, name: str, **changes: object) -> Framework:
    return derive(base, {"id": name, **changes}).framework


def test_versions_compare_on_what_every_one_of_them_shares_with_the_base(base: Framework) -> None:
    one = local(base, "one", drop=["B"], add=[{"group": "h", **maturity("L1")}])
    two = local(base, "two", not_applicable=["C"])

    part = shared_part(base, [base, one, two])

    assert family(one) == family(two) == "t@1.0.0"
    assert part.indicators == ("A",)
    assert [group.id for group in part.framework.groups] == ["g"]
    assert part.part("one@1.0.0").dropped == ("B",)
    assert part.part("one@1.0.0").local == ("L1",)
    assert part.part("two@1.0.0").not_applicable == ("C",)
    assert part.part("two@1.0.0").elsewhere == ("B",)


def test_a_version_of_another_base_is_refused(base: Framework) -> None:
    stranger = build_framework([group("g", maturity("A"))], id="other")

    with pytest.raises(ValueError, match=r"other@1.0.0 is not derived from t@1.0.0"):
        shared_part(base, [base, stranger])


def test_rescoring_a_record_sums_only_the_shared_indicators(base: Framework) -> None:
    one = local(base, "one", drop=["C"], add=[{"group": "g", **maturity("L1")}])
    answers = [Answer(indicator=key, value=4) for key in ("A", "B")]
    answers.append(Answer(indicator="L1", value=0))
    record = score_assessment(one, answers).to_dict()

    again = rescored(shared_part(base, [base, one]), record["indicators"])

    assert record["total"]["score"] == pytest.approx(200 / 3)
    assert again["total"]["score"] == pytest.approx(100.0)
    assert set(again["indicators"]) == {"A", "B"}


def test_progress_from_the_base_to_a_derived_version_says_what_it_compared(
    base: Framework,
) -> None:
    one = local(base, "one", drop=["C"], add=[{"group": "g", **maturity("L1")}])
    before = [Answer(indicator=key, value=1) for key in ("A", "B", "C")]
    after = [Answer(indicator=key, value=3) for key in ("A", "B", "L1")]

    progress = compare_rounds(one, before, after, earlier=base)

    assert progress.compared_on is not None
    assert progress.compared_on.text == (
        "Compared on the 2 indicators one 1.0.0 shares with t 1.0.0; 1 dropped, 1 local "
        "indicator not compared."
    )
    assert [change.id for change in progress.indicators] == ["A", "B"]
    assert (progress.framework, progress.earlier_framework) == ("one@1.0.0", "t@1.0.0")
    assert progress.overall.verdict == "improved"
    assert progress.overall.before == pytest.approx(25.0)
