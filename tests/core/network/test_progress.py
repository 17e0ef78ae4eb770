"""Progress between rounds: a change is claimed only beyond the departments' disagreement."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frameworkbuilders import build_framework, group, maturity
from networkbuilders import answer, four_indicators
from stocktake.answers import Answer
from stocktake.errors import AnswerError
from stocktake.frameworks import Framework
from stocktake.network import NetworkError, compare_rounds, earlier_framework
from stocktake.network.progress import VERDICTS, verdict


def departments(indicator: str, *values: int) -> list[Answer]:
    return [answer(indicator, v, f"d{k}") for k, v in enumerate(values)]


def by_id(changes: Any) -> dict[str, Any]:
    return {c.id: c for c in changes}


def test_one_department_moving_a_level_is_a_clear_change(framework: Framework) -> None:
    progress = compare_rounds(framework, [answer("G1", 1)], [answer("G1", 2)])

    g1 = by_id(progress.indicators)["G1"]
    assert (g1.before, g1.after, g1.change, g1.score_change) == (1.0, 2.0, 1.0, 25.0)
    assert g1.verdict == "improved"


def test_a_change_within_the_departments_disagreement_is_no_clear_change(
    framework: Framework,
) -> None:
    before = departments("G1", 1, 2)  # lower median 1, spread 25
    after = departments("G1", 2, 2)

    g1 = by_id(compare_rounds(framework, before, after).indicators)["G1"]

    assert (g1.before, g1.after, g1.spread_before, g1.spread_after) == (1.0, 2.0, 25.0, 0.0)
    assert g1.verdict == "no clear change"
    assert "within the departments' disagreement (25.0)" in g1.reason.text


def test_disagreement_in_the_later_round_counts_too(framework: Framework) -> None:
    g1 = by_id(
        compare_rounds(framework, departments("G1", 0), departments("G1", 2, 4, 0)).indicators
    )["G1"]

    assert g1.score_change == 50.0
    assert g1.spread_after == 100.0
    assert g1.verdict == "no clear change"


def test_a_drop_larger_than_either_spread_is_a_decline(framework: Framework) -> None:
    g1 = by_id(
        compare_rounds(framework, departments("G1", 4, 3), departments("G1", 1, 1)).indicators
    )["G1"]

    assert g1.verdict == "declined"
    assert g1.reason.text.startswith("Down 50.0 on the 0–100 scale")


def test_a_reconciled_value_is_compared_but_its_departments_still_disagree(
    framework: Framework,
) -> None:
    before = [*departments("G1", 0, 4), answer("G1", 2, "", reconciled=True)]
    g1 = by_id(compare_rounds(framework, before, departments("G1", 3)).indicators)["G1"]

    assert (g1.before, g1.after) == (2.0, 3.0)
    assert g1.spread_before == 100.0
    assert g1.verdict == "no clear change"


def test_an_indicator_unanswered_in_one_round_is_not_compared(framework: Framework) -> None:
    progress = compare_rounds(framework, [answer("G1", 1)], [answer("G1", 1), answer("G2", 4)])

    g2 = by_id(progress.indicators)["G2"]
    assert (g2.before, g2.after, g2.change) == (None, 4.0, None)
    assert g2.verdict == "no clear change"
    assert g2.reason.text == "Not answered in the earlier round: nothing to compare."


def test_groups_and_total_compare_only_indicators_answered_in_both_rounds(
    framework: Framework,
) -> None:
    before = [answer("G1", 2)]
    after = [answer("G1", 2), answer("G2", 4), answer("E1", 4)]

    progress = compare_rounds(framework, before, after)

    gov = by_id(progress.groups)["gov"]
    assert (gov.before, gov.after, gov.verdict) == (50.0, 50.0, "no clear change")
    assert by_id(progress.groups)["env"].reason.text.startswith("No indicator of it")
    assert progress.overall.level == "total"
    assert progress.overall.verdict == "no clear change"


def test_a_group_band_is_its_score_on_the_lowest_and_highest_department_answers(
    framework: Framework,
) -> None:
    before = [*departments("G1", 1, 3), *departments("G2", 1)]  # G1 at 1, band 1–3
    after = [*departments("G1", 3), *departments("G2", 3)]

    gov = by_id(compare_rounds(framework, before, after).groups)["gov"]

    assert (gov.before, gov.after) == (25.0, 75.0)
    assert gov.spread_before == 25.0  # (1 + 1) / 2 against (3 + 1) / 2 levels, on 0–100
    assert gov.verdict == "improved"


@given(
    change=st.floats(-100, 100, allow_nan=False),
    spread=st.floats(0, 100, allow_nan=False),
)
def test_verdicts_are_mirror_images(change: float, spread: float) -> None:
    forward, backward = verdict(change, spread), verdict(-change, spread)

    assert forward in VERDICTS
    mirror = {"improved": "declined", "declined": "improved", "no clear change": "no clear change"}
    assert backward == mirror[forward]
    assert (forward == "no clear change") == (abs(change) <= spread + 1e-9)


@given(
    st.lists(st.integers(0, 4), min_size=1, max_size=4),
    st.lists(st.integers(0, 4), min_size=1, max_size=4),
)
def test_swapping_the_rounds_flips_every_verdict(before: list[int], after: list[int]) -> None:
    framework = four_indicators()
    forward = compare_rounds(framework, departments("G1", *before), departments("G1", *after))
    backward = compare_rounds(framework, departments("G1", *after), departments("G1", *before))
    mirror = {"improved": "declined", "declined": "improved", "no clear change": "no clear change"}

    for ahead, behind in zip(
        (*forward.indicators, *forward.groups, forward.overall),
        (*backward.indicators, *backward.groups, backward.overall),
        strict=True,
    ):
        assert behind.verdict == mirror[ahead.verdict]


# -- crosswalks -----------------------------------------------------------------------------


def revised(**crosswalk: Any) -> Framework:
    """Version 2 of a small framework whose crosswalk maps version 1 onto it."""
    return build_framework(
        [group("gov", maturity("G1"), maturity("G2a"), maturity("G2b"), maturity("G3"))],
        target_share=0.75,
        version="2.0.0",
        crosswalk={"from_version": "1.0.0", **crosswalk},
    )


def test_a_renamed_indicator_is_compared_under_its_new_id() -> None:
    framework = revised(renamed={"OLD1": "G1"})

    progress = compare_rounds(framework, [answer("OLD1", 1)], [answer("G1", 3)])

    g1 = by_id(progress.indicators)["G1"]
    assert (g1.before, g1.after, g1.verdict) == (1.0, 3.0, "improved")
    assert g1.crosswalk == "OLD1 of version 1.0.0 is read as G1 (renamed)."
    assert [u.kind for u in progress.crosswalk] == ["renamed"]
    assert progress.earlier_framework == "t@1.0.0 (rebuilt from the crosswalk)"


def test_split_parts_inherit_the_whole_and_a_merge_takes_the_mean() -> None:
    framework = revised(split={"G2": ["G2a", "G2b"]}, merged={"G3": ["G3x", "G3y"]})
    before = [answer("G2", 2), answer("G3x", 1), answer("G3y", 3)]
    after = [answer("G2a", 2), answer("G2b", 4), answer("G3", 2)]

    found = by_id(compare_rounds(framework, before, after).indicators)

    assert (found["G2a"].before, found["G2a"].verdict) == (2.0, "no clear change")
    assert (found["G2b"].before, found["G2b"].verdict) == (2.0, "improved")
    assert (found["G3"].before, found["G3"].verdict) == (2.0, "no clear change")
    assert found["G3"].crosswalk == (
        "G3x, G3y of version 1.0.0 were merged into G3: it takes their mean."
    )


def test_a_merge_of_a_split_department_view_keeps_the_band() -> None:
    framework = revised(merged={"G3": ["G3x", "G3y"]})
    before = [answer("G3x", 0, "a"), answer("G3x", 2, "b"), answer("G3y", 2, "a")]

    g3 = by_id(compare_rounds(framework, before, [answer("G3", 3)]).indicators)["G3"]

    assert g3.before == 1.0  # mean of G3x (lower median 0) and G3y (2)
    assert g3.spread_before == 25.0  # mean band [0, 2] and [2, 2] is [1, 2] levels


def test_dropped_indicators_leave_the_comparison() -> None:
    framework = revised(dropped=["GONE"])
    progress = compare_rounds(framework, [answer("GONE", 4), answer("G1", 1)], [answer("G1", 1)])

    assert [u.text for u in progress.crosswalk] == [
        "GONE of version 1.0.0 was dropped: it leaves the comparison."
    ]
    assert all(c.id != "GONE" for c in progress.indicators)


def test_the_earlier_file_when_given_sets_the_scales() -> None:
    earlier = build_framework([group("gov", maturity("OLD1", top=2))], version="1.0.0")
    framework = revised(renamed={"OLD1": "G1"})

    g1 = by_id(
        compare_rounds(
            framework, [answer("OLD1", 1)], [answer("G1", 2)], earlier=earlier
        ).indicators
    )["G1"]

    assert g1.before == 2.0  # level 1 of 0–2 is half the range: level 2 of 0–4
    assert g1.verdict == "no clear change"


def test_a_round_on_unknown_indicators_without_a_crosswalk_is_refused(framework: Framework) -> None:
    with pytest.raises(NetworkError, match=re.escape("answers OLD1, which t@1.0.0 does not have")):
        compare_rounds(framework, [answer("OLD1", 1)], [answer("G1", 1)])


def test_an_indicator_the_crosswalk_does_not_name_is_refused() -> None:
    with pytest.raises(NetworkError, match="answers ZZZ, which is neither an indicator"):
        compare_rounds(revised(renamed={"OLD1": "G1"}), [answer("ZZZ", 1)], [answer("G1", 1)])


def test_an_earlier_version_without_a_crosswalk_from_it_is_refused() -> None:
    earlier = build_framework([group("gov", maturity("G1"))], version="0.9.0")
    with pytest.raises(NetworkError, match=re.escape("has no crosswalk from version 0.9.0")):
        compare_rounds(revised(), [answer("G1", 1)], [answer("G1", 1)], earlier=earlier)


def test_an_earlier_answer_off_the_rebuilt_scale_is_an_answer_error() -> None:
    with pytest.raises(AnswerError, match="takes a level of"):
        compare_rounds(revised(renamed={"OLD1": "G1"}), [answer("OLD1", 9)], [answer("G1", 1)])


def test_the_rebuilt_earlier_version_holds_old_ids_on_their_successor_scale() -> None:
    framework = revised(renamed={"OLD1": "G1"}, merged={"G3": ["G3", "G3y"]}, dropped=["GONE"])

    earlier = earlier_framework(framework)

    assert earlier.version == "1.0.0"
    assert earlier.crosswalk is None
    ids = [ind.id for ind in earlier.indicators()]
    assert "OLD1" in ids and "G3y" in ids and "GONE" not in ids
    assert earlier.indicator("G3y").max_points == 4
