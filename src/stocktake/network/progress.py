"""Progress between two rounds of a city: per indicator, per group (dimension, theme) and overall.

A change is claimed only when it is larger than the departments' disagreement (``docs/methods.md``,
section 10). Each round's result on an indicator is a score ``s`` (0–100 of its range, from the
consolidated points) and a band ``[low, high]``: the scores of the lowest and the highest
department answer (:mod:`stocktake.consolidate`'s ``spread`` is ``high − low``; a lone or only
reconciled answer has no band). Then

    change = s_after − s_before,   threshold = max(spread_before, spread_after)

and the verdict is *improved* when ``change > threshold``, *declined* when
``change < −threshold``, otherwise *no clear change*. A group and the whole framework are scored
by :func:`stocktake.scoring.score_assessment` three times per round — on the scores, on the lows
and on the highs of the indicators answered in **both** rounds — and the group's spread is its
high score minus its low score; the same rule decides. Comparing only indicators answered in both
rounds keeps a newly answered indicator from passing for progress.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from stocktake.answers import Answer, normalised_score
from stocktake.consolidate import Consolidation, consolidate
from stocktake.frameworks.schema import Framework, Indicator
from stocktake.network.comparable import (
    SharedSummary,
    comparable_ids,
    points_consolidation,
    restricted,
    shared_summary,
)
from stocktake.network.crosswalk import CrosswalkUse, map_results, reading_framework
from stocktake.network.reasons import Reason
from stocktake.scoring import AssessmentScore, GroupScore, score_assessment

Verdict = Literal["improved", "declined", "no clear change"]
VERDICTS: tuple[Verdict, ...] = ("improved", "declined", "no clear change")
_EPSILON = 1e-9


@dataclass(frozen=True)
class Reading:
    """One round's result on an indicator or group: score and band, on the 0–100 scale."""

    score: float
    low: float
    high: float

    @property
    def spread(self) -> float:
        return self.high - self.low


@dataclass(frozen=True)
class Change:
    """The change of one indicator, group or the total between two rounds, and the verdict."""

    id: str
    level: Literal["indicator", "group", "total"]
    kind: str
    title: dict[str, str]
    before: float | None
    """Points for an indicator (on the current framework's scale), 0–100 score otherwise."""
    after: float | None
    change: float | None
    score_change: float | None
    """The change on the 0–100 scale, which the verdict compares with the spreads."""
    spread_before: float | None
    spread_after: float | None
    verdict: Verdict
    reason: Reason
    crosswalk: str | None = None
    """How the crosswalk gave the earlier result, when it did."""


@dataclass(frozen=True)
class Progress:
    """What moved between two rounds of a city, and where a crosswalk was used."""

    framework: str
    earlier_framework: str
    indicators: tuple[Change, ...]
    groups: tuple[Change, ...]
    overall: Change
    crosswalk: tuple[CrosswalkUse, ...] = field(default_factory=tuple)
    compared_on: SharedSummary | None = None
    """When the rounds are on a derived version and its base (or two derivations of one base):
    which indicators were compared (its ``text`` says so in a sentence)."""

    def to_frame(self) -> pd.DataFrame:
        rows = [
            {
                "level": c.level,
                "id": c.id,
                "kind": c.kind,
                "before": c.before,
                "after": c.after,
                "change": c.change,
                "score_change": c.score_change,
                "spread_before": c.spread_before,
                "spread_after": c.spread_after,
                "verdict": c.verdict,
            }
            for c in (*self.indicators, *self.groups, self.overall)
        ]
        return pd.DataFrame(rows)


def compare_rounds(
    framework: Framework,
    before: Sequence[Answer],
    after: Sequence[Answer],
    *,
    earlier: Framework | None = None,
) -> Progress:
    """Compare a city's earlier round (``before``) with its later one (``after``).

    Parameters
    ----------
    framework
        The framework of the later round.
    before, after
        The city's department and reconciled answers in each round.
    earlier
        The framework of the earlier round when it is another version whose file is at hand;
        without it, a round answering indicators ``framework`` does not have is read through
        the framework's crosswalk (:mod:`stocktake.network.crosswalk`). A version derived from
        ``framework``, its base or another derivation of that base is compared on the
        indicators both share (:mod:`stocktake.network.comparable`), and ``compared_on`` says so.
    """
    earlier_fw, crosswalked = reading_framework(framework, {a.indicator for a in before}, earlier)
    known = {ind.id for ind in earlier_fw.indicators()}
    kept = [a for a in before if a.indicator in known]
    old = readings(earlier_fw, consolidate(earlier_fw, kept))
    uses: list[CrosswalkUse] = []
    if crosswalked:
        answered = {a.indicator for a in before if not a.is_blank}
        old, uses = map_results(framework, old, _mean_reading, answered=answered)
    new = readings(framework, consolidate(framework, after))
    compared_on = None
    if earlier_fw.id != framework.id:
        # a derived version and its base (or two derivations): the indicators both share
        shared = comparable_ids(earlier_fw, framework)
        compared_on = shared_summary(earlier_fw, framework, len(shared))
        later_key, framework = framework.key, restricted(framework, shared)
        old = {key: value for key, value in old.items() if key in shared}
        new = {key: value for key, value in new.items() if key in shared}
    else:
        later_key = framework.key
    notes = {new_id: use.text for use in uses for new_id in use.new}
    indicators = tuple(
        _indicator_change(ind, old.get(ind.id), new.get(ind.id), notes.get(ind.id))
        for ind in framework.indicators()
    )
    both = {key for key in new if key in old}
    before_groups, _ = _group_readings(framework, old, both)
    after_groups, scored = _group_readings(framework, new, both)
    groups = tuple(
        _group_change(group, before_groups.get(key), after_groups.get(key))
        for key, group in scored.groups.items()
    )
    total = _group_change(
        scored.total, before_groups.get(_TOTAL), after_groups.get(_TOTAL), level="total"
    )
    label = earlier_fw.key
    if crosswalked and earlier is None:
        label = f"{earlier_fw.key} (rebuilt from the crosswalk)"
    return Progress(later_key, label, indicators, groups, total, tuple(uses), compared_on)


def readings(framework: Framework, consolidation: Consolidation) -> dict[str, Reading]:
    """Each answered indicator's score and band (lowest and highest department) on 0–100."""
    found = {}
    for indicator in framework.indicators():
        value = consolidation.values[indicator.id]
        score = normalised_score(indicator, value.points)
        if score is None:
            continue
        departments = [normalised_score(indicator, p) for p in value.department_points.values()]
        band = [s for s in departments if s is not None]
        if len(band) >= 2:
            found[indicator.id] = Reading(score, min(band), max(band))
        else:
            found[indicator.id] = Reading(score, score, score)
    return found


def verdict(change: float, threshold: float) -> Verdict:
    """Improved or declined only beyond the threshold; otherwise no clear change."""
    if change > threshold + _EPSILON:
        return "improved"
    if change < -threshold - _EPSILON:
        return "declined"
    return "no clear change"


def _mean_reading(parts: list[Reading]) -> Reading:
    n = len(parts)
    return Reading(
        sum(p.score for p in parts) / n,
        sum(p.low for p in parts) / n,
        sum(p.high for p in parts) / n,
    )


def _points(indicator: Indicator, score: float) -> float:
    return indicator.min_points + score / 100.0 * (indicator.max_points - indicator.min_points)


def _indicator_change(
    indicator: Indicator, old: Reading | None, new: Reading | None, note: str | None
) -> Change:
    before = None if old is None else round(_points(indicator, old.score), 6)
    after = None if new is None else round(_points(indicator, new.score), 6)
    missing = (
        "either round"
        if old is None and new is None
        else ("the earlier round" if old is None else "the later round")
    )
    return _compared(
        (indicator.id, "indicator", "indicator", dict(indicator.title)),
        old,
        new,
        (before, after),
        f"Not answered in {missing}: nothing to compare.",
        note,
    )


def _compared(
    what: tuple[str, Literal["indicator", "group", "total"], str, dict[str, str]],
    old: Reading | None,
    new: Reading | None,
    shown: tuple[float | None, float | None],
    unanswered: str,
    note: str | None = None,
) -> Change:
    """The change between two readings, shown as ``shown`` (points or scores), with its verdict."""
    before, after = shown
    if old is None or new is None or before is None or after is None:
        spreads = (None if old is None else old.spread, None if new is None else new.spread)
        reason = Reason("unanswered", unanswered, {})
        return Change(*what, before, after, None, None, *spreads, "no clear change", reason, note)
    score_change = new.score - old.score
    found = verdict(score_change, max(old.spread, new.spread))
    reason = _reason(found, score_change, old.spread, new.spread)
    change = round(after - before, 6)
    return Change(
        *what, before, after, change, score_change, old.spread, new.spread, found, reason, note
    )


def _reason(
    found: Verdict, score_change: float, spread_before: float, spread_after: float
) -> Reason:
    threshold = max(spread_before, spread_after)
    params = {
        "score_change": score_change,
        "spread_before": spread_before,
        "spread_after": spread_after,
    }
    if found != "no clear change":
        text = (
            f"{'Up' if score_change > 0 else 'Down'} {abs(score_change):.1f} on the 0–100 scale, "
            f"more than the departments' disagreement in either round ({spread_before:.1f} "
            f"before, {spread_after:.1f} after)."
        )
    elif abs(score_change) <= _EPSILON:
        text = "Unchanged."
    else:
        text = (
            f"Moved {score_change:+.1f} on the 0–100 scale, within the departments' "
            f"disagreement ({threshold:.1f}), so the change may be a difference of view."
        )
    return Reason(found.replace(" ", "_"), text, params)


# -- groups and the total --------------------------------------------------------------------

_TOTAL = "__total__"


def _consolidation(framework: Framework, scores: dict[str, float]) -> Consolidation:
    """A consolidation whose points are the given 0–100 scores on each indicator's scale."""
    points = {
        ind.id: _points(ind, scores[ind.id]) for ind in framework.indicators() if ind.id in scores
    }
    return points_consolidation(framework, points)


def _group_readings(
    framework: Framework, results: dict[str, Reading], keys: set[str]
) -> tuple[dict[str, Reading], AssessmentScore]:
    """Each group's (and the total's) score and band from the indicators in ``keys``.

    Also returns the scoring of the scores themselves, whose groups give ids, kinds and titles.
    """
    kept = [results[key] for key in sorted(keys)]
    ordered = sorted(keys)

    def scored(part: Callable[[Reading], float]) -> AssessmentScore:
        points = {key: part(r) for key, r in zip(ordered, kept, strict=True)}
        return score_assessment(framework, _consolidation(framework, points))

    nominal = scored(lambda r: r.score)
    low = scored(lambda r: r.low)
    high = scored(lambda r: r.high)
    rows = [(key, nominal.groups[key], low.groups[key], high.groups[key]) for key in nominal.groups]
    rows.append((_TOTAL, nominal.total, low.total, high.total))
    found = {
        key: Reading(mid.score, lo.score, hi.score)
        for key, mid, lo, hi in rows
        if mid.score is not None and lo.score is not None and hi.score is not None
    }
    return found, nominal


def _group_change(
    group: GroupScore,
    old: Reading | None,
    new: Reading | None,
    *,
    level: Literal["group", "total"] = "group",
) -> Change:
    return _compared(
        (group.id, level, group.kind, dict(group.title)),
        old,
        new,
        (
            None if old is None else round(old.score, 6),
            None if new is None else round(new.score, 6),
        ),
        "No indicator of it was answered in both rounds: nothing to compare.",
    )
