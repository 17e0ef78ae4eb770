"""A cohort: the cities that answered one framework in one round, and what the network knows.

Every analysis of :mod:`stocktake.network` reads a :class:`Cohort`. It holds each city's answers
as the core sees them (department and reconciled :class:`~stocktake.answers.Answer` rows) and its
:class:`CityContext`; it consolidates each city's answers once, with the default rule of
:func:`stocktake.consolidate.consolidate`, and hands the same consolidation to every analysis.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from stocktake.answers import Answer
from stocktake.consolidate import Consolidation, consolidate
from stocktake.errors import AnswerError
from stocktake.frameworks.schema import Framework
from stocktake.network.errors import NetworkError


@dataclass(frozen=True)
class CityContext:
    """What the network records about a city, for "cities like you" and for group constraints.

    Every attribute may be unknown (``None`` or empty); an unknown attribute is left out of a
    similarity rather than counted as a difference. ``languages`` are the working languages of
    its officers (tags such as ``en``, ``ja``, ``zh-Hant``); ``economy`` names its main sectors
    (``port``, ``manufacturing``, ``tourism`` …). ``shares`` is the city's consent to be named to
    other cities as strong in a subject: without it the city is never proposed as a helper or a
    host, and teaches nobody in a peer group, though it still learns.
    """

    city: str
    name: str = ""
    kind: str | None = None
    population: float | None = None
    region: str | None = None
    languages: tuple[str, ...] = ()
    climate: str | None = None
    economy: tuple[str, ...] = ()
    shares: bool = True

    def __post_init__(self) -> None:
        if not self.city.strip():
            raise NetworkError("every city needs an id; one context has an empty one")
        population = self.population
        if population is not None and not (math.isfinite(population) and population > 0):
            raise NetworkError(
                f"the population of city '{self.city}' must be a positive number, "
                f"not {population!r}"
            )

    @property
    def label(self) -> str:
        """The name to show, or the id when the network recorded no name."""
        return self.name or self.city


@dataclass(frozen=True, eq=False)
class Cohort:
    """Cities' answers on one framework in one round, and their contexts.

    Build it with :meth:`build`, which checks that the answers and contexts belong together.
    """

    framework: Framework
    answers: Mapping[str, tuple[Answer, ...]]
    contexts: Mapping[str, CityContext]

    @classmethod
    def build(
        cls,
        framework: Framework,
        answers: Mapping[str, Sequence[Answer]],
        contexts: Iterable[CityContext] = (),
    ) -> Cohort:
        """A cohort from each city's answers and the contexts the network recorded.

        Raises
        ------
        NetworkError
            When an answer names another city than the one it is filed under, when a context
            names a city without answers, or when two contexts name the same city.
        AnswerError
            When an answer does not fit the framework (raised by the consolidation).
        """
        for city, rows in answers.items():
            if not city.strip():
                raise NetworkError("every city needs an id; answers were given under an empty one")
            strays = sorted({a.city for a in rows if a.city and a.city != city})
            if strays:
                raise NetworkError(
                    f"the answers filed under city '{city}' include answers of "
                    f"{', '.join(repr(s) for s in strays)}; keep one city's answers together"
                )
        known: dict[str, CityContext] = {}
        for context in contexts:
            if context.city in known:
                raise NetworkError(f"city '{context.city}' has two contexts; keep one")
            if context.city not in answers:
                raise NetworkError(
                    f"there is a context for city '{context.city}' but no answers of it; "
                    "remove the context or add the city's answers"
                )
            known[context.city] = context
        cohort = cls(framework, {city: tuple(rows) for city, rows in answers.items()}, known)
        for city in cohort.cities:
            try:
                cohort.consolidation(city)
            except AnswerError as exc:
                raise exc.located(source=f"the answers of city '{city}'") from None
        return cohort

    @property
    def cities(self) -> list[str]:
        """City ids in sorted order, so every analysis lists them the same way."""
        return sorted(self.answers)

    def context(self, city: str) -> CityContext:
        """The city's context; an empty one (sharing, nothing else known) when none was given."""
        if city not in self.answers:
            raise NetworkError(f"there is no city '{city}' in the cohort")
        return self.contexts.get(city) or CityContext(city)

    def shares(self, city: str) -> bool:
        return self.context(city).shares

    def label(self, city: str) -> str:
        return self.context(city).label

    def consolidation(self, city: str) -> Consolidation:
        """The city's answers consolidated (reconciled answer, else lower median), once."""
        found = self._consolidations.get(city)
        if found is None:
            if city not in self.answers:
                raise NetworkError(f"there is no city '{city}' in the cohort")
            found = consolidate(self.framework, self.answers[city])
            self._consolidations[city] = found
        return found

    @functools.cached_property
    def _consolidations(self) -> dict[str, Consolidation]:
        return {}
