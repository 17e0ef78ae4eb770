"""The VARY specification: parsing, mapping draws to settings, and one-sentence errors."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from stocktake.composite.spec import BuildSpec, parse_spec
from stocktake.errors import StocktakeError
from stocktake.sensitivity import VaryError, load_vary, parse_vary


def test_the_jrc_inputs_parse_in_the_order_written(spec: BuildSpec) -> None:
    vary = parse_vary(
        {
            "vary": {
                "treat.winmax": {"values": [1, 2, 3, 4, 5]},
                "weights": {"noise": 0.25},
                "aggregate.method": {"values": ["arithmetic", "geometric"]},
            }
        },
        spec,
    )

    assert vary.names == ("treat.winmax", "weights", "aggregate.method")
    assert vary.noise is not None and vary.noise.noise == 0.25
    assert [one.name for one in vary.settings] == ["treat.winmax", "aggregate.method"]


def test_draws_map_to_alternatives_ranges_and_noise_multipliers(spec: BuildSpec) -> None:
    vary = parse_vary(
        {
            "vary": {
                "treat.winmax": {"values": [1, 2, 3, 4, 5]},
                "treat.skew": {"range": [1.5, 2.5]},
                "weights": {"noise": 0.25},
            }
        },
        spec,
    )
    u = np.array([0.0, 0.19, 0.2, 0.5, 0.999999, 1.0])
    winmax, skew, noise = vary.inputs

    assert winmax.choose(u).tolist() == [0, 0, 1, 2, 4, 4]
    assert skew.choose(np.array([0.0, 0.5, 1.0])).tolist() == [1.5, 2.0, 2.5]
    assert noise.choose(np.array([0.0, 0.5, 1.0])).tolist() == [0.75, 1.0, 1.25]
    assert winmax.setting(2) == 3


def test_a_vary_file_is_read(tmp_path: Path, spec: BuildSpec, jrc_vary_yaml: str) -> None:
    path = tmp_path / "vary.yaml"
    path.write_text(jrc_vary_yaml, encoding="utf-8")

    vary = load_vary(path, spec)

    assert vary.names == ("treat.winmax", "normalise", "weights", "aggregate.method")
    assert vary.inputs[1].values[1] == {"method": "zscore", "mean": 10, "sd": 2}


def test_a_varied_normalisation_method_drops_the_min_max_range() -> None:
    spec = parse_spec({"normalise": {"method": "minmax"}, "aggregate": {}})

    vary = parse_vary({"vary": {"normalise.method": {"values": ["minmax", "zscore"]}}}, spec)

    assert vary.inputs[0].values == ("minmax", "zscore")


def test_a_varied_aggregation_method_drops_the_power_exponent() -> None:
    spec = parse_spec({"aggregate": {"method": "power", "p": 2}})

    vary = parse_vary({"vary": {"aggregate.method": {"values": ["power", "geometric"]}}}, spec)

    assert vary.inputs[0].values == ("power", "geometric")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"treat.winmax": {"values": [1, 2]}}, "single key 'vary'"),
        ({"vary": {}}, "at least one setting"),
        ({"vary": {"winmax": {"values": [1, 2]}}}, "does not start with a setting"),
        ({"vary": {"treat.winmax": [1, 2]}}, "must be a mapping"),
        ({"vary": {"treat.winmax": {"values": [1]}}}, "at least two alternatives"),
        ({"vary": {"treat.skew": {"range": [3, 1]}}}, "low below high"),
        ({"vary": {"treat.skew": {"values": [1, 2], "range": [1, 2]}}}, "exactly one of"),
        ({"vary": {"aggregate.method": {"noise": 0.2}}}, "only the entry 'weights'"),
        ({"vary": {"weights": {"noise": 1.5}}}, "above 0 and below 1"),
        ({"vary": {"weights": {"noise": 0.2, "levels": ["a"]}}}, "whole levels"),
        ({"vary": {"treat.winmax": {"values": [1, -2]}}}, "treat.winmax"),
        ({"vary": {"treat.winmaks": {"values": [1, 2]}}}, "unknown setting 'treat.winmaks'"),
        ({"vary": {"aggregate.method": {"values": ["arithmetic", "median"]}}}, "median"),
        ({"vary": {"normalise": {"values": [{"method": "minmax"}, {"method": "zz"}]}}}, "zz"),
        ({"vary": {"treat.skew": {"range": [1, math.inf]}}}, "finite numbers"),
        ({"vary": {"treat.skew": {"range": [math.nan, 2]}}}, "finite numbers"),
        ({"vary": {"weights": {"noise": math.nan}}}, "above 0 and below 1"),
        ({"vary": {"treat.kurtosis": {"values": [3.5, math.nan]}}}, "not a finite number"),
        (
            {
                "vary": {
                    "aggregate": {
                        "values": [{"method": "power", "p": 2}, {"method": "power", "p": 1e308}]
                    }
                }
            },
            r"outside \[-100, 100\]",
        ),
        (
            {"vary": {"aggregate": {"values": [{"method": "power", "p": math.nan}, {}]}}},
            "aggregate.p",
        ),
        ({"vary": {"weights.values.i01": {"values": [1, math.nan]}}}, "not a finite number"),
    ],
)
def test_a_bad_vary_spec_raises_one_sentence(
    spec: BuildSpec, data: dict[str, Any], message: str
) -> None:
    with pytest.raises(VaryError, match=message) as caught:
        parse_vary(data, spec)

    text = str(caught.value)
    assert "\n" not in text
    assert isinstance(caught.value, StocktakeError) and isinstance(caught.value, ValueError)


def test_a_missing_or_broken_vary_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(VaryError, match="could not be read"):
        load_vary(tmp_path / "absent.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("vary:\n  a: [1, 2\n", encoding="utf-8")
    with pytest.raises(VaryError, match="not valid YAML at line"):
        load_vary(broken)
