"""``stocktake questionnaire``: a department's offline questionnaire from a framework alone."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stocktake.errors import FrameworkError
from stocktake.frameworks import resolve_framework
from stocktake.io.questionnaire import Questionnaire, department_indicators, write_questionnaire
from stocktake_cli.options import FrameworkOption, LangOption
from stocktake_cli.output import console


def questionnaire(
    framework: FrameworkOption,
    department: Annotated[
        str, typer.Option("--department", "-d", help="The department id the questionnaire is for.")
    ],
    out: Annotated[Path, typer.Option("--out", help="The XLSX file to write.")],
    lang: LangOption = "en",
) -> None:
    """Write a department's blank questionnaire as XLSX; 'score --answers' reads it back."""
    loaded = resolve_framework(framework)
    known = [unit.id for unit in loaded.departments]
    if known and department not in known:
        raise FrameworkError(
            f"the framework {loaded.id} has no department '{department}'; "
            f"use one of {', '.join(known)}"
        )
    indicators = department_indicators(loaded, department)
    write_questionnaire(
        Questionnaire(framework=loaded, department=department, indicators=indicators, lang=lang),
        out,
    )
    console().print(f"{len(indicators)} indicators for {department} written to {out}")
