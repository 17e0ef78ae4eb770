"""The one YAML reader: every malformed document is a FileError with its place, never a crash."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from stocktake.errors import FileError
from stocktake.frameworks import get_framework
from stocktake.frameworks.loader import read_framework_file
from stocktake.io import parse_yaml, read_yaml


def _error(text: str) -> str:
    with pytest.raises(FileError) as caught:
        parse_yaml(text, source="f.yaml")
    return str(caught.value)


def test_a_document_is_read_with_dates_and_shared_anchors() -> None:
    data = parse_yaml("when: 2025-01-31\nlevel: &l {en: Low}\nagain: *l\n")

    assert str(data["when"]) == "2025-01-31"
    assert data["again"] == {"en": "Low"}


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("a: " + "1" * 5000, "line 1, column 4: the whole number has 5000 digits"),
        ("d: 2024-02-30", "line 1, column 4: '2024-02-30' is not a valid date"),
        ("[" * 5000, "nest too deeply to read"),
        ("a: &a [*a]", "an alias (*) refers to the value it stands in"),
        ("---\na\n---\nb\n", "line 3, column 1: but found another document"),
        ("a: 1\nb: \x00\n", "line 2: it holds the control character #x0000"),
        ("x: !!python/object:os.system ls", "could not determine a constructor"),
        ("? [a]\n: b\n", "found unhashable key"),
    ],
)
def test_malformed_yaml_is_refused_with_its_place(text: str, says: str) -> None:
    message = _error(text)

    assert message.startswith("f.yaml: the file is not valid YAML at ")
    assert says in message
    assert "\n" not in message


def test_aliases_that_stand_for_billions_of_values_are_refused_quickly() -> None:
    levels = ["l0: &l0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(1, 10)]

    started = time.perf_counter()
    message = _error("\n".join(levels) + "\n")

    assert "stand for more than 1,000,000 values" in message
    assert time.perf_counter() - started < 5


def test_a_missing_or_undecodable_file_is_named(tmp_path: Path) -> None:
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("id: x\nname: caf\xe9\n".encode("latin-1"))

    with pytest.raises(FileError, match="there is no such file"):
        read_yaml(tmp_path / "none.yaml")
    with pytest.raises(FileError, match=r"not UTF-8 text \(line 2\)"):
        read_yaml(latin)


def test_a_framework_file_with_a_huge_number_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "fw.yaml"
    path.write_text("id: x\nversion: " + "9" * 5000 + "\n", encoding="utf-8")

    framework, problems = read_framework_file(path)

    assert framework is None
    assert "the whole number has 5000 digits" in str(problems[0])


def test_the_bundled_frameworks_are_read_through_the_same_reader() -> None:
    assert get_framework("issa-36").id == "issa-36"
