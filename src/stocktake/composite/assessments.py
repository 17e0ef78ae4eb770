"""Stocktake's own assessments as composite-index input: cities × indicators of a framework.

The framework gives the tree: its indicators are level 1, each group is an aggregate one level
above its highest child (so a framework of uneven depth keeps its shape), and the framework
itself is the index at the top. Values are indicator points (default) or 0–100 scores; either
way higher is better, so every direction is 1, and the attainable range is written as goalposts
so that ``normalise: {method: goalposts}`` scores against the framework's own scale.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from stocktake.answers import Answer, normalised_score
from stocktake.composite.data import CompositeData, from_frames
from stocktake.composite.errors import CompositeError
from stocktake.consolidate import consolidate
from stocktake.frameworks.schema import Framework, Group, Indicator
from stocktake.frameworks.text import localise


def _group_level(group: Group) -> int:
    below = [_group_level(g) for g in group.groups]
    return 1 + max([1 if group.indicators else 0, *below])


def _indicator_row(
    indicator: Indicator, parent: str, values: Literal["points", "scores"]
) -> dict[str, Any]:
    low, high = (indicator.min_points, indicator.max_points)
    target = indicator.target
    if values == "scores":
        if target is not None and high > low:
            target = (target - low) / (high - low) * 100
        low, high = 0.0, 100.0
    return {
        "iCode": indicator.id,
        "iName": localise(indicator.title),
        "Level": 1,
        "Parent": parent,
        "Direction": 1,
        "Weight": indicator.weight,
        "Type": "Indicator",
        "Unit": values,
        "Target": target,
        "goalpost_lower": low,
        "goalpost_upper": high,
    }


def _aggregate_row(
    code: str, name: str, level: int, parent: str | None, weight: float
) -> dict[str, Any]:
    return {
        "iCode": code,
        "iName": name,
        "Level": level,
        "Parent": parent,
        "Direction": 1,
        "Weight": weight,
        "Type": "Aggregate",
    }


def framework_meta(
    framework: Framework, values: Literal["points", "scores"] = "points"
) -> pd.DataFrame:
    """Metadata rows for every indicator and group of ``framework``, plus the index row."""
    rows: list[dict[str, Any]] = []

    def visit(group: Group, parent: str) -> None:
        level = _group_level(group)
        rows.append(_aggregate_row(group.id, localise(group.title), level, parent, group.weight))
        rows.extend(_indicator_row(i, group.id, values) for i in group.indicators)
        for child in group.groups:
            visit(child, group.id)

    for top in framework.groups:
        visit(top, framework.id)
    index_level = 1 + max(_group_level(g) for g in framework.groups)
    rows.append(_aggregate_row(framework.id, localise(framework.title), index_level, None, 1.0))
    codes = [r["iCode"] for r in rows]
    if codes.count(framework.id) > 1:
        raise CompositeError(
            f"the framework id '{framework.id}' is also the id of one of its groups or "
            "indicators, so it cannot name the index"
        )
    return pd.DataFrame(rows)


def from_framework(
    framework: Framework,
    scores: pd.DataFrame,
    *,
    values: Literal["points", "scores"] = "points",
    names: Mapping[str, str] | None = None,
) -> CompositeData:
    """Unit data and metadata from a framework and a cities × indicator-ids table.

    Parameters
    ----------
    framework
        Its groups nest; its indicators are the leaves.
    scores
        One row per city (index = city code), one column per indicator id; an indicator no city
        was scored on becomes an all-missing column.
    values
        ``points`` (the indicators' own points) or ``scores`` (0–100); sets the goalposts.
    names
        City code -> name, for ``uName``.

    Returns
    -------
    CompositeData
        Indicators at level 1, groups above their highest child, the framework id at the top.

    Raises
    ------
    CompositeError
        A column is not an indicator of the framework, or holds a value that is not a number.
    """
    known = [i.id for i in framework.indicators()]
    for column in scores.columns:
        if column not in known:
            raise CompositeError(
                f"column '{column}' is not an indicator of framework '{framework.key}'",
                source="scores",
                column=str(column),
            )
    units = pd.DataFrame({"uCode": [str(c) for c in scores.index]})
    if names is not None:
        units["uName"] = [names.get(str(c), str(c)) for c in scores.index]
    for code in known:
        given = scores[code] if code in scores.columns else np.nan
        try:
            numbers = pd.to_numeric(pd.Series(given, index=scores.index))
        except (TypeError, ValueError):
            raise CompositeError(
                "holds a value that is not a number", source="scores", column=code
            ) from None
        units[code] = numbers.to_numpy(dtype=float)
    return from_frames(
        units,
        framework_meta(framework, values),
        source_units="scores",
        source_meta=f"framework {framework.key}",
    )


def consolidated_table(
    framework: Framework,
    answers_by_city: Mapping[str, Sequence[Answer]],
    *,
    values: Literal["points", "scores"] = "points",
) -> pd.DataFrame:
    """Cities × indicators of consolidated points (or 0–100 scores) for :func:`from_framework`.

    Each city's answers are consolidated with the default rule (see ``docs/methods.md``); an
    indicator a city left unanswered stays missing, so the build's imputation decides what it
    becomes, never a silent zero.
    """
    points = {
        city: consolidate(framework, answers).points() for city, answers in answers_by_city.items()
    }
    return points_table(framework, points, values=values)


def points_table(
    framework: Framework,
    points_by_city: Mapping[str, Mapping[str, float | None]],
    *,
    values: Literal["points", "scores"] = "points",
) -> pd.DataFrame:
    """Cities × indicators from each city's consolidated points, for :func:`from_framework`.

    The points are those a consolidation gives, or those stored with a signed-off result (the
    web application ranks a cohort from what each city signed off, never from a recomputation).
    ``None`` stays missing; an indicator no city has becomes an all-missing column.
    """
    rows: dict[str, dict[str, float | None]] = {}
    for city, points in points_by_city.items():
        if values == "scores":
            points = {
                key: normalised_score(framework.indicator(key), p) for key, p in points.items()
            }
        rows[city] = dict(points)
    table = pd.DataFrame.from_dict(rows, orient="index", dtype=float)
    return table.reindex(columns=[i.id for i in framework.indicators()])
