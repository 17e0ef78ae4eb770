"""One respondent's answer to one indicator, as the core sees it.

The web layer stores answers as rows with history; the core only needs their current content. A
``value`` is kept as typed (a level, a number, ``yes``/``no``, an option id) and turned into points
by :func:`stocktake.answers.points.indicator_points`, which says clearly when it does not fit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Confidence = Literal["low", "medium", "high"]
CONFIDENCE_LEVELS: tuple[str, ...] = ("low", "medium", "high")

AnswerValue = str | float | int | bool | None


@dataclass(frozen=True)
class Answer:
    """A department's answer to an indicator (or the coordinator's reconciled answer).

    ``importance`` is the respondent's view of how much the subject matters to the city, 1 (low)
    to 5 (high). ``support_needed`` lists ids of the framework's support kinds. ``reconciled``
    marks the coordinator's answer, which overrides the departments' answers when consolidating.
    """

    indicator: str
    value: AnswerValue
    city: str = ""
    department: str = ""
    confidence: Confidence | None = None
    importance: int | None = None
    support_needed: tuple[str, ...] = field(default_factory=tuple)
    evidence: str = ""
    comment: str = ""
    reconciled: bool = False

    @property
    def is_blank(self) -> bool:
        """A blank value is no answer: it is never scored as zero."""
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())
