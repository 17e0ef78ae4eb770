"""Why a city is like you, can help, teaches in a group or takes part in a workshop, in words.

The core gives every reason a code and its numbers (:class:`stocktake.network.Reason`); the
sentence is composed here through gettext, in the reader's language, with the core's English
sentence as the fallback for a code this version does not know.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from stocktake import network as core
from stocktake.frameworks import Framework, Indicator
from stocktake.network.planner import Participant
from stocktake_web import network_in_words
from stocktake_web.languages import localised
from stocktake_web.network.models import City

Names = Callable[[str], str]
"""A city's id to its name in the reader's language."""


def number(value: float, digits: int = 2) -> str:
    """A number as the reader's language writes it, without trailing zeros."""
    shown = number_format(round(float(value), digits), decimal_pos=digits)
    separator = number_format(0.5, decimal_pos=1)[1]
    return shown.rstrip("0").rstrip(separator) if separator in shown else shown


def speaker(names: Names = str) -> network_in_words.Speaker:
    """The reader as the pages speak to them: Django's active language and number format."""
    return network_in_words.Speaker(
        words=translation, number=number, names=names, localise=localised
    )


def listed(items: Iterable[str]) -> str:
    return network_in_words.listed(items, speaker())


def indicator_name(framework: Framework, indicator_id: str) -> str:
    """``E1 Greenhouse-gas inventory``: the id and the title in the reader's language."""
    return network_in_words.indicator_name(framework, indicator_id, speaker())


def standing(indicator: Indicator, points: float | None) -> str:
    """Where a city stands on an indicator: "level 3 of 4 (Implemented)"."""
    return network_in_words.standing(indicator, points, speaker())


def quoted(texts: Iterable[str]) -> str:
    return network_in_words.quoted(texts, speaker())


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
    return network_in_words.solver_sentence(report, speaker())


def sizes_relaxed(grouping: core.Grouping) -> str:
    sizes = [len(group) for group in grouping.groups]
    return _(
        "Groups of equal size were impossible under the constraints, so sizes range from "
        "%(low)s to %(high)s."
    ) % {"low": min(sizes), "high": max(sizes)}


# -- the workshop planner -----------------------------------------------------------------------


def workshop_reasons(workshop: core.Workshop, framework: Framework, names: Names) -> list[str]:
    """Why the topic and the host, and why each city that asked too is not taking part."""
    spoken = speaker(names)
    return [network_in_words.workshop_reason(r, framework, spoken) for r in workshop.reasons]


def participant_reason(participant: Participant, framework: Framework, names: Names) -> str:
    """Why a city takes part: how many departments asked, for what, and where it stands."""
    return network_in_words.participant_reason(participant, framework, speaker(names))
