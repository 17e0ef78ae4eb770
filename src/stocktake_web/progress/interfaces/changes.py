"""A comparison's changes as lines of a page or an export, in the reader's language.

The core gives each change its verdict, its numbers and a reason code; the sentences are composed
here through gettext. Indicators show points (on the later version's scale), groups and the
total their 0–100 score; the threshold is the larger of the two rounds' disagreements.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

from stocktake.network import Change, CrosswalkUse, Progress
from stocktake.network.progress import VERDICTS
from stocktake_web.languages import localised

VERDICT_LABELS: dict[str, Promise] = {
    "improved": pgettext_lazy("progress verdict", "improved"),
    "declined": pgettext_lazy("progress verdict", "declined"),
    "no clear change": pgettext_lazy("progress verdict", "no clear change"),
}
GROUP_KINDS: dict[str, Promise] = {
    "dimension": pgettext_lazy("progress group kind", "dimension"),
    "theme": pgettext_lazy("progress group kind", "theme"),
    "component": pgettext_lazy("progress group kind", "component"),
    "essential": pgettext_lazy("progress group kind", "essential"),
    "indicator": pgettext_lazy("progress group kind", "indicator"),
}
UNCHANGED = 1e-9
"""A score change this small is no change at all (the core's own tolerance)."""


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
    uses = {use: crosswalk_sentence(use, from_version) for use in progress.crosswalk}
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
        counts=tuple((v, str(VERDICT_LABELS[v]), counted.get(v, 0)) for v in VERDICTS),
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
        kind_label=str(GROUP_KINDS.get(change.kind, change.kind)),
        title=localised(change.title),
        before=change.before,
        after=change.after,
        change=change.change,
        score_change=change.score_change,
        threshold=threshold(change),
        verdict=change.verdict,
        verdict_label=str(VERDICT_LABELS[change.verdict]),
        reason=reason_text(change),
        crosswalk=crosswalk,
    )


def threshold(change: Change) -> float | None:
    """The departments' disagreement the change had to exceed: the larger of the two rounds'."""
    spreads = [s for s in (change.spread_before, change.spread_after) if s is not None]
    if change.change is None or not spreads:
        return None
    return max(spreads)


def _one(value: float) -> str:
    return f"{value:.1f}"


def reason_text(change: Change) -> str:
    if change.score_change is None:
        return _unanswered(change)
    moved = change.score_change
    values = {
        "moved": _one(abs(moved)),
        "before": _one(change.spread_before or 0.0),
        "after": _one(change.spread_after or 0.0),
        "threshold": _one(threshold(change) or 0.0),
    }
    if change.verdict == "improved":
        return (
            _(
                "Up %(moved)s on the 0–100 scale, more than the departments' disagreement in "
                "either round (%(before)s before, %(after)s after)."
            )
            % values
        )
    if change.verdict == "declined":
        return (
            _(
                "Down %(moved)s on the 0–100 scale, more than the departments' disagreement in "
                "either round (%(before)s before, %(after)s after)."
            )
            % values
        )
    if abs(moved) <= UNCHANGED:
        return _("Unchanged.")
    values["moved"] = f"{moved:+.1f}"
    return (
        _(
            "Moved %(moved)s on the 0–100 scale, within the departments' disagreement "
            "(%(threshold)s), so the change may be a difference of view."
        )
        % values
    )


def _unanswered(change: Change) -> str:
    if change.level != "indicator":
        return _("No indicator of it was answered in both rounds: nothing to compare.")
    if change.before is None and change.after is None:
        return _("Not answered in either round: nothing to compare.")
    if change.before is None:
        return _("Not answered in the earlier round: nothing to compare.")
    return _("Not answered in the later round: nothing to compare.")


def crosswalk_sentence(use: CrosswalkUse, from_version: str) -> str:
    """How one crosswalk entry read the earlier round, in the reader's language."""
    values = {
        "old": pgettext("list separator", ", ").join(use.old),
        "new": pgettext("list separator", ", ").join(use.new),
        "version": from_version,
    }
    if use.kind == "renamed":
        return _("%(old)s of version %(version)s is read as %(new)s (renamed).") % values
    if use.kind == "split":
        return (
            _("%(old)s of version %(version)s was split: %(new)s each inherit its result.") % values
        )
    if use.kind == "merged":
        return (
            _("%(old)s of version %(version)s were merged into %(new)s: it takes their mean.")
            % values
        )
    return _("%(old)s of version %(version)s was dropped: it leaves the comparison.") % values
