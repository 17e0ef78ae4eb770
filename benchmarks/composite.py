"""Timings of the composite-index robustness analysis, one ``name: value unit`` line per figure.

Run ``python benchmarks/composite.py`` (``make bench``). Each case runs in its own Python process,
so its peak memory (``resource.getrusage``) is its own and one case's caches do not warm another.
Times are medians of several repeats after one warm-up run; on a shared machine they vary from run
to run, so compare medians and ratios, not single figures.

Cases (a synthetic index from :func:`stocktake.sensitivity.synthetic.synthetic_index`, seed 0:
skewed columns, outliers and about 3 % missing values; the four inputs of a JRC audit varied:
winsorisation limit 1–5, min–max [1, 100] vs z-score (10, 2), each weight × U(0.75, 1.25),
arithmetic vs geometric mean):

* ``build_51x49_s``: one full build, every stage, 51 units × 49 indicators, 3 levels;
* ``ua_51x49_n1000_s``: uncertainty analysis, N = 1000, same index;
* ``ua_vs_rebuild_ratio``: that time ÷ (1000 × one build), i.e. the share of the cost of
  rebuilding the index for every replication;
* ``sa_51x49_n200_s``: sensitivity analysis, N = 200 (1,200 replications), 100 bootstrap samples;
* ``ua_2500x36_n10000_s`` and ``peak_rss_mb``: 2,500 units × 36 indicators, N = 10,000.
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

SPEC: dict[str, Any] = {
    "treat": {"winmax": 5},
    "normalise": {"method": "minmax", "range": [1, 100]},
    "aggregate": {"method": "arithmetic"},
}
VARY: dict[str, Any] = {
    "vary": {
        "treat.winmax": {"values": [1, 2, 3, 4, 5]},
        "normalise": {
            "values": [
                {"method": "minmax", "range": [1, 100]},
                {"method": "zscore", "mean": 10, "sd": 2},
            ]
        },
        "weights": {"noise": 0.25},
        "aggregate.method": {"values": ["arithmetic", "geometric"]},
    }
}
SMALL = (51, 49, 8)
LARGE = (2500, 36, 6)

CASES: dict[str, tuple[tuple[int, int, int], str, int, int]] = {
    # name: (index size, analysis, N, repeats)
    "build_51x49_s": (SMALL, "build", 0, 15),
    "ua_51x49_n1000_s": (SMALL, "ua", 1000, 15),
    "sa_51x49_n200_s": (SMALL, "sa", 200, 15),
    "ua_2500x36_n10000_s": (LARGE, "ua", 10000, 3),
}


def median_times(run: Callable[[], object], repeats: int) -> tuple[float, float]:
    """Median wall and CPU time of ``repeats`` runs after one warm-up run.

    CPU time (this process, all threads) is printed too: on a machine shared with other work
    the wall time grows with the load, while the CPU time shows the work done.
    """
    run()
    walls, cpus = [], []
    for _ in range(repeats):
        start, cpu = time.perf_counter(), time.process_time()
        run()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def run_case(name: str) -> dict[str, float]:
    """Time one case in this process; return its median time and this process's peak RSS."""
    from stocktake.composite.build import build
    from stocktake.composite.spec import parse_spec
    from stocktake.sensitivity import parse_vary, sensitivity_analysis, uncertainty_analysis
    from stocktake.sensitivity.synthetic import synthetic_index

    size, analysis, n, repeats = CASES[name]
    data = synthetic_index(*size, random_state=0)
    spec = parse_spec(SPEC)
    vary = parse_vary(VARY, spec)
    runs: dict[str, Callable[[], object]] = {
        "build": lambda: build(data, spec),
        "ua": lambda: uncertainty_analysis(data, spec, vary, n=n, random_state=0),
        "sa": lambda: sensitivity_analysis(data, spec, vary, n=n, bootstrap=100, random_state=0),
    }
    seconds, cpu = median_times(runs[analysis], repeats)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return {"seconds": seconds, "cpu_seconds": cpu, "peak_rss_mb": peak_kib / 1024}


def in_subprocess(name: str) -> dict[str, float]:
    """Run one case in a fresh interpreter so its memory figure is its own."""
    done = subprocess.run(
        [sys.executable, __file__, "--case", name],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--case":
        print(json.dumps(run_case(sys.argv[2])))
        return
    results = {name: in_subprocess(name) for name in CASES}
    for name, result in results.items():
        print(f"{name}: {result['seconds']:.4f} s", flush=True)
    for name, result in results.items():
        print(f"{name.removesuffix('_s')}_cpu_s: {result['cpu_seconds']:.4f} s")
    build_s = results["build_51x49_s"]["seconds"]
    ua_s = results["ua_51x49_n1000_s"]["seconds"]
    print(f"ua_vs_rebuild_ratio: {ua_s / (1000 * build_s):.5f} x")
    print(f"ua_vs_rebuild_speedup: {1000 * build_s / ua_s:.0f} x")
    print(f"peak_rss_mb: {results['ua_2500x36_n10000_s']['peak_rss_mb']:.0f} MB")


if __name__ == "__main__":
    main()
