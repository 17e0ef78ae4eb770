"""A city against its cohort, and the cohort as the secretariat sees it, from stored results.

Every round is read through :func:`~stocktake_web.network.domain.consent.shared_rounds`, so a
city's benchmark counts exactly the rounds its cohort agreed to share and the secretariat's names
every city. Scores are the records stored at sign-off (the core's
:meth:`~stocktake.scoring.AssessmentScore.to_dict`), computed again only when rounds on a
framework and on versions derived from it are compared on the indicators they share
(:mod:`stocktake.network.comparable`); the distributions,
the shared key areas and the support totals are the core's (:mod:`stocktake.network.benchmark`,
:mod:`stocktake.network.shared`). This module only picks the rounds and hands their records over.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from stocktake.frameworks import PATHWAYS, Framework
from stocktake.frameworks.loader import bundled_version
from stocktake.network import Cohort as CoreCohort
from stocktake.network import support_requests
from stocktake.network.benchmark import ItemBenchmark, benchmark
from stocktake.network.comparable import SharedPart, family, rescored, shared_part
from stocktake.network.shared import (
    SharedKeyArea,
    SupportTotal,
    shared_key_areas,
    support_totals,
)
from stocktake.scoring.scores import PATHWAY_TITLES
from stocktake_web.assessments.domain import core_answers
from stocktake_web.assessments.models import Round, SignOff
from stocktake_web.benchmarking.domain.choices import BenchmarkChoice
from stocktake_web.frameworks.models import FrameworkVersion
from stocktake_web.network.domain.consent import (
    Audience,
    SharedCohort,
    SharedRound,
    shared_rounds,
)
from stocktake_web.network.models import City

LEVELS: tuple[str, ...] = ("total", "dimension", "theme", "pathway", "indicator")
"""The levels a benchmark compares, broadest first."""

Record = dict[str, Any]
LocalText = Mapping[str, str]


@dataclass(frozen=True)
class SignedOff:
    """A shared round with what was stored at its sign-off."""

    shared: SharedRound
    record: Record
    key_areas: tuple[str, ...]
    """The indicator ids of its key areas for development, in rank order."""

    @property
    def slug(self) -> str:
        return self.shared.city.slug


@dataclass(frozen=True)
class Level:
    """One level of a benchmark (the dimensions, say): each item's distribution and title."""

    name: str
    items: tuple[ItemBenchmark, ...]
    titles: Mapping[str, LocalText]


@dataclass(frozen=True)
class Benchmark:
    """The distributions of a cohort on one framework version, as one audience may see them.

    ``city`` is the viewing city's slug (its own score is reported beside each distribution)
    or None for the secretariat. ``shared`` is set when rounds on a framework and on versions
    derived from it are compared: ``framework`` is then the part they share.
    """

    choice: BenchmarkChoice
    cohort: SharedCohort
    framework: Framework
    rounds: tuple[SignedOff, ...]
    levels: tuple[Level, ...]
    city: str | None
    shared: SharedPart | None = None

    @property
    def own(self) -> SignedOff | None:
        return next((signed for signed in self.rounds if signed.shared.own), None)

    def level(self, name: str) -> Level:
        return next(level for level in self.levels if level.name == name)


def city_benchmark(city: City, choice: BenchmarkChoice) -> Benchmark:
    """The city against the rounds its cohort shares with it (two queries and the cohort's)."""
    cohort = family_rounds(choice, audience=Audience.CITY, viewer_city=city)
    return _benchmark(choice, cohort, city.slug)


def cohort_benchmark(choice: BenchmarkChoice) -> Benchmark:
    """The whole cohort for the secretariat, every city named."""
    return _benchmark(choice, family_rounds(choice, audience=Audience.SECRETARIAT), None)


def family_rounds(
    choice: BenchmarkChoice, *, audience: Audience, viewer_city: City | None = None
) -> SharedCohort:
    """The rounds compared: on the chosen version, and on the versions of its family.

    A derived version, its base and the base's other derivations are one family
    (:func:`stocktake.network.comparable.family`). Each city counts once, with its latest
    signed-off round on the chosen version, or else on the first other version of the family.
    """
    versions = [choice.framework, *related_versions(choice)]
    found: dict[int, SharedRound] = {}
    for version in versions:
        seen = shared_rounds(
            cohort=choice.cohort, framework=version, audience=audience, viewer_city=viewer_city
        )
        for item in seen.rounds:
            found.setdefault(item.round.city_id, item)
    rounds = tuple(found[key] for key in sorted(found))
    return SharedCohort(
        audience=audience, framework=choice.framework, rounds=rounds, viewer_city=viewer_city
    )


def related_versions(choice: BenchmarkChoice) -> list[FrameworkVersion]:
    """The other framework versions of the chosen one's family with a counted signed-off round
    in the cohort (one query; each definition is read once per process)."""
    chosen = choice.framework.load()
    signed = Round.objects.counted().filter(
        city__in=choice.cohort.cities.all(), state=Round.State.SIGNED_OFF
    )
    candidates = (
        FrameworkVersion.objects.filter(pk__in=signed.values("framework_id"))
        .exclude(pk=choice.framework.pk)
        .defer("definition")
        .order_by("framework_id", "version")
    )
    return [version for version in candidates if family(version.load()) == family(chosen)]


def _benchmark(choice: BenchmarkChoice, cohort: SharedCohort, city: str | None) -> Benchmark:
    framework = choice.framework.load()
    rounds = _signed_off(cohort.rounds)
    part = _shared_part(framework, rounds)
    if part is not None:
        framework = part.framework
        rounds = tuple(_on_shared(signed, part) for signed in rounds)
    if city is not None and city not in {signed.slug for signed in rounds}:
        city = None
    levels = tuple(_level(name, framework, rounds, city) for name in LEVELS)
    return Benchmark(choice, cohort, framework, rounds, levels, city, part)


def _shared_part(chosen: Framework, rounds: tuple[SignedOff, ...]) -> SharedPart | None:
    """The part the rounds' versions share with their base; None when all are on one version."""
    versions = {signed.shared.round.framework_id: signed.shared.round for signed in rounds}
    if len(versions) < 2:
        return None
    loaded = sorted((round.framework.load() for round in versions.values()), key=lambda f: f.key)
    if chosen.key not in {f.key for f in loaded}:
        loaded.insert(0, chosen)
    return shared_part(base_framework(family(chosen), loaded), loaded)


def base_framework(key: str, versions: list[Framework]) -> Framework:
    """The base a family is compared on: among the versions, stored, or bundled with the core.

    When none of these has it, the first version stands in: its shared indicators have the
    base's scale, and only the weights of groups might differ from the base's.
    """
    for version in versions:
        if version.key == key:
            return version
    framework_id, _, number = key.partition("@")
    stored = FrameworkVersion.objects.filter(framework_id=framework_id, version=number).first()
    if stored is not None:
        return stored.load()
    bundled = bundled_version(framework_id, number)
    if bundled is not None:
        return bundled
    return versions[0].model_copy(update={"derived_from": None, "id": framework_id})


def _on_shared(signed: SignedOff, part: SharedPart) -> SignedOff:
    """A round's record scored again on the shared indicators, its key areas among them."""
    record = rescored(part, signed.record.get("indicators", {}))
    key_areas = tuple(key for key in signed.key_areas if key in part.indicators)
    return SignedOff(shared=signed.shared, record=record, key_areas=key_areas)


def _signed_off(shared: Iterable[SharedRound]) -> tuple[SignedOff, ...]:
    """The rounds with their stored records, in one query."""
    rounds = list(shared)
    stored = SignOff.objects.filter(round__in=[item.round for item in rounds])
    records = {
        round_id: (results, priorities)
        for round_id, results, priorities in stored.values_list("round_id", "results", "priorities")
    }
    return tuple(
        SignedOff(
            shared=item,
            record=records[item.round.pk][0],
            key_areas=tuple(area["indicator"] for area in records[item.round.pk][1]),
        )
        for item in rounds
        if item.round.pk in records
    )


def _level(
    name: str, framework: Framework, rounds: tuple[SignedOff, ...], city: str | None
) -> Level:
    titles = level_titles(name, framework, [signed.record for signed in rounds])
    scores = {signed.slug: level_scores(name, signed.record, titles) for signed in rounds}
    return Level(name, tuple(benchmark(scores, titles, city)), titles)


def level_titles(name: str, framework: Framework, records: list[Record]) -> dict[str, LocalText]:
    """The items of a level in the framework's order, with their titles.

    Themes are the groups that hold indicators themselves (issa-36's themes, the City
    Biodiversity Index's components); a framework of one level of groups has its dimensions as
    themes too. Pathways are those some city's record scored.
    """
    if name == "total":
        return {"total": framework.title}
    if name == "dimension":
        return {group.id: group.title for group in framework.groups}
    if name == "theme":
        return {group.id: group.title for group in _themes(framework)}
    if name == "pathway":
        scored = {key for record in records for key in record.get("pathways", {})}
        return {key: PATHWAY_TITLES[key] for key in PATHWAYS if key in scored}
    return {indicator.id: indicator.title for indicator in framework.indicators()}


def level_scores(name: str, record: Record, items: Iterable[str]) -> dict[str, float | None]:
    """A stored record's 0–100 scores of a level's items; None where the city gave none."""
    if name == "total":
        return {"total": record["total"]["score"]}
    source = {
        "dimension": record["groups"],
        "theme": record["groups"],
        "pathway": record["pathways"],
        "indicator": record["indicators"],
    }[name]
    return {item: (source.get(item) or {}).get("score") for item in items}


def _themes(framework: Framework) -> list[Any]:
    found = []
    stack = list(reversed(framework.groups))
    while stack:
        group = stack.pop()
        if group.indicators:
            found.append(group)
        stack.extend(reversed(group.groups))
    return found


# -- what the secretariat sees besides the distributions ------------------------------------------


def cohort_key_areas(bench: Benchmark) -> list[SharedKeyArea]:
    """Indicators by how many cities of the cohort have them among their key areas."""
    order = [indicator.id for indicator in bench.framework.indicators()]
    areas = {signed.slug: signed.key_areas for signed in bench.rounds if signed.shared.named}
    return shared_key_areas(areas, order=order)


def cohort_support(bench: Benchmark) -> list[SupportTotal]:
    """Support requests added up by indicator × kind × department (three queries per city).

    Only rounds whose city may be named count: the totals list the cities that asked.
    """
    answers = {
        signed.slug: core_answers(signed.shared.round)
        for signed in bench.rounds
        if signed.shared.named
    }
    if bench.shared is not None:
        shared = set(bench.shared.indicators)
        answers = {
            slug: [answer for answer in given if answer.indicator in shared]
            for slug, given in answers.items()
        }
    cohort = CoreCohort.build(bench.framework, answers)
    order = [indicator.id for indicator in bench.framework.indicators()]
    return support_totals(support_requests(cohort), order=order)
