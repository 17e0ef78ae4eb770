"""A comparison's changes as lines of a page or an export, in the reader's language.

The core gives each change its verdict, its numbers and a reason code; the sentences are composed
here through gettext. Indicators show points (on the later version's scale), groups and the
total their 0–100 score; the threshold is the larger of the two rounds' disagreements.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import translation

from stocktake.network import Change, Progress
from stocktake.network.progress import VERDICTS
from stocktake_web.languages import localised
from stocktake_web.progress_in_words import (
    change_reason,
    crosswalk_sentence,
    group_kind_label,
    threshold,
    verdict_label,
)


@dataclass(frozen=True)
class ChangeLine:
    """One indicator, group or the total, as a row shows it."""

    id: str
    level: str
    kind: str
    kind_label: str
    title: str
    before: float | None
    after: float | None
    change: float | None
    score_change: float | None
    threshold: float | None
    verdict: str
    verdict_label: str
    reason: str
    crosswalk: str = ""

    @property
    def compared(self) -> bool:
        return self.change is not None


@dataclass(frozen=True)
class ProgressLines:
    """Every line of a comparison, and the crosswalk entries it used, as sentences."""

    indicators: tuple[ChangeLine, ...]
    groups: tuple[ChangeLine, ...]
    overall: ChangeLine
    crosswalk: tuple[str, ...]

    @property
    def all(self) -> tuple[ChangeLine, ...]:
        return (*self.indicators, *self.groups, self.overall)


@dataclass(frozen=True)
class LocalStocktake:
    """The summary of a comparison: the overall verdict, how many indicators moved which way,
    and which indicators and groups clearly moved."""

    overall: ChangeLine
    counts: tuple[tuple[str, str, int], ...]
    """(verdict, its label, number of compared indicators with it)."""
    compared: int
    not_compared: int
    improved: tuple[ChangeLine, ...]
    declined: tuple[ChangeLine, ...]
    groups_improved: tuple[ChangeLine, ...]
    groups_declined: tuple[ChangeLine, ...]
    crosswalk: tuple[str, ...]


def progress_lines(progress: Progress, *, from_version: str = "") -> ProgressLines:
    """The comparison's lines; ``from_version`` is the version the crosswalk reads."""
    uses = {use: crosswalk_sentence(use, from_version, translation) for use in progress.crosswalk}
    notes = {new: text for use, text in uses.items() for new in use.new}
    return ProgressLines(
        indicators=tuple(change_line(c, notes.get(c.id, "")) for c in progress.indicators),
        groups=tuple(change_line(c) for c in progress.groups),
        overall=change_line(progress.overall),
        crosswalk=tuple(uses.values()),
    )


def local_stocktake(lines: ProgressLines) -> LocalStocktake:
    compared = [line for line in lines.indicators if line.compared]
    counted = Counter(line.verdict for line in compared)
    return LocalStocktake(
        overall=lines.overall,
        counts=tuple((v, verdict_label(v, translation), counted.get(v, 0)) for v in VERDICTS),
        compared=len(compared),
        not_compared=len(lines.indicators) - len(compared),
        improved=_with(lines.indicators, "improved"),
        declined=_with(lines.indicators, "declined"),
        groups_improved=_with(lines.groups, "improved"),
        groups_declined=_with(lines.groups, "declined"),
        crosswalk=lines.crosswalk,
    )


def _with(lines: Iterable[ChangeLine], verdict: str) -> tuple[ChangeLine, ...]:
    return tuple(line for line in lines if line.verdict == verdict)


def change_line(change: Change, crosswalk: str = "") -> ChangeLine:
    return ChangeLine(
        id=change.id,
        level=change.level,
        kind=change.kind,
        kind_label=group_kind_label(change.kind, translation),
        title=localised(change.title),
        before=change.before,
        after=change.after,
        change=change.change,
        score_change=change.score_change,
        threshold=threshold(change),
        verdict=change.verdict,
        verdict_label=verdict_label(change.verdict, translation),
        reason=change_reason(change, translation),
        crosswalk=crosswalk,
    )
