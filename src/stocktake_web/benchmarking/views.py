"""A city against its cohort, the secretariat's view of a cohort, and their exports.

Views find what they show through the domain and render it through ``interfaces``; they run no
query of their own. A parameter naming something the viewer may not compare gets a page that
says so (404), never an error.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from stocktake_web.benchmarking.domain.benchmarks import (
    Benchmark,
    city_benchmark,
    cohort_benchmark,
    cohort_key_areas,
    cohort_support,
)
from stocktake_web.benchmarking.domain.choices import (
    BenchmarkChoiceError,
    city_choice,
    cohort_choice,
)
from stocktake_web.benchmarking.domain.exports import record_benchmark_export
from stocktake_web.benchmarking.interfaces import cohort as cohort_tables
from stocktake_web.benchmarking.interfaces import exports
from stocktake_web.benchmarking.interfaces.cohort_report import cohort_report_file
from stocktake_web.benchmarking.interfaces.comparison import comparison_sentences
from stocktake_web.benchmarking.interfaces.rows import benchmark_levels
from stocktake_web.dashboards.interfaces.exports import download
from stocktake_web.network.access import city_results_or_404, secretariat_cohort_or_404
from stocktake_web.network.domain.demonstration import demo_data_loaded
from stocktake_web.network.models import City, Cohort

NOT_COMPARABLE = 404


def _city_bench(request: HttpRequest, place: City) -> Benchmark:
    choice = city_choice(
        place, cohort=request.GET.get("cohort"), framework=request.GET.get("framework")
    )
    return city_benchmark(place, choice)


def _cohort_bench(request: HttpRequest, group: Cohort) -> Benchmark:
    return cohort_benchmark(cohort_choice(group, framework=request.GET.get("framework")))


def _refused(
    request: HttpRequest, template: str, context: dict[str, object], error: BenchmarkChoiceError
) -> HttpResponse:
    return render(request, template, {**context, "problem": str(error)}, status=NOT_COMPARABLE)


@login_required
@require_GET
def city_page(request: HttpRequest, city: str) -> HttpResponse:
    """The city's scores beside its cohort's median, quartiles and best, level by level."""
    place = city_results_or_404(request.user, city)
    context: dict[str, object] = {"city": place}
    try:
        bench = _city_bench(request, place)
    except BenchmarkChoiceError as error:
        return _refused(request, "benchmarking/city.html", context, error)
    context |= {
        "bench": bench,
        "choice": bench.choice,
        "levels": benchmark_levels(bench),
        "comparison": comparison_sentences(bench),
    }
    return render(request, "benchmarking/city.html", context)


@login_required
@require_GET
def city_export(request: HttpRequest, city: str, format: str) -> HttpResponse:
    """The city's page as a file: the same statistics, hidden where the page hides them."""
    place = city_results_or_404(request.user, city)
    try:
        bench = _city_bench(request, place)
    except BenchmarkChoiceError as error:
        raise Http404 from error
    made = exports.city_file(bench, workbook=format == "xlsx")
    record_benchmark_export(bench=bench, by=request.user, export=f"benchmark.{format}")
    return download(made)


def _cohort_tables(bench: Benchmark) -> dict[str, object]:
    """What the cohort's page and its report show of the benchmark."""
    return {
        "bench": bench,
        "choice": bench.choice,
        "columns": cohort_tables.theme_columns(bench),
        "heatmap": cohort_tables.heatmap_rows(bench),
        "key_areas": cohort_tables.key_area_tables(bench, cohort_key_areas(bench)),
        "support": cohort_tables.support_rows(bench, cohort_support(bench)),
        "levels": benchmark_levels(bench),
        "comparison": comparison_sentences(bench),
    }


@login_required
@require_GET
def cohort_page(request: HttpRequest, network: str, cohort: int) -> HttpResponse:
    """The heatmap of cities × themes, the key areas most cities share and support asked."""
    group = secretariat_cohort_or_404(request.user, network, cohort)
    context: dict[str, object] = {"network": group.network, "cohort": group}
    try:
        bench = _cohort_bench(request, group)
    except BenchmarkChoiceError as error:
        return _refused(request, "benchmarking/cohort.html", context, error)
    context |= _cohort_tables(bench) | {"tables": exports.COHORT_TABLE_TITLES}
    return render(request, "benchmarking/cohort.html", context)


@login_required
@require_GET
def cohort_report(request: HttpRequest, network: str, cohort: int, kind: str) -> HttpResponse:
    """The cohort report for the secretariat, as an HTML page or a PDF download; recorded in
    the audit log as an export."""
    if kind not in ("pdf", "html"):
        raise Http404
    group = secretariat_cohort_or_404(request.user, network, cohort)
    try:
        bench = _cohort_bench(request, group)
    except BenchmarkChoiceError as error:
        raise Http404 from error
    context = {"network": group.network, "cohort": group, "demo_data": demo_data_loaded()}
    made = cohort_report_file(
        context | _cohort_tables(bench),
        kind=kind,
        stem=f"{group.network.slug}-cohort-{group.pk}-report",
    )
    record_benchmark_export(bench=bench, by=request.user, export=f"cohort-report.{kind}")
    if kind == "html":
        return HttpResponse(made.content, content_type=made.content_type)
    return download(made)


@login_required
@require_GET
def cohort_export(request: HttpRequest, network: str, cohort: str, format: str) -> HttpResponse:
    """The cohort's tables: all of them in a workbook, or the one ``?table=`` names as CSV."""
    group = secretariat_cohort_or_404(request.user, network, int(cohort))
    table = request.GET.get("table", exports.COHORT_TABLES[0])
    if format == "csv" and table not in exports.COHORT_TABLES:
        raise Http404
    try:
        bench = _cohort_bench(request, group)
    except BenchmarkChoiceError as error:
        raise Http404 from error
    tables = exports.cohort_tables(bench, cohort_key_areas(bench), cohort_support(bench))
    if format == "xlsx":
        made = exports.cohort_workbook(bench, tables)
        export = "cohort-benchmark.xlsx"
    else:
        made = exports.cohort_csv(bench, tables, table)
        export = f"cohort-benchmark-{table}.csv"
    record_benchmark_export(bench=bench, by=request.user, export=export)
    return download(made)
