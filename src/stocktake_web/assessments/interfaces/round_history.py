"""A round's history as its page shows it: when, who, what happened and why, each sentence
put together in the reader's language from the values the audit log keeps."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from stocktake_web.assessments.models import Round
from stocktake_web.audit.models import AuditEvent

Details = Mapping[str, Any]


@dataclass(frozen=True)
class HistoryLine:
    at: datetime.datetime
    who: str
    what: str
    detail: str
    reason: str


def _opened(details: Details) -> str:
    framework = _("Framework %(framework)s.") % {"framework": details.get("framework", "")}
    if details.get("training"):
        return f"{framework} {_training(details)}"
    return framework


def _training(details: Details) -> str:
    if details.get("training"):
        return _("A training round: not counted in any network result.")
    return _("No longer a training round: counted as the city's result.")


def _assignments(details: Details) -> str:
    added, removed = int(details.get("added", 0)), int(details.get("removed", 0))
    parts = []
    if added:
        parts.append(
            ngettext("%(count)s assignment added.", "%(count)s assignments added.", added)
            % {"count": added}
        )
    if removed:
        parts.append(
            ngettext(
                "%(count)s assignment taken back.", "%(count)s assignments taken back.", removed
            )
            % {"count": removed}
        )
    return " ".join(parts)


def _coverage(details: Details) -> str:
    if not details.get("expected"):
        return ""
    expected = int(details["expected"])
    return ngettext(
        "%(answered)s of the %(expected)s indicator expected answered.",
        "%(answered)s of the %(expected)s indicators expected answered.",
        expected,
    ) % {"answered": details.get("answered", 0), "expected": expected}


def _reconciled(details: Details) -> str:
    return _("%(indicator)s set to %(value)s.") % {
        "indicator": details.get("indicator", ""),
        "value": details.get("value", ""),
    }


def _export(details: Details) -> str:
    return str(details.get("export", ""))


def _consent(details: Details) -> str:
    tiers = dict(Round.Consent.choices)
    return _("From “%(before)s” to “%(after)s”.") % {
        "before": tiers.get(details.get("before", ""), details.get("before", "")),
        "after": tiers.get(details.get("after", ""), details.get("after", "")),
    }


def _indicator(details: Details) -> str:
    return str(details.get("indicator", ""))


_DETAILS: dict[str, Callable[[Details], str]] = {
    AuditEvent.Kind.ROUND_OPENED: _opened,
    AuditEvent.Kind.ASSIGNMENTS_CHANGED: _assignments,
    AuditEvent.Kind.ANSWERING_CLOSED: _coverage,
    AuditEvent.Kind.ROUND_SIGNED_OFF: _coverage,
    AuditEvent.Kind.ANSWER_RECONCILED: _reconciled,
    AuditEvent.Kind.EXPORT_DOWNLOADED: _export,
    AuditEvent.Kind.CONSENT_CHANGED: _consent,
    AuditEvent.Kind.TRAINING_CHANGED: _training,
    AuditEvent.Kind.REVISION_REQUESTED: _indicator,
    AuditEvent.Kind.REVISION_SETTLED: _indicator,
}


def history_lines(events: list[AuditEvent]) -> list[HistoryLine]:
    """One line per event, in the order given; the reason is the coordinator's own words
    (a revision request's message counts as its reason)."""
    return [
        HistoryLine(
            at=event.at,
            who=event.actor_name,
            what=event.get_kind_display(),
            detail=_DETAILS.get(event.kind, lambda details: "")(event.details),
            reason=str(event.details.get("reason") or event.details.get("message") or ""),
        )
        for event in events
    ]
