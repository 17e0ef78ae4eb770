"""A seeded, clearly labelled demonstration network of fictional cities and their answers.

Every random draw comes from a :class:`numpy.random.Generator` seeded with the seed, the city's
position and (for answers) a checksum of the framework id, so one seed always gives the same
network, adding cities or frameworks leaves the other cities' answers unchanged, and seed 0 is as
valid as any other.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from stocktake.answers import Answer
from stocktake.demo.answers import CityProfile, city_answers, later_answers
from stocktake.demo.cast import (
    CAST,
    DEPARTMENT_IDS,
    DEPARTMENT_NAMES,
    PATTERN_SETTINGS,
    PATTERNS,
    CastMember,
    CitySetting,
)
from stocktake.errors import StocktakeError
from stocktake.frameworks.loader import bundled_frameworks, get_framework
from stocktake.frameworks.schema import Framework

DEFAULT_SEED = 2025
BANNER = "DEMONSTRATION DATA: fictional cities and invented answers, not any real city's results"
"""A one-line banner for every screen, file and report that shows demo data."""
COHORT_NAME = "Demonstration community of practice on climate-neutral and smart cities"
"""The demo cohort's name (the command prints it in the reader's language)."""

_COHORT_STRETCH = 0x5EED
"""Stream tag for the draws that describe extra cities (as opposed to their answers)."""

_LATER_ROUND = 0x2A
"""Stream tag for the draws that move a city's answers from one round to the next."""

_TRAINING_ROUND = 0x7E
"""Stream tag for the draws of a workshop exercise's answers (a training round)."""

TRAINING_STRENGTH = 0.97
"""How strong the city a training exercise simulates is (0–1): far above any cast member, so
that a training round leaking into a comparison would show at once."""


@dataclass(frozen=True)
class DemoDepartment:
    id: str
    name: dict[str, str]


@dataclass(frozen=True)
class DemoCity:
    """A fictional member of the demo network; ``strength`` (0–1) drives its answers' levels."""

    id: str
    name: dict[str, str]
    country: str
    kind: str
    population: int
    joined: date
    strength: float
    departments: list[DemoDepartment]
    setting: CitySetting


@dataclass(frozen=True)
class DemoCohort:
    name: str
    chair: str
    """Id of the chairing city."""
    start: date
    end: date


@dataclass(frozen=True)
class DemoNetwork:
    """The whole demo: a label to show with it, the cohort, the cities and their answers.

    ``answers`` maps ``(city id, framework id)`` to that city's department answers; ``seed`` is
    the seed they were drawn with (a later round's answers are drawn from it too).
    """

    label: str
    cohort: DemoCohort
    cities: list[DemoCity]
    answers: dict[tuple[str, str], list[Answer]]
    seed: int = DEFAULT_SEED

    def city(self, city_id: str) -> DemoCity:
        """The city with this id; ``KeyError`` when there is none."""
        for city in self.cities:
            if city.id == city_id:
                return city
        raise KeyError(city_id)


def generate_network(
    seed: int = DEFAULT_SEED,
    n_cities: int = len(CAST),
    *,
    framework_ids: Sequence[str] | None = None,
) -> DemoNetwork:
    """Generate the fictional demonstration network.

    Parameters
    ----------
    seed
        Any non-negative integer; the same seed gives the same network.
    n_cities
        How many cities. The first seven are the fixed fictional cast (the chair first); more are
        numbered fictional cities made by pattern, for load tests.
    framework_ids
        The bundled frameworks to answer (by default all): a caller that uses one saves the
        time of drawing the others' answers, and each city's answers on a framework are the
        same whichever others are drawn.

    Returns
    -------
    DemoNetwork
        With answers for the chosen frameworks bundled with Stocktake at the time of the call.
    """
    if seed < 0:
        raise StocktakeError(f"the demo seed must be zero or a positive whole number, not {seed}")
    if n_cities < 1:
        raise StocktakeError(f"the demo needs at least one city, not {n_cities}")
    cities = [_city(seed, index) for index in range(n_cities)]
    frameworks = (
        bundled_frameworks()
        if framework_ids is None
        else [get_framework(framework_id) for framework_id in framework_ids]
    )
    answers = {
        (city.id, framework.id): _answers(seed, index, city, framework)
        for index, city in enumerate(cities)
        for framework in frameworks
    }
    return DemoNetwork(
        label=(
            f"Fictional demonstration data (seed {seed}): every city, department and answer is "
            "invented by Stocktake's demo generator and is not any real city's result."
        ),
        cohort=DemoCohort(
            name=COHORT_NAME,
            chair=cities[0].id,
            start=date(2025, 1, 1),
            end=date(2026, 12, 31),
        ),
        cities=cities,
        answers=answers,
        seed=seed,
    )


def later_round(
    network: DemoNetwork,
    city_id: str,
    framework: Framework,
    *,
    year: int,
    focus: frozenset[str] = frozenset(),
) -> list[Answer]:
    """The city's answers on ``framework`` one round after those in ``network.answers``.

    Drawn from a stream of their own (seed, city position, framework), so the same seed gives
    the same later round and the first round's answers are unchanged. ``focus`` holds the
    indicators the city worked on with its peers in between; they move up more often (see
    :func:`stocktake.demo.answers.later_answers`). ``year`` dates the new evidence.
    """
    index = next(i for i, city in enumerate(network.cities) if city.id == city_id)
    city = network.cities[index]
    checksum = zlib.crc32(framework.id.encode("utf-8"))
    rng = np.random.default_rng([network.seed, index, checksum, _LATER_ROUND])
    profile = CityProfile(
        id=city.id,
        strength=city.strength,
        departments=tuple(dept.id for dept in city.departments),
    )
    earlier = network.answers[(city_id, framework.id)]
    return later_answers(framework, earlier, profile, rng, year=year, focus=focus)


def training_round(network: DemoNetwork, city_id: str, framework: Framework) -> list[Answer]:
    """The answers of a workshop exercise run with the city's departments: a simulated, very
    strong city (:data:`TRAINING_STRENGTH`), not the city's own state.

    Drawn from a stream of their own (seed, city position, framework), so the city's real
    rounds are unchanged by it; a training round is never any city's result.
    """
    index = next(i for i, city in enumerate(network.cities) if city.id == city_id)
    city = network.cities[index]
    checksum = zlib.crc32(framework.id.encode("utf-8"))
    rng = np.random.default_rng([network.seed, index, checksum, _TRAINING_ROUND])
    profile = CityProfile(
        id=city.id,
        strength=TRAINING_STRENGTH,
        departments=tuple(dept.id for dept in city.departments),
    )
    return city_answers(framework, profile, rng)


def _answers(seed: int, index: int, city: DemoCity, framework: Framework) -> list[Answer]:
    rng = np.random.default_rng([seed, index, zlib.crc32(framework.id.encode("utf-8"))])
    profile = CityProfile(
        id=city.id,
        strength=city.strength,
        departments=tuple(dept.id for dept in city.departments),
    )
    return city_answers(framework, profile, rng)


def _city(seed: int, index: int) -> DemoCity:
    member = CAST[index] if index < len(CAST) else _patterned(seed, index)
    return DemoCity(
        id=member.id,
        name=dict(member.name),
        country=member.country,
        kind=member.kind,
        population=member.population,
        joined=member.joined,
        strength=member.strength,
        departments=[_department(dept, member.language) for dept in member.departments],
        setting=member.setting,
    )


def _department(dept_id: str, language: str) -> DemoDepartment:
    names = DEPARTMENT_NAMES[dept_id]
    name = {"en": names["en"]}
    if language in names and language != "en":
        name[language] = names[language]
    return DemoDepartment(id=dept_id, name=name)


def _patterned(seed: int, index: int) -> CastMember:
    """A numbered fictional city beyond the cast, drawn from its own random stream."""
    rng = np.random.default_rng([seed, index, _COHORT_STRETCH])
    country, language, local, kinds = PATTERNS[index % len(PATTERNS)]
    number = f"{index + 1:03d}"
    kind = str(rng.choice(kinds))
    name = {"en": f"Demo {kind.capitalize()} {number}"}
    if local:
        name[language] = local.format(n=number)
    picked = sorted(rng.choice(len(DEPARTMENT_IDS), size=7, replace=False).tolist())
    region, climates, sectors = PATTERN_SETTINGS[country]
    chosen = sorted(rng.choice(len(sectors), size=3, replace=False).tolist())
    setting = CitySetting(
        region=region,
        languages=tuple(dict.fromkeys((language, "en"))),
        climate=str(rng.choice(climates)),
        economy=tuple(sectors[i] for i in chosen),
    )
    return CastMember(
        id=f"demo-{number}",
        name=name,
        language=language,
        country=country,
        kind=kind,
        population=int(round(float(rng.lognormal(mean=12.5, sigma=1.0)), -3)) or 1000,
        joined=date(2025, 3, 1) + timedelta(days=int(rng.integers(0, 540))),
        strength=round(float(rng.uniform(0.15, 0.85)), 2),
        departments=tuple(DEPARTMENT_IDS[i] for i in picked),
        setting=setting,
    )
