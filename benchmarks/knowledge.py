"""Timings of innovation screening and of catalogue search, one ``name: value unit`` line each.

Run ``python benchmarks/knowledge.py`` (``--runs N``, 5 by default; the median of the runs is
printed, and the largest where it says so). All inputs are made here from a fixed seed:

* ``screen_<method>_<S>x10``: combining the panel's scores (three scorers, by their median) and
  ranking S candidates on 10 criteria with pymcdm, as ``stocktake screen`` does after reading
  its files; S is 40 (the most a web screening holds) and 1,000 (an analyst's file);
* ``stability_<method>_40x10``: the rank intervals under weight changes (the default number of
  samples) for the 40 candidates, as the screening page computes them;
* ``agreement_40x10``: Krippendorff's alpha between the three scorers;
* ``search_<n>_<query>``: the core's catalogue search (``stocktake catalogue search``) over n
  resources with titles and summaries in four languages, for a Chinese two-character query, a
  Japanese and a Korean three-character query, an English word and a full-width one;
* ``refuse_300000_rows_xlsx`` and ``read_300000_rows_xlsx``: a catalogue workbook of 300,000
  small rows (about 4 MB, under the web's 5 MB), refused by ``read_catalogue`` at its 5,001st
  row, against the table reader going through the whole sheet without a limit.

There is no target in the issue; the figures say how far the sizes reach on the machine at hand
(2 cores, shared: compare ratios, not single runs).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from stocktake.errors import FileError
from stocktake.io import read_table
from stocktake.knowledge import Resource, read_catalogue, search
from stocktake.screening import (
    Criterion,
    Score,
    combine_scores,
    panel_agreement,
    rank_solutions,
    weight_sensitivity,
)

METHODS = ("wsm", "topsis", "promethee")
QUERIES = {"zh": "韌性", "ja": "都市計", "ko": "회복력", "en": "flood", "fullwidth": "ｆｌｏｏｄ"}
WORDS = {
    "en": ["flood", "heat", "waste", "energy", "transport", "water", "budget", "nature"],
    "zh-Hant": ["韌性", "淹水", "廢棄物", "能源", "交通", "水資源", "預算", "自然"],
    "ja": ["都市計画", "洪水", "廃棄物", "エネルギー", "交通", "水資源", "予算", "自然"],
    "ko": ["회복력", "홍수", "폐기물", "에너지", "교통", "수자원", "예산", "자연"],
}


def criteria(count: int = 10) -> list[Criterion]:
    return [
        Criterion(f"c{i}", float(1 + i % 3), "cost" if i % 4 == 3 else "benefit", (1.0, 5.0))
        for i in range(count)
    ]


def panel_scores(solutions: int, chosen: list[Criterion], seed: int) -> list[Score]:
    rng = np.random.default_rng(seed)
    return [
        Score(f"s{s}", criterion.id, float(rng.integers(1, 6)), scorer)
        for s in range(solutions)
        for criterion in chosen
        for scorer in ("environment", "planning", "transport")
    ]


def catalogue(size: int, seed: int) -> list[Resource]:
    rng = np.random.default_rng(seed)

    def text(lang: str) -> str:
        return " ".join(str(word) for word in rng.choice(WORDS[lang], size=4))

    return [
        Resource(
            id=f"r{i}",
            kind="guide",
            title={lang: text(lang) for lang in WORDS},
            summary={lang: text(lang) + " " + text(lang) for lang in WORDS},
        )
        for i in range(size)
    ]


def median_seconds(work: Callable[[], object], runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times), max(times)


def long_workbook(path: Path, rows: int) -> Path:
    """A catalogue workbook of ``rows`` short rows, written as openpyxl streams it."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("catalogue")
    sheet.append(["id", "kind", "title_en"])
    for n in range(rows):
        sheet.append([f"r{n}", "guide", f"Guide {n}"])
    book.save(path)
    return path


def refused(path: Path) -> None:
    try:
        read_catalogue(path)
    except FileError:
        return
    raise AssertionError("the long workbook was read")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    chosen = criteria()
    # pymcdm loads matplotlib on first use (most of a second): once, before any timing.
    rank_solutions(combine_scores(panel_scores(2, chosen, seed=0), chosen), chosen, method="wsm")
    for size in (40, 1000):
        scores = panel_scores(size, chosen, seed=size)
        for method in METHODS:
            median, most = median_seconds(
                lambda s=scores, m=method: rank_solutions(
                    combine_scores(s, chosen), chosen, method=m
                ),
                runs,
            )
            print(f"screen_{method}_{size}x10: {median * 1000:.1f} ms (largest {most * 1000:.1f})")
    scores = panel_scores(40, chosen, seed=40)
    matrix = combine_scores(scores, chosen)
    for method in METHODS:
        median, most = median_seconds(
            lambda m=method: weight_sensitivity(matrix, chosen, method=m, random_state=0), runs
        )
        print(f"stability_{method}_40x10: {median * 1000:.1f} ms (largest {most * 1000:.1f})")
    median, _most = median_seconds(lambda: panel_agreement(scores, chosen), runs)
    print(f"agreement_40x10: {median * 1000:.1f} ms")
    for size in (500, 5000):
        resources = catalogue(size, seed=size)
        for name, query in QUERIES.items():
            found = len(search(resources, query))
            median, _most = median_seconds(lambda r=resources, q=query: search(r, q), runs)
            print(f"search_{size}_{name}: {median * 1000:.1f} ms ({found} found)")
    with tempfile.TemporaryDirectory() as folder:
        path = long_workbook(Path(folder) / "long.xlsx", 300_000)
        size_mb = path.stat().st_size / 1e6
        stopped, _most = median_seconds(lambda: refused(path), runs)
        whole, _most = median_seconds(lambda: read_table(path), max(1, runs // 5))
        print(f"refuse_300000_rows_xlsx: {stopped:.2f} s ({size_mb:.1f} MB)")
        print(f"read_300000_rows_xlsx: {whole:.2f} s ({whole / stopped:.0f} x the refusal)")


if __name__ == "__main__":
    main()
