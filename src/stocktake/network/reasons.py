"""Why a peer, a group member, a workshop or a verdict was chosen: data and an English sentence.

The code and parameters let an interface say the same thing in the reader's language; the text is
the English sentence the command line prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from stocktake.frameworks.schema import Indicator, MaturityIndicator
from stocktake.frameworks.text import localise


@dataclass(frozen=True)
class Reason:
    """One reason, as a stable ``code``, the numbers and names behind it, and a sentence."""

    code: str
    text: str
    params: dict[str, Any] = field(default_factory=dict)


def standing(indicator: Indicator, points: float | None) -> str:
    """Where a city stands on an indicator, in words: "level 3 of 4 (Implemented)"."""
    if points is None:
        return "unanswered"
    if isinstance(indicator, MaturityIndicator):
        labels = {level.value: level.label for level in indicator.levels}
        label = labels.get(int(points)) if float(points).is_integer() else None
        named = f" ({localise(label, 'en')})" if label is not None else ""
        return f"level {points:g} of {indicator.max_points:g}{named}"
    return f"{points:g} of {indicator.max_points:g} points"


def quoted(texts: tuple[str, ...], limit: int = 80) -> str:
    """Evidence as short quotations: "'Plan adopted in 2023'; 'Annual report 2024'"."""
    return "; ".join(f"'{t if len(t) <= limit else t[: limit - 1] + '…'}'" for t in texts)
