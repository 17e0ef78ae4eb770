"""The workshop plan in words: why each topic, host and participant, and how the solver ended.

Composed once for two readers, as :mod:`stocktake_web.results_in_words` does for scores: the
peers pages speak through Django (translation, number format, city names from the database), the
``stocktake network plan`` command through a compiled catalogue and the cities' ids. What differs
between them is gathered in a :class:`Speaker`; this module imports nothing of Django.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from stocktake.frameworks import Framework, Indicator
from stocktake.frameworks.schema import MaturityIndicator
from stocktake_web.results_in_words import Wording

if TYPE_CHECKING:  # the network package brings SciPy, which the command loads only when it runs
    from stocktake.network import Reason, SolverReport
    from stocktake.network.planner import Participant


@dataclass(frozen=True)
class Speaker:
    """How the reader is spoken to: their language's messages, numbers, city names and texts."""

    words: Wording
    number: Callable[[float, int], str]
    """A number with at most that many decimals, as the reader's language writes it."""
    names: Callable[[str], str]
    """A city's id to the name the reader knows it by."""
    localise: Callable[[Mapping[str, str]], str]
    """A framework text (one string per language) in the reader's language."""


def plain_number(value: float, digits: int) -> str:
    """A number without trailing zeros and without grouping, as the command prints numbers."""
    shown = f"{round(float(value), digits):.{digits}f}"
    return shown.rstrip("0").rstrip(".") if "." in shown else shown


def listed(items: Iterable[str], speaker: Speaker) -> str:
    return speaker.words.pgettext("list separator", ", ").join(items)


def quoted(texts: Iterable[str], speaker: Speaker) -> str:
    quote = speaker.words.pgettext("quotation", "“%(text)s”")
    return listed((quote % {"text": text} for text in texts), speaker)


def indicator_name(framework: Framework, indicator_id: str, speaker: Speaker) -> str:
    """``E1 Greenhouse-gas inventory``: the id and the title in the reader's language."""
    return f"{indicator_id} {speaker.localise(framework.indicator(indicator_id).title)}"


def standing(indicator: Indicator, points: float | None, speaker: Speaker) -> str:
    """Where a city stands on an indicator: "level 3 of 4 (Implemented)"."""
    words = speaker.words
    if points is None:
        return words.gettext("unanswered")
    values = {"points": speaker.number(points, 2), "max": speaker.number(indicator.max_points, 2)}
    if isinstance(indicator, MaturityIndicator) and float(points).is_integer():
        labels = {level.value: level.label for level in indicator.levels}
        if int(points) in labels:
            values["label"] = speaker.localise(labels[int(points)])
            return words.gettext("level %(points)s of %(max)s (%(label)s)") % values
    return words.gettext("%(points)s of %(max)s points") % values


def workshop_reason(reason: Reason, framework: Framework, speaker: Speaker) -> str:
    """Why the topic, why the host, or why a city that asked too is not taking part."""
    words, code, params = speaker.words, reason.code, reason.params
    if code == "topic":
        return words.ngettext(
            "%(askers)s city asked for support on %(topic)s, needs weighing %(total)s; "
            "%(served)s of that weight takes part.",
            "%(askers)s cities asked for support on %(topic)s, needs weighing %(total)s "
            "together; %(served)s of that weight takes part.",
            int(params["askers"]),
        ) % {
            "askers": params["askers"],
            "topic": indicator_name(framework, params["topic"], speaker),
            "total": speaker.number(params["total"], 3),
            "served": speaker.number(params["served"], 3),
        }
    if code == "host":
        return words.gettext(
            "%(city)s hosts: it is strong there, with evidence %(evidence)s, and agreed to share."
        ) % {
            "city": speaker.names(params["host"]),
            "evidence": quoted(params["evidence"], speaker),
        }
    return _left_out(code, params, speaker) or reason.text


def _left_out(code: str, params: Mapping[str, Any], speaker: Speaker) -> str | None:
    words = speaker.words
    values = {"city": speaker.names(params["city"]), "weight": speaker.number(params["weight"], 3)}
    if code == "left_out_host":
        return words.gettext("%(city)s asked too, but hosts this workshop.") % values
    if code == "left_out_busy":
        return words.gettext(
            "%(city)s asked too (weight %(weight)s) but attends its workshops on %(topics)s."
        ) % {**values, "topics": listed(params["attends"], speaker)}
    if code == "left_out_full":
        return words.ngettext(
            "%(city)s asked too (weight %(weight)s), but the %(capacity)s place went to "
            "heavier needs.",
            "%(city)s asked too (weight %(weight)s), but the %(capacity)s places went to "
            "heavier needs.",
            int(params["capacity"]),
        ) % {**values, "capacity": params["capacity"]}
    if code == "left_out_unplaced":
        return (
            words.gettext(
                "%(city)s asked too (weight %(weight)s) but was not placed before the time limit."
            )
            % values
        )
    return None


def participant_reason(participant: Participant, framework: Framework, speaker: Speaker) -> str:
    """Why a city takes part: how many departments asked, for what, and where it stands."""
    need = participant.need
    indicator = framework.indicator(need.indicator)
    labels = {kind.id: speaker.localise(kind.label) for kind in framework.support_kinds}
    points = participant.reasons[0].params.get("points") if participant.reasons else None
    return speaker.words.ngettext(
        "%(count)s department asked for %(kinds)s (need weight %(weight)s); the city is at "
        "%(standing)s.",
        "%(count)s departments asked for %(kinds)s (need weight %(weight)s); the city is at "
        "%(standing)s.",
        len(need.departments),
    ) % {
        "count": len(need.departments),
        "kinds": listed((labels.get(kind, kind) for kind in need.kinds), speaker),
        "weight": speaker.number(need.weight, 3),
        "standing": standing(indicator, points, speaker),
    }


def solver_sentence(report: SolverReport, speaker: Speaker) -> str:
    """Whether the result is proven optimal, or how far from the bound the solver stopped."""
    seconds = speaker.number(report.seconds, 2)
    if report.optimal:
        return speaker.words.gettext("Proven optimal (in %(seconds)s s).") % {"seconds": seconds}
    return speaker.words.gettext(
        "Stopped at the time limit after %(seconds)s s: the result scores %(objective)s, within "
        "%(gap)s %% of the best possible (%(bound)s)."
    ) % {
        "seconds": seconds,
        "objective": speaker.number(report.objective, 3),
        "gap": speaker.number(100 * report.gap, 2),
        "bound": speaker.number(report.bound, 3),
    }


def plan_headings(words: Wording) -> dict[str, str]:
    """The plan command's table title and column headings, keyed by their English text."""
    return {
        "Workshops": words.pgettext("workshop plan", "Workshops"),
        "Topic": words.pgettext("workshop plan", "Topic"),
        "Title": words.gettext("Title"),
        "Host": words.pgettext("workshop plan", "Host"),
        "Participants": words.pgettext("workshop plan", "Participants"),
        "Weight": words.pgettext("workshop plan", "Weight"),
        "Why": words.pgettext("workshop plan", "Why"),
    }


def plan_sentences(
    *, framework: str, cities: int, served: float, total: float, speaker: Speaker
) -> tuple[str, str]:
    """The plan command's heading and the share of the cohort's needs that the plan serves."""
    words = speaker.words
    heading = words.ngettext(
        "Workshop plan on %(framework)s: %(count)s city",
        "Workshop plan on %(framework)s: %(count)s cities",
        cities,
    ) % {"framework": framework, "count": cities}
    served_line = words.gettext(
        "Needs served: %(served)s of %(total)s (the weight of every support request in the cohort)."
    ) % {"served": speaker.number(served, 3), "total": speaker.number(total, 3)}
    return heading, served_line
