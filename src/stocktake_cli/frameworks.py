"""``stocktake frameworks``: list, show, validate, export and import indicator frameworks."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from stocktake.errors import FrameworkError
from stocktake.frameworks import (
    bundled_frameworks,
    framework_yaml,
    read_framework_file,
    resolve_framework,
)
from stocktake.frameworks.schema import Framework
from stocktake.frameworks.text import localise
from stocktake.io import write_text
from stocktake.io.xlsform import read_xlsform, write_xlsform
from stocktake_cli.errors import command_group
from stocktake_cli.options import LangOption, TableOrJson, TableOrJsonOption
from stocktake_cli.output import EXIT_INVALID, console, points, print_json, text, warn
from stocktake_cli.views import framework_tree, localised_framework, unverified_message
from stocktake_web.results_in_words import catalogue, framework_words

app = command_group("List, show, validate, export and import indicator frameworks.")


class ExportFormat(StrEnum):
    xlsform = "xlsform"
    yaml = "yaml"


def max_score(framework: Framework) -> float | None:
    """The framework's maximum score where it has one: the plain sum of points of a ``sum`` rule."""
    return framework.max_points if framework.scoring.method == "sum" else None


def _summary(framework: Framework, lang: str) -> dict[str, Any]:
    return {
        "id": framework.id,
        "version": framework.version,
        "title": localise(framework.title, lang),
        "indicators": len(framework.indicators()),
        "max_score": max_score(framework),
        "scoring": framework.scoring.method,
        "languages": list(framework.languages),
    }


@app.command("list")
def list_frameworks(fmt: TableOrJsonOption = TableOrJson.table, lang: LangOption = "en") -> None:
    """The frameworks bundled with Stocktake."""
    summaries = [_summary(framework, lang) for framework in bundled_frameworks()]
    if fmt is TableOrJson.json:
        print_json(summaries)
        return
    shown = framework_words(catalogue(lang))
    table = Table(title=shown["Bundled frameworks"], title_justify="left", title_style="bold")
    for name in ("Id", "Version", "Title", "Indicators", "Maximum score"):
        numeric = name in {"Indicators", "Maximum score"}
        table.add_column(
            shown[name],
            justify="right" if numeric else "left",
            no_wrap=name != "Title",
            min_width=20 if name == "Title" else None,
        )
    for item in summaries:
        table.add_row(
            text(item["id"]),
            text(item["version"]),
            text(item["title"]),
            str(item["indicators"]),
            points(item["max_score"]),
        )
    console().print(table)


@app.command("show")
def show_framework(
    framework_ref: Annotated[
        str, typer.Argument(metavar="ID", help="A bundled framework id or a framework file.")
    ],
    fmt: TableOrJsonOption = TableOrJson.table,
    lang: LangOption = "en",
) -> None:
    """A framework's groups and indicators; JSON adds every level descriptor and band."""
    framework = resolve_framework(framework_ref)
    if fmt is TableOrJson.json:
        print_json(localised_framework(framework, lang))
        return
    out = console()
    out.print(framework_tree(framework, lang))
    message = unverified_message(framework, framework.unverified_sources())
    if message:
        out.print(text(f"Warning: {message}", "yellow"))


@app.command("validate")
def validate_framework(
    file: Annotated[Path, typer.Argument(help="The framework YAML file to check.")],
) -> None:
    """Check a framework file and report every problem with its place in the file."""
    if not file.is_file():
        raise FrameworkError(f"there is no file at {file}")
    framework, problems = read_framework_file(file)
    if problems or framework is None:
        for problem in problems:
            typer.echo(f"{file}: {problem}")
        count = len(problems)
        typer.echo(f"{file} is not a valid framework: {count} problem{'s' if count != 1 else ''}.")
        raise typer.Exit(EXIT_INVALID)
    n_indicators = len(framework.indicators())
    typer.echo(
        f"{file} is a valid framework: {framework.id} version {framework.version}, "
        f"{n_indicators} indicators."
    )
    message = unverified_message(framework, framework.unverified_sources())
    if message:
        warn(message)


@app.command("schema")
def print_schema() -> None:
    """Print the JSON Schema of a framework file (for editors and other tools)."""
    import json

    from stocktake.frameworks.schema import json_schema

    typer.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))


@app.command("export")
def export_framework(
    framework_ref: Annotated[
        str, typer.Argument(metavar="ID", help="A bundled framework id or a framework file.")
    ],
    out: Annotated[Path, typer.Option("--out", help="The file to write.")],
    fmt: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            help="xlsform: a form for KoboToolbox and ODK (.xlsx); yaml: a framework file.",
        ),
    ] = ExportFormat.xlsform,
) -> None:
    """Write a framework as an XLSForm for KoboToolbox and ODK, or as a framework file."""
    framework = resolve_framework(framework_ref)
    if fmt is ExportFormat.xlsform:
        write_xlsform(framework, out)
    else:
        write_text(out, framework_yaml(framework))
    typer.echo(f"Wrote {framework.id} version {framework.version} to {out}.")


@app.command("import")
def import_framework(
    file: Annotated[Path, typer.Argument(help="An XLSForm exported by 'frameworks export'.")],
    out: Annotated[Path, typer.Option("--out", help="The framework file to write.")],
) -> None:
    """Read an XLSForm written by 'frameworks export' back into a framework file."""
    framework = read_xlsform(file)
    write_text(out, framework_yaml(framework))
    typer.echo(
        f"Wrote {framework.id} version {framework.version}, "
        f"{len(framework.indicators())} indicators, to {out}."
    )
