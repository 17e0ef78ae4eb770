"""Time to make a city report, one ``name: value unit`` line per figure.

Run ``python benchmarks/report.py``. A fresh SQLite database is migrated and seeded with the
fictional demo network (issa-36, 36 indicators); one signed-off round's report is made as HTML
and as PDF (WeasyPrint), in English and in Traditional Chinese (the CJK font is the larger one
to embed). The command's path follows: ``stocktake report`` on a demo city's answers file
(issa-36), in the same process, from reading the file to writing the report. Each figure is the
median of ``--repeats`` runs after a warm-up, wall time.

The target: a 36-indicator report in under 3 s, so the download is made while the reader waits
rather than as a background job.
"""

from __future__ import annotations

import argparse
import datetime
import io
import os
import statistics
import tempfile
import time
from pathlib import Path


def _django() -> None:
    data = Path(tempfile.mkdtemp(prefix="stocktake-bench-"))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="stocktake_web.settings",
        DEBUG="1",
        STOCKTAKE_DATA_DIR=str(data),
        STOCKTAKE_ENV_FILE="",
        CACHE_URL="",
        DATABASE_URL=f"sqlite:///{data / 'bench.sqlite3'}",
    )
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, stdout=io.StringIO())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    repeats = parser.parse_args().repeats
    _django()
    from django.utils import translation

    from stocktake_web.assessments.models import Round
    from stocktake_web.demo.domain.seed import seed_demo
    from stocktake_web.reports.interfaces.city_report import report_file

    seed_demo(password="bench-password", n_cities=1, today=datetime.date(2026, 6, 1))
    signed = Round.objects.filter(state=Round.State.SIGNED_OFF).select_related("city").first()
    if signed is None:
        raise SystemExit("The demo seeded no signed-off round to report on.")
    print(f"indicators: {len(signed.framework.load().indicators())}")
    for language in ("en", "zh-hant"):
        for kind in ("html", "pdf"):
            with translation.override(language):
                report_file(signed, kind=kind)
                times = []
                for _ in range(repeats):
                    start = time.perf_counter()
                    report_file(signed, kind=kind)
                    times.append(time.perf_counter() - start)
            print(f"report_{kind}_{language}_median_s: {statistics.median(times):.3f} s")
    _command_line(repeats)


def _command_line(repeats: int) -> None:
    """``stocktake report`` on a demo city's issa-36 answers, as a person runs it."""
    from typer.testing import CliRunner

    from stocktake_cli.main import app

    folder = Path(tempfile.mkdtemp(prefix="stocktake-bench-cli-"))
    runner = CliRunner()
    runner.invoke(app, ["demo", "--cities", "1", "--out", str(folder / "demo")])
    answers = next((folder / "demo").glob("*/issa-36.csv"))
    for language in ("en", "zh-Hant"):
        for kind in ("html", "pdf"):
            out = folder / f"report.{kind}"
            command = ["report", "-f", "issa-36", "-a", str(answers), "--lang", language]
            times = []
            for _ in range(repeats + 1):
                start = time.perf_counter()
                result = runner.invoke(app, [*command, "--out", str(out)])
                times.append(time.perf_counter() - start)
                if result.exit_code != 0:
                    raise SystemExit(result.output)
            median = statistics.median(times[1:])
            print(f"cli_report_{kind}_{language}_median_s: {median:.3f} s")


if __name__ == "__main__":
    main()
