"""Which two signed-off rounds of a city a progress page compares.

The page's address may name either round, both or neither. A round is looked up only among the
city's own rounds, so a round of another city is "not found" (its existence is not confirmed),
and an id that is not a number, or a huge one, never reaches a query.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from stocktake.network.comparable import family
from stocktake_web.assessments.domain.lookups import rounds_of_city
from stocktake_web.assessments.models import Round
from stocktake_web.network.models import City


class RoundNotFound(LookupError):
    """The address names a round that is not one of the city's."""


@dataclass(frozen=True)
class RoundChoice:
    """The rounds to compare, the city's signed-off rounds for the picker, and, when no
    comparison can be shown, a sentence saying why."""

    signed_off: tuple[Round, ...]
    before: Round | None = None
    after: Round | None = None
    problem: str = ""

    @property
    def comparable(self) -> bool:
        return self.before is not None and self.after is not None and not self.problem


def choose_rounds(*, city: City, before: str = "", after: str = "") -> RoundChoice:
    """The earlier and later round; a missing one defaults to the latest signed-off round (of
    the other's framework) before the later or after the earlier one. A lone ``before`` that is
    the latest round of its framework is compared with the one before it.

    Training rounds are never compared, nor offered: an exercise is not the city's result.

    Raises :class:`RoundNotFound` when an id is not one of the city's rounds.
    """
    rounds = rounds_of_city(city)  # newest first
    signed = tuple(r for r in rounds if r.is_signed_off and not r.is_training)
    chosen = [_named(rounds, wanted) for wanted in (before, after)]
    training = [r for r in chosen if r is not None and r.is_training]
    if training:
        problem = _(
            "The round “%(round)s” is a training round: progress compares rounds that count "
            "as the city's results, never an exercise. Choose another round."
        ) % {"round": training[0].name}
        return RoundChoice(signed, before=chosen[0], after=chosen[1], problem=problem)
    unsigned = [r for r in chosen if r is not None and not r.is_signed_off]
    if unsigned:
        problem = _(
            "The round “%(round)s” is not signed off yet: progress compares signed-off rounds "
            "only. Choose another round."
        ) % {"round": unsigned[0].name}
        return RoundChoice(signed, before=chosen[0], after=chosen[1], problem=problem)
    earlier, later = _defaults(signed, *chosen)
    return RoundChoice(signed, earlier, later, _problem(signed, earlier, later))


def _named(rounds: list[Round], wanted: str) -> Round | None:
    wanted = wanted.strip()
    if not wanted:
        return None
    for candidate in rounds:
        if str(candidate.pk) == wanted:
            return candidate
    raise RoundNotFound(wanted)


def _defaults(
    signed: tuple[Round, ...], before: Round | None, after: Round | None
) -> tuple[Round | None, Round | None]:
    if after is None and before is None:
        return _latest_pair(signed)
    elif after is None:
        assert before is not None
        after = _next_of_framework(reversed(signed), before)
        if after is None:  # the latest round was chosen: compare it with the one before
            before, after = None, before
    if before is None and after is not None:
        before = _next_of_framework(signed, after)
    if before is not None and after is not None and _order(after) < _order(before):
        before, after = after, before
    return before, after


def _latest_pair(signed: tuple[Round, ...]) -> tuple[Round | None, Round | None]:
    """The latest signed-off round that has an earlier one of its framework, and that one; a
    later round of another framework alone does not hide them."""
    for later in signed:
        earlier = _next_of_framework(signed, later)
        if earlier is not None:
            return earlier, later
    return None, signed[0] if signed else None


def _order(round: Round) -> tuple[object, int]:
    return (round.opened_at, round.pk)


def _next_of_framework(ordered: Iterable[Round], anchor: Round) -> Round | None:
    """The first round after ``anchor`` in ``ordered`` on the same framework (any version, or a
    version derived from the same base)."""
    seen = False
    for candidate in ordered:
        if candidate.pk == anchor.pk:
            seen = True
        elif seen and one_framework(candidate, anchor):
            return candidate
    return None


def one_framework(a: Round, b: Round) -> bool:
    """Whether two rounds are on one framework (any version), or on a framework and a version
    derived from it (or two derivations of one base), which compare on what they share."""
    if a.framework.framework_id == b.framework.framework_id:
        return True
    return family(a.framework.load()) == family(b.framework.load())


def _problem(signed: tuple[Round, ...], before: Round | None, after: Round | None) -> str:
    if after is None:
        return _(
            "This city has no signed-off round yet. Progress compares two signed-off rounds of "
            "the same framework; it shows here once they are signed off."
        )
    if before is None:
        return _(
            "Only one round of %(framework)s is signed off (“%(round)s”), so there is nothing "
            "to compare it with yet. Progress shows here once a second round of the same "
            "framework is signed off."
        ) % {"framework": after.framework.framework_id, "round": after.name}
    if before.pk == after.pk:
        return _("Choose two different rounds to compare.")
    if not one_framework(before, after):
        return _(
            "“%(before)s” is on %(first)s and “%(after)s” on %(second)s: progress compares "
            "rounds of the same framework. Choose two rounds of one framework."
        ) % {
            "before": before.name,
            "first": before.framework.framework_id,
            "after": after.name,
            "second": after.framework.framework_id,
        }
    return ""
