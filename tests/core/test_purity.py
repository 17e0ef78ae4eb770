"""The core is importable in a notebook: no web framework and no command line come with it.

Each subpackage is imported, with every one of its modules, in a fresh interpreter, so that what
an earlier import loaded cannot hide what this one loads.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import stocktake

CORE = Path(stocktake.__file__).parent

FORBIDDEN = ("django", "stocktake_web", "stocktake_cli")

LIST_FORBIDDEN_AFTER_IMPORTING = """
import importlib, json, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
forbidden = {forbidden!r}
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0].startswith(forbidden))))
"""


def core_modules(root: Path = CORE) -> dict[str, list[str]]:
    """Every module of the core, by the subpackage (or top-level module) that holds it."""
    modules: dict[str, list[str]] = {}
    for path in sorted(root.rglob("*.py")):
        parts = [root.name, *path.relative_to(root).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        layer = parts[1] if len(parts) > 1 else root.name
        modules.setdefault(layer, []).append(".".join(parts))
    return modules


def loaded_forbidden_modules(modules: list[str]) -> list[str]:
    code = LIST_FORBIDDEN_AFTER_IMPORTING.format(forbidden=FORBIDDEN)
    completed = subprocess.run(
        [sys.executable, "-c", code, *modules], capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stderr
    return list(json.loads(completed.stdout))


CORE_LAYERS = sorted(core_modules())


def test_every_subpackage_of_the_core_is_checked() -> None:
    layers = set(core_modules())

    assert {
        "stocktake",
        "answers",
        "scoring",
        "consolidate",
        "composite",
        "sensitivity",
        "network",
    } <= layers


@pytest.mark.parametrize("layer", CORE_LAYERS)
def test_importing_a_core_subpackage_loads_no_django_web_or_command_line(layer: str) -> None:
    modules = core_modules()[layer]

    assert loaded_forbidden_modules(modules) == []


def test_the_check_sees_a_forbidden_module_when_one_is_loaded() -> None:
    assert "stocktake_cli.output" in loaded_forbidden_modules(["stocktake", "stocktake_cli.output"])
