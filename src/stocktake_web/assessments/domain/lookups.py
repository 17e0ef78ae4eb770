"""One round, department, answer or conflict by its address, with what its page needs; a
city's rounds.

Each returns None when there is nothing at that address; the views answer "not found".
"""

from __future__ import annotations

from collections.abc import Iterable

from stocktake_web.assessments.models import Answer, Conflict, Round
from stocktake_web.network.models import City, Department


def round_with_framework(round_id: int) -> Round | None:
    """The round with its city, framework version (not its large definition) and sign-off."""
    return Round.objects.with_framework().select_related("sign_off").filter(pk=round_id).first()


def rounds_of_city(city: City) -> list[Round]:
    """The city's rounds not archived, newest first, with framework and sign-off: a round
    picker's lines (an archived round stays readable at its own address)."""
    return list(city.rounds.current().with_framework().select_related("sign_off"))


def latest_counted(rounds: Iterable[Round]) -> Round | None:
    """The first round of ``rounds`` (newest first) that counts as the city's result: a
    training round is never the city's current round."""
    return next((round for round in rounds if not round.is_training), None)


def department_of_round(round: Round, slug: str) -> Department | None:
    """The department at ``slug`` in the round's city."""
    return Department.objects.filter(city_id=round.city_id, slug=slug).first()


def answer_with_round(answer_id: int) -> Answer | None:
    """The answer with its assignment, department, round, city and framework version: what
    the permission checks and the indicator page read, in one query."""
    found = Answer.objects.select_related(
        "assignment__round__city", "assignment__round__framework", "assignment__department"
    ).defer("assignment__round__framework__definition")
    return found.filter(pk=answer_id).first()


def conflict_with_id(conflict_id: int) -> Conflict | None:
    return Conflict.objects.filter(pk=conflict_id).first()
