"""A city's dashboard: the city, its rounds, and which indicators each department holds."""

from __future__ import annotations

from stocktake_web.assessments.models import Round
from stocktake_web.network.models import City


def city_with_network(slug: str) -> City | None:
    """The city at ``slug``, with its network (the page names it)."""
    return City.objects.select_related("network").filter(slug=slug).first()


def rounds_of_city(city: City) -> list[Round]:
    """The city's rounds, newest first, with framework and sign-off: the round picker's lines."""
    return list(city.rounds.with_framework().select_related("sign_off"))


def exportable_round(round_id: int) -> Round | None:
    """The round of that id with what its exports need: city, framework and sign-off."""
    return Round.objects.with_framework().select_related("sign_off").filter(pk=round_id).first()


def assigned_pairs(round: Round) -> set[tuple[str, int]]:
    """(indicator id, department id) of every assignment of ``round``: the heatmap's cells."""
    return set(round.assignments.values_list("indicator", "department_id"))
