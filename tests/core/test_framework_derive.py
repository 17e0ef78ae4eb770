"""Deriving a local version of a framework, and the derived file's record and checks."""

from __future__ import annotations

import math
from typing import Any

import pytest

from frameworkbuilders import build_framework, group, maturity
from stocktake.answers import Answer
from stocktake.frameworks import framework_yaml, get_framework
from stocktake.frameworks.derive import (
    ChangesError,
    check_against_base,
    derive,
    stale_language_warnings,
)
from stocktake.frameworks.loader import parse_framework
from stocktake.frameworks.schema import Framework
from stocktake.scoring import score_assessment
from stocktake.yaml_files import parse_yaml

LOCAL_HEAT = {
    "group": "env-climate",
    "id": "KH-01",
    "type": "yes_no",
    "title": {
        "en": "Heat-health warning system",
        "zh-Hant": "高溫健康預警系統",
        "ja": "熱中症警戒システム",
        "ko": "폭염 건강 경보 체계",
    },
    "departments": ["health"],
    "pathways": ["resilient"],
}

KAOHSIUNG: dict[str, Any] = {
    "id": "issa-36-kaohsiung",
    "drop": ["ECO-09", "SOC-08"],
    "reword": {
        "GOV-03": {
            "title": {"en": "Residents' say in district plans", "zh-Hant": "市民參與區域計畫"},
            "levels": {2: {"en": "District forums meet twice a year.", "zh-Hant": "每年兩次。"}},
        }
    },
    "weights": {"ENV-01": 2},
    "add": [LOCAL_HEAT],
}


@pytest.fixture(scope="module")
def issa() -> Framework:
    return get_framework("issa-36")


def problems_of(base: Framework, changes: dict[str, Any]) -> list[str]:
    with pytest.raises(ChangesError) as caught:
        derive(base, changes)
    return [str(problem) for problem in caught.value.problems]


def test_derived_version_records_its_base_and_every_indicator(issa: Framework) -> None:
    derived = derive(issa, KAOHSIUNG).framework

    record = derived.derived_from
    assert record is not None
    assert (derived.key, record.key) == ("issa-36-kaohsiung@1.0.0", "issa-36@1.0.1")
    assert record.dropped == ["ECO-09", "SOC-08"]
    assert record.reworded == {"GOV-03": ["en", "zh-Hant"]}
    assert record.added == ["KH-01"]
    assert len(record.kept) == 33 and "GOV-03" not in record.kept
    assert len(record.shared) == 34
    assert len(derived.indicators()) == 35


def test_reword_replaces_only_the_languages_given(issa: Framework) -> None:
    derived = derive(issa, KAOHSIUNG).framework

    title = derived.indicator("GOV-03").title
    base_title = issa.indicator("GOV-03").title
    assert title["en"] == "Residents' say in district plans"
    assert title["zh-Hant"] == "市民參與區域計畫"
    assert (title["ja"], title["ko"]) == (base_title["ja"], base_title["ko"])
    level = derived.indicator("GOV-03").levels[2]  # type: ignore[union-attr]
    assert level.descriptor is not None and level.descriptor["en"] == (
        "District forums meet twice a year."
    )
    assert level.label == issa.indicator("GOV-03").levels[2].label  # type: ignore[union-attr]


def test_a_partial_reword_warns_that_other_languages_keep_the_base_text(issa: Framework) -> None:
    derived = derive(issa, KAOHSIUNG)

    assert derived.warnings == (
        "GOV-03 is reworded in en and zh-Hant only: its ja and ko text is still "
        "issa-36@1.0.1's and may no longer say the same; reword it in those languages too, or "
        "check that it still fits",
    )
    assert stale_language_warnings(derived.framework) == list(derived.warnings)


def test_weights_and_the_added_indicator_land_where_the_changes_say(issa: Framework) -> None:
    derived = derive(issa, KAOHSIUNG).framework

    assert derived.indicator("ENV-01").weight == 2.0
    assert derived.group_path("KH-01")[-1].id == "env-climate"
    assert derived.indicator("KH-01").departments == ["health"]


def test_the_derived_file_reads_back_as_the_same_framework(issa: Framework) -> None:
    derived = derive(issa, KAOHSIUNG).framework

    again, problems = parse_framework(parse_yaml(framework_yaml(derived)))

    assert problems == []
    assert again == derived


def test_version_and_title_default_and_can_be_given(issa: Framework) -> None:
    plain = derive(issa, {"id": "issa-36-tainan"}).framework
    named = derive(issa, {"id": "issa-36-tainan", "version": "2.1.0", "title": "Tainan"}).framework

    assert plain.version == "1.0.0"
    assert plain.title["en"] == f"{issa.title['en']} (issa-36-tainan)"
    assert plain.short_title is None
    assert (named.version, named.title["en"]) == ("2.1.0", "Tainan")
    assert named.title["ja"] == f"{issa.title['ja']} (issa-36-tainan)"
    assert "short_title" not in framework_yaml(plain)


def test_a_weight_of_zero_marks_the_indicator_not_applicable(issa: Framework) -> None:
    derived = derive(issa, {"id": "x", "weights": {"ENV-07": 0}})

    assert derived.framework.not_applicable == {"ENV-07"}
    assert derived.framework.indicator("ENV-07").weight == 1.0
    assert "ENV-07 has weight 0, so it is marked not applicable" in derived.warnings


def test_not_applicable_indicators_stay_in_the_file_but_are_not_shared(issa: Framework) -> None:
    derived = derive(issa, {"id": "x", "not_applicable": ["ENV-07"]}).framework

    assert derived.derived_from is not None
    assert "ENV-07" in derived.derived_from.kept
    assert "ENV-07" not in derived.derived_from.shared
    assert derived.indicator("ENV-07").id == "ENV-07"


def test_a_group_left_without_indicators_is_left_out_with_a_warning(issa: Framework) -> None:
    derived = derive(issa, {"id": "x", "drop": ["ECO-08", "ECO-09"]})

    assert "eco-infrastructure" not in {g.id for g in derived.framework.groups[2].groups}
    assert "theme eco-infrastructure has no indicator left, so it is left out" in (derived.warnings)


def test_deriving_from_a_derived_version_keeps_the_first_base(issa: Framework) -> None:
    first = derive(issa, KAOHSIUNG).framework
    changes = {
        "id": "issa-36-kaohsiung",
        "version": "1.1.0",
        "drop": ["KH-01", "GOV-01"],
        "reword": {
            "GOV-02": {"title": {"ja": "長期ビジョン"}},
            "GOV-03": {"title": {"ja": "参加"}},
        },
    }

    second = derive(first, changes).framework

    record = second.derived_from
    assert record is not None and record.key == "issa-36@1.0.1"
    assert record.dropped == ["ECO-09", "SOC-08", "GOV-01"]
    assert record.added == []
    assert record.reworded == {"GOV-02": ["ja"], "GOV-03": ["en", "zh-Hant", "ja"]}
    assert check_against_base(second, issa) == []


def test_a_sum_framework_warns_that_weights_do_not_count() -> None:
    derived = derive(get_framework("cbi-2014"), {"id": "cbi-local", "weights": {"CBI-01": 2}})

    assert derived.warnings == (
        "cbi-2014@2014.1.0 adds up points ('sum' scoring), so weights do not change its scores",
    )


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, "id: the derived framework needs an id, such as issa-36-kaohsiung"),
        ({"id": "x", "colour": "red"}, "colour: 'colour' is not a key of a changes file"),
        ({"id": "x", "drop": ["NOPE"]}, "drop[0]: 'NOPE' is not an indicator of issa-36@1.0.1"),
        ({"id": "x", "drop": ["GOV-01", "GOV-01"]}, "drop[1]: 'GOV-01' is listed twice"),
        ({"id": "x", "weights": {"GOV-01": math.nan}}, "weights.GOV-01: a weight is a finite"),
        ({"id": "x", "weights": {"GOV-01": -1}}, "weights.GOV-01: a weight is a finite"),
        ({"id": "x", "weights": {"GOV-01": "heavy"}}, "weights.GOV-01: 'heavy' is not a number"),
        ({"id": "x", "weights": {"GOV-01": True}}, "weights.GOV-01: True is not a number"),
        ({"id": "x", "version": 1.0}, "version: '1.0' is not a version"),
        ({"id": "issa-36", "version": "1.0.1"}, "id: issa-36@1.0.1 is the base itself"),
        (
            {"id": "x", "drop": ["GOV-01"], "reword": {"GOV-01": {"title": "t"}}},
            "reword.GOV-01: 'GOV-01' is also dropped",
        ),
        (
            {"id": "x", "reword": {"GOV-01": {"title": {"fr": "t"}}}},
            "reword.GOV-01.title.fr: 'fr' is not a language of issa-36@1.0.1",
        ),
        (
            {"id": "x", "reword": {"GOV-01": {"levels": {7: "t"}}}},
            "reword.GOV-01.levels.7: GOV-01 has no level 7; its levels are 0, 1, 2, 3, 4",
        ),
        (
            {"id": "x", "reword": {"GOV-01": {"unit": "t"}}},
            "reword.GOV-01.unit: 'unit' cannot be reworded",
        ),
        (
            {"id": "x", "add": [{**LOCAL_HEAT, "id": "GOV-01"}]},
            "add[0].id: 'GOV-01' is an indicator of issa-36@1.0.1",
        ),
        (
            {"id": "x", "add": [{**LOCAL_HEAT, "group": "nowhere"}]},
            "add[0].group: name the group to place it in",
        ),
        (
            {"id": "x", "add": [{**LOCAL_HEAT, "title": "Heat"}]},
            "add[0].title: the file declares languages en, zh-Hant, ja, ko",
        ),
        (
            {"id": "x", "add": [{**LOCAL_HEAT, "type": "slider"}]},
            "add[0]: 'type' must be one of maturity, banded, numeric, yes_no or choice",
        ),
        ({"id": "x", "add": [LOCAL_HEAT, LOCAL_HEAT]}, "add[1].id: 'KH-01' is added twice"),
    ],
)
def test_bad_changes_name_the_key_and_what_to_do(
    issa: Framework, changes: dict[str, Any], expected: str
) -> None:
    found = problems_of(issa, changes)

    assert any(problem.startswith(expected) for problem in found), found


def test_dropping_every_indicator_is_refused(issa: Framework) -> None:
    every = [indicator.id for indicator in issa.indicators()]

    found = problems_of(issa, {"id": "x", "drop": every, "add": [LOCAL_HEAT]})

    assert found == [
        "drop: every indicator of issa-36@1.0.1 would be dropped or not applicable; a derived "
        "version keeps at least one, so that it can be compared with its base"
    ]


def test_marking_every_kept_indicator_not_applicable_is_refused(issa: Framework) -> None:
    every = [indicator.id for indicator in issa.indicators()]

    found = problems_of(issa, {"id": "x", "drop": every[:30], "not_applicable": every[30:]})

    assert [problem.split(":")[0] for problem in found] == ["drop"]


def test_every_problem_is_reported_at_once(issa: Framework) -> None:
    found = problems_of(issa, {"id": "x", "drop": ["A"], "weights": {"B": 1}})

    assert [problem.split(":")[0] for problem in found] == ["drop[0]", "weights.B"]


def record_problems(**record: Any) -> list[str]:
    data = derive(get_framework("issa-36"), KAOHSIUNG).framework.model_dump(mode="json")
    data["derived_from"].update(record)
    return [str(problem) for problem in parse_framework(data)[1]]


def test_the_validator_accounts_for_every_indicator_of_a_derived_file() -> None:
    kept = derive(get_framework("issa-36"), KAOHSIUNG).framework.derived_from.kept  # type: ignore[union-attr]

    assert record_problems() == []
    assert record_problems(kept=kept[1:]) == [
        "derived_from: GOV-01 is in the file but not listed as kept, reworded or added; list "
        "each indicator once"
    ]
    assert record_problems(added=["KH-01", "GOV-01"]) == [
        "derived_from.added[1]: 'GOV-01' is already listed at derived_from.kept[0]"
    ]
    assert record_problems(dropped=["GOV-01"]) == [
        "derived_from.dropped[0]: 'GOV-01' is dropped but still in the file"
    ]
    assert record_problems(not_applicable=["NOPE"]) == [
        "derived_from.not_applicable[0]: 'NOPE' is not an indicator of this file"
    ]


def test_checks_against_the_base_find_a_changed_scale_and_unlisted_rewording(
    issa: Framework,
) -> None:
    data = derive(issa, KAOHSIUNG).framework.model_dump(mode="json")
    indicators = data["groups"][0]["groups"][0]["indicators"]
    indicators[0]["levels"] = indicators[0]["levels"][:3]
    indicators[1]["title"]["en"] = "Another title"
    framework, problems = parse_framework(data)
    assert framework is not None and problems == []

    found = [str(problem) for problem in check_against_base(framework, issa)]

    assert found == [
        "derived_from.kept[0]: GOV-01 answers on another scale than in issa-36@1.0.1; give it "
        "an id of its own and list it as added",
        "derived_from.kept[1]: GOV-02's texts differ from issa-36@1.0.1's; list it as reworded",
    ]


def test_scores_leave_out_an_indicator_marked_not_applicable() -> None:
    base = build_framework([group("g", maturity("A"), maturity("B"))], method="sum")
    derived = derive(base, {"id": "t-local", "not_applicable": ["B"]}).framework
    answers = [Answer(indicator="A", value=4), Answer(indicator="B", value=0)]

    score = score_assessment(derived, answers)

    assert derived.max_points == 4.0
    assert score.indicators["B"].points is None
    assert score.consolidation.values["B"].source == "not_applicable"
    assert (score.total.score, score.total.coverage, score.total.n_indicators) == (100.0, 1.0, 1)
