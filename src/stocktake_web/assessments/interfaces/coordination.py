"""What the coordinator's round page shows: the assignment grid and the disagreements; the
forms of the steps that change the round as a whole."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy

from stocktake.consolidate import Consolidation
from stocktake.frameworks import Framework, Indicator
from stocktake_web.assessments.domain.coordination import (
    assignment_answered,
    given_answers,
    reconciliations_of,
)
from stocktake_web.assessments.domain.rounds import STEP_REASON_MAX_LENGTH
from stocktake_web.assessments.interfaces.forms import OpenRoundForm, ReconciliationForm
from stocktake_web.assessments.interfaces.indicators import value_label
from stocktake_web.assessments.models import Answer, Reconciliation, Round
from stocktake_web.languages import localised
from stocktake_web.network.models import Department

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class GridCell:
    department: Department
    assigned: bool
    answered: bool
    suggested: bool


@dataclass(frozen=True)
class GridRow:
    indicator: Indicator
    group: str
    cells: list[GridCell]


def assignment_grid(
    round: Round, framework: Framework, departments: list[Department]
) -> list[GridRow]:
    """Indicators × departments: assigned, answered (cannot be taken back), suggested."""
    assigned = assignment_answered(round)
    rows = []
    for indicator in framework.indicators():
        cells = [
            GridCell(
                department=dept,
                assigned=(indicator.id, dept.pk) in assigned,
                answered=assigned.get((indicator.id, dept.pk), False),
                suggested=dept.slug in indicator.departments,
            )
            for dept in departments
        ]
        group = localised(framework.group_path(indicator.id)[0].title)
        rows.append(GridRow(indicator=indicator, group=group, cells=cells))
    return rows


@dataclass(frozen=True)
class DepartmentAnswer:
    department: Department
    answer: Answer
    label: str


@dataclass
class Disagreement:
    """One indicator where departments' answers are far apart, side by side."""

    indicator: Indicator
    answers: list[DepartmentAnswer]
    consolidated: str
    spread: float
    reconciliation: Reconciliation | None
    reconciled: str = ""
    """The reconciled answer as a person reads it (``2 · Planned``); empty until reconciled."""
    form: ReconciliationForm | None = field(default=None)

    @property
    def settled(self) -> bool:
        return self.reconciliation is not None


def disagreements(
    round: Round, framework: Framework, consolidation: Consolidation
) -> list[Disagreement]:
    """Every indicator the core finds disagreement on, reconciled or not, in framework order;
    with a form to reconcile it once answering is closed and until the round is signed off."""
    values = consolidation.values
    wanted = [ind for ind in framework.indicators() if values[ind.id].disagree]
    answers: dict[str, list[DepartmentAnswer]] = defaultdict(list)
    rows = given_answers(round, [ind.id for ind in wanted])
    by_id = {ind.id: ind for ind in wanted}
    for row in rows:
        indicator = by_id[row.assignment.indicator]
        answers[indicator.id].append(
            DepartmentAnswer(row.assignment.department, row, value_label(indicator, row.value))
        )
    settled = reconciliations_of(round)
    found = []
    for indicator in wanted:
        value = values[indicator.id]
        reconciliation = settled.get(indicator.id)
        item = Disagreement(
            indicator=indicator,
            answers=answers[indicator.id],
            consolidated=value_label(indicator, value.value),
            spread=value.spread,
            reconciliation=reconciliation,
            reconciled=value_label(indicator, reconciliation.value) if reconciliation else "",
        )
        if round.state == Round.State.RECONCILING:
            item.form = ReconciliationForm(
                indicator=indicator, initial=_initial(reconciliation), prefix=f"r-{indicator.id}"
            )
        found.append(item)
    return found


def _initial(reconciliation: Reconciliation | None) -> dict[str, object]:
    if reconciliation is None:
        return {"base_version": 0}
    return {"value": reconciliation.value, "base_version": reconciliation.version}


def _reason_field(label: StrOrPromise) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=STEP_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RoundOpeningForm(OpenRoundForm):
    """Opening a round; ``reason`` is asked for (and shown) only when the city already runs a
    current round of the chosen framework."""

    reason = _reason_field(
        gettext_lazy("Why the city needs a second current round of this framework")
    )


class StepConfirmationForm(forms.Form):
    """Closing answering or signing off, once the coordinator has read what it leaves behind.

    Without ``confirmed`` the step is not taken: the page of consequences is shown instead, so
    a POST from an old page or a script cannot skip it. ``reason`` is required by the sign-off
    below the network's minimum coverage (the domain says so).
    """

    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)
    reason = _reason_field(gettext_lazy("Reason"))
