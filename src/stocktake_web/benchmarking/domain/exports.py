"""Benchmark downloads are audited like every export: who took which cohort's data, and when."""

from __future__ import annotations

from stocktake_web.audit.domain import record_event, record_export
from stocktake_web.audit.domain.events import Actor
from stocktake_web.audit.models import AuditEvent
from stocktake_web.benchmarking.domain.benchmarks import Benchmark


def record_benchmark_export(*, bench: Benchmark, by: Actor, export: str) -> AuditEvent:
    """A city's benchmark is recorded against its own round, the secretariat's against the
    cohort (named in the event's details as the place, with the framework version as the
    round, so the audit log reads "benchmark.xlsx of <cohort>, round “<version>”")."""
    own = bench.own
    if own is not None:
        return record_export(round=own.shared.round, by=by, export=export)
    cohort = bench.choice.cohort
    details = {
        "export": export,
        "cohort_id": cohort.pk,
        "city": {"en": cohort.name},
        "round": bench.choice.framework.key,
    }
    return record_event(
        kind=AuditEvent.Kind.EXPORT_DOWNLOADED,
        actor=by,
        network_id=cohort.network_id,
        details=details,
    )
