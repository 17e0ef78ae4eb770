"""Every change to a screening: creating it, its candidates, its panel, the panel's scores, and
sending the chosen solutions on to the workshop planner.

Each function is one person's action, checked here (not only in the form), inside one
transaction; saving a department's sheet twice with the same values changes nothing, so a double
click or a resent form is harmless.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stocktake.screening.files import canonical_name
from stocktake_web.accounts.models import User
from stocktake_web.assessments.models import Round
from stocktake_web.audit.domain.events import record_event
from stocktake_web.audit.models import AuditEvent
from stocktake_web.network.models import City, Department
from stocktake_web.screening.domain.criteria import network_criteria
from stocktake_web.screening.models import (
    Method,
    PanelDepartment,
    Screening,
    ScreeningCriterion,
    Solution,
    SolutionKeyArea,
    SolutionScore,
)

MAX_SOLUTIONS = 40
"""Candidates per screening: a panel scores every one on every criterion by hand."""


class InvalidScreeningError(ValueError):
    """The change cannot be made as asked; the sentence says why, in the reader's language."""


@transaction.atomic
def create_screening(
    *, city: City, title: str, round: Round | None, method: str, created_by: User
) -> Screening:
    """A new screening of ``city``, with a copy of the network's criteria as they are now."""
    if round is not None and round.city_id != city.pk:
        raise InvalidScreeningError(_("Choose a round of this city."))
    if method not in Method.values:
        raise InvalidScreeningError(_("Choose TOPSIS, weighted sum or PROMETHEE II."))
    screening = Screening.objects.create(
        city=city, title=title.strip(), round=round, method=method, created_by=created_by
    )
    ScreeningCriterion.objects.bulk_create(
        ScreeningCriterion(
            screening=screening,
            code=criterion.id,
            name=dict(criterion.names) or {"en": criterion.id},
            direction=criterion.direction,
            weight=criterion.weight,
            scale_min=criterion.scale[0] if criterion.scale else 1.0,
            scale_max=criterion.scale[1] if criterion.scale else 5.0,
            position=position,
        )
        for position, criterion in enumerate(network_criteria(city.network))
    )
    return screening


def add_solution(
    *, screening: Screening, name: str, description: str = "", key_areas: Iterable[str] = ()
) -> Solution:
    """A candidate, linked to the key areas (indicator ids) it addresses."""
    name = canonical_name(name)  # one way to write "Café", as the files read it
    if not name:
        raise InvalidScreeningError(_("Give the solution a name."))
    if screening.solutions.count() >= MAX_SOLUTIONS:
        raise InvalidScreeningError(
            _("A screening has at most %(count)d candidates.") % {"count": MAX_SOLUTIONS}
        )
    try:
        with transaction.atomic():
            solution = Solution.objects.create(
                screening=screening, name=name, description=description.strip()
            )
    except IntegrityError:
        raise InvalidScreeningError(
            _("There is a candidate called %(name)s already.") % {"name": name}
        ) from None
    SolutionKeyArea.objects.bulk_create(
        SolutionKeyArea(solution=solution, indicator=indicator)
        for indicator in dict.fromkeys(key_areas)
    )
    return solution


def remove_solution(*, solution: Solution) -> None:
    """Remove a candidate with its scores."""
    solution.delete()


@transaction.atomic
def set_panel(*, screening: Screening, departments: Collection[Department]) -> None:
    """The departments that score; a department taken off the panel loses its scores."""
    if any(department.city_id != screening.city_id for department in departments):
        raise InvalidScreeningError(_("Choose departments of this city."))
    wanted = {department.pk for department in departments}
    leaving = screening.panel.exclude(department_id__in=wanted)
    gone = list(leaving.values_list("department_id", flat=True))
    SolutionScore.objects.filter(solution__screening=screening, department_id__in=gone).delete()
    leaving.delete()
    present = set(screening.panel.values_list("department_id", flat=True))
    PanelDepartment.objects.bulk_create(
        PanelDepartment(screening=screening, department_id=pk) for pk in sorted(wanted - present)
    )


def panel_member(screening: Screening, department: Department) -> PanelDepartment | None:
    return screening.panel.filter(department=department).first()


Cell = tuple[int, int]
"""A sheet's cell: (solution id, criterion id)."""


@dataclass(frozen=True)
class SheetConflict:
    """A cell that another person of the department saved after this person's sheet was shown:
    ``theirs`` is what is stored now, ``yours`` what this person sent (``None``: empty)."""

    cell: Cell
    theirs: float | None
    yours: float | None


@dataclass(frozen=True)
class SheetOutcome:
    """How many cells a save wrote, cleared and left as they were, and the cells it did not
    write because someone else had changed them in the meantime."""

    written: int
    cleared: int
    unchanged: int
    conflicts: tuple[SheetConflict, ...] = ()


@transaction.atomic
def save_sheet(
    *,
    screening: Screening,
    department: Department,
    values: Mapping[Cell, float | None],
    by: User,
    seen: Mapping[Cell, float | None] | None = None,
) -> SheetOutcome:
    """Save a panel department's scores: a value writes the cell, ``None`` clears it.

    A department's respondents share one sheet, and may have it open at the same time. ``seen``
    is what the sheet showed this person when it was opened: a cell they did not change (its
    value is what they saw) is left alone, so a save never puts back a value a colleague has
    since replaced; a cell they changed that a colleague changed too becomes a conflict, written
    by neither, for the person to settle; a cell their sheet did not show (a candidate added
    since) is left alone. Without ``seen`` every cell sent is written.

    Raises
    ------
    InvalidScreeningError
        The department is not on the panel, a cell is not of this screening, or a value is not
        a finite number on its criterion's scale (nothing is saved then).
    """
    member = (
        PanelDepartment.objects.select_for_update()
        .filter(screening=screening, department=department)
        .first()
    )
    if member is None:
        raise InvalidScreeningError(_("This department is not on the screening's panel."))
    criteria = {c.pk: c for c in screening.criteria.all()}
    solutions = set(screening.solutions.values_list("pk", flat=True))
    for (solution, criterion), value in values.items():
        _check_cell(solution, criteria.get(criterion), value, solutions)
    stored = {
        (s.solution_id, s.criterion_id): s
        for s in SolutionScore.objects.filter(solution__screening=screening, department=department)
    }
    changes, conflicts, untouched = _changes(values, seen, stored)
    outcome = _write(stored, changes, department, by)
    member.saved_at, member.saved_by = timezone.now(), by
    member.save(update_fields=["saved_at", "saved_by"])
    return SheetOutcome(
        outcome.written, outcome.cleared, outcome.unchanged + untouched, tuple(conflicts)
    )


def _changes(
    values: Mapping[Cell, float | None],
    seen: Mapping[Cell, float | None] | None,
    stored: Mapping[Cell, SolutionScore],
) -> tuple[dict[Cell, float | None], list[SheetConflict], int]:
    """The cells to write, the conflicts, and how many cells the person left as they were."""
    if seen is None:
        return dict(values), [], 0
    changes: dict[Cell, float | None] = {}
    conflicts: list[SheetConflict] = []
    untouched = 0
    for cell, value in values.items():
        if cell not in seen or seen[cell] == value:
            untouched += 1
            continue
        existing = stored.get(cell)
        now = existing.value if existing is not None else None
        if now in (seen[cell], value):
            changes[cell] = value
        else:
            conflicts.append(SheetConflict(cell, now, value))
    return changes, conflicts, untouched


def stored_sheet(screening: Screening, department: Department) -> dict[Cell, float]:
    """The department's scores as they are stored, by cell."""
    return {
        (solution, criterion): value
        for solution, criterion, value in SolutionScore.objects.filter(
            solution__screening=screening, department=department
        ).values_list("solution_id", "criterion_id", "value")
    }


def _check_cell(
    solution: int, criterion: ScreeningCriterion | None, value: float | None, solutions: set[int]
) -> None:
    if criterion is None or solution not in solutions:
        raise InvalidScreeningError(
            _("A score is for a candidate or criterion of another screening.")
        )
    if value is None:
        return
    if not math.isfinite(value) or not criterion.scale_min <= value <= criterion.scale_max:
        raise InvalidScreeningError(
            _("A score must be from %(low)s to %(high)s.")
            % {"low": f"{criterion.scale_min:g}", "high": f"{criterion.scale_max:g}"}
        )


def _write(
    stored: dict[Cell, SolutionScore],
    values: Mapping[Cell, float | None],
    department: Department,
    by: User,
) -> SheetOutcome:
    written = cleared = unchanged = 0
    now = timezone.now()
    for (solution, criterion), value in values.items():
        existing = stored.get((solution, criterion))
        if value is None:
            if existing is not None:
                existing.delete()
                cleared += 1
        elif existing is not None and existing.value == value:
            unchanged += 1
        elif existing is not None:
            existing.value, existing.updated_by, existing.updated_at = value, by, now
            existing.save(update_fields=["value", "updated_by", "updated_at"])
            written += 1
        else:
            SolutionScore.objects.create(
                solution_id=solution,
                criterion_id=criterion,
                department=department,
                value=value,
                updated_by=by,
                updated_at=now,
            )
            written += 1
    return SheetOutcome(written, cleared, unchanged)


@transaction.atomic
def send_to_planner(*, screening: Screening, chosen: Collection[Solution], by: User) -> None:
    """Mark ``chosen`` as the solutions the city takes forward; their key areas then show on
    the secretariat's workshop planner (:mod:`stocktake_web.screening.domain.planner`)."""
    if screening.round is not None and screening.round.is_training:
        raise InvalidScreeningError(
            _(
                "This screening serves a training round, which counts in no network result; "
                "it is not sent to the workshop planner."
            )
        )
    if not chosen:
        raise InvalidScreeningError(_("Choose at least one solution to send to the planner."))
    if any(solution.screening_id != screening.pk for solution in chosen):
        raise InvalidScreeningError(_("Choose solutions of this screening."))
    screening.solutions.update(chosen=False)
    screening.solutions.filter(pk__in=[s.pk for s in chosen]).update(chosen=True)
    screening.sent_to_planner_at, screening.sent_to_planner_by = timezone.now(), by
    screening.save(update_fields=["sent_to_planner_at", "sent_to_planner_by"])
    _record_planner(screening, by, sorted(solution.name for solution in chosen))


@transaction.atomic
def withdraw_from_planner(*, screening: Screening, by: User) -> bool:
    """Take the screening's solutions off the workshop planner; ``False`` when they were not on
    it (a second click changes nothing)."""
    locked = Screening.objects.select_for_update().get(pk=screening.pk)
    if locked.sent_to_planner_at is None:
        return False
    locked.solutions.update(chosen=False)
    locked.sent_to_planner_at, locked.sent_to_planner_by = None, None
    locked.save(update_fields=["sent_to_planner_at", "sent_to_planner_by"])
    _record_planner(screening, by, [])
    return True


def _record_planner(screening: Screening, by: User, solutions: list[str]) -> None:
    """What the screening has on the planner now; no solutions: it was taken off."""
    record_event(
        kind=AuditEvent.Kind.SCREENING_SENT_TO_PLANNER,
        actor=by,
        network_id=screening.city.network_id,
        details={
            "screening_id": screening.pk,
            "screening": screening.title,
            "city": screening.city.name,
            "solutions": solutions,
        },
    )
