"""The optional crosswalk and rankable fields of a framework file, and their checks."""

from __future__ import annotations

from typing import Any

import pytest

from frameworkbuilders import framework_data as base_data
from frameworkbuilders import group, maturity
from stocktake.frameworks import get_framework
from stocktake.frameworks.loader import parse_framework
from stocktake.frameworks.schema import json_schema


def framework_data(**extra: Any) -> dict[str, Any]:
    indicators = [maturity("A"), maturity("B"), maturity("C")]
    return base_data([group("g", *indicators, kind="theme")], version="2.0.0", **extra)


def problems(crosswalk: dict[str, Any]) -> list[str]:
    data = framework_data(crosswalk={"from_version": "1.0.0", **crosswalk})
    return [str(p) for p in parse_framework(data)[1]]


def test_a_sound_crosswalk_is_accepted() -> None:
    crosswalk = {
        "renamed": {"OLD-A": "A"},
        "split": {"OLD-B": ["B", "C"]},
        "dropped": ["GONE"],
        "note": "Version 2 splits B.",
    }
    framework, found = parse_framework(
        framework_data(crosswalk={"from_version": "1.0.0", **crosswalk})
    )

    assert found == []
    assert framework is not None and framework.crosswalk is not None
    assert framework.crosswalk.split == {"OLD-B": ["B", "C"]}


def test_a_split_may_keep_the_old_id_for_one_part_and_a_merge_may_merge_into_one() -> None:
    assert problems({"split": {"B": ["B", "C"]}, "merged": {"A": ["A", "OLD-A2"]}}) == []


@pytest.mark.parametrize(
    ("crosswalk", "message"),
    [
        ({"renamed": {"OLD": "Z"}}, "crosswalk.renamed.OLD: 'Z' is not an indicator"),
        (
            {"renamed": {"OLD": "A"}, "merged": {"A": ["X", "Y"]}},
            "crosswalk.merged.A: 'A' is already the successor named at crosswalk.renamed.OLD",
        ),
        (
            {"renamed": {"OLD": "A"}, "dropped": ["OLD"]},
            "crosswalk.dropped[0]: old indicator 'OLD' is already mapped at crosswalk.renamed.OLD",
        ),
        (
            {"renamed": {"B": "A"}},
            "crosswalk.renamed.B: 'B' is still an indicator of this framework",
        ),
        ({"dropped": ["C"]}, "crosswalk.dropped[0]: 'C' is still an indicator"),
        ({"split": {"OLD": ["A", "A"]}}, "crosswalk.split.OLD: a split names the same"),
    ],
)
def test_a_crosswalk_that_cannot_be_followed_is_reported(
    crosswalk: dict[str, Any], message: str
) -> None:
    assert any(text.startswith(message) for text in problems(crosswalk)), problems(crosswalk)


def test_a_crosswalk_from_the_file_own_version_is_reported() -> None:
    data = framework_data(crosswalk={"from_version": "2.0.0"})
    [problem] = [str(p) for p in parse_framework(data)[1]]

    assert problem.startswith("crosswalk.from_version: the crosswalk maps from version 2.0.0")


@pytest.mark.parametrize(
    ("crosswalk", "where"),
    [
        ({"split": {"OLD": ["A"]}}, "crosswalk.split.OLD"),
        ({"merged": {"A": ["X"]}}, "crosswalk.merged.A"),
        ({"from_version": "two"}, "crosswalk.from_version"),
        ({"renamed": {"bad id!": "A"}}, "crosswalk.renamed"),
        ({"moved": {"X": "A"}}, "crosswalk.moved"),
    ],
)
def test_malformed_crosswalk_fields_are_reported_with_their_path(
    crosswalk: dict[str, Any], where: str
) -> None:
    data = framework_data(crosswalk={"from_version": "1.0.0", **crosswalk})
    framework, found = parse_framework(data)

    assert framework is None
    assert any(str(p).startswith(where) for p in found), [str(p) for p in found]


def test_frameworks_are_rankable_unless_their_file_says_otherwise() -> None:
    framework, _ = parse_framework(framework_data())
    assert framework is not None and framework.rankable

    refused, found = parse_framework(framework_data(rankable=False))
    assert found == [] and refused is not None and not refused.rankable


def test_only_the_city_biodiversity_index_of_the_bundled_frameworks_is_not_rankable() -> None:
    assert not get_framework("cbi-2014").rankable
    assert get_framework("issa-36").rankable
    assert get_framework("undrr-scorecard-prelim").rankable


def test_the_schema_describes_the_crosswalk_and_the_rankable_flag() -> None:
    schema = json_schema()
    definitions = schema["$defs"]
    properties = schema["properties"]
    assert isinstance(definitions, dict) and isinstance(properties, dict)

    assert "Crosswalk" in definitions
    assert properties["rankable"]["default"] is True
