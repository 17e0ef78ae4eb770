"""The build specification: YAML in, every parameter out, one sentence on bad input."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from stocktake.composite import BuildSpec, SpecError, dump_spec, load_spec, parse_spec
from stocktake.composite.spec_normalise import MinMax, ZScore

ISSUE_EXAMPLE = """
denominate: true
impute: {method: mean, by_group: EurAsia_group}
screen: {min_availability: 0.9}
treat: {method: winsorise_then_log, winmax: 5, skew: 2, kurtosis: 3.5}
normalise: {method: minmax, range: [0, 100]}
aggregate: {method: arithmetic}
"""


def test_the_documented_example_parses_with_every_stage() -> None:
    spec = parse_spec(yaml.safe_load(ISSUE_EXAMPLE))

    assert spec.denominate is not None and spec.screen is not None
    assert spec.impute is not None and spec.impute.by_group == "EurAsia_group"
    assert spec.treat is not None and spec.treat.winmax == 5
    assert spec.normalise is not None and spec.normalise.default == MinMax(range=(0.0, 100.0))
    assert spec.aggregate is not None and spec.aggregate.method == "arithmetic"


def test_absent_stages_are_skipped_and_weights_and_rank_default() -> None:
    spec = parse_spec({})

    assert (spec.denominate, spec.impute, spec.treat, spec.normalise, spec.aggregate) == (
        None,
        None,
        None,
        None,
        None,
    )
    assert spec.weights.use == "meta" and spec.rank.ties == "min"


def test_dumped_spec_reads_back_equal(tmp_path: Path) -> None:
    spec = parse_spec(yaml.safe_load(ISSUE_EXAMPLE))
    path = tmp_path / "spec.yaml"
    path.write_text(dump_spec(spec), encoding="utf-8")

    assert load_spec(path) == spec


def test_overrides_merge_onto_the_stage_default() -> None:
    spec = parse_spec(
        {
            "treat": {"winmax": 3, "indicators": {"x": {"skew": 2.5}, "y": "none"}},
            "aggregate": {
                "method": "power",
                "p": 2,
                "min_availability": 0.5,
                "levels": {"3": {"method": "geometric"}},
                "groups": {"P1": {"p": 3}},
            },
            "normalise": {
                "method": "zscore",
                "mean": 10,
                "sd": 2,
                "indicators": {"x": {"method": "rank"}},
            },
        }
    )

    assert spec.treat is not None and spec.aggregate is not None and spec.normalise is not None
    assert (spec.treat.rule_for("x").winmax, spec.treat.rule_for("x").skew) == (3, 2.5)
    assert spec.treat.rule_for("y").method == "none"
    assert spec.treat.rule_for("z").winmax == 3
    level3 = spec.aggregate.rule_for("Index", 3)
    assert (level3.method, level3.p, level3.min_availability) == ("geometric", None, 0.5)
    assert spec.aggregate.rule_for("P1", 2).p == 3
    assert spec.aggregate.rule_for("P2", 2).p == 2
    assert spec.normalise.method_for("y") == ZScore(mean=10, sd=2)
    assert spec.normalise.method_for("x").method == "rank"


def test_updated_changes_one_setting_and_keeps_the_rest() -> None:
    spec = parse_spec(yaml.safe_load(ISSUE_EXAMPLE))

    changed = spec.updated({"treat.winmax": 2, "normalise": {"method": "zscore"}})

    assert changed.treat is not None and changed.treat.winmax == 2
    assert changed.normalise is not None and changed.normalise.default == ZScore()
    assert changed.impute == spec.impute


@pytest.mark.parametrize(
    ("data", "sentence"),
    [
        (
            {"normalise": {"method": "minmix"}},
            "the build spec has 'normalise.method' = 'minmix', which is not one of 'minmax'",
        ),
        (
            {"normalise": {"method": "minmax", "rnge": [0, 1]}},
            "the build spec has an unknown setting 'normalise.rnge'",
        ),
        (
            {"normalise": {"method": "minmax", "range": [5, 1]}},
            "the min-max range must be [low, high] with low below high",
        ),
        ({"aggregate": {"method": "power"}}, "the power mean needs a non-zero exponent 'p'"),
        ({"aggregate": {"method": "geometric", "p": 2}}, "'p' applies only to method: power"),
        ({"treat": {"winmax": -1}}, "'treat.winmax': Input should be greater than or equal to 0"),
        ({"weights": {"use": "expert"}}, "weights.use is 'expert', which is neither"),
        ({"screen": {"min_availability": 2}}, "'screen.min_availability'"),
        ({"rank": False}, "'rank' cannot be switched off"),
        ({"normalise": {"method": "distance_to_reference"}}, "needs a value for 'normalise.unit'"),
        ({"aggregat": {}}, "unknown setting 'aggregat'"),
    ],
)
def test_bad_specs_give_one_sentence(data: dict[str, Any], sentence: str) -> None:
    with pytest.raises(SpecError) as caught:
        parse_spec(data)

    assert sentence in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_missing_spec_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(SpecError, match=r"spec file .*nowhere\.yaml could not be read"):
        load_spec(tmp_path / "nowhere.yaml")


def test_bad_yaml_gives_its_line(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text("treat: {winmax: 5\nnormalise: x\n", encoding="utf-8")

    with pytest.raises(SpecError, match=r"spec.yaml is not valid YAML at line \d+"):
        load_spec(path)


def test_a_spec_that_is_not_a_mapping_is_refused() -> None:
    with pytest.raises(SpecError, match="must be a mapping of stage names"):
        parse_spec(["treat"])


specs = st.fixed_dictionaries(
    {},
    optional={
        "impute": st.fixed_dictionaries({"method": st.sampled_from(["mean", "median", "none"])}),
        "screen": st.fixed_dictionaries({"min_availability": st.floats(0, 1)}),
        "treat": st.fixed_dictionaries(
            {
                "winmax": st.none() | st.integers(0, 10),
                "skew": st.floats(0.5, 5),
                "combine": st.booleans(),
            }
        ),
        "normalise": st.one_of(
            st.fixed_dictionaries(
                {
                    "method": st.just("minmax"),
                    "range": st.tuples(st.floats(-10, 0), st.floats(1, 100)).map(list),
                }
            ),
            st.fixed_dictionaries({"method": st.just("zscore"), "sd": st.floats(0.1, 10)}),
            st.fixed_dictionaries(
                {
                    "method": st.sampled_from(["rank", "borda", "percentile_rank"]),
                    "ties": st.sampled_from(["min", "max", "average", "first"]),
                }
            ),
        ),
        "aggregate": st.one_of(
            st.fixed_dictionaries(
                {"method": st.sampled_from(["arithmetic", "geometric", "harmonic", "copeland"])}
            ),
            st.fixed_dictionaries(
                {"method": st.just("power"), "p": st.floats(0.5, 4) | st.floats(-4, -0.5)}
            ),
        ),
        "weights": st.fixed_dictionaries(
            {
                "use": st.just("w"),
                "sets": st.just({"w": {"x": 2.0}}),
                "levels": st.dictionaries(st.integers(1, 3), st.sampled_from(["meta", "equal"])),
            }
        ),
    },
)


@settings(deadline=None)
@given(specs)
def test_any_valid_spec_round_trips_through_yaml(data: dict[str, Any]) -> None:
    spec = parse_spec(data)

    again = parse_spec(yaml.safe_load(dump_spec(spec)))

    assert again == spec
    assert isinstance(again, BuildSpec)


def test_changing_a_method_drops_the_old_methods_parameters() -> None:
    spec = parse_spec(
        {
            "normalise": {"method": "minmax", "range": [1, 100], "directions": {"x": -1}},
            "aggregate": {"method": "power", "p": 2, "min_availability": 0.5},
        }
    )

    changed = spec.updated(
        {"normalise.sd": 2, "normalise.method": "zscore", "aggregate.method": "geometric"}
    )

    assert changed.normalise is not None and changed.aggregate is not None
    assert changed.normalise.default == ZScore(sd=2)
    assert changed.normalise.directions == {"x": -1}
    assert (changed.aggregate.method, changed.aggregate.p) == ("geometric", None)
    assert changed.aggregate.min_availability == 0.5


@pytest.mark.parametrize(
    ("data", "sentence"),
    [
        ({"aggregate": {"method": "power", "p": math.nan}}, "nan at 'aggregate.p', which is not a"),
        ({"aggregate": {"method": "power", "p": 1e308}}, r"p = 1e\+308 is outside \[-100, 100\]"),
        ({"aggregate": {"method": "power", "p": -101}}, r"outside \[-100, 100\]"),
        ({"aggregate": {"groups": {"P": {"method": "power", "p": math.inf}}}}, "not a finite"),
        ({"weights": {"values": {"x": math.nan}}}, "nan at 'weights.values.x'"),
        ({"weights": {"sets": {"w": {"x": math.inf}}}}, "inf at 'weights.sets.w.x'"),
        ({"normalise": {"method": "goalposts", "lower": 5, "upper": 1}}, "lower below upper"),
        ({"normalise": {"method": "goalposts", "lower": 1, "upper": 1}}, "lower below upper"),
        ({"normalise": {"method": "goalposts", "scale": 0}}, "greater than 0"),
        ({"normalise": {"method": "minmax", "range": [0, math.inf]}}, "'normalise.range.1'"),
        ({"normalise": {"method": "zscore", "mean": math.nan}}, "'normalise.mean'"),
        ({"normalise": {"method": "distance_to_target", "target": math.inf}}, "not a finite"),
        ({"denominate": {"scale": {"x": 0}}}, "greater than 0"),
        ({"treat": {"kurtosis": math.nan}}, "'treat.kurtosis', which is not a finite number"),
        ({"screen": {"min_availability": math.nan}}, "'screen.min_availability'"),
        ({"time": math.nan}, "nan at 'time', which is not a finite number"),
    ],
)
def test_non_finite_and_out_of_range_numbers_are_refused_in_a_sentence(
    data: dict[str, Any], sentence: str
) -> None:
    with pytest.raises(SpecError, match=sentence) as caught:
        parse_spec(data, source="spec.yaml")

    assert str(caught.value).startswith("spec.yaml ") and "\n" not in str(caught.value)


def test_nan_and_huge_exponents_are_refused_from_a_yaml_file(tmp_path: Path) -> None:
    for written in (".nan", "1e308", ".inf"):
        path = tmp_path / "spec.yaml"
        path.write_text(f"aggregate: {{method: power, p: {written}}}\n", encoding="utf-8")

        with pytest.raises(SpecError, match=r"'aggregate(\.p)?'"):
            load_spec(path)
