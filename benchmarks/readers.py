"""Timings of reading answers files, one ``name: value unit`` line per figure.

Run ``python benchmarks/readers.py`` (about five minutes on the 2-core development machine).
Answers files of 10,000, 30,000 and 100,000 rows on the bundled ISSA-36 framework (a realistic
value for every indicator, short evidence, one row per city, department and indicator) are written
as CSV and XLSX and read with :func:`stocktake.io.read_answers`, every row checked against the
framework. Times are medians of several reads after a warm-up read. Both wall time (``_s``) and
CPU time of the process (``_cpu_s``) are printed: on a machine shared with other work the wall
time grows with the load while the CPU time shows the work done, so the ratios use CPU time.

Figures:

* ``csv_<n>_s`` and ``xlsx_<n>_s``: one read of ``n`` rows;
* ``csv_<n>_cpu_s`` and ``xlsx_<n>_cpu_s``: its CPU time;
* ``csv_us_per_row_<n>`` and ``xlsx_us_per_row_<n>``: the CPU time per row;
* ``csv_per_row_100k_vs_10k`` and ``xlsx_per_row_100k_vs_10k``: the cost per row at 100,000 rows
  over the cost at 10,000; 1 means linear, the superlinear reader this replaced was above 4;
* ``openpyxl_read_only_<n>_s``: openpyxl's read-only mode iterating the same workbook's values and
  nothing else, the floor for any XLSX reader built on it, and ``xlsx_over_openpyxl_100k``;
* ``xlsx_formulas_<n>_s``: the same workbook with every number cell a formula keeping its
  calculated value, as a spreadsheet program saves it: the reader then parses the sheet's XML
  a second time to look for formulas without a value (a workbook without formulas is only
  scanned for them); ``xlsx_formulas_over_xlsx_100k`` is what that costs.
"""

from __future__ import annotations

import re
import statistics
import sys
import tempfile
import time
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

from stocktake.answers import Answer, AnswerValue
from stocktake.frameworks import get_framework
from stocktake.frameworks.schema import (
    BandedIndicator,
    ChoiceIndicator,
    Framework,
    Indicator,
    MaturityIndicator,
    YesNoIndicator,
)
from stocktake.io import read_answers, write_answers

SIZES = (10_000, 30_000, 100_000)
REPEATS = {10_000: 5, 30_000: 3, 100_000: 3}
DEPARTMENTS = 10


def value_for(indicator: Indicator, row: int) -> AnswerValue:
    """A value that fits ``indicator``, varying with the row."""
    if isinstance(indicator, MaturityIndicator):
        return indicator.levels[row % len(indicator.levels)].value
    if isinstance(indicator, YesNoIndicator):
        return "yes" if row % 2 else "no"
    if isinstance(indicator, ChoiceIndicator):
        return indicator.options[row % len(indicator.options)].id
    if isinstance(indicator, BandedIndicator):
        band = indicator.bands.bands[row % len(indicator.bands.bands)]
        return band.min if band.min is not None else band.max
    return 12.5 + row % 7


def answers(framework: Framework, n: int) -> list[Answer]:
    """``n`` answers: every indicator for each department of as many cities as it takes."""
    indicators = framework.indicators()
    made = []
    for row in range(n):
        indicator = indicators[row % len(indicators)]
        department = (row // len(indicators)) % DEPARTMENTS
        city = row // (len(indicators) * DEPARTMENTS)
        made.append(
            Answer(
                indicator=indicator.id,
                value=value_for(indicator, row),
                city=f"city-{city}",
                department=f"department-{department}",
                confidence="medium",
                evidence=f"Minutes of the {row}th meeting, item 4",
            )
        )
    return made


def median_seconds(action: Callable[[], object], repeats: int) -> tuple[float, float]:
    """Median wall and CPU seconds of ``action`` over ``repeats`` runs after a warm-up run."""
    action()  # warm-up: imports, caches
    walls, cpus = [], []
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def openpyxl_rows(path: Path) -> int:
    from openpyxl import load_workbook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        workbook = load_workbook(path, read_only=True, data_only=True)
        try:
            return sum(1 for _ in workbook.worksheets[0].iter_rows(values_only=True))
        finally:
            workbook.close()


def with_formulas(source: Path, target: Path) -> Path:
    """``source`` with every number cell a formula that keeps its value (``<f>``, then ``<v>``)."""
    with zipfile.ZipFile(source) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = re.sub(rb'(<c r="[A-Z]+[0-9]+" t="n">)(<v>)', rb"\1<f>0+\2", parts[sheet])
    parts[sheet] = re.sub(rb"<f>0\+<v>([^<]*)</v>", rb"<f>0+\1</f><v>\1</v>", parts[sheet])
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return target


def main() -> None:
    framework = get_framework("issa-36")
    cpu: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        for n in SIZES:
            batch = answers(framework, n)
            xlsx = Path(folder) / f"answers-{n}.xlsx"
            for kind in ("csv", "xlsx"):
                path = Path(folder) / f"answers-{n}.{kind}"
                write_answers(batch, path)
                read = lambda path=path: read_answers(path, framework=framework)  # noqa: E731
                assert len(read()) == n
                report(f"{kind}_{n}", median_seconds(read, REPEATS[n]), cpu)
            floor = lambda xlsx=xlsx: openpyxl_rows(xlsx)  # noqa: E731
            report(f"openpyxl_read_only_{n}", median_seconds(floor, REPEATS[n]), cpu)
            formulas = with_formulas(xlsx, Path(folder) / f"formulas-{n}.xlsx")
            read = lambda path=formulas: read_answers(path, framework=framework)  # noqa: E731
            assert read() == read_answers(xlsx, framework=framework)
            report(f"xlsx_formulas_{n}", median_seconds(read, REPEATS[n]), cpu)
    for kind in ("csv", "xlsx"):
        for n in SIZES:
            print(f"{kind}_us_per_row_{n}: {cpu[f'{kind}_{n}'] / n * 1e6:.1f} us")
        ratio = (cpu[f"{kind}_100000"] / 100_000) / (cpu[f"{kind}_10000"] / 10_000)
        print(f"{kind}_per_row_100k_vs_10k: {ratio:.2f} x")
    over = cpu["xlsx_100000"] / cpu["openpyxl_read_only_100000"]
    print(f"xlsx_over_openpyxl_100k: {over:.2f} x")
    formulas = cpu["xlsx_formulas_100000"] / cpu["xlsx_100000"]
    print(f"xlsx_formulas_over_xlsx_100k: {formulas:.2f} x")


def report(name: str, times: tuple[float, float], cpu: dict[str, float]) -> None:
    print(f"{name}_s: {times[0]:.3f} s\n{name}_cpu_s: {times[1]:.3f} s", flush=True)
    cpu[name] = times[1]


if __name__ == "__main__":
    sys.exit(main())
