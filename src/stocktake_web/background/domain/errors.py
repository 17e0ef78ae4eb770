"""Why background work was refused or stopped.

:class:`JobFailedError` carries a translated sentence for the person who started the job; the
others tell a developer that the code asked for something impossible, in English.
"""

from __future__ import annotations


class JobError(ValueError):
    """Background work cannot be started or continued; the message is already translated."""


class UnknownJobKindError(JobError):
    """No kind of job of this name is registered."""


class JobTargetError(JobError):
    """A job was given the wrong thing to work on: a round to a cohort's kind, or nothing.

    A mistake in the code that starts the job, never a person's: the message is in English."""


class JobFailedError(JobError):
    """Raised by a job's work to end it with this sentence shown to the person who started it.

    For what the person can understand and change (no round is signed off yet); anything else
    a job raises is a fault, shown as a general sentence and logged with its traceback.
    """


class JobProgressError(JobError):
    """Progress was reported with counts that make no sense (more done than there is)."""


class JobSupersededError(JobError):
    """This run is no longer the job's current attempt: it was given up for dead and queued
    again, so whatever it would write now belongs to a newer run."""


class WorkerLostError(RuntimeError):
    """Recorded on a task whose worker stopped in the middle; its job was queued again."""
