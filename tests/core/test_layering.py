"""The core's subpackages form layers: no two of them import each other, directly or round about.

Every ``import`` statement of every module under ``src/stocktake`` counts, wherever it stands: at
the top, inside a function or under ``TYPE_CHECKING``. A cycle hidden by a late import is still a
cycle; it only moves the failure from import time to the first call.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

import stocktake

CORE = Path(stocktake.__file__).parent

Graph = dict[str, set[str]]


def _module_name(path: Path, root: Path) -> str:
    parts = [root.name, *path.relative_to(root).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported_modules(tree: ast.Module, module: str, is_package: bool) -> Iterator[str]:
    """Absolute names of everything a module imports, relative imports resolved.

    ``from package import name`` yields ``package.name``: the name may be a submodule, and
    otherwise it still lands in the package that defines it.
    """
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            yield from (f"{base}.{alias.name}" for alias in node.names)


def _layer(module: str, root: str, layers: set[str]) -> str | None:
    """The subpackage (or top-level module) holding ``module``; ``None`` outside the core."""
    parts = module.split(".")
    if parts[0] != root:
        return None
    if len(parts) > 1 and parts[1] in layers:
        return parts[1]
    return root


def import_graph(root: Path) -> Graph:
    """Which of the package's subpackages and top-level modules import which others."""
    layers = {path.stem for path in root.iterdir() if _is_layer(path)}
    graph: Graph = {name: set() for name in layers}
    for path in sorted(root.rglob("*.py")):
        module = _module_name(path, root)
        source = _layer(module, root.name, layers)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for imported in _imported_modules(tree, module, path.name == "__init__.py"):
            target = _layer(imported, root.name, layers)
            if source and target and target != source:
                graph.setdefault(source, set()).add(target)
    return graph


def _is_layer(path: Path) -> bool:
    if path.is_dir():
        return (path / "__init__.py").is_file()
    return path.suffix == ".py" and path.stem != "__init__"


def find_cycle(graph: Graph) -> list[str] | None:
    """One cycle of the graph, as the list of its nodes, or ``None`` when there is none."""
    try:
        TopologicalSorter(graph).prepare()
    except CycleError as exc:
        return list(exc.args[1])
    return None


def test_core_subpackages_import_each_other_without_a_cycle() -> None:
    graph = import_graph(CORE)

    assert find_cycle(graph) is None


def test_answers_sit_below_both_scoring_and_consolidation() -> None:
    graph = import_graph(CORE)

    assert "answers" in graph["consolidate"]
    assert "answers" in graph["scoring"]
    assert "consolidate" in graph["scoring"]
    assert graph["answers"] <= {"errors", "frameworks", "numbers"}
    assert graph["numbers"] <= {"errors"}


def test_a_cycle_hidden_in_a_late_import_is_found(tmp_path: Path) -> None:
    root = tmp_path / "core"
    for name, body in {
        "__init__.py": "",
        "low/__init__.py": "from core.low.values import VALUE\n",
        "low/values.py": "VALUE = 1\n\ndef late():\n    from ..high import HIGH\n    return HIGH\n",
        "high/__init__.py": "from core.low import VALUE as HIGH\n",
    }.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(body, encoding="utf-8")

    cycle = find_cycle(import_graph(root))

    assert cycle is not None
    assert set(cycle) == {"low", "high"}


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        ("import core.high.deep", {"high"}),
        ("from core import high", {"high"}),
        ("from core.high import thing", {"high"}),
        ("from . import high", {"high"}),
        ("import numpy", set()),
    ],
)
def test_every_form_of_import_is_read(tmp_path: Path, statement: str, expected: set[str]) -> None:
    root = tmp_path / "core"
    for name in ("__init__.py", "low/__init__.py", "high/__init__.py"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("", encoding="utf-8")
    (root / "low" / "reader.py").write_text(
        statement.replace("from . import", "from .. import") + "\n", encoding="utf-8"
    )

    assert import_graph(root)["low"] == expected
