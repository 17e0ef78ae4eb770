"""Every state change of background work, as verb phrases with keyword-only arguments."""

from stocktake_web.background.domain.errors import (
    JobError,
    JobFailedError,
    JobProgressError,
    JobSupersededError,
    JobTargetError,
    UnknownJobKindError,
)
from stocktake_web.background.domain.jobs import (
    ABANDONED_AFTER,
    MAX_ATTEMPTS,
    delete_finished_jobs,
    requeue_abandoned_jobs,
    start_job,
)
from stocktake_web.background.domain.progress import report_progress

__all__ = [
    "ABANDONED_AFTER",
    "MAX_ATTEMPTS",
    "JobError",
    "JobFailedError",
    "JobProgressError",
    "JobSupersededError",
    "JobTargetError",
    "UnknownJobKindError",
    "delete_finished_jobs",
    "report_progress",
    "requeue_abandoned_jobs",
    "start_job",
]
