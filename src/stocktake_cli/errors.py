"""The one place where the command line turns bad input into a message.

Every group of the ``stocktake`` command is a :class:`StocktakeGroup`. Around whichever command
runs, it catches Stocktake's own errors (:class:`stocktake.errors.StocktakeError` and its
subclasses) and operating-system errors (a file that cannot be read or written), prints one line
on standard error and exits with code 2, without a traceback. Any other exception is a defect and
keeps its traceback, so that it can be reported.
"""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup

from stocktake.errors import StocktakeError
from stocktake_cli.output import EXIT_BAD_INPUT, fail


class StocktakeGroup(TyperGroup):
    """A command group that reports bad input in one line and exit code 2.

    Groups nest (``stocktake composite build``); the innermost one reports the error and exits,
    so the message is printed once whichever group is run.
    """

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


def command_group(help_text: str, *, name: str | None = None) -> typer.Typer:
    """A Typer app for a group of ``stocktake``, reporting bad input as every group does."""
    return typer.Typer(
        name=name,
        help=help_text,
        cls=StocktakeGroup,
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )
