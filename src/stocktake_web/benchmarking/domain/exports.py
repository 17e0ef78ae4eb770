"""Benchmark downloads are audited like every export: who took which cohort's data, and when."""

from __future__ import annotations

from stocktake_web.audit.domain import record_cohort_export, record_export
from stocktake_web.audit.domain.events import Actor
from stocktake_web.audit.models import AuditEvent
from stocktake_web.benchmarking.domain.benchmarks import Benchmark


def record_benchmark_export(*, bench: Benchmark, by: Actor, export: str) -> AuditEvent:
    """A city's benchmark is recorded against its own round, as its other exports are; the
    secretariat's (or a city's without a round of its own on the version) against the cohort."""
    own = bench.own
    if own is not None:
        return record_export(round=own.shared.round, by=by, export=export)
    return record_cohort_export(
        cohort=bench.choice.cohort, by=by, export=export, framework=bench.choice.framework.key
    )
