"""The ``stocktake`` command as a whole, and the purity of the core it stands on."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable

from typer.testing import Result

Invoke = Callable[..., Result]

NO_DJANGO = (
    "import stocktake, stocktake.scoring, stocktake.frameworks, stocktake.demo, stocktake.io; "
    "import sys; "
    "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules)"
)


def test_core_imports_load_no_django() -> None:
    completed = subprocess.run(
        [sys.executable, "-c", NO_DJANGO], capture_output=True, text=True, check=False
    )

    assert completed.returncode == 0, completed.stderr


def test_command_line_imports_load_no_django() -> None:
    code = NO_DJANGO.replace("import stocktake,", "import stocktake_cli.main, stocktake,")

    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )

    assert completed.returncode == 0, completed.stderr


FRAMEWORKS_LIST_THEN_LIST_HEAVY_MODULES = """
import contextlib, io, sys
from stocktake_cli.main import app
with contextlib.redirect_stdout(io.StringIO()):
    app(["frameworks", "list"], standalone_mode=False)
heavy = ("scipy", "stocktake.composite", "stocktake.sensitivity")
print(" ".join(m for m in sys.modules if m in heavy or m.startswith(tuple(h + "." for h in heavy))))
"""


def test_frameworks_list_loads_no_scipy_and_no_composite_code() -> None:
    completed = subprocess.run(
        [sys.executable, "-c", FRAMEWORKS_LIST_THEN_LIST_HEAVY_MODULES],
        capture_output=True,
        text=True,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.split() == []


def test_help_lists_every_command(invoke: Invoke) -> None:
    result = invoke("--help")

    assert result.exit_code == 0
    for command in ("frameworks", "score", "priorities", "demo"):
        assert command in result.stdout


def test_unknown_command_exits_2(invoke: Invoke) -> None:
    result = invoke("scores")

    assert result.exit_code == 2
    assert result.stdout == ""
