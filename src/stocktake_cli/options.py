"""The options that several ``stocktake`` commands share, each defined once.

A shared option has one flag, one help text and one type wherever it appears, so ``--framework``
of ``score`` and of ``composite from-assessments`` cannot drift apart. Options that belong to a
single command stay with that command.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from stocktake.frameworks.text import canonical_tag


class TableOrJson(StrEnum):
    table = "table"
    json = "json"


class ScoreFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


LANG_HELP = "Language of framework texts (en, zh-Hant, ja, ko …); falls back to English."

# Assessments: frameworks, answers, cities, languages and output formats.

FrameworkOption = Annotated[
    str,
    typer.Option(
        "--framework", "-f", help="A bundled framework id (see 'frameworks list') or a YAML file."
    ),
]
AnswersOption = Annotated[
    Path, typer.Option("--answers", "-a", help="The answers file, CSV or XLSX, one row per answer.")
]
AnswersFilesOption = Annotated[
    list[Path],
    typer.Option(
        "--answers",
        "-a",
        help="Answers files (CSV or XLSX) with a city column, or directories of them; "
        "repeat the option for several.",
    ),
]
CityOption = Annotated[
    str | None,
    typer.Option("--city", help="The city to assess when the file holds several cities' answers."),
]
LangOption = Annotated[
    str, typer.Option("--lang", help=LANG_HELP, callback=lambda tag: canonical_tag(tag or "en"))
]
TableOrJsonOption = Annotated[TableOrJson, typer.Option("--format", help="A table or JSON.")]
ScoreFormatOption = Annotated[
    ScoreFormat, typer.Option("--format", help="A table, JSON, or CSV (one row per item).")
]

# Composite indices: the tabular inputs, the specification files and where results go.

DataOption = Annotated[
    Path, typer.Option("--data", help="Unit data, CSV or XLSX: uCode, uName, groups, indicators.")
]
MetaOption = Annotated[
    Path, typer.Option("--meta", help="Indicator metadata, CSV or XLSX: iCode, Level, Parent, …")
]
SpecOption = Annotated[
    Path,
    typer.Option("--spec", help="The build specification (YAML); 'composite init' writes one."),
]
VaryOption = Annotated[
    Path,
    typer.Option(
        "--vary", help="The uncertain settings and their alternatives (YAML); 'init' writes one."
    ),
]
OutOption = Annotated[Path, typer.Option("--out", help="Folder to write to (created if needed).")]

# Randomness.

SEED_HELP = "Seed for the random draws, a whole number from 0; the same seed, the same result."
SeedOption = Annotated[
    int | None,
    typer.Option("--seed", min=0, help=f"{SEED_HELP} Without it, every run draws afresh."),
]
FixedSeedOption = Annotated[int, typer.Option("--seed", min=0, help=SEED_HELP)]
"""A seed that always has a value: the command's default when not given."""
