"""The public summary's tables: one per framework version, one row per published round.

Values are read from the results stored at sign-off (never computed again), through the same
scoreboard the city dashboard uses, so the public page shows exactly what the city signed off.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from stocktake.reports.charts import Bar
from stocktake_web.assessments.models import Round
from stocktake_web.dashboards.interfaces.scoreboard import scoreboard
from stocktake_web.languages import localised


@dataclass(frozen=True)
class PublicRow:
    city: str
    round: str
    total: float | None
    coverage: float
    dimensions: list[Bar]


@dataclass(frozen=True)
class PublicTable:
    """The published rounds on one framework version; ``dimensions`` name its columns."""

    title: str
    key: str
    dimensions: list[str]
    rows: list[PublicRow]


def public_tables(rounds: list[Round]) -> list[PublicTable]:
    """``rounds`` (ordered by framework version, as the domain gives them) as tables."""
    return [
        _table(list(same)) for _key, same in groupby(rounds, key=lambda round: round.framework_id)
    ]


def _table(rounds: list[Round]) -> PublicTable:
    framework = rounds[0].framework.load()
    rows = [_row(round) for round in rounds]
    return PublicTable(
        title=localised(framework.title),
        key=rounds[0].framework.key,
        dimensions=[bar.label for bar in rows[0].dimensions],
        rows=rows,
    )


def _row(round: Round) -> PublicRow:
    board = scoreboard(round.sign_off.results, [], round.framework.load(), stored=True)
    return PublicRow(
        city=localised(round.city.name),
        round=round.name,
        total=board.total,
        coverage=board.coverage,
        dimensions=board.dimensions,
    )
