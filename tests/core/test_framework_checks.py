from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from stocktake.errors import FrameworkError, UnknownFrameworkError
from stocktake.frameworks import (
    get_framework,
    load_framework,
    read_framework_file,
    resolve_framework,
)
from stocktake.frameworks.loader import parse_framework

MINI = Path(__file__).parent / "data" / "mini.yaml"


def mini_data() -> dict[str, Any]:
    data = yaml.safe_load(MINI.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return copy.deepcopy(data)


def problem_texts(data: Any) -> list[str]:
    return [str(p) for p in parse_framework(data)[1]]


def test_example_framework_is_valid_and_counts_points() -> None:
    framework, problems = read_framework_file(MINI)
    assert problems == []
    assert framework is not None
    assert framework.key == "mini@1.0.0"
    assert framework.max_points == 15.0
    assert [g.id for g in framework.group_path("E1")] == ["env", "env-nature"]


def test_missing_field_is_reported_with_its_path() -> None:
    data = mini_data()
    del data["groups"][0]["indicators"][0]["levels"]
    assert problem_texts(data) == [
        "groups[0].indicators[0].levels: this field is required but missing"
    ]


def test_every_structural_problem_is_reported_at_once() -> None:
    data = mini_data()
    data["version"] = "first"
    data["groups"][0]["indicators"][0]["type"] = "stars"
    data["groups"][0]["indicators"][1]["colour"] = "red"
    texts = problem_texts(data)
    assert len(texts) == 3
    assert texts[0].startswith("version: String should match pattern")
    assert "'type' must be one of maturity, banded, numeric, yes_no or choice" in texts[1]
    assert texts[2] == (
        "groups[0].indicators[1].colour: this field is not part of the framework format; "
        "check its spelling"
    )


def test_text_without_english_is_refused() -> None:
    data = mini_data()
    data["title"] = {"zh-Hant": "迷你框架"}
    assert problem_texts(data) == [
        "title: every text needs an English ('en') version, the fallback language"
    ]


def test_duplicate_ids_and_unknown_departments_are_named() -> None:
    data = mini_data()
    data["groups"][1]["groups"][0]["indicators"][0]["id"] = "G1"
    data["groups"][0]["indicators"][0]["departments"] = ["finance"]
    texts = problem_texts(data)
    assert (
        "groups[1].groups[0].indicators[0].id: id 'G1' is already used at "
        "groups[0].indicators[0]; ids must be unique across groups and indicators"
    ) in texts
    assert (
        "groups[0].indicators[0].departments[0]: department 'finance' is not declared in "
        "the framework's 'departments' list"
    ) in texts


def test_overlapping_bands_are_refused() -> None:
    data = mini_data()
    bands = data["groups"][1]["groups"][0]["indicators"][0]["bands"]["bands"]
    bands[2]["min"] = 6.9  # touches band 1's inclusive max
    texts = problem_texts(data)
    assert texts == [
        "groups[1].groups[0].indicators[0].bands.bands[2]: this band overlaps the one before "
        "it at 6.9; make one bound exclusive or move it"
    ]


def test_declared_language_must_be_complete() -> None:
    data = mini_data()
    data["groups"][0]["indicators"][0]["levels"][2]["label"] = {"en": "Planned"}
    assert problem_texts(data) == [
        "groups[0].indicators[0].levels[2].label: the file declares languages en, zh-Hant but "
        "this text has no zh-Hant version; translate it or remove the language from 'languages'"
    ]


def test_levels_out_of_order_are_refused() -> None:
    data = mini_data()
    levels = data["groups"][0]["indicators"][0]["levels"]
    levels[0], levels[1] = levels[1], levels[0]
    assert problem_texts(data) == [
        "groups[0].indicators[0].levels: level values must be unique and listed from lowest "
        "to highest"
    ]


def test_invalid_yaml_names_line_and_column(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: x\ngroups: [\n  - a: b\n", encoding="utf-8")
    framework, problems = read_framework_file(broken)
    assert framework is None
    assert len(problems) == 1
    assert str(problems[0]).startswith("(top level): the file is not valid YAML at line")


def test_load_framework_raises_with_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("id: bad\n", encoding="utf-8")
    with pytest.raises(FrameworkError, match=r"bad\.yaml is not a valid framework: version: "):
        load_framework(path)


def test_a_missing_framework_file_is_said_plainly(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"

    with pytest.raises(FrameworkError) as caught:
        load_framework(path)

    assert str(caught.value) == f"there is no framework file at {path}"


def test_resolving_a_missing_framework_file_says_the_same(tmp_path: Path) -> None:
    path = str(tmp_path / "nope.yml")

    with pytest.raises(FrameworkError) as caught:
        resolve_framework(path)

    assert str(caught.value) == f"there is no framework file at {path}"


def test_unknown_bundled_framework_lists_the_known_ones() -> None:
    with pytest.raises(UnknownFrameworkError, match="there is no framework 'nope'"):
        get_framework("nope")


def test_unverified_band_table_is_listed(mini: Any) -> None:
    assert mini.unverified_sources() == ["E1"]
