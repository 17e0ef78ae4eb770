"""What the background pages read: a job with what it concerns, a person's recent jobs, and
the round or cohort a job is started on."""

from __future__ import annotations

from stocktake_web.accounts.models import User
from stocktake_web.assessments.models import Round
from stocktake_web.background.models import Job
from stocktake_web.network.models import Cohort


def job_with_target(job_id: int) -> Job | None:
    """The job with its round's city or its cohort, which its permission check reads."""
    return Job.objects.select_related("round__city", "cohort").filter(pk=job_id).first()


def recent_jobs(person: User, *, limit: int) -> list[Job]:
    return list(
        Job.objects.filter(started_by=person).select_related("round__city", "cohort")[:limit]
    )


def round_to_work_on(round_id: int) -> Round | None:
    return Round.objects.select_related("city").filter(pk=round_id).first()


def cohort_to_work_on(cohort_id: int) -> Cohort | None:
    return Cohort.objects.filter(pk=cohort_id).first()
