"""The headline of a sum-scored result, as the framework's own publications read it.

The CBI reports points, not a 0–100 score: "36 of 92", and per component "15 of 40"; a first
application, which cannot score indicators 4–8, reports what was attainable too ("34 of 72 over
18 scored"). Coverage is said against the indicators *expected*, so that "16 of the 18
indicators expected" and its percentage describe the same thing.

References
----------
Singapore Index on Cities' Biodiversity, User's Manual (2014): 23 indicators of 0–4 points,
maximum 92; components of 40, 16 and 36 points.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from stocktake.scoring.scores import AssessmentScore


@dataclass(frozen=True)
class PointsLine:
    """Points of one part (the whole framework or one of its top-level groups)."""

    id: str
    title: dict[str, str]
    points: float
    max_points: float
    """Every indicator's maximum, scored or not (92 for the CBI)."""
    attainable_max: float
    """The maxima of the indicators that were scored (72 when 18 of them were)."""
    n_indicators: int
    n_scored: int
    n_expected: int


@dataclass(frozen=True)
class PointsHeadline:
    total: PointsLine
    components: tuple[PointsLine, ...]

    @property
    def coverage(self) -> float:
        """Share of the expected indicators that were scored, 0–1 (0 when none is expected)."""
        expected = self.total.n_expected
        return self.total.n_scored / expected if expected else 0.0


def points_headline(result: AssessmentScore | Mapping[str, Any]) -> PointsHeadline | None:
    """Points of the total and of each top-level group; ``None`` unless sum-scored.

    ``result`` is a score or its :meth:`~AssessmentScore.to_dict` record, as stored at sign-off:
    a record stored before ``n_expected`` was kept gives it from its coverage.
    """
    record = result.to_dict() if isinstance(result, AssessmentScore) else result
    if record.get("method") != "sum":
        return None
    groups = record.get("groups", {})
    return PointsHeadline(
        total=_line(record["total"]),
        components=tuple(_line(groups[key]) for key in record.get("dimensions", [])),
    )


def indicators_expected(group: Mapping[str, Any]) -> int:
    """``n_expected`` of a group's record; a record stored before it was kept gives it from its
    coverage (scored / expected), or, with nothing scored, every indicator."""
    if group.get("n_expected") is not None:
        return int(group["n_expected"])
    coverage = float(group.get("coverage") or 0.0)
    return round(int(group["n_scored"]) / coverage) if coverage else int(group["n_indicators"])


def _line(group: Mapping[str, Any]) -> PointsLine:
    return PointsLine(
        id=str(group["id"]),
        title=dict(group["title"]),
        points=float(group["points"]),
        max_points=float(group["max_points"]),
        attainable_max=float(group["attainable_max"]),
        n_indicators=int(group["n_indicators"]),
        n_scored=int(group["n_scored"]),
        n_expected=indicators_expected(group),
    )
