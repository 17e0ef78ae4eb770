"""The reasons behind each key area for development, in the reader's language.

The core gives every reason a code and its numbers; the sentence is composed here through
gettext, with the core's English sentence as the fallback for a code this version does not know.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from stocktake.frameworks import Framework
from stocktake_web.languages import localised


def _n(value: Any) -> str:
    return f"{float(value):g}"


def reason_text(reason: Mapping[str, Any], framework: Framework) -> str:
    code, params = reason.get("code"), reason.get("params") or {}
    if code == "gap":
        return _gap(params)
    if code == "importance":
        return _("Departments rate its importance %(importance)s of 5.") % {
            "importance": f"{float(params['importance']):.1f}"
        }
    if code == "support":
        return _support(params, framework)
    if code == "disagreement":
        return _disagreement(params)
    return str(reason.get("text", ""))


def _gap(params: Mapping[str, Any]) -> str:
    values = {
        "points": _n(params["points"]),
        "max": _n(params["max"]),
        "target": _n(params["target"]),
        "below": _n(float(params["target"]) - float(params["points"])),
    }
    if params.get("unit") == "level":
        return (
            _("At level %(points)s of %(max)s, %(below)s below the target of %(target)s.") % values
        )
    return (
        _("Scores %(points)s of %(max)s points, %(below)s below the target of %(target)s.") % values
    )


def _support(params: Mapping[str, Any], framework: Framework) -> str:
    labels = {kind.id: localised(kind.label) for kind in framework.support_kinds}
    kinds = sorted((params.get("kinds") or {}).items(), key=lambda item: (-item[1], item[0]))
    listed = pgettext("list separator", ", ").join(
        f"{labels.get(kind, kind)} ({count})" for kind, count in kinds
    )
    return ngettext(
        "%(asking)s of %(answering)s department asked for support: %(kinds)s.",
        "%(asking)s of %(answering)s departments asked for support: %(kinds)s.",
        int(params["answering"]),
    ) % {"asking": params["asking"], "answering": params["answering"], "kinds": listed}


def _disagreement(params: Mapping[str, Any]) -> str:
    values = {"low": _n(params["low"]), "high": _n(params["high"])}
    if params.get("reconciled"):
        return (
            _("Departments disagree (from %(low)s to %(high)s); reconciled by the coordinator.")
            % values
        )
    return _("Departments disagree (from %(low)s to %(high)s); not yet reconciled.") % values
