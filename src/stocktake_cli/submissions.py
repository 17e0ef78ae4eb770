"""``stocktake submissions``: a KoboToolbox or ODK export of submissions as an answers file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stocktake.frameworks import resolve_framework
from stocktake.io import write_answers
from stocktake.io.submissions import read_submissions
from stocktake_cli.options import FrameworkOption


def submissions(
    export: Annotated[Path, typer.Argument(help="The export of submissions, CSV or XLSX.")],
    framework_ref: FrameworkOption,
    out: Annotated[Path, typer.Option("--out", help="The answers file to write (.csv or .xlsx).")],
    department: Annotated[
        str, typer.Option("--department", help="The department every submission answers for.")
    ] = "",
    department_column: Annotated[
        str | None,
        typer.Option("--department-column", help="The column naming each submission's department."),
    ] = None,
    city: Annotated[str, typer.Option("--city", help="The city written into every answer.")] = "",
) -> None:
    """Turn submissions to a framework's XLSForm into an answers file that 'score' reads."""
    framework = resolve_framework(framework_ref)
    found = read_submissions(
        export,
        framework=framework,
        department=department,
        department_column=department_column,
        city=city,
    )
    answers = [answer for submission in found for answer in submission.answers]
    write_answers(answers, out)
    plural = "" if len(found) == 1 else "s"
    typer.echo(f"Wrote {len(answers)} answers from {len(found)} submission{plural} to {out}.")
