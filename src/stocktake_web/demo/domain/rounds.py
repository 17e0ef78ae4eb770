"""One demo round of one city, taken as far as its stage through the domain functions.

A round is opened, its indicators routed to the departments that answer them, the departments'
answers saved as their respondents would, and then, by stage:

* **being answered** (open): departments part-way through, the last one not started;
* **reconciling**: every department submitted, some disagreements settled and some waiting;
* **signed off**: every disagreement settled, results computed and stored.

The round's consent tier is chosen by the city's coordinator, as on the round page.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from stocktake.answers import Answer as CoreAnswer
from stocktake_web.accounts.models import User
from stocktake_web.assessments.domain import (
    AnswerContent,
    AnswerEdit,
    assign_indicators,
    compute_results,
    open_round,
    reconcile,
    save_answers,
    sign_off,
    start_reconciliation,
    submit_department,
)
from stocktake_web.assessments.domain.consent import set_consent
from stocktake_web.assessments.models import Answer, Round
from stocktake_web.frameworks.models import FrameworkVersion
from stocktake_web.network.models import City, Department

REASON = "Agreed at the coordination meeting after comparing the departments' evidence."
ANSWERED_WHILE_OPEN = 0.6
"""Share of its indicators the first department has answered in a round still being answered."""


@dataclass(frozen=True)
class RoundPlan:
    """What one demo round is: its name, dates, how far it has gone and how far results travel."""

    name: str
    opened_at: datetime.datetime
    deadline: datetime.date
    stage: str
    consent: str
    training: bool = False
    """A workshop exercise: labelled as training, counted in no network result."""


@dataclass(frozen=True)
class CityStaff:
    """The demo city's coordinator and its departments' respondents, read once per city."""

    coordinator: User
    departments: dict[str, Department]
    respondents: dict[str, User]

    @classmethod
    def of(cls, city: City) -> CityStaff:
        departments = {dept.slug: dept for dept in city.departments.all()}
        usernames = {f"{city.slug}-{slug}": slug for slug in departments}
        coordinator = f"{city.slug}-coordinator"
        users = User.objects.filter(username__in=[*usernames, coordinator])
        by_name = {user.username: user for user in users}
        return cls(
            coordinator=by_name[coordinator],
            departments=departments,
            respondents={slug: by_name[name] for name, slug in usernames.items()},
        )


def build_round(
    *,
    city: City,
    staff: CityStaff,
    framework: FrameworkVersion,
    answers: list[CoreAnswer],
    plan: RoundPlan,
) -> Round:
    """Open the round of ``plan`` and take it to its stage with the generated ``answers``."""
    current = open_round(
        city=city,
        framework=framework,
        name=plan.name,
        deadline=plan.deadline,
        opened_by=staff.coordinator,
        opened_at=plan.opened_at,
        training=plan.training,
    )
    if plan.consent != current.consent:
        set_consent(round=current, consent=plan.consent, by=staff.coordinator)
    pairs = dict.fromkeys(
        (answer.indicator, staff.departments[answer.department])
        for answer in answers
        if not answer.reconciled
    )
    assign_indicators(round=current, by=staff.coordinator, pairs=pairs)
    share = ANSWERED_WHILE_OPEN if plan.stage == Round.State.OPEN else 1.0
    _answer_all(current, staff.respondents, [a for a in answers if not a.reconciled], share)
    if plan.stage == Round.State.OPEN:
        return current
    for slug, department in staff.departments.items():
        submit_department(round=current, department=department, by=staff.respondents[slug])
    start_reconciliation(round=current)
    everything = plan.stage == Round.State.SIGNED_OFF
    _reconcile(current, staff.coordinator, answers, everything=everything)
    if everything:
        sign_off(round=current, by=staff.coordinator)
        current.refresh_from_db()
    return current


def _answer_all(
    current: Round,
    respondents: dict[str, User],
    answers: Iterable[CoreAnswer],
    share: float,
) -> None:
    """Save each department's answers as its respondent would; with ``share`` < 1, the later
    departments have answered only part of their indicators (and the last one nothing)."""
    by_department: dict[str, list[CoreAnswer]] = defaultdict(list)
    for answer in answers:
        by_department[answer.department].append(answer)
    rows = {
        (row.assignment.indicator, row.assignment.department.slug): row
        for row in Answer.objects.filter(assignment__round=current).select_related(
            "assignment__department"
        )
    }
    ordered = sorted(by_department)
    for position, slug in enumerate(ordered):
        mine = by_department[slug]
        done = len(mine) if share >= 1 else int(len(mine) * share * (1 - position / len(ordered)))
        # One batch per department: saved one by one, a thousand cities' answers took minutes.
        edits = [
            AnswerEdit(row, row.version, _content(answer))
            for answer in mine[:done]
            if not answer.is_blank
            for row in [rows[(answer.indicator, slug)]]
        ]
        save_answers(user=respondents[slug], edits=edits)


def _content(answer: CoreAnswer) -> AnswerContent:
    return AnswerContent(
        value=_text(answer.value),
        evidence=answer.evidence,
        confidence=answer.confidence or "",
        importance=answer.importance,
        support=frozenset(answer.support_needed),
        comment=answer.comment,
    )


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _reconcile(
    current: Round, coordinator: User, answers: list[CoreAnswer], *, everything: bool
) -> None:
    """Apply the demo's reconciled answers; with ``everything``, settle every other
    disagreement on the rule's value, as a coordinator would after the meeting."""
    settled = {a.indicator: a for a in answers if a.reconciled}
    outstanding = compute_results(current).consolidation
    for indicator in outstanding.needs_reconciliation:
        chosen = settled.get(indicator)
        if chosen is not None:
            value = chosen.value
        elif everything:
            value = outstanding.values[indicator].value
        else:
            continue
        reconcile(
            round=current, indicator=indicator, value=_text(value), reason=REASON, by=coordinator
        )
