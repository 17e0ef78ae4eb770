"""``stocktake composite uncertainty`` and ``stocktake composite sensitivity``.

Both read the same inputs as ``composite build`` plus a VARY file, show a progress bar over the
replications (on standard error, so standard output stays a table), and write CSV files:

* ``rank_intervals.csv``: per unit the nominal, mean, median, 5th and 95th percentile rank and
  the nominal score, best first;
* ``sensitivity_indices.csv`` (sensitivity only): per input ``S``, ``ST`` and their bootstrap
  intervals;

and, with ``--plot``, a PNG or SVG of the rank intervals. :func:`register` adds both commands to
a Typer app (the ``composite`` group).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from stocktake.io.spreadsheets import write_frame
from stocktake_cli.options import (
    DataOption,
    MetaOption,
    OutOption,
    SeedOption,
    SpecOption,
    VaryOption,
)
from stocktake_cli.output import console, error_console, number, text

if TYPE_CHECKING:
    import pandas as pd

    from stocktake.composite.data import CompositeData
    from stocktake.sensitivity import UncertaintyResult

# The composite and sensitivity code (scipy, matplotlib) is imported inside each command, so
# that every other ``stocktake`` command starts without paying for it.

PlotOption = Annotated[
    Path | None,
    typer.Option("--plot", help="Also draw the rank intervals to this file (.png or .svg)."),
]
CodeOption = Annotated[
    str | None,
    typer.Option("--code", help="Aggregate to rank; the index (top of the tree) by default."),
]


@contextmanager
def _progress(what: str) -> Iterator[Callable[[int, int], None]]:
    """A progress bar over replications; yields the callback the analysis calls per chunk."""
    bar = Progress(
        TextColumn(what),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=error_console(),
        transient=True,
    )
    task = bar.add_task(what, total=None)

    def advance(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)

    with bar:
        yield advance


def _rank_table(result: UncertaintyResult, limit: int = 10) -> Table:
    table = Table(title=text(f"{result.code}: rank intervals over {result.n} replications"))
    for column in ("uCode", "Nominal", "Median", "5 %", "95 %"):
        table.add_column(column, justify="left" if column == "uCode" else "right")
    for unit, row in result.to_frame().head(limit).iterrows():
        cells = [row["nominal"], row["median"], row["p05"], row["p95"]]
        table.add_row(text(unit), *(number(value, 0) for value in cells))
    return table


def _write_ranks(
    result: UncertaintyResult, data: CompositeData, out: Path, plot: Path | None
) -> None:
    out.mkdir(parents=True, exist_ok=True)
    write_frame(result.to_frame(), out / "rank_intervals.csv")
    if plot is not None:
        from stocktake.sensitivity.plot import plot_rank_intervals

        plot_rank_intervals(result, plot, units=60, names=data.unit_names())


def uncertainty_command(
    data: DataOption,
    meta: MetaOption,
    spec: SpecOption,
    vary: VaryOption,
    out: OutOption,
    n: Annotated[int, typer.Option("--n", min=1, help="Number of replications.")] = 1000,
    seed: SeedOption = None,
    plot: PlotOption = None,
    code: CodeOption = None,
) -> None:
    """Monte Carlo over the VARY settings: each unit's nominal, median and 5–95 % rank."""
    from stocktake.composite.spec import load_spec
    from stocktake.composite.tables import read_tabular
    from stocktake.sensitivity import load_vary, uncertainty_analysis

    base = load_spec(spec)
    varied = load_vary(vary, base)
    table = read_tabular(data, meta)
    with _progress("Replications") as advance:
        result = uncertainty_analysis(
            table, base, varied, n=n, code=code, random_state=seed, progress=advance
        )
    _write_ranks(result, table, out, plot)
    console().print(_rank_table(result))
    console().print(text(f"Wrote rank_intervals.csv to {out}"))


def sensitivity_command(
    data: DataOption,
    meta: MetaOption,
    spec: SpecOption,
    vary: VaryOption,
    out: OutOption,
    n: Annotated[
        int, typer.Option("--n", min=2, help="Base sample size N; N·(d + 2) replications.")
    ] = 200,
    bootstrap: Annotated[
        int, typer.Option("--bootstrap", min=0, help="Bootstrap samples for the intervals.")
    ] = 100,
    target: Annotated[
        str,
        typer.Option("--target", help="mean_rank_shift, score:UNIT or rank:UNIT."),
    ] = "mean_rank_shift",
    seed: SeedOption = None,
    plot: PlotOption = None,
    code: CodeOption = None,
) -> None:
    """Sobol first- and total-order indices of each VARY setting, with bootstrap intervals."""
    from stocktake.composite.spec import load_spec
    from stocktake.composite.tables import read_tabular
    from stocktake.sensitivity import load_vary, sensitivity_analysis

    base = load_spec(spec)
    varied = load_vary(vary, base)
    table = read_tabular(data, meta)
    with _progress("Replications") as advance:
        result = sensitivity_analysis(
            table,
            base,
            varied,
            n=n,
            target=target,
            bootstrap=bootstrap,
            code=code,
            random_state=seed,
            progress=advance,
        )
    _write_ranks(result.uncertainty, table, out, plot)
    write_frame(result.to_frame(), out / "sensitivity_indices.csv")
    console().print(_indices_table(result.to_frame(), target))
    console().print(text(f"Wrote sensitivity_indices.csv and rank_intervals.csv to {out}"))


def _indices_table(frame: pd.DataFrame, target: str) -> Table:
    table = Table(title=text(f"Sobol indices of {target}"))
    for column in ("Input", "S", "S interval", "ST", "ST interval"):
        table.add_column(column, justify="left" if column == "Input" else "right")
    for name, row in frame.iterrows():
        table.add_row(
            text(name),
            number(row["S"], 3),
            f"{number(row['S_low'], 3)} – {number(row['S_high'], 3)}",
            number(row["ST"], 3),
            f"{number(row['ST_low'], 3)} – {number(row['ST_high'], 3)}",
        )
    return table


def register(app: typer.Typer) -> None:
    """Add ``uncertainty`` and ``sensitivity`` to ``app`` (the ``composite`` group)."""
    app.command("uncertainty")(uncertainty_command)
    app.command("sensitivity")(sensitivity_command)
