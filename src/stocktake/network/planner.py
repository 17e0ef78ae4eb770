"""The workshop planner: K workshops that serve the heaviest support requests (``methods.md``, 9).

Each workshop has a topic (an indicator), a host strong in it that agreed to share
(:mod:`~stocktake.network.strengths`), and at most *C* participants, each a city with a need on
that topic (:mod:`~stocktake.network.needs`). A host hosts one workshop and does not attend its
own; a city attends at most *M* workshops; a topic is taught once; every workshop has at least
one participant. The plan maximises the total weight of the needs served, as a mixed-integer
programme solved by HiGHS:

    u_th ∈ {0,1}: host h teaches topic t        a_ct ∈ {0,1}: city c attends the workshop on t
    maximise Σ w_ct a_ct
    Σ u_th = K;   Σ_h u_th ≤ 1 per topic;   Σ_t u_th ≤ 1 per host;
    a_ct ≤ Σ_{h ≠ c} u_th;   Σ_h u_th ≤ Σ_c a_ct ≤ C Σ_h u_th per topic;   Σ_t a_ct ≤ M per city.
"""

from __future__ import annotations

import time
from collections.abc import Collection, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.sparse import coo_array, csr_array
from scipy.sparse.csgraph import maximum_bipartite_matching

from stocktake.network.cohort import Cohort
from stocktake.network.errors import InfeasibleError, NetworkError
from stocktake.network.needs import WEIGHT_DIGITS, Need, needs
from stocktake.network.reasons import Reason, quoted, standing
from stocktake.network.solver import SolverReport, maximise
from stocktake.network.strengths import STRONG_SHARE, Strength, cohort_strengths

DEFAULT_TIME_LIMIT = 10.0


@dataclass(frozen=True)
class WorkshopChoice:
    """The programme's answer: (topic, host, participants) per workshop, and how it ended."""

    workshops: tuple[tuple[str, str, tuple[str, ...]], ...]
    objective: float
    report: SolverReport


def choose_workshops(
    weights: Mapping[tuple[str, str], float],
    hosts: Mapping[str, Collection[str]],
    count: int,
    *,
    capacity: int,
    per_city: int,
    time_limit: float = DEFAULT_TIME_LIMIT,
) -> WorkshopChoice:
    """Choose ``count`` workshops maximising the weight of the needs they serve.

    Parameters
    ----------
    weights
        ``(city, topic) -> weight`` of each need; needs of weight 0 are never served.
    hosts
        ``topic -> cities`` that may host a workshop on it (strong there and sharing).
    count, capacity, per_city
        *K* workshops, at most *C* participants each, at most *M* workshops per city.
    time_limit
        Seconds; at the limit the best plan found is returned with its gap (``report``).

    Raises
    ------
    InfeasibleError
        When fewer than ``count`` workshops can be formed, saying why.
    """
    started = time.perf_counter()
    _check_counts(count, capacity, per_city, time_limit)
    served = {key: w for key, w in weights.items() if _weight(key, w) > 0}
    offers = _offers(served, hosts)
    _check_enough(offers, count)
    model = _PlanModel(served, offers, count, capacity, per_city)
    outcome = maximise(
        model.values(),
        model.matrix(),
        model.lower,
        model.upper,
        integrality=np.ones(model.n_vars),
        bounds=(np.zeros(model.n_vars), np.ones(model.n_vars)),
        deadline=started + time_limit,
    )
    if outcome.status == "infeasible":
        raise InfeasibleError(
            f"{count} workshops cannot each have a participant: every workshop needs a city "
            f"that asked for its topic, does not host it and attends at most {per_city} "
            "workshops; ask for fewer workshops or allow more per city"
        )
    if outcome.x is None:
        raise NetworkError("no plan was found within the time limit; allow the solver more time")
    chosen = model.read(outcome.x)
    objective = round(
        sum(served[(city, topic)] for topic, _, cities in chosen for city in cities),
        WEIGHT_DIGITS,
    )
    report = SolverReport.ended(
        objective,
        outcome.bound,
        proven=outcome.status == "optimal",
        started=started,
        formulation="workshop assignment",
    )
    return WorkshopChoice(tuple(chosen), objective, report)


def _weight(key: tuple[str, str], weight: float) -> float:
    if not (np.isfinite(weight) and weight >= 0):
        raise NetworkError(
            f"the weight of the need of {key[0]} on {key[1]} must be zero or a positive number, "
            f"not {weight}"
        )
    return weight


def _check_counts(count: int, capacity: int, per_city: int, time_limit: float) -> None:
    for name, value in (("workshops", count), ("capacity", capacity), ("per_city", per_city)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise NetworkError(f"{name} must be a whole number from 1, not {value!r}")
    if not time_limit > 0:
        raise NetworkError(f"the time limit must be a positive number of seconds, not {time_limit}")


def _offers(
    served: Mapping[tuple[str, str], float], hosts: Mapping[str, Collection[str]]
) -> list[tuple[str, str]]:
    """Every (topic, host) that could form a workshop: someone else asked for the topic."""
    askers: dict[str, set[str]] = {}
    for city, topic in served:
        askers.setdefault(topic, set()).add(city)
    return sorted(
        (topic, host)
        for topic, candidates in hosts.items()
        for host in set(candidates)
        if askers.get(topic, set()) - {host}
    )


def _check_enough(offers: list[tuple[str, str]], count: int) -> None:
    """Refuse more workshops than distinct topics can be matched to distinct hosts."""
    if not offers:
        raise InfeasibleError(
            "no workshop can be formed: no city asked for support on a topic where another "
            "city that agreed to share is strong (level 3 of 4 or more, with evidence)"
        )
    topics = sorted({t for t, _ in offers})
    hosts = sorted({h for _, h in offers})
    rows = [topics.index(t) for t, _ in offers]
    cols = [hosts.index(h) for _, h in offers]
    graph = csr_array((np.ones(len(offers)), (rows, cols)), shape=(len(topics), len(hosts)))
    possible = int((maximum_bipartite_matching(graph, perm_type="column") >= 0).sum())
    if count > possible:
        raise InfeasibleError(
            f"only {possible} workshop{'s' if possible != 1 else ''} can be formed, not {count}: "
            "each needs a topic some city asked about and a different host strong in it that "
            "agreed to share, and a host leads one workshop"
        )


class _PlanModel:
    """Variables and rows of the planner's programme."""

    def __init__(
        self,
        served: Mapping[tuple[str, str], float],
        offers: list[tuple[str, str]],
        count: int,
        capacity: int,
        per_city: int,
    ) -> None:
        self.offers = offers
        topics = {t for t, _ in offers}
        self.seats = sorted((c, t) for c, t in served if t in topics)
        self.weights = [served[seat] for seat in self.seats]
        self.n_vars = len(offers) + len(self.seats)
        self.rows: list[tuple[dict[int, float], float, float]] = []
        self._build(count, capacity, per_city)
        self.lower = np.array([row[1] for row in self.rows])
        self.upper = np.array([row[2] for row in self.rows])

    def _build(self, count: int, capacity: int, per_city: int) -> None:
        u = {offer: k for k, offer in enumerate(self.offers)}
        a = {seat: len(self.offers) + k for k, seat in enumerate(self.seats)}
        self.rows.append(({k: 1.0 for k in u.values()}, count, count))
        by_topic: dict[str, list[int]] = {}
        by_host: dict[str, list[int]] = {}
        for (topic, host), k in u.items():
            by_topic.setdefault(topic, []).append(k)
            by_host.setdefault(host, []).append(k)
        for ks in [*by_topic.values(), *by_host.values()]:
            self.rows.append(({k: 1.0 for k in ks}, -np.inf, 1.0))
        hosts_of: dict[str, list[str]] = {}
        for topic, host in self.offers:
            hosts_of.setdefault(topic, []).append(host)
        for (city, topic), k in a.items():
            others = {u[(topic, h)]: -1.0 for h in hosts_of[topic] if h != city}
            self.rows.append(({k: 1.0, **others}, -np.inf, 0.0))
        for topic, ks in by_topic.items():
            seats = [k for (_, t), k in a.items() if t == topic]
            self.rows.append(
                ({**{k: 1.0 for k in seats}, **{k: -capacity for k in ks}}, -np.inf, 0)
            )
            self.rows.append(({**{k: 1.0 for k in ks}, **{k: -1.0 for k in seats}}, -np.inf, 0))
        by_city: dict[str, list[int]] = {}
        for (city, _), k in a.items():
            by_city.setdefault(city, []).append(k)
        for ks in by_city.values():
            self.rows.append(({k: 1.0 for k in ks}, -np.inf, per_city))

    def values(self) -> np.ndarray:
        return np.concatenate([np.zeros(len(self.offers)), np.asarray(self.weights, float)])

    def matrix(self) -> csr_array:
        rows: list[int] = []
        cols: list[int] = []
        data: list[float] = []
        for r, (coefficients, _, _) in enumerate(self.rows):
            rows.extend([r] * len(coefficients))
            cols.extend(coefficients)
            data.extend(coefficients.values())
        return coo_array((data, (rows, cols)), shape=(len(self.rows), self.n_vars)).tocsr()

    def read(self, x: np.ndarray) -> list[tuple[str, str, tuple[str, ...]]]:
        chosen = [offer for k, offer in enumerate(self.offers) if x[k] > 0.5]
        found = []
        for topic, host in chosen:
            cities = [
                c
                for k, (c, t) in enumerate(self.seats)
                if t == topic and x[len(self.offers) + k] > 0.5
            ]
            found.append((topic, host, tuple(sorted(cities))))
        return found


# -- the plan, with its reasons --------------------------------------------------------------


@dataclass(frozen=True)
class Participant:
    city: str
    need: Need
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Workshop:
    """A planned workshop: topic, host, participants, the weight it serves and why."""

    topic: str
    host: str
    host_strength: Strength
    participants: tuple[Participant, ...]
    weight: float
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class WorkshopPlan:
    """K workshops, the needs they were chosen from, the total weight served and the report."""

    workshops: tuple[Workshop, ...]
    needs: tuple[Need, ...]
    objective: float
    capacity: int
    per_city: int
    report: SolverReport

    def to_frame(self) -> pd.DataFrame:
        """One row per participant of each workshop, with the weight of its need."""
        rows = [
            {
                "topic": w.topic,
                "host": w.host,
                "city": p.city,
                "weight": p.need.weight,
            }
            for w in self.workshops
            for p in w.participants
        ]
        return pd.DataFrame(rows, columns=["topic", "host", "city", "weight"])


def plan_workshops(
    cohort: Cohort,
    count: int,
    *,
    capacity: int,
    per_city: int,
    kinds: Collection[str] | None = None,
    share: float = STRONG_SHARE,
    time_limit: float = DEFAULT_TIME_LIMIT,
) -> WorkshopPlan:
    """Plan ``count`` workshops for a cohort from its support requests.

    Parameters
    ----------
    cohort
        The cities, their answers (with support requests and evidence) and their consent.
    count, capacity, per_city
        *K* workshops, at most *C* participants each, at most *M* workshops per city.
    kinds
        The kinds of support a workshop serves (every kind by default).
    share
        The share of an indicator's range from which a city is strong enough to host.
    time_limit
        Seconds for the solve.
    """
    found = needs(cohort, kinds=kinds)
    strengths = cohort_strengths(cohort, share=share)
    hosts: dict[str, list[str]] = {}
    for city in cohort.cities:
        if cohort.shares(city):
            for indicator in strengths[city]:
                hosts.setdefault(indicator, []).append(city)
    weights = {(need.city, need.indicator): need.weight for need in found}
    choice = choose_workshops(
        weights, hosts, count, capacity=capacity, per_city=per_city, time_limit=time_limit
    )
    by_key = {(need.city, need.indicator): need for need in found}
    attending: dict[str, list[str]] = {}
    for topic, _, cities in choice.workshops:
        for city in cities:
            attending.setdefault(city, []).append(topic)
    workshops = tuple(
        _workshop(
            cohort, topic, strengths[host][topic], cities, by_key, attending, capacity, per_city
        )
        for topic, host, cities in choice.workshops
    )
    return WorkshopPlan(
        workshops=tuple(sorted(workshops, key=lambda w: (-w.weight, w.topic))),
        needs=tuple(found),
        objective=choice.objective,
        capacity=capacity,
        per_city=per_city,
        report=choice.report,
    )


def _workshop(
    cohort: Cohort,
    topic: str,
    held: Strength,
    cities: tuple[str, ...],
    needs_by_key: Mapping[tuple[str, str], Need],
    attending: Mapping[str, list[str]],
    capacity: int,
    per_city: int,
) -> Workshop:
    indicator = cohort.framework.indicator(topic)
    title = indicator.title.get("en", topic)
    askers = [n for (c, t), n in needs_by_key.items() if t == topic and n.weight > 0]
    taking = [needs_by_key[(city, topic)] for city in cities]
    weight = round(sum(n.weight for n in taking), WEIGHT_DIGITS)
    total = round(sum(n.weight for n in askers), WEIGHT_DIGITS)
    host = cohort.label(held.city)
    reasons = [
        Reason(
            "topic",
            f"{len(askers)} cities asked for support on {topic} ({title}), needs weighing "
            f"{total:g} together; {len(taking)} of them take part, weighing {weight:g}.",
            {"topic": topic, "askers": len(askers), "total": total, "served": weight},
        ),
        Reason(
            "host",
            f"{host} hosts: it is at {standing(indicator, held.points)} on {topic}, with "
            f"evidence {quoted(held.evidence)}, and agreed to share.",
            {"host": held.city, "points": held.points, "evidence": list(held.evidence)},
        ),
    ]
    smallest = min((n.weight for n in taking), default=0.0)
    for need in sorted(askers, key=lambda n: (-n.weight, n.city)):
        if need.city not in cities:
            reasons.append(
                _left_out(
                    cohort,
                    need,
                    held.city,
                    attending,
                    capacity,
                    per_city,
                    smallest,
                    full=len(taking) >= capacity,
                )
            )
    participants = tuple(
        Participant(need.city, need, (_participant_reason(cohort, need),))
        for need in sorted(taking, key=lambda n: (-n.weight, n.city))
    )
    return Workshop(topic, held.city, held, participants, weight, tuple(reasons))


def _participant_reason(cohort: Cohort, need: Need) -> Reason:
    indicator = cohort.framework.indicator(need.indicator)
    points = cohort.consolidation(need.city).values[need.indicator].points
    departments = len(need.departments)
    asked = "department" if departments == 1 else "departments"
    return Reason(
        "participant",
        f"{cohort.label(need.city)}: {departments} {asked} asked for "
        f"{', '.join(need.kinds)} (need weight {need.weight:g}); it is at "
        f"{standing(indicator, points)}.",
        {"city": need.city, "weight": need.weight, "kinds": need.kinds, "points": points},
    )


def _left_out(
    cohort: Cohort,
    need: Need,
    host: str,
    attending: Mapping[str, list[str]],
    capacity: int,
    per_city: int,
    smallest: float,
    *,
    full: bool,
) -> Reason:
    name = cohort.label(need.city)
    params = {"city": need.city, "weight": need.weight}
    if need.city == host:
        return Reason("left_out_host", f"{name} asked too, but hosts this workshop.", params)
    elsewhere = attending.get(need.city, [])
    if len(elsewhere) >= per_city:
        return Reason(
            "left_out_busy",
            f"{name} asked too (weight {need.weight:g}) but attends its "
            f"{per_city} workshop{'s' if per_city > 1 else ''} on {', '.join(elsewhere)}.",
            {**params, "attends": elsewhere},
        )
    if full:
        return Reason(
            "left_out_full",
            f"{name} asked too (weight {need.weight:g}), but the {capacity} places went to "
            f"needs weighing at least {smallest:g}.",
            {**params, "capacity": capacity},
        )
    return Reason(
        "left_out_unplaced",
        f"{name} asked too (weight {need.weight:g}) but was not placed before the solver "
        "stopped at its time limit.",
        params,
    )
