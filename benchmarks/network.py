"""Timings of the network's optimisations, one ``name: value unit`` line per figure.

Run ``python benchmarks/network.py``. Cohorts are the fictional demo network's (``stocktake.demo``,
issa-36, 36 indicators), 40 cities, one cohort per seed (1 to 5 by default, ``--seeds N`` for
more); each figure is over the seeds: the median and the largest time, the largest relative gap
and how many solves were proven optimal.

* ``groups_40x4``: 40 cities into 10 peer-learning groups of 4, no language constraint;
* ``groups_40x4_languages``: the same with working languages (English for 85 % of the cities,
  and one of five other languages for every city), so groups must share one;
* ``groups_41x4``: 41 cities, groups of 4 and 5;
* ``plan_40x36_kK``: the workshop planner on the same cohorts, K workshops of at most 6
  cities, each city in at most 2.

The target for groups of 4 among 40 cities is proven optimality, or a reported gap of at most
1 %, within 10 s. The time limit given to every solve is 10 s.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from stocktake.demo.network import generate_network
from stocktake.frameworks import get_framework
from stocktake.network import CityContext, Cohort, form_groups, pair_values, plan_workshops

LANGUAGES = ("ja", "ko", "zh-Hant", "mn", "fil")
TIME_LIMIT = 10.0


def cohort(seed: int, n_cities: int, *, languages: bool) -> Cohort:
    framework = get_framework("issa-36")
    network = generate_network(seed, n_cities=n_cities)
    answers = {city.id: network.answers[(city.id, framework.id)] for city in network.cities}
    contexts = []
    if languages:
        rng = np.random.default_rng([seed, 0x1A])
        for city in network.cities:
            spoken = [str(rng.choice(LANGUAGES))]
            if rng.random() < 0.85:
                spoken.append("en")
            contexts.append(CityContext(city.id, languages=tuple(spoken)))
    return Cohort.build(framework, answers, contexts)


def time_groups(seeds: list[int], n_cities: int, size: int, *, languages: bool) -> list[tuple]:
    runs = []
    for seed in seeds:
        cities = cohort(seed, n_cities, languages=languages)
        pairs = pair_values(cities)
        spoken = {c: cities.context(c).languages for c in cities.cities}
        started = time.perf_counter()
        found = form_groups(
            pairs, size, cities=cities.cities, languages=spoken, time_limit=TIME_LIMIT
        )
        runs.append((time.perf_counter() - started, found.report.gap, found.report.optimal))
    return runs


def time_plans(seeds: list[int], count: int) -> list[tuple]:
    runs = []
    for seed in seeds:
        cities = cohort(seed, 40, languages=False)
        started = time.perf_counter()
        plan = plan_workshops(cities, count, capacity=6, per_city=2, time_limit=TIME_LIMIT)
        runs.append((time.perf_counter() - started, plan.report.gap, plan.report.optimal))
    return runs


def report(name: str, runs: list[tuple]) -> None:
    seconds = [run[0] for run in runs]
    print(f"{name}_median_s: {statistics.median(seconds):.3f} s")
    print(f"{name}_max_s: {max(seconds):.3f} s")
    print(f"{name}_max_gap: {100 * max(run[1] for run in runs):.3f} %")
    print(f"{name}_proven_optimal: {sum(run[2] for run in runs)} of {len(runs)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5, help="How many seeded cohorts.")
    seeds = list(range(1, parser.parse_args().seeds + 1))
    report("groups_40x4", time_groups(seeds, 40, 4, languages=False))
    report("groups_40x4_languages", time_groups(seeds, 40, 4, languages=True))
    report("groups_41x4", time_groups(seeds, 41, 4, languages=False))
    for count in (3, 5, 8, 10):
        report(f"plan_40x36_k{count}", time_plans(seeds, count))


if __name__ == "__main__":
    main()
