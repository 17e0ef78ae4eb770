"""Mixed-integer programmes solved by HiGHS through :func:`scipy.optimize.milp`, and their report.

Every optimisation of the network (peer groups, workshop plans) is an exact model handed to HiGHS;
nothing is decided by a hand-made heuristic. A solve ends either with a proof of optimality or at
the time limit, with the best solution found and a bound no solution can beat; the report states
which, and the relative gap between the two.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_array

Status = Literal["optimal", "time_limit"]

MIP_REL_GAP = 1e-7
"""HiGHS stops when incumbent and bound are this close (relative): optimal up to rounding."""


@dataclass(frozen=True)
class SolverReport:
    """How a maximisation ended: proven optimal, or stopped at the time limit with a gap."""

    status: Status
    objective: float
    bound: float
    """No solution can score more than this."""
    gap: float
    """``(bound − objective) / |bound|``; 0 when proven optimal or when both are 0."""
    seconds: float
    formulation: str

    @classmethod
    def ended(
        cls, objective: float, bound: float, *, proven: bool, started: float, formulation: str
    ) -> SolverReport:
        """The report of a solve that started at ``started`` (a ``perf_counter`` instant)."""
        return cls(
            status="optimal" if proven else "time_limit",
            objective=objective,
            bound=objective if proven else max(bound, objective),
            gap=0.0 if proven else relative_gap(objective, bound),
            seconds=time.perf_counter() - started,
            formulation=formulation,
        )

    @property
    def optimal(self) -> bool:
        return self.status == "optimal"

    def sentence(self) -> str:
        if self.optimal:
            return f"Proven optimal ({self.formulation} formulation, {self.seconds:.2f} s)."
        return (
            f"Stopped at the time limit after {self.seconds:.2f} s: the solution found scores "
            f"{self.objective:g}, within {100 * self.gap:.2f} % of the best possible "
            f"({self.bound:g})."
        )


def relative_gap(objective: float, bound: float) -> float:
    """``(bound − objective) / |bound|``, 0 when the bound is not above the objective."""
    if bound - objective <= 1e-9 * max(1.0, abs(bound)):
        return 0.0
    return (bound - objective) / max(abs(bound), 1e-12)


@dataclass(frozen=True)
class Outcome:
    """What HiGHS returned for a maximisation: a solution (or none), its value and a bound."""

    x: np.ndarray | None
    status: Literal["optimal", "time_limit", "infeasible"]
    objective: float
    bound: float


def maximise(
    values: np.ndarray,
    matrix: csr_array,
    lower: np.ndarray,
    upper: np.ndarray,
    *,
    integrality: np.ndarray,
    bounds: tuple[np.ndarray, np.ndarray],
    deadline: float,
) -> Outcome:
    """Maximise ``values · x`` subject to ``lower ≤ matrix x ≤ upper`` until ``deadline``.

    ``deadline`` is a :func:`time.perf_counter` instant; a solve that starts after it still gets
    a moment, so a model is never refused only because an earlier step used the budget.
    """
    options = {
        "time_limit": max(0.05, deadline - time.perf_counter()),
        "mip_rel_gap": MIP_REL_GAP,
        "disp": False,
    }
    result = milp(
        -values,
        integrality=integrality,
        bounds=Bounds(*bounds),
        constraints=LinearConstraint(matrix, lower, upper),
        options=options,
    )
    if result.status == 2:
        return Outcome(None, "infeasible", -np.inf, -np.inf)
    if result.status not in (0, 1):
        raise RuntimeError(f"HiGHS did not solve the model: {result.message}")
    dual = getattr(result, "mip_dual_bound", None)
    if result.x is None:
        bound = -float(dual) if dual is not None and np.isfinite(dual) else np.inf
        return Outcome(None, "time_limit", -np.inf, bound)
    objective = float(values @ result.x)
    if result.status == 0:
        return Outcome(result.x, "optimal", objective, objective)
    bound = -float(dual) if dual is not None and np.isfinite(dual) else np.inf
    return Outcome(result.x, "time_limit", objective, max(bound, objective))
