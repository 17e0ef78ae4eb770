"""Who may start background work and see a job: the rules of :mod:`stocktake_web.permissions`
applied to what a job concerns.

A job belongs to the person who started it. Its progress, its error and its file are theirs
alone, and only while they may still see the round or cohort it concerns: a file made for a
coordinator is not handed out after their role was taken away.
"""

from __future__ import annotations

from stocktake_web import permissions
from stocktake_web.assessments.models import Round
from stocktake_web.background.models import Job
from stocktake_web.network.models import Cohort


def can_start_on_round(user: permissions.AnyUser, round: Round) -> bool:
    """Work on a round's results: whoever may see the city's dashboard and exports."""
    return permissions.can_view_results(user, round.city)


def can_start_on_cohort(user: permissions.AnyUser, cohort: Cohort) -> bool:
    """Work on a whole cohort: whoever may see the cohort's overview (the secretariat)."""
    return permissions.can_view_cohort(user, cohort)


def can_see_job(user: permissions.AnyUser, job: Job) -> bool:
    if not user.is_authenticated or job.started_by_id != user.pk:
        return False
    if job.round is not None:
        return can_start_on_round(user, job.round)
    if job.cohort is not None:
        return can_start_on_cohort(user, job.cohort)
    return True
