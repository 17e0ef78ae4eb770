"""Peer-learning groups formed in the background, and the file that holds them.

Forming groups of a large cohort takes the solver seconds (40 cities into groups of 4: 2.5 to
4 s on the shared two-core machine), too long for a page to wait: the groups page starts this
job and shows its result when the worker is done. The file is JSON holding the core's grouping
(cities by short name, pair values and topics, the objective, the solver's report), so that the
page rebuilds :class:`stocktake.network.Grouping` from it and shows it as it shows any grouping.
A request the constraints make impossible ends the job with the core's sentence.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import IO, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stocktake import network as core
from stocktake_web.background.domain import JobFailedError, report_progress
from stocktake_web.background.kinds import JobKind, register_kind
from stocktake_web.background.models import Job
from stocktake_web.peers.domain.cohorts import framework_version
from stocktake_web.peers.domain.planning import form_cohort_groups, secretariat_cohort


def groups_parameters(
    *,
    framework: int,
    size: int,
    shared_language: bool,
    must_meet: list[tuple[str, str]],
    must_not_meet: list[tuple[str, str]],
) -> dict[str, Any]:
    """What a groups job is asked, as JSON; the groups form reads it back."""
    return {
        "framework": framework,
        "size": size,
        "shared_language": shared_language,
        "must_meet": [list(pair) for pair in must_meet],
        "must_not_meet": [list(pair) for pair in must_not_meet],
    }


def cohort_peer_groups(job: Job, out: IO[bytes]) -> str:
    """Form the groups the job's parameters ask for and write them as JSON."""
    cohort, asked = job.cohort, job.parameters
    assert cohort is not None  # a cohort's kind is started with its cohort
    framework = framework_version(asked["framework"])
    if framework is None:
        raise JobFailedError(_("The framework of this request no longer exists."))
    report_progress(job=job, done=0, total=2, message=_("Reading the cohort's rounds"))
    named = secretariat_cohort(cohort=cohort, framework=framework)
    report_progress(job=job, done=1, total=2, message=_("Forming the groups"))
    try:
        grouping = form_cohort_groups(
            named=named,
            size=asked["size"],
            shared_language=asked["shared_language"],
            must_meet=[tuple(pair) for pair in asked["must_meet"]],
            must_not_meet=[tuple(pair) for pair in asked["must_not_meet"]],
        )
    except core.NetworkError as exc:
        raise JobFailedError(_("These groups cannot be formed: %(why)s.") % {"why": exc}) from None
    out.write(json.dumps(grouping_record(grouping), ensure_ascii=False, indent=1).encode())
    report_progress(job=job, done=2, total=2, message=_("Done"))
    return f"{cohort.network.slug}-cohort-{cohort.pk}-groups.json"


def grouping_record(grouping: core.Grouping) -> dict[str, Any]:
    """The grouping as JSON: every field of the core's result, pairs inside groups only."""
    group_of = {city: k for k, group in enumerate(grouping.groups) for city in group}
    inside = [p for p in grouping.pairs if group_of[p.a] == group_of[p.b]]
    return {
        "groups": [list(group) for group in grouping.groups],
        "objective": grouping.objective,
        "group_values": list(grouping.group_values),
        "pairs": [asdict(pair) for pair in inside],
        "requested_size": grouping.requested_size,
        "sizes_relaxed": grouping.sizes_relaxed,
        "report": asdict(grouping.report),
        "notes": list(grouping.notes),
    }


def grouping_of_job(job: Job) -> core.Grouping:
    """The grouping a finished job wrote."""
    with job.result.open("rb") as stored:
        record = json.loads(stored.read().decode())
    return core.Grouping(
        groups=tuple(tuple(group) for group in record["groups"]),
        objective=record["objective"],
        group_values=tuple(record["group_values"]),
        pairs=tuple(_pair(pair) for pair in record["pairs"]),
        requested_size=record["requested_size"],
        sizes_relaxed=record["sizes_relaxed"],
        report=core.SolverReport(**record["report"]),
        notes=tuple(record["notes"]),
    )


def _pair(record: dict[str, Any]) -> core.PairValue:
    topics = {"a_topics": tuple(record["a_topics"]), "b_topics": tuple(record["b_topics"])}
    return core.PairValue(**{**record, **topics})


PEER_GROUPS = register_kind(
    JobKind(
        name="cohort-peer-groups",
        title=gettext_lazy("Peer-learning groups"),
        concerns="cohort",
        work=cohort_peer_groups,
    )
)
