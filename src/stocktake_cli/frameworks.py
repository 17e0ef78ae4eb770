"""``stocktake frameworks``: list, show, validate, derive, compare, export and import frameworks."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from stocktake.errors import FrameworkError
from stocktake.frameworks import (
    Problem,
    bundled_frameworks,
    framework_yaml,
    read_framework_file,
    resolve_framework,
)
from stocktake.frameworks.derive import (
    ChangesError,
    check_against_base,
    derive,
    stale_language_warnings,
)
from stocktake.frameworks.diff import FrameworkDiff, diff
from stocktake.frameworks.loader import bundled_version
from stocktake.frameworks.schema import Framework
from stocktake.frameworks.text import localise
from stocktake.io import write_text
from stocktake.io.xlsform import read_xlsform, write_xlsform
from stocktake.yaml_files import line_of, parse_yaml, read_yaml_text
from stocktake_cli.errors import command_group
from stocktake_cli.options import LangOption, TableOrJson, TableOrJsonOption
from stocktake_cli.output import (
    EXIT_BAD_INPUT,
    EXIT_INVALID,
    console,
    fail,
    points,
    print_json,
    text,
    warn,
)
from stocktake_cli.views import framework_tree, localised_framework, unverified_message
from stocktake_web.results_in_words import catalogue, framework_words

app = command_group(
    "List, show, validate, derive, compare, export and import indicator frameworks."
)


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
    base: Annotated[
        str | None,
        typer.Option(
            "--base",
            help="For a derived framework: its base (a file, or a bundled id) when not bundled.",
        ),
    ] = None,
) -> None:
    """Check a framework file and report every problem with its place in the file."""
    if not file.is_file():
        raise FrameworkError(f"there is no file at {file}")
    framework, problems = read_framework_file(file)
    if framework is not None and not problems:
        problems = _against_base(framework, base)
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
    for sentence in stale_language_warnings(framework):
        warn(sentence)


def _against_base(framework: Framework, base: str | None) -> list[Problem]:
    """A derived framework's record checked against its base, when the base is at hand."""
    derived = framework.derived_from
    if derived is None:
        return []
    found = resolve_framework(base) if base else bundled_version(derived.id, derived.version)
    if found is None:
        warn(
            f"the base {derived.key} is not bundled, so the indicators listed as kept, "
            "reworded and dropped were not checked against it; give its file with --base"
        )
        return []
    return check_against_base(framework, found)


@app.command("derive")
def derive_framework(
    base: Annotated[
        str,
        typer.Argument(
            metavar="BASE", help="The framework to derive from: a bundled id or a file."
        ),
    ],
    changes: Annotated[
        Path, typer.Option("--changes", help="The changes file (docs/frameworks.md).")
    ],
    out: Annotated[Path, typer.Option("--out", help="The derived framework file to write.")],
) -> None:
    """Derive a local version of a framework: drop, reword, reweight and add indicators."""
    framework = resolve_framework(base)
    text_of_changes = read_yaml_text(changes)
    try:
        derived = derive(framework, parse_yaml(text_of_changes, source=str(changes)) or {})
    except ChangesError as exc:
        for problem in exc.problems:
            line = line_of(text_of_changes, problem.path)
            where = f"{changes}, line {line}" if line else str(changes)
            fail(f"{where}: {problem}")
        raise typer.Exit(EXIT_BAD_INPUT) from None
    write_text(out, framework_yaml(derived.framework))
    record = derived.framework.derived_from
    assert record is not None  # derive always records the base
    typer.echo(
        f"Wrote {derived.framework.id} version {derived.framework.version} to {out}: "
        f"{len(derived.framework.indicators())} indicators; from {record.id} "
        f"{record.version}, {len(record.kept)} kept, {len(record.reworded)} reworded, "
        f"{len(record.dropped)} dropped, {len(record.added)} added, "
        f"{len(record.not_applicable)} not applicable."
    )
    for sentence in derived.warnings:
        warn(sentence)


@app.command("diff")
def diff_frameworks(
    a: Annotated[str, typer.Argument(help="A framework: a bundled id (issa-36@1.0.1) or a file.")],
    b: Annotated[str, typer.Argument(help="The framework to compare it with.")],
    fmt: TableOrJsonOption = TableOrJson.table,
    lang: LangOption = "en",
) -> None:
    """The indicators dropped, added, reworded, reweighted and marked not applicable from A to B."""
    first, second = resolve_framework(a), resolve_framework(b)
    found = diff(first, second)
    if fmt is TableOrJson.json:
        print_json(found.to_dict())
        return
    for line in diff_lines(found, first, second, lang):
        typer.echo(line)


def diff_lines(found: FrameworkDiff, a: Framework, b: Framework, lang: str) -> list[str]:
    """The difference in sentences, one kind of change per paragraph, each indicator named."""

    def named(key: str) -> str:
        framework = b if key in {ind.id for ind in b.indicators()} else a
        return f"  {key}  {localise(framework.indicator(key).title, lang)}"

    lines = [f"From {found.a} to {found.b}: {len(found.shared)} indicators shared."]
    if found.unchanged:
        return [*lines, "No indicator was dropped, added, reworded or reweighted."]
    parts: list[tuple[str, list[str]]] = [
        ("Dropped", [named(key) for key in found.dropped]),
        ("Added", [named(key) for key in found.added]),
        (
            "Reworded",
            [f"{named(item.indicator)}: {', '.join(item.texts)}" for item in found.reworded],
        ),
        (
            "Reweighted",
            [f"{named(i.indicator)}: {i.before:g} → {i.after:g}" for i in found.reweighted],
        ),
        ("Rescaled (not comparable)", [named(key) for key in found.rescaled]),
        ("Not applicable", [named(key) for key in found.not_applicable]),
    ]
    for title, items in parts:
        if items:
            lines += ["", f"{title} ({len(items)}):", *items]
    return lines


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
