"""``stocktake composite``: start, build and analyse a composite index from tabular data.

``init`` writes a commented spec and VARY file fitted to a data set; ``build`` writes one CSV per
stage (first column ``uCode``, then one column per indicator or aggregate), the ranks, the
treatment log and the resolved specification; ``analyse`` writes the statistical tables;
``from-assessments`` turns cities' answers into unit data. Bad input is reported in one line by
the group (:mod:`stocktake_cli.errors`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer
from rich.table import Table

from stocktake.answers import Answer
from stocktake.errors import StocktakeError
from stocktake.frameworks import Framework, resolve_framework
from stocktake.io.answers import read_answers
from stocktake.io.spreadsheets import all_or_nothing, write_frame, write_text
from stocktake_cli import robustness
from stocktake_cli.errors import command_group
from stocktake_cli.options import (
    AnswersFilesOption,
    DataOption,
    FrameworkOption,
    MetaOption,
    OutOption,
    SpecOption,
)
from stocktake_cli.output import console, number, text

if TYPE_CHECKING:
    import pandas as pd

    from stocktake.composite.build import BuildResult

# The composite and sensitivity code (scipy, the analysis stages) is imported inside each
# command, so that every other ``stocktake`` command starts without paying for it.

app = command_group(
    "Build composite indices (OECD/JRC handbook, COINr conventions) and analyse them."
)


@app.command("init")
def init_command(
    data: Annotated[
        Path,
        typer.Argument(
            metavar="DATA", help="Unit data, CSV or XLSX: uCode, uName, groups, indicators."
        ),
    ],
    out: OutOption,
    meta: Annotated[
        Path | None,
        typer.Option(
            "--meta",
            help="Indicator metadata (CSV or XLSX); without it, meta.csv is written, every "
            "numeric column an indicator under one index.",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace spec.yaml, vary.yaml or meta.csv in --out.")
    ] = False,
) -> None:
    """Write a commented spec.yaml and vary.yaml fitted to a data set, ready for `build`.

    The files name the data's own indicators, aggregates and group columns; `build`,
    `uncertainty` and `sensitivity` accept them as they are.
    """
    from stocktake_cli.starter_files import starter_files

    written = starter_files(data, meta).write(out, force=force)
    meta_path = meta if meta is not None else out / "meta.csv"
    names = [path.name for path in written]
    typer.echo(f"Wrote {', '.join(names[:-1])} and {names[-1]} to {out}.")
    if meta is None:
        typer.echo(
            f"Check {meta_path}: every numeric column is an indicator with direction 1 and "
            "weight 1, every text column a group."
        )
    inputs = f"--data {data} --meta {meta_path} --spec {out / 'spec.yaml'}"
    typer.echo("Next, build the index and see how far its ranks can be trusted:")
    typer.echo(f"  stocktake composite build {inputs} --out {out / 'build'}")
    typer.echo(
        f"  stocktake composite uncertainty {inputs} --vary {out / 'vary.yaml'} "
        f"--n 1000 --seed 1 --out {out / 'robustness'}"
    )


def _write(table: pd.DataFrame, path: Path, *, index: bool = True) -> None:
    write_frame(table, path, index=index)


def write_build(result: BuildResult, out: Path) -> list[Path]:
    """Write every stage table, the ranks, the logs and the resolved spec into ``out``.

    The files appear together once all are written, or not at all.
    """
    from stocktake.composite.build import STAGE_TABLES
    from stocktake.composite.spec import dump_spec

    written: list[Path] = []
    with all_or_nothing(out) as staging:

        def put(name: str, table: pd.DataFrame | None, *, index: bool = True) -> None:
            if table is None:
                return
            _write(table, staging / f"{name}.csv", index=index)
            written.append(out / f"{name}.csv")

        for name in (*STAGE_TABLES, "ranks"):
            put(name, result.stage(name))
        treated = result.treatment
        put("treatment_log", treated.points if treated else _no_points(), index=False)
        put("treatment", result.treatment.details if result.treatment else None)
        put("imputation_log", result.imputation.points if result.imputation else None, index=False)
        put("screening", result.screening.details if result.screening else None)
        put("normalisation", result.normalisation.details if result.normalisation else None)
        put("aggregation", result.aggregation.details if result.aggregation else None)
        put("weights", result.weights.to_frame())
        write_text(staging / "spec.yaml", dump_spec(result.spec))
        written.append(out / "spec.yaml")
    return written


def _no_points() -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(columns=["uCode", "iCode", "treatment", "original", "treated"])


def _summary(result: BuildResult, limit: int = 10) -> Table:
    table = Table(title=text(f"{', '.join(result.index_codes)}: the first {limit} units"))
    table.add_column("Rank", justify="right")
    table.add_column("uCode")
    table.add_column("Score", justify="right")
    code = result.index_codes[0]
    for unit, row in result.to_frame().head(limit).iterrows():
        table.add_row(number(row[f"{code}_rank"], 0), text(unit), number(row[code], 2))
    return table


@app.command("build")
def build_command(data: DataOption, meta: MetaOption, spec: SpecOption, out: OutOption) -> None:
    """Build the index and write each stage's table, the ranks and the treatment log."""
    from stocktake.composite.build import build
    from stocktake.composite.spec import load_spec
    from stocktake.composite.tables import read_tabular

    result = build(read_tabular(data, meta), load_spec(spec))
    written = write_build(result, out)
    screen = console()
    if result.spec.aggregate is not None:
        screen.print(_summary(result))
    else:
        screen.print(text("The specification has no aggregate stage: no index was ranked."))
    screen.print(text(f"Wrote {len(written)} files to {out}"))


@app.command("analyse")
def analyse_command(
    data: DataOption,
    meta: MetaOption,
    spec: SpecOption,
    out: OutOption,
    compare: Annotated[
        Path | None,
        typer.Option("--compare", help="A second specification to compare ranks with."),
    ] = None,
) -> None:
    """Build the index and write its analysis tables.

    Indicator statistics, correlations, Cronbach's alpha, PCA, weights against importance,
    strengths and weaknesses, and (with --compare) the rank changes under a second spec.
    """
    from stocktake.composite.analysis import analyse as run_analysis
    from stocktake.composite.build import build
    from stocktake.composite.spec import load_spec
    from stocktake.composite.tables import read_tabular

    units = read_tabular(data, meta)
    result = build(units, load_spec(spec))
    other = build(units, load_spec(compare)) if compare is not None else None
    analysis = run_analysis(result, other)
    with all_or_nothing(out) as staging:
        for name, table in analysis.tables().items():
            _write(table, staging / f"{name}.csv", index=table.index.name is not None)
    screen = console()
    if analysis.comparison is not None:
        shift = analysis.comparison.mean_absolute_rank_shift
        screen.print(text(f"Mean absolute rank shift: {shift:.2f}"))
    screen.print(text(f"Wrote {len(analysis.tables())} tables to {out}"))


@app.command("from-assessments")
def from_assessments_command(
    framework: FrameworkOption,
    answers: AnswersFilesOption,
    out: OutOption,
    values: Annotated[
        str, typer.Option("--values", help="Indicator points (points) or 0–100 scores (scores).")
    ] = "points",
) -> None:
    """Turn cities' assessments into unit data and metadata for `build`, `uncertainty` and more.

    Writes units.csv (one row per city, one column per indicator, consolidated across
    departments) and meta.csv (the framework's tree as levels and parents).
    """
    from stocktake.composite.assessments import consolidated_table, from_framework

    if values not in ("points", "scores"):
        raise StocktakeError(f"--values must be points or scores, not '{values}'")
    chosen = resolve_framework(framework)
    if not chosen.rankable:
        raise StocktakeError(
            f"the framework {chosen.key} is not meant to rank cities against each other (its "
            "file says rankable: false); compare each city with its own earlier round with "
            "'stocktake progress' instead"
        )
    by_city = _answers_by_city(chosen, answers)
    kind: Literal["points", "scores"] = "points" if values == "points" else "scores"
    table = consolidated_table(chosen, by_city, values=kind)
    data = from_framework(chosen, table, values=kind)
    with all_or_nothing(out) as staging:
        _write(data.units, staging / "units.csv")
        _write(data.meta, staging / "meta.csv")
    console().print(
        text(f"Wrote units.csv ({len(table)} cities) and meta.csv for {chosen.key} to {out}")
    )


def _answers_by_city(framework: Framework, paths: list[Path]) -> dict[str, list[Answer]]:
    """Every answer of every file, grouped by city.

    In a directory, the files named after the framework (``issa-36.csv``, as ``stocktake demo``
    writes them) are read when there are any, otherwise every CSV and XLSX file.
    """
    files: list[Path] = []
    for path in paths:
        if not path.is_dir():
            files.append(path)
            continue
        tables = sorted(p for p in path.rglob("*") if p.suffix.lower() in (".csv", ".xlsx"))
        named = [p for p in tables if p.stem == framework.id]
        files.extend(named or tables)
    by_city: dict[str, list[Answer]] = {}
    for file in files:
        for answer in read_answers(file, framework=framework):
            if not answer.city:
                raise StocktakeError(
                    f"{file}: every answer needs a city to build an index across cities; "
                    "fill the 'city' column"
                )
            by_city.setdefault(answer.city, []).append(answer)
    if len(by_city) < 2:
        raise StocktakeError("an index across cities needs answers from at least two cities")
    return by_city


robustness.register(app)
