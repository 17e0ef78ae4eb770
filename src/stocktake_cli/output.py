"""How the command line prints: consoles, numbers, exit codes and the one-line error message.

Tables go to standard output through rich; errors and warnings that must not spoil machine-readable
output (JSON, CSV) go to standard error. Data is always passed to rich as :class:`rich.text.Text`,
never as markup, so a title with square brackets prints as written.
"""

from __future__ import annotations

import json
import math
import os
from typing import Any

import typer
from rich.console import Console
from rich.text import Text

EXIT_OK = 0
EXIT_INVALID = 1
"""``frameworks validate`` found problems in the file."""
EXIT_BAD_INPUT = 2
"""Bad input: unknown framework or indicator, value off the scale, malformed or missing file."""


PIPED_WIDTH = 120
"""Width of tables written to a file or a pipe, where there is no terminal to measure."""


def console() -> Console:
    """A console on standard output, created per command so that it writes where output goes now."""
    screen = Console(highlight=False)
    if not screen.is_terminal and "COLUMNS" not in os.environ:
        screen.width = PIPED_WIDTH
    return screen


def error_console() -> Console:
    return Console(stderr=True, highlight=False)


def text(value: object, style: str = "") -> Text:
    """Data as literal text for a rich table cell."""
    return Text("" if value is None else str(value), style=style)


def number(value: float | None, digits: int = 1) -> str:
    """A score for a table with ``digits`` decimals; ``–`` when missing (None or NaN)."""
    if value is None or math.isnan(value):
        return "–"
    return f"{value:.{digits}f}"


def points(value: float | None) -> str:
    return "–" if value is None else f"{value:g}"


def percent(share: float | None) -> str:
    return "–" if share is None else f"{100.0 * share:.0f} %"


def print_json(data: Any) -> None:
    """JSON on standard output, non-ASCII text kept readable (Chinese, Japanese, Korean)."""
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def warn(message: str) -> None:
    typer.echo(f"Warning: {message}", err=True)


def fail(message: str) -> None:
    """The one line a person sees on bad input."""
    typer.echo(f"Error: {message}", err=True)
