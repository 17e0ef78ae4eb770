"""Why the framework editor refused a step, in a sentence the person can act on."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from stocktake.frameworks import Problem


class EditorError(ValueError):
    """A step the editor does not allow; the message is already translated."""


class VersionInUseError(EditorError):
    """A version that rounds use can never change or go."""


@dataclass
class StaleDraftError(EditorError):
    """Someone saved the draft after the page was opened: the save was not made."""

    by: str
    at: datetime.datetime | None
    version: int

    def __str__(self) -> str:
        return "the draft was saved by someone else after this page was opened"


@dataclass
class InvalidFrameworkError(EditorError):
    """The framework a change would make breaks the rules of the framework file; every problem
    is listed, with its place in the file."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        return "; ".join(str(problem) for problem in self.problems)
