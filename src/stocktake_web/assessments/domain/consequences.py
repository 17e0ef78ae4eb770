"""What closing answering or signing off a round would leave behind, read before the
coordinator confirms: the coverage, the departments that have not submitted, the indicators
nobody was asked to answer and the disagreements still to reconcile."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from stocktake.frameworks import Indicator
from stocktake.scoring import AssessmentScore
from stocktake_web.assessments.domain.completion import DepartmentProgress, department_progress
from stocktake_web.assessments.domain.coordination import unassigned_indicators
from stocktake_web.assessments.domain.results import compute_results
from stocktake_web.assessments.models import Round


@dataclass(frozen=True)
class Coverage:
    """``answered`` of the ``expected`` indicators are scored, as the core counts them (an
    optional indicator is expected only once answered)."""

    answered: int
    expected: int

    @property
    def percent(self) -> float:
        """0 to 100; 0 when nothing is expected."""
        return 100.0 * self.answered / self.expected if self.expected else 0.0

    @property
    def whole_percent(self) -> int:
        """The percent to the nearest whole number, as people read it; never 100 while an
        indicator is missing, nor 0 once one is answered."""
        found = int(self.percent + 0.5)
        if self.answered < self.expected:
            found = min(found, 99)
        return max(found, 1) if self.answered else 0

    def below(self, minimum: int) -> bool:
        return self.percent < minimum


def coverage_in(score: AssessmentScore) -> Coverage:
    """The core's coverage of the whole framework, as counts a person can check."""
    total = score.total
    expected = round(total.n_scored / total.coverage) if total.coverage else 0
    if not total.n_scored:
        expected = sum(1 for found in score.indicators.values() if not found.optional)
    return Coverage(answered=total.n_scored, expected=expected)


def coverage_of(round: Round) -> Coverage:
    """The round's coverage from its rows now (the core scores them)."""
    return coverage_in(compute_results(round).score)


@dataclass(frozen=True)
class Consequences:
    """What the coordinator reads before closing answering or signing off."""

    coverage: Coverage
    minimum: int
    """The network's minimum coverage for a sign-off without a reason, in percent."""
    overdue: list[DepartmentProgress]
    unsubmitted: list[DepartmentProgress]
    """Departments with indicators that have not submitted (the overdue ones among them)."""
    unassigned: list[Indicator]
    unreconciled: list[Indicator]

    @property
    def below_minimum(self) -> bool:
        return self.coverage.below(self.minimum)

    @property
    def untroubled(self) -> bool:
        """Nothing to warn of: everything expected answered, submitted, assigned, settled."""
        complete = self.coverage.answered == self.coverage.expected
        return complete and not (self.unsubmitted or self.unassigned or self.unreconciled)


def consequences_of(round: Round, *, today: datetime.date) -> Consequences:
    """Read everything :class:`Consequences` holds for ``round`` (the core scores its rows)."""
    results = compute_results(round)
    progress = department_progress(round, today=today)
    by_id = {ind.id: ind for ind in results.framework.indicators()}
    return Consequences(
        coverage=coverage_in(results.score),
        minimum=round.city.network.minimum_sign_off_coverage,
        overdue=[item for item in progress if item.overdue],
        unsubmitted=[item for item in progress if not item.submitted],
        unassigned=unassigned_indicators(round),
        unreconciled=[by_id[key] for key in results.consolidation.needs_reconciliation],
    )
