"""The ``stocktake`` command as a whole: its commands, and what it loads."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable

from typer.testing import Result

Invoke = Callable[..., Result]

EVERY_CLI_MODULE_THEN_LIST_WEB_MODULES = """
import importlib, pkgutil, sys
import stocktake_cli
for module in pkgutil.iter_modules(stocktake_cli.__path__):
    importlib.import_module(f"stocktake_cli.{module.name}")
web = ("django", "stocktake_web")
print(" ".join(m for m in sys.modules if m.split(".")[0].startswith(web)))
"""


def test_command_line_loads_no_django_and_of_the_web_only_its_wording() -> None:
    """The command reads the web's compiled catalogues to say results as the pages do, through
    the web's wording modules, which import nothing of Django."""
    completed = subprocess.run(
        [sys.executable, "-c", EVERY_CLI_MODULE_THEN_LIST_WEB_MODULES],
        capture_output=True,
        text=True,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr
    assert sorted(completed.stdout.split()) == [
        "stocktake_web",
        "stocktake_web.knowledge_in_words",
        "stocktake_web.network_in_words",
        "stocktake_web.progress_in_words",
        "stocktake_web.report_in_words",
        "stocktake_web.results_in_words",
    ]


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
