"""``stocktake catalogue``: check a knowledge catalogue file, and search one.

The command line has no database: ``import`` checks a CSV or XLSX catalogue as the web page does
(every row, all or nothing) and writes the normalised catalogue to ``--out`` (JSON, CSV or XLSX,
chosen by the suffix); ``search`` reads such a file, or the spreadsheet itself, and applies the
core's one matching rule (:mod:`stocktake.knowledge.search`), so an analyst finds exactly what
the web page finds.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from stocktake.knowledge import CatalogueFileError, Resource, read_catalogue, search
from stocktake.knowledge.files import write_catalogue
from stocktake_cli.errors import command_group
from stocktake_cli.options import LangOption, TableOrJson, TableOrJsonOption
from stocktake_cli.output import EXIT_BAD_INPUT, console, fail, print_json, text
from stocktake_web.knowledge_in_words import found_line, kind_label, search_headings
from stocktake_web.results_in_words import catalogue as messages_in

app = command_group("Check, normalise and search a network's knowledge catalogue.")

CatalogueFile = Annotated[
    Path,
    typer.Option(
        "--catalogue", help="The catalogue: the JSON 'catalogue import' wrote, or a CSV or XLSX."
    ),
]


def _read(path: Path) -> list[Resource]:
    """The file's resources; on problems, each on its own line, then exit code 2."""
    try:
        return read_catalogue(path)
    except CatalogueFileError as exc:
        count = len(exc.problems)
        fail(f"{path}: {count} problem{'s' if count != 1 else ''}; nothing was imported.")
        for problem in exc.problems:
            typer.echo(f"  {problem}", err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None


@app.command("import")
def import_catalogue(
    file: Annotated[Path, typer.Argument(help="The catalogue to check, CSV or XLSX.")],
    out: Annotated[
        Path | None,
        typer.Option("--out", help="The normalised catalogue file to write (.json, .csv, .xlsx)."),
    ] = None,
) -> None:
    """Check every row of a catalogue file; with --out, write it normalised (nothing on errors)."""
    resources = _read(file)
    if out is not None:
        write_catalogue(resources, out)
    plural = "" if len(resources) == 1 else "s"
    written = f", written to {out}" if out is not None else ""
    typer.echo(f"{len(resources)} resource{plural} checked{written}.")


@app.command("search")
def search_catalogue(
    query: Annotated[str, typer.Argument(help="Words to find; every one must appear.")],
    catalogue: CatalogueFile,
    lang: LangOption = "en",
    kind: Annotated[str | None, typer.Option("--kind", help="Only this kind.")] = None,
    language: Annotated[
        str | None, typer.Option("--language", help="Only resources available in it.")
    ] = None,
    pathway: Annotated[str | None, typer.Option("--pathway", help="Only on this pathway.")] = None,
    fmt: TableOrJsonOption = TableOrJson.table,
) -> None:
    """Search the catalogue in any language; the table speaks --lang (zh-Hant, ja, ko, en)."""
    found = search(_read(catalogue), query, kind=kind, language=language, pathway=pathway)
    if fmt is TableOrJson.json:
        print_json([_summary(resource, lang) for resource in found])
        return
    words = messages_in(lang)
    headings = search_headings(words)
    table = Table(*headings.values(), title=found_line(len(found), words))
    for resource in found:
        row = _summary(resource, lang)
        table.add_row(
            text(row["id"]),
            text(kind_label(row["kind"], words)),
            *(text(row[name]) for name in ("title", "year")),
            text(", ".join(row["languages"])),
            text(row["link"]),
        )
    console().print(table)


def _summary(resource: Resource, lang: str) -> dict[str, Any]:
    return {
        "id": resource.id,
        "kind": resource.kind,
        "title": resource.title_in(lang),
        "year": resource.year,
        "languages": list(resource.languages),
        "link": resource.link,
        "indicators": list(resource.indicators),
        "pathways": list(resource.pathways),
    }
