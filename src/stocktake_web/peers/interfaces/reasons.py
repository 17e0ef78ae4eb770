"""Why a city is like you, can help, teaches in a group or takes part in a workshop, in words.

The core gives every reason a code and its numbers (:class:`stocktake.network.Reason`); the
sentence is composed here through gettext, in the reader's language, with the core's English
sentence as the fallback for a code this version does not know.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from stocktake import network as core
from stocktake.frameworks import Framework, Indicator
from stocktake.frameworks.schema import MaturityIndicator
from stocktake.network.planner import Participant
from stocktake_web.languages import localised
from stocktake_web.network.models import City

Names = Callable[[str], str]
"""A city's id to its name in the reader's language."""


def number(value: float, digits: int = 2) -> str:
    """A number as the reader's language writes it, without trailing zeros."""
    shown = number_format(round(float(value), digits), decimal_pos=digits)
    separator = number_format(0.5, decimal_pos=1)[1]
    return shown.rstrip("0").rstrip(separator) if separator in shown else shown


def listed(items: Iterable[str]) -> str:
    return pgettext("list separator", ", ").join(items)


def indicator_name(framework: Framework, indicator_id: str) -> str:
    """``E1 Greenhouse-gas inventory``: the id and the title in the reader's language."""
    return f"{indicator_id} {localised(framework.indicator(indicator_id).title)}"


def standing(indicator: Indicator, points: float | None) -> str:
    """Where a city stands on an indicator: "level 3 of 4 (Implemented)"."""
    if points is None:
        return _("unanswered")
    values = {"points": number(points), "max": number(indicator.max_points)}
    if isinstance(indicator, MaturityIndicator) and float(points).is_integer():
        labels = {level.value: level.label for level in indicator.levels}
        if int(points) in labels:
            values["label"] = localised(labels[int(points)])
            return _("level %(points)s of %(max)s (%(label)s)") % values
    return _("%(points)s of %(max)s points") % values


def quoted(texts: Iterable[str]) -> str:
    return listed(pgettext("quotation", "“%(text)s”") % {"text": text} for text in texts)


# -- cities like you ----------------------------------------------------------------------------


def similarity_reasons(found: core.Similarity, cities: Mapping[str, City]) -> list[str]:
    """Each attribute that makes the two cities alike, in a sentence."""
    a, b = cities[found.city], cities[found.other]
    return [_similar(reason, a, b) for reason in found.reasons]


def _similar(reason: core.Reason, a: City, b: City) -> str:
    code, params = reason.code, reason.params
    if code == "kind":
        return _("Same kind of member: %(kind)s.") % {"kind": a.get_kind_display()}
    if code in ("region", "climate"):
        template = (
            _("Same region: %(value)s.") if code == "region" else _("Same climate: %(value)s.")
        )
        return template % {"value": getattr(a, code)}
    if code == "population":
        return _("Populations of %(a)s and %(b)s.") % {
            "a": number_format(a.population or 0, force_grouping=True),
            "b": number_format(b.population or 0, force_grouping=True),
        }
    if code in ("languages", "economy") and "shared" in params:
        values = {"items": listed(params["shared"])}
        if code == "languages":
            return _("Working languages in common: %(items)s.") % values
        return _("Sectors of the economy in common: %(items)s.") % values
    return reason.text


# -- who can help with this ---------------------------------------------------------------------


def helper_reasons(helper: core.Helper, framework: Framework, names: Names) -> list[str]:
    """Why a city is proposed for a key area: strong there, with evidence, sharing, alike."""
    return [_helping(reason, helper, framework, names) for reason in helper.reasons]


def _helping(reason: core.Reason, helper: core.Helper, framework: Framework, names: Names) -> str:
    code, params = reason.code, reason.params
    if code == "strong":
        indicator = framework.indicator(params["indicator"])
        return _("%(city)s is at %(standing)s on %(indicator)s.") % {
            "city": names(helper.city),
            "standing": standing(indicator, params["points"]),
            "indicator": indicator.id,
        }
    if code == "evidence":
        return _("Its departments cite: %(evidence)s.") % {"evidence": quoted(params["evidence"])}
    if code == "shares":
        return _("%(city)s agreed to share its results with the cohort.") % {
            "city": names(helper.city)
        }
    if code == "similar":
        return _("It is %(percent)s %% similar in context.") % {
            "percent": number(100 * params["similarity"], 0)
        }
    return reason.text


# -- peer-learning groups -----------------------------------------------------------------------


def pair_reasons(pair: core.PairValue, framework: Framework, names: Names) -> list[str]:
    """What each city of a pair can teach the other, on which indicators."""
    found = []
    for teacher, learner, topics in (
        (pair.a, pair.b, pair.a_topics),
        (pair.b, pair.a, pair.b_topics),
    ):
        if topics:
            found.append(
                _("%(teacher)s can teach %(learner)s: %(topics)s.")
                % {
                    "teacher": names(teacher),
                    "learner": names(learner),
                    "topics": listed(indicator_name(framework, t) for t in topics),
                }
            )
    return found


def solver_sentence(report: core.SolverReport) -> str:
    """Whether the result is proven optimal, or how far from the bound the solver stopped."""
    seconds = number(report.seconds, 2)
    if report.optimal:
        return _("Proven optimal (in %(seconds)s s).") % {"seconds": seconds}
    return _(
        "Stopped at the time limit after %(seconds)s s: the result scores %(objective)s, within "
        "%(gap)s %% of the best possible (%(bound)s)."
    ) % {
        "seconds": seconds,
        "objective": number(report.objective, 3),
        "gap": number(100 * report.gap, 2),
        "bound": number(report.bound, 3),
    }


def sizes_relaxed(grouping: core.Grouping) -> str:
    sizes = [len(group) for group in grouping.groups]
    return _(
        "Groups of equal size were impossible under the constraints, so sizes range from "
        "%(low)s to %(high)s."
    ) % {"low": min(sizes), "high": max(sizes)}


# -- the workshop planner -----------------------------------------------------------------------


def workshop_reasons(workshop: core.Workshop, framework: Framework, names: Names) -> list[str]:
    """Why the topic and the host, and why each city that asked too is not taking part."""
    return [_workshop(reason, framework, names) for reason in workshop.reasons]


def _workshop(reason: core.Reason, framework: Framework, names: Names) -> str:
    code, params = reason.code, reason.params
    if code == "topic":
        return ngettext(
            "%(askers)s city asked for support on %(topic)s, needs weighing %(total)s; "
            "%(served)s of that weight takes part.",
            "%(askers)s cities asked for support on %(topic)s, needs weighing %(total)s "
            "together; %(served)s of that weight takes part.",
            int(params["askers"]),
        ) % {
            "askers": params["askers"],
            "topic": indicator_name(framework, params["topic"]),
            "total": number(params["total"], 3),
            "served": number(params["served"], 3),
        }
    if code == "host":
        return _(
            "%(city)s hosts: it is strong there, with evidence %(evidence)s, and agreed to share."
        ) % {
            "city": names(params["host"]),
            "evidence": quoted(params["evidence"]),
        }
    return _left_out(code, params, names) or reason.text


def _left_out(code: str, params: Mapping[str, Any], names: Names) -> str | None:
    values = {"city": names(params["city"]), "weight": number(params["weight"], 3)}
    if code == "left_out_host":
        return _("%(city)s asked too, but hosts this workshop.") % values
    if code == "left_out_busy":
        return _(
            "%(city)s asked too (weight %(weight)s) but attends its workshops on %(topics)s."
        ) % {
            **values,
            "topics": listed(params["attends"]),
        }
    if code == "left_out_full":
        return ngettext(
            "%(city)s asked too (weight %(weight)s), but the %(capacity)s place went to "
            "heavier needs.",
            "%(city)s asked too (weight %(weight)s), but the %(capacity)s places went to "
            "heavier needs.",
            int(params["capacity"]),
        ) % {**values, "capacity": params["capacity"]}
    if code == "left_out_unplaced":
        return (
            _("%(city)s asked too (weight %(weight)s) but was not placed before the time limit.")
            % values
        )
    return None


def participant_reason(participant: Participant, framework: Framework, names: Names) -> str:
    """Why a city takes part: how many departments asked, for what, and where it stands."""
    need = participant.need
    indicator = framework.indicator(need.indicator)
    labels = {kind.id: localised(kind.label) for kind in framework.support_kinds}
    points = participant.reasons[0].params.get("points") if participant.reasons else None
    return ngettext(
        "%(count)s department asked for %(kinds)s (need weight %(weight)s); the city is at "
        "%(standing)s.",
        "%(count)s departments asked for %(kinds)s (need weight %(weight)s); the city is at "
        "%(standing)s.",
        len(need.departments),
    ) % {
        "count": len(need.departments),
        "kinds": listed(labels.get(kind, kind) for kind in need.kinds),
        "weight": number(need.weight, 3),
        "standing": standing(indicator, points),
    }
