"""Exports made in the background: a round's files when the round is large, and every
signed-off round of a cohort in one workbook for the secretariat.

The rows and the file formats are the dashboards' exporters' (:mod:`stocktake_web.dashboards.
interfaces.exports`), so a file made here is the file the direct download gives.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stocktake_web.assessments.models import Round, SignOff
from stocktake_web.background.domain import JobFailedError, report_progress
from stocktake_web.background.kinds import JobKind, register_kind
from stocktake_web.background.models import Job
from stocktake_web.dashboards.interfaces import exports
from stocktake_web.dashboards.interfaces.scoreboard import scoreboard
from stocktake_web.languages import localised

ROUND_COLUMNS: tuple[str, ...] = ("city", "city_name", "round", "round_name", "framework")
"""What names a round in the cohort workbook; results and key areas start with city and round."""


def _round_file(job: Job, out: IO[bytes], make: Callable[[Round], exports.ExportFile]) -> str:
    """Make one of the round's dashboard exports, as the direct download would."""
    assert job.round_id is not None  # a round's kind is started with its round
    report_progress(job=job, done=0, total=1, message=_("Making the file"))
    current = Round.objects.with_framework().select_related("sign_off").get(pk=job.round_id)
    made = make(current)
    out.write(made.content)
    return made.name


def round_answers_csv(job: Job, out: IO[bytes]) -> str:
    return _round_file(job, out, exports.answers_file)


def round_results_csv(job: Job, out: IO[bytes]) -> str:
    return _round_file(job, out, exports.results_file)


def round_workbook_xlsx(job: Job, out: IO[bytes]) -> str:
    return _round_file(job, out, exports.workbook_file)


def cohort_results_xlsx(job: Job, out: IO[bytes]) -> str:
    """Every counted signed-off round of the cohort's cities: their stored results and key areas.

    Only signed-off rounds: their results are final and stored, so the workbook holds what
    each city signed off, never a draft; never a training round's, which is no city's result.
    Raises :class:`JobFailedError` when there is none.
    """
    cohort = job.cohort
    assert cohort is not None  # a cohort's kind is started with its cohort
    counted = Round.objects.counted().filter(city__cohorts=cohort)
    signed = list(
        SignOff.objects.filter(round__in=counted)
        .select_related("round__city", "round__framework")
        .defer("round__framework__definition")
        .order_by("round__city__slug", "signed_off_at", "round_id")
    )
    if not signed:
        raise JobFailedError(
            _(
                "No round of a city in %(cohort)s is signed off yet, so there are no results to "
                "export. Try again once a city has signed off its round."
            )
            % {"cohort": cohort.name}
        )
    rounds: list[list[Any]] = []
    results: list[list[Any]] = []
    key_areas: list[list[Any]] = []
    for done, sign_off in enumerate(signed):
        report_progress(
            job=job, done=done, total=len(signed), message=localised(sign_off.round.city.name)
        )
        rounds.append(_round_row(sign_off))
        names = [sign_off.round.city.slug, sign_off.round.pk]
        framework = sign_off.round.framework.load()
        results += [names + row for row in exports.result_rows(sign_off.results, framework)]
        board = scoreboard(sign_off.results, sign_off.priorities, framework, stored=True)
        key_areas += [names + row for row in exports.key_area_rows(board.key_areas)]
    out.write(
        exports.xlsx_bytes(
            [
                ("rounds", (*ROUND_COLUMNS, "signed_off_at"), rounds),
                ("results", ("city", "round", *exports.RESULT_COLUMNS), results),
                ("key areas", ("city", "round", *exports.KEY_AREA_COLUMNS), key_areas),
            ]
        )
    )
    return f"{cohort.network.slug}-cohort-{cohort.pk}-results.xlsx"


def _round_row(sign_off: SignOff) -> list[Any]:
    round = sign_off.round
    return [
        round.city.slug,
        localised(round.city.name),
        round.pk,
        round.name,
        sign_off.framework_key,
        timezone.localtime(sign_off.signed_off_at).replace(tzinfo=None),
    ]


ROUND_ANSWERS_CSV = register_kind(
    JobKind(
        "round-answers-csv",
        gettext_lazy("Answers (CSV)"),
        "round",
        round_answers_csv,
        audited_as="answers.csv",
    )
)
ROUND_RESULTS_CSV = register_kind(
    JobKind(
        "round-results-csv",
        gettext_lazy("Results (CSV)"),
        "round",
        round_results_csv,
        audited_as="results.csv",
    )
)
ROUND_RESULTS_XLSX = register_kind(
    JobKind(
        "round-results-xlsx",
        gettext_lazy("Answers and results (Excel)"),
        "round",
        round_workbook_xlsx,
        audited_as="results.xlsx",
    )
)
COHORT_RESULTS_XLSX = register_kind(
    JobKind(
        "cohort-results-xlsx",
        gettext_lazy("Results of every signed-off round (Excel)"),
        "cohort",
        cohort_results_xlsx,
    )
)
