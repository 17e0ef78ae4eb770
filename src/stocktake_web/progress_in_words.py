"""Progress between two rounds in words: verdicts, reasons and crosswalk notes, in every language.

Composed once for two readers, as :mod:`stocktake_web.results_in_words` does for scores: the
progress pages pass Django's translation functions, the ``stocktake network progress`` command
passes a compiled catalogue (:func:`~stocktake_web.results_in_words.catalogue`). So a change reads
the same on the page and in the terminal, and this module imports nothing of Django.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from stocktake_web.results_in_words import Wording

if TYPE_CHECKING:  # the network package brings SciPy, which the command loads only when it runs
    from stocktake.network import Change, CrosswalkUse

UNCHANGED = 1e-9
"""A score change this small is no change at all (the core's own tolerance)."""


def verdict_label(verdict: str, words: Wording) -> str:
    """``improved``, ``declined`` or ``no clear change`` in the reader's language."""
    labels = {
        "improved": words.pgettext("progress verdict", "improved"),
        "declined": words.pgettext("progress verdict", "declined"),
        "no clear change": words.pgettext("progress verdict", "no clear change"),
    }
    return labels.get(verdict, verdict)


def group_kind_label(kind: str, words: Wording) -> str:
    """The kind of a compared group (dimension, theme, component…) in the reader's language."""
    labels = {
        "dimension": words.pgettext("progress group kind", "dimension"),
        "theme": words.pgettext("progress group kind", "theme"),
        "component": words.pgettext("progress group kind", "component"),
        "essential": words.pgettext("progress group kind", "essential"),
        "indicator": words.pgettext("progress group kind", "indicator"),
    }
    return labels.get(kind, kind)


def threshold(change: Change) -> float | None:
    """The departments' disagreement the change had to exceed: the larger of the two rounds'."""
    spreads = [s for s in (change.spread_before, change.spread_after) if s is not None]
    if change.change is None or not spreads:
        return None
    return max(spreads)


def _one(value: float) -> str:
    return f"{value:.1f}"


def change_reason(change: Change, words: Wording) -> str:
    """Why the change got its verdict: how far it moved against the departments' disagreement."""
    if change.score_change is None:
        return _unanswered(change, words)
    moved = change.score_change
    values = {
        "moved": _one(abs(moved)),
        "before": _one(change.spread_before or 0.0),
        "after": _one(change.spread_after or 0.0),
        "threshold": _one(threshold(change) or 0.0),
    }
    if change.verdict == "improved":
        return (
            words.gettext(
                "Up %(moved)s on the 0–100 scale, more than the departments' disagreement in "
                "either round (%(before)s before, %(after)s after)."
            )
            % values
        )
    if change.verdict == "declined":
        return (
            words.gettext(
                "Down %(moved)s on the 0–100 scale, more than the departments' disagreement in "
                "either round (%(before)s before, %(after)s after)."
            )
            % values
        )
    if abs(moved) <= UNCHANGED:
        return words.gettext("Unchanged.")
    values["moved"] = f"{moved:+.1f}"
    return (
        words.gettext(
            "Moved %(moved)s on the 0–100 scale, within the departments' disagreement "
            "(%(threshold)s), so the change may be a difference of view."
        )
        % values
    )


def _unanswered(change: Change, words: Wording) -> str:
    if change.level != "indicator":
        return words.gettext("No indicator of it was answered in both rounds: nothing to compare.")
    if change.before is None and change.after is None:
        return words.gettext("Not answered in either round: nothing to compare.")
    if change.before is None:
        return words.gettext("Not answered in the earlier round: nothing to compare.")
    return words.gettext("Not answered in the later round: nothing to compare.")


def crosswalk_sentence(use: CrosswalkUse, from_version: str, words: Wording) -> str:
    """How one crosswalk entry read the earlier round, in the reader's language."""
    separator = words.pgettext("list separator", ", ")
    values = {"old": separator.join(use.old), "new": separator.join(use.new)}
    values["version"] = from_version
    if use.kind == "renamed":
        return (
            words.gettext("%(old)s of version %(version)s is read as %(new)s (renamed).") % values
        )
    if use.kind == "split":
        return (
            words.gettext(
                "%(old)s of version %(version)s was split: %(new)s each inherit its result."
            )
            % values
        )
    if use.kind == "merged":
        return (
            words.gettext(
                "%(old)s of version %(version)s were merged into %(new)s: it takes their mean."
            )
            % values
        )
    return (
        words.gettext("%(old)s of version %(version)s was dropped: it leaves the comparison.")
        % values
    )


def progress_headings(words: Wording) -> dict[str, str]:
    """The progress command's table titles and column headings, keyed by their English text."""
    return {
        "Indicators": words.pgettext("progress table", "Indicators"),
        "Groups (scores 0–100)": words.pgettext("progress table", "Groups (scores 0–100)"),
        "Id": words.pgettext("progress table", "Id"),
        "Title": words.gettext("Title"),
        "Before": words.pgettext("progress table", "Before"),
        "After": words.pgettext("progress table", "After"),
        "Change": words.pgettext("progress table", "Change"),
        "Verdict": words.pgettext("progress table", "Verdict"),
        "Why": words.pgettext("progress table", "Why"),
    }


def progress_sentences(
    *,
    framework: str,
    earlier: str,
    city: str,
    before: str,
    after: str,
    verdict: str,
    words: Wording,
) -> tuple[str, str]:
    """The command's heading and its overall line (the overall reason follows it)."""
    if city:
        heading = words.gettext("Progress on %(framework)s since %(earlier)s — %(city)s") % {
            "framework": framework,
            "earlier": earlier,
            "city": city,
        }
    else:
        heading = words.gettext("Progress on %(framework)s since %(earlier)s") % {
            "framework": framework,
            "earlier": earlier,
        }
    overall = words.gettext("Overall: %(before)s → %(after)s, %(verdict)s.") % {
        "before": before,
        "after": after,
        "verdict": verdict_label(verdict, words),
    }
    return heading, overall
