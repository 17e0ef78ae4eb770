"""The ``stocktake`` command.

Bad input never shows a traceback: :class:`StocktakeGroup` catches Stocktake's own errors and
operating-system errors (a missing or unreadable file) around every command, prints one line on
standard error and exits with code 2.
"""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup

from stocktake.errors import StocktakeError
from stocktake_cli import assessment, composite, demo, frameworks
from stocktake_cli.output import EXIT_BAD_INPUT, fail


class StocktakeGroup(TyperGroup):
    """The top-level group: turns input errors into one message and exit code 2."""

    def invoke(self, ctx: Any) -> Any:  # Typer's own click context class is private
        try:
            return super().invoke(ctx)
        except StocktakeError as exc:
            fail(str(exc))
        except OSError as exc:
            fail(describe_os_error(exc))
        raise typer.Exit(EXIT_BAD_INPUT)


def describe_os_error(exc: OSError) -> str:
    """``path: reason`` rather than Python's ``[Errno 2] …`` form."""
    reason = exc.strerror or str(exc)
    return f"{exc.filename}: {reason}" if exc.filename else reason


app = typer.Typer(
    name="stocktake",
    cls=StocktakeGroup,
    help="Self-assessment, scoring and key areas for development for networks of cities.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(frameworks.app, name="frameworks")
app.command("score")(assessment.score)
app.command("priorities")(assessment.priorities)
app.command("demo")(demo.demo)
app.add_typer(composite.app, name="composite")
