"""Timings of the cohort composite index, one ``name: value unit`` line per figure.

Run ``python benchmarks/cohort_index.py``. Cohorts are the fictional demo network's
(``stocktake.demo``, issa-36, 36 indicators in four themes) of 12, 36, 100 and 300 cities; each
city's answers are consolidated and scored as at sign-off and its score record kept as JSON, as
the database keeps it. What is timed is what a page does when the cache has no result: read the
stored records' points, build the index with the page's spec and run the page's uncertainty
analysis (1,000 variations of weights and normalisation, fixed seed) for every city's rank
interval (``stocktake_web.rankings.domain.index``). Each figure is the median of ``--repeats``
runs after a warm-up, wall time (``_s``) and CPU time of the process (``_cpu_s``).

The target: well under a second for a cohort of a few dozen cities, so that no page waits on a
background job.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

SIZES = (12, 36, 100, 300)


def _django() -> None:
    """Settings enough to import the web layer's domain; no database is opened."""
    data = Path(tempfile.mkdtemp(prefix="stocktake-bench-"))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="stocktake_web.settings",
        DEBUG="1",
        STOCKTAKE_DATA_DIR=str(data),
        STOCKTAKE_ENV_FILE="",
        CACHE_URL="",
    )
    import django

    django.setup()


def stored_records(n_cities: int) -> dict[str, str]:
    """City id -> its score record as JSON text, as a sign-off stores it."""
    from stocktake.consolidate import consolidate
    from stocktake.demo.network import generate_network
    from stocktake.frameworks import get_framework
    from stocktake.scoring import score_assessment

    framework = get_framework("issa-36")
    network = generate_network(2025, n_cities=n_cities)
    records = {}
    for city in network.cities:
        answers = network.answers[(city.id, framework.id)]
        score = score_assessment(framework, consolidate(framework, answers, rule="median"))
        records[city.id] = json.dumps(score.to_dict())
    return records


def page_analysis(records: dict[str, str]) -> Callable[[], object]:
    """What a page without a cached result runs, from the stored records on."""
    from stocktake.frameworks import get_framework
    from stocktake_web.rankings.domain.index import rank_points, stored_points

    framework = get_framework("issa-36")

    def run() -> object:
        points = {city: stored_points(json.loads(text)) for city, text in records.items()}
        return rank_points(framework, points)

    return run


def timed(run: Callable[[], object], repeats: int) -> tuple[float, float]:
    """Median wall and CPU seconds of ``repeats`` runs after one warm-up run."""
    run()
    wall, cpu = [], []
    for _ in range(repeats):
        started, started_cpu = time.perf_counter(), time.process_time()
        run()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7, help="Timed runs per size.")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    options = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).parents[1] / "src"))
    _django()
    from stocktake_web.rankings.domain.index import REPLICATIONS

    print(f"replications: {REPLICATIONS}")
    for size in options.sizes:
        wall, cpu = timed(page_analysis(stored_records(size)), options.repeats)
        print(f"cohort_index_{size}x36_s: {wall:.4f} s")
        print(f"cohort_index_{size}x36_cpu_s: {cpu:.4f} s")


if __name__ == "__main__":
    main()
