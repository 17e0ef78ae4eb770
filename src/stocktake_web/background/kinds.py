"""The kinds of background job: what each makes, and what it concerns.

A kind registers itself when the module holding its work is imported. The queued task carries
that module's name, so a worker imports it before looking the kind up, whichever process
started the job.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Literal

from django.utils.functional import Promise

from stocktake_web.background.domain.errors import UnknownJobKindError

if TYPE_CHECKING:
    from stocktake_web.background.models import Job

Work = Callable[["Job", IO[bytes]], str]
"""Writes the job's file to the stream and returns the file's name, reporting progress on the
way (:func:`~stocktake_web.background.domain.report_progress`)."""

Concerns = Literal["round", "cohort"]


@dataclass(frozen=True)
class JobKind:
    """``name`` is stored on each job; ``title`` is what people read (lazily translated).

    ``audited_as`` names a round's export in the audit log when its file is downloaded, as the
    dashboard's direct download names it (``answers.csv``); empty, the download is not logged.
    """

    name: str
    title: str | Promise
    concerns: Concerns
    work: Work
    audited_as: str = ""

    @property
    def module(self) -> str:
        return self.work.__module__


_KINDS: dict[str, JobKind] = {}


def register_kind(kind: JobKind) -> JobKind:
    """Make ``kind`` known by its name; registering the same kind again changes nothing."""
    known = _KINDS.setdefault(kind.name, kind)
    if known != kind:
        raise ValueError(f"Two kinds of job are named {kind.name!r}; give one another name.")
    return kind


def job_kind(name: str) -> JobKind:
    try:
        return _KINDS[name]
    except KeyError:
        raise UnknownJobKindError(f"There is no kind of background work called {name}.") from None


def find_kind(name: str) -> JobKind | None:
    """The kind of this name, or None: jobs outlive kinds that a later version removed."""
    return _KINDS.get(name)


def kind_title(name: str) -> str:
    """The kind's title to show, or its stored name when the kind is no longer defined."""
    known = find_kind(name)
    return str(known.title) if known else name
