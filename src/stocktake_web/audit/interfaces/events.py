"""Events as a reader sees them: what each one concerned, in a sentence of the reader's language.

The stored ``details`` are values (a role's code, a city's name in every language); the words
around them are put together here, when the page is shown, in the reader's language.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stocktake_web.accounts.models import Role, User
from stocktake_web.assessments.models import Round
from stocktake_web.audit.models import AuditEvent
from stocktake_web.languages import localised

Details = Mapping[str, Any]


def _round(details: Details) -> str:
    return _("%(city)s, round “%(round)s”") % {
        "city": localised(details.get("city")),
        "round": details.get("round", ""),
    }


def _round_with_reason(details: Details) -> str:
    if not details.get("reason"):
        return _round(details)
    return _("%(round)s. Reason: %(reason)s") % {
        "round": _round(details),
        "reason": details.get("reason", ""),
    }


def _revision(details: Details) -> str:
    return _("%(round)s, indicator %(indicator)s") % {
        "round": _round(details),
        "indicator": details.get("indicator", ""),
    }


def _export(details: Details) -> str:
    if "screening" in details:
        return _("%(export)s of the screening “%(screening)s” of %(city)s") % {
            "export": details.get("export", ""),
            "screening": details.get("screening", ""),
            "city": localised(details.get("city")),
        }
    if "cohort" in details:
        return _("%(export)s of the cohort %(cohort)s, %(framework)s") % {
            "export": details.get("export", ""),
            "cohort": details.get("cohort", ""),
            "framework": details.get("framework", ""),
        }
    return _("%(export)s of %(city)s, round “%(round)s”") % {
        "export": details.get("export", ""),
        "city": localised(details.get("city")),
        "round": details.get("round", ""),
    }


def _consent(details: Details) -> str:
    tiers = dict(Round.Consent.choices)
    return _("%(round)s: from “%(before)s” to “%(after)s”") % {
        "round": _round(details),
        "before": tiers.get(details.get("before", ""), details.get("before", "")),
        "after": tiers.get(details.get("after", ""), details.get("after", "")),
    }


def _training(details: Details) -> str:
    if details.get("training"):
        marked = _("%(round)s: marked as a training round") % {"round": _round(details)}
    else:
        marked = _("%(round)s: no longer a training round, counted as the city's result") % {
            "round": _round(details)
        }
    return _("%(round)s. Reason: %(reason)s") % {
        "round": marked,
        "reason": details.get("reason", ""),
    }


def _role(details: Details) -> str:
    code = details.get("role", "")
    role = Role.Kind(code).label if code in Role.Kind.values else code
    place = localised(details.get("place"))
    if details.get("city"):
        place = _("%(department)s of %(city)s") % {
            "department": place,
            "city": localised(details["city"]),
        }
    return _("%(person)s: %(role)s, %(place)s") % {
        "person": details.get("person", ""),
        "role": role,
        "place": place,
    }


def _permissions(details: Details) -> str:
    fields = [User._meta.get_field(name) for name in details.get("changed", [])]
    names = [str(getattr(field, "verbose_name", field.name)) for field in fields]
    return _("%(person)s: %(fields)s") % {
        "person": details.get("person", ""),
        "fields": ", ".join(names),
    }


def _network_event(details: Details) -> str:
    return _("“%(title)s”, starting %(start)s") % {
        "title": details.get("title", ""),
        "start": details.get("start", ""),
    }


def _catalogue_loaded(details: Details) -> str:
    values = {
        "file": details.get("file", ""),
        "added": details.get("added", 0),
        "changed": details.get("changed", 0),
        "unchanged": details.get("unchanged", 0),
    }
    if details.get("via") == "command":
        return (
            _(
                "%(file)s, loaded by the load_catalogue command: %(added)s new, "
                "%(changed)s changed, %(unchanged)s unchanged"
            )
            % values
        )
    return _("%(file)s: %(added)s new, %(changed)s changed, %(unchanged)s unchanged") % values


def _resource_file(details: Details) -> str:
    values = {
        "title": localised(details.get("title")),
        "file": details.get("file", ""),
        "before": details.get("before", ""),
    }
    action = details.get("action")
    if action == "removed":
        return _("“%(title)s”: file %(before)s removed") % values
    if action == "replaced":
        return _("“%(title)s”: file %(before)s replaced by %(file)s") % values
    return _("“%(title)s”: file %(file)s attached") % values


def _screening_criteria(details: Details) -> str:
    criteria = details.get("criteria") or []
    return "; ".join(
        _("%(code)s: weight %(weight)s, %(direction)s")
        % {
            "code": criterion.get("code", ""),
            "weight": f"{criterion.get('weight', 0):g}",
            "direction": _("cost") if criterion.get("direction") == "cost" else _("benefit"),
        }
        for criterion in criteria
        if isinstance(criterion, Mapping)
    )


def _screening_sent(details: Details) -> str:
    values = {
        "city": localised(details.get("city")),
        "screening": details.get("screening", ""),
        "solutions": ", ".join(details.get("solutions") or []),
    }
    if not details.get("solutions"):
        return _("%(city)s, screening “%(screening)s”: taken off the planner") % values
    return _("%(city)s, screening “%(screening)s”: %(solutions)s") % values


_DESCRIPTIONS: dict[str, Callable[[Details], str]] = {
    AuditEvent.Kind.ROUND_OPENED: _round_with_reason,
    AuditEvent.Kind.ASSIGNMENTS_CHANGED: _round,
    AuditEvent.Kind.ANSWERING_CLOSED: _round,
    AuditEvent.Kind.ANSWER_RECONCILED: _round_with_reason,
    AuditEvent.Kind.ROUND_SIGNED_OFF: _round_with_reason,
    AuditEvent.Kind.ROUND_ARCHIVED: _round_with_reason,
    AuditEvent.Kind.ROUND_RESTORED: _round_with_reason,
    AuditEvent.Kind.SIGN_OFF_WITHDRAWN: _round_with_reason,
    AuditEvent.Kind.ANSWERING_REOPENED: _round_with_reason,
    AuditEvent.Kind.EXPORT_DOWNLOADED: _export,
    AuditEvent.Kind.CONSENT_CHANGED: _consent,
    AuditEvent.Kind.TRAINING_CHANGED: _training,
    AuditEvent.Kind.REVISION_REQUESTED: _revision,
    AuditEvent.Kind.REVISION_SETTLED: _revision,
    AuditEvent.Kind.ROLE_GRANTED: _role,
    AuditEvent.Kind.ROLE_REVOKED: _role,
    AuditEvent.Kind.PERMISSIONS_CHANGED: _permissions,
    AuditEvent.Kind.NETWORK_EVENT_RECORDED: _network_event,
    AuditEvent.Kind.NETWORK_EVENT_CHANGED: _network_event,
    AuditEvent.Kind.CATALOGUE_LOADED: _catalogue_loaded,
    AuditEvent.Kind.RESOURCE_FILE_CHANGED: _resource_file,
    AuditEvent.Kind.SCREENING_CRITERIA_CHANGED: _screening_criteria,
    AuditEvent.Kind.SCREENING_SENT_TO_PLANNER: _screening_sent,
}


def concerning(event: AuditEvent) -> str:
    """What the event concerned; empty for sign-ins, whose account is in the "who" column."""
    describe = _DESCRIPTIONS.get(event.kind)
    return describe(event.details) if describe else ""


class EventFilter(forms.Form):
    """The kind of event to list; an unknown kind lists every event rather than failing."""

    kind = forms.ChoiceField(
        label=gettext_lazy("Kind of event"),
        required=False,
        choices=[("", gettext_lazy("Every kind")), *AuditEvent.Kind.choices],
    )

    def chosen_kind(self) -> str:
        return self.cleaned_data.get("kind", "") if self.is_valid() else ""
