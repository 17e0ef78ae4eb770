"""``stocktake screen``: rank candidate solutions from a criteria file and a panel's scores.

The files are read by the core (:mod:`stocktake.screening.files`), which names the row and the
column of every problem; the scores of several scorers are combined by their median and the
solutions ranked with pymcdm (:mod:`stocktake.screening`). JSON output is exactly
``{"ranking": [{"solution", "score", "rank"}]}``, best first.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from stocktake_cli.options import TableOrJson, TableOrJsonOption
from stocktake_cli.output import console, number, print_json, text


class ScreeningMethod(StrEnum):
    topsis = "topsis"
    wsm = "wsm"
    promethee = "promethee"


def screen_solutions(
    criteria_path: Annotated[
        Path,
        typer.Option(
            "--criteria",
            help="Criteria, CSV or XLSX: criterion, weight, direction (benefit or cost); "
            "optionally min and max, the scale.",
        ),
    ],
    scores_path: Annotated[
        Path,
        typer.Option(
            "--scores",
            help="Scores, CSV or XLSX: solution, criterion, score, and scorer for a panel "
            "(several scorers' scores are combined by their median).",
        ),
    ],
    method: Annotated[
        ScreeningMethod,
        typer.Option("--method", help="TOPSIS, weighted sum (wsm) or PROMETHEE II."),
    ] = ScreeningMethod.topsis,
    fmt: TableOrJsonOption = TableOrJson.table,
) -> None:
    """Rank candidate solutions by how well they serve the criteria, best first."""
    # Imported here: the screening's ranking and sensitivity load scipy and the composite
    # engine, which the command's other subcommands (frameworks list) should not wait for.
    from stocktake.screening import (
        METHOD_NAMES,
        MissingScoresError,
        ScreeningFileError,
        panel_agreement,
        read_criteria,
        read_scores,
        screen,
    )

    criteria = read_criteria(criteria_path)
    scores = read_scores(scores_path, criteria)
    try:
        ranking = screen(criteria, scores, method=method.value)
    except MissingScoresError as exc:
        raise ScreeningFileError(str(exc), source=str(scores_path)) from None
    if fmt is TableOrJson.json:
        print_json({"ranking": ranking.to_records()})
        return
    agreement = panel_agreement(scores, criteria)
    table = Table("Rank", "Solution", "Score", title=METHOD_NAMES[ranking.method])
    for entry in ranking.solutions:
        table.add_row(text(entry.rank), text(entry.solution), number(entry.score, 3))
    screen_console = console()
    screen_console.print(table)
    if len(agreement.scorers) > 1:
        alpha = "undefined" if agreement.overall is None else number(agreement.overall, 2)
        screen_console.print(
            text(f"Agreement between the {len(agreement.scorers)} scorers (ordinal alpha): {alpha}")
        )
