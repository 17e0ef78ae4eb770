"""``stocktake catalogue``: check a knowledge catalogue file, and search one.

The command line has no database: ``import`` checks a CSV or XLSX catalogue as the web page does
(every row, all or nothing), keeps the normalised catalogue as the analyst's current catalogue
and, with ``--out``, writes it there too (JSON, CSV or XLSX, chosen by the suffix); ``search``
reads the current catalogue, or the file ``--catalogue`` names, and applies the core's one
matching rule (:mod:`stocktake.knowledge.search`), so an analyst finds exactly what the web page
finds.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from stocktake.frameworks.schema import PATHWAYS
from stocktake.knowledge import KINDS, CatalogueFileError, Resource, read_catalogue, search
from stocktake.knowledge.files import write_catalogue, written_format
from stocktake_cli.errors import command_group
from stocktake_cli.options import LangOption, TableOrJson, TableOrJsonOption
from stocktake_cli.output import EXIT_BAD_INPUT, console, fail, print_json, text
from stocktake_web.knowledge_in_words import found_line, kind_label, search_headings
from stocktake_web.results_in_words import catalogue as messages_in

app = command_group("Check, normalise and search a network's knowledge catalogue.")

CATALOGUE_VARIABLE = "STOCKTAKE_CATALOGUE"
"""An environment variable naming the current catalogue's file, instead of the data folder."""

CatalogueFile = Annotated[
    Path | None,
    typer.Option(
        "--catalogue",
        help="The catalogue to search: a JSON 'catalogue import' wrote, or a CSV or XLSX "
        "(by default the current catalogue, kept by the last 'catalogue import').",
    ),
]


def current_catalogue() -> Path:
    """Where ``import`` keeps the current catalogue, which ``search`` reads by default.

    The file ``STOCKTAKE_CATALOGUE`` names, else ``catalogue.json`` in the user's data folder as
    the XDG base directory specification places it (``$XDG_DATA_HOME/stocktake``, by default
    ``~/.local/share/stocktake``; a relative ``XDG_DATA_HOME`` is ignored, as the specification
    says).
    """
    named = os.environ.get(CATALOGUE_VARIABLE, "").strip()
    if named:
        return Path(named).expanduser()
    data = Path(os.environ.get("XDG_DATA_HOME", "").strip())
    if not data.is_absolute():
        data = Path.home() / ".local" / "share"
    return data / "stocktake" / "catalogue.json"


def _read(path: Path, *, refused: str = "nothing was imported") -> list[Resource]:
    """The file's resources; on problems, each on its own line, then exit code 2 (``refused``
    says what did not happen)."""
    try:
        return read_catalogue(path)
    except CatalogueFileError as exc:
        count = len(exc.problems)
        fail(f"{path}: {count} problem{'s' if count != 1 else ''}; {refused}.")
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
    """Check a catalogue file and keep it as the current catalogue, which 'search' reads.

    Every row is checked; a file with problems changes nothing. With --out the normalised
    catalogue is written there too. The current catalogue is the file STOCKTAKE_CATALOGUE
    names, else catalogue.json in $XDG_DATA_HOME/stocktake (by default
    ~/.local/share/stocktake).
    """
    resources = _read(file)
    kept = current_catalogue()
    for target in (out, kept):
        if target is not None:
            written_format(target)  # both checked first: neither is written if one cannot be
    kept.parent.mkdir(parents=True, exist_ok=True)  # a folder that cannot be: nothing written
    new_out = out is not None and not out.exists()
    if out is not None:
        write_catalogue(resources, out)
    try:
        write_catalogue(resources, kept)  # a temporary file renamed at the end: whole or unchanged
    except OSError:
        if out is not None and new_out:
            out.unlink(missing_ok=True)  # both or neither
        raise
    plural = "" if len(resources) == 1 else "s"
    written = f", written to {out}" if out is not None else ""
    typer.echo(f"{len(resources)} resource{plural} checked{written}.")
    typer.echo(f"Kept as the current catalogue in {kept}.")


@app.command("search")
def search_catalogue(
    query: Annotated[str, typer.Argument(help="Words to find; every one must appear.")],
    catalogue: CatalogueFile = None,
    lang: LangOption = "en",
    kind: Annotated[
        str | None,
        typer.Option("--kind", help=f"Only this kind, any case: {', '.join(KINDS)}."),
    ] = None,
    language: Annotated[
        str | None,
        typer.Option("--language", help="Only resources available in it (zh-Hant, any case)."),
    ] = None,
    pathway: Annotated[
        str | None,
        typer.Option("--pathway", help=f"Only on this pathway, any case: {', '.join(PATHWAYS)}."),
    ] = None,
    fmt: TableOrJsonOption = TableOrJson.table,
) -> None:
    """Search the current catalogue, or the file --catalogue names, in any language.

    The table speaks --lang (zh-Hant, ja, ko, en). Full-width letters and digits find their
    plain forms; --kind, --language and --pathway ignore case.
    """
    found = search(
        _read(_searched(catalogue), refused="nothing was searched"),
        query,
        kind=kind,
        language=language,
        pathway=pathway,
    )
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


def _searched(catalogue: Path | None) -> Path:
    """The file named, else the current catalogue; without either, one line and exit code 2."""
    if catalogue is not None:
        return catalogue
    kept = current_catalogue()
    if not kept.exists():
        fail(
            "no catalogue was imported yet; run 'stocktake catalogue import FILE' first, "
            "or pass --catalogue FILE"
        )
        raise typer.Exit(EXIT_BAD_INPUT)
    return kept


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
