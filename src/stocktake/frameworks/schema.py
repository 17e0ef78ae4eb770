"""The framework file format, as pydantic models.

A framework is data: a versioned tree of nestable groups (dimension, theme, component, essential …)
whose leaves are indicators. The models check each field's form; the rules that span the whole file
(unique ids, known departments, complete translations, ordered bands) live in
:mod:`stocktake.frameworks.checks`, so a validator can report every problem at once.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Annotated, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, field_validator

from stocktake.frameworks.text import LocalText

PATHWAYS: tuple[str, ...] = ("low_emission", "nature_based", "equitable", "resilient", "circular")
"""ICLEI's five development pathways, as stable keys."""

Pathway = Literal["low_emission", "nature_based", "equitable", "resilient", "circular"]
Identifier = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=64)]
Version = Annotated[str, Field(pattern=r"^\d+\.\d+(\.\d+)?([-+][0-9A-Za-z.-]+)?$")]
SdgTarget = Annotated[str, Field(pattern=r"^([1-9]|1[0-7])\.([0-9]{1,2}|[a-z])$")]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Provenance(_Model):
    """Where values came from, and whether they were checked against the primary publication.

    An unverified table must be visible as such in every output that uses it.
    """

    source: str = Field(min_length=1)
    verified: bool
    note: LocalText | None = None


class Level(_Model):
    """One rung of a maturity scale; ``value`` is both the answer and its points."""

    value: int
    label: LocalText
    descriptor: LocalText | None = None


class Band(_Model):
    """Values between ``min`` and ``max`` (either may be open) earn ``points``."""

    points: float
    min: float | None = None
    max: float | None = None
    min_inclusive: bool = True
    max_inclusive: bool = True
    label: LocalText | None = None

    def contains(self, value: float) -> bool:
        """Whether ``value`` (already rounded to the table's precision) falls in this band."""
        if self.min is not None and (
            value < self.min or (value == self.min and not self.min_inclusive)
        ):
            return False
        return not (
            self.max is not None
            and (value > self.max or (value == self.max and not self.max_inclusive))
        )


class BandTable(_Model):
    """An ordered table turning a measured number into points.

    Published tables print bounds at a fixed precision and leave gaps between bands (1.0–6.9,
    7.0–13.9); the value is rounded to ``precision`` decimals with ``rounding`` before lookup,
    which closes those gaps.
    """

    precision: int = Field(default=1, ge=0, le=6)
    rounding: Literal["half_up", "half_even"] = "half_up"
    bands: list[Band] = Field(min_length=2)
    provenance: Provenance


class Option(_Model):
    """One choice of a ``choice`` indicator."""

    id: Identifier
    label: LocalText
    points: float


class _IndicatorBase(_Model):
    id: Identifier
    title: LocalText
    description: LocalText | None = None
    guidance: LocalText | None = None
    weight: float = Field(default=1.0, gt=0)
    pathways: list[Pathway] = Field(default_factory=list)
    sdg_targets: list[SdgTarget] = Field(default_factory=list)
    departments: list[Identifier] = Field(default_factory=list)
    optional: bool = False
    """An optional indicator may stay unscored without lowering coverage (CBI 4–8 on a first
    application)."""
    target: float | None = None
    """Points that count as the target; default: the framework's ``scoring.target_share``."""
    provenance: Provenance | None = None
    """Where this indicator's wording and levels come from, when it differs from the framework's."""


class MaturityIndicator(_IndicatorBase):
    """An ordinal scale of levels, each with a descriptor saying what a city at that level does."""

    type: Literal["maturity"] = "maturity"
    levels: list[Level] = Field(min_length=2)

    @property
    def min_points(self) -> float:
        return float(min(level.value for level in self.levels))

    @property
    def max_points(self) -> float:
        return float(max(level.value for level in self.levels))


UnitKind = Literal["share", "count", "amount", "change"]
"""What a measured indicator's unit measures, and so which values it can take."""


class ValueBounds(NamedTuple):
    """The values a unit can take: from ``low`` to ``high`` (``None``: open), whole or not."""

    low: float | None
    high: float | None
    whole: bool


UNIT_BOUNDS: dict[str, ValueBounds] = {
    "share": ValueBounds(0.0, 100.0, whole=False),
    "count": ValueBounds(0.0, None, whole=True),
    "amount": ValueBounds(0.0, None, whole=False),
    "change": ValueBounds(None, None, whole=False),
}
"""A share is a percentage (0–100); a count a whole number of things (species, agencies); an
amount anything measured that cannot be negative (an area, money, visits per child); a change
the difference between two surveys, which may be negative."""


class _Measured:
    """What banded and numeric indicators share: a unit and the values it can take."""

    unit: LocalText
    unit_kind: UnitKind | None

    def _lowest_scored_at_or_below_zero(self) -> bool:
        return False

    @property
    def value_kind(self) -> UnitKind:
        """The declared ``unit_kind``; without one, read from the unit and the scoring.

        A unit written as a percentage (``% of city area``) is a share; a table or goalposts
        that score values at or below zero describe a change (CBI 4–8: "no change or a
        decrease"); any other unit is an amount. A count is never guessed, since "species" and
        "ha" look alike to a program: a file declares ``unit_kind: count`` to refuse decimals.
        """
        if self.unit_kind is not None:
            return self.unit_kind
        if self.unit.get("en", "").lstrip().startswith("%"):
            return "share"
        return "change" if self._lowest_scored_at_or_below_zero() else "amount"

    @property
    def value_bounds(self) -> ValueBounds:
        return UNIT_BOUNDS[self.value_kind]


class BandedIndicator(_Measured, _IndicatorBase):
    """A measured number turned into points by a band table."""

    type: Literal["banded"] = "banded"
    unit: LocalText
    unit_kind: UnitKind | None = None
    direction: Literal["higher", "lower"] = "higher"
    bands: BandTable

    def _lowest_scored_at_or_below_zero(self) -> bool:
        return any(
            band.min is None and band.max is not None and band.max <= 0 for band in self.bands.bands
        )

    @property
    def min_points(self) -> float:
        return min(band.points for band in self.bands.bands)

    @property
    def max_points(self) -> float:
        return max(band.points for band in self.bands.bands)


class NumericIndicator(_Measured, _IndicatorBase):
    """A number with a unit and a direction, scored against goalposts or a target.

    With goalposts ``[low, high]`` the points are ``(x - low) / (high - low)`` clipped to [0, 1]
    times ``max``; with only a target, ``x / target`` (``target / x`` when lower is better) capped
    at 1. Without either the value is recorded but not scored.
    """

    type: Literal["numeric"] = "numeric"
    unit: LocalText
    unit_kind: UnitKind | None = None
    direction: Literal["higher", "lower"] = "higher"
    value_target: float | None = None
    goalposts: tuple[float, float] | None = None
    max: float = Field(default=1.0, gt=0)

    @property
    def min_points(self) -> float:
        return 0.0

    @property
    def max_points(self) -> float:
        return self.max

    @property
    def scorable(self) -> bool:
        return self.goalposts is not None or self.value_target is not None

    def _lowest_scored_at_or_below_zero(self) -> bool:
        return self.goalposts is not None and min(self.goalposts) < 0


class YesNoIndicator(_IndicatorBase):
    type: Literal["yes_no"] = "yes_no"
    points_yes: float = 1.0
    points_no: float = 0.0

    @property
    def min_points(self) -> float:
        return min(self.points_yes, self.points_no)

    @property
    def max_points(self) -> float:
        return max(self.points_yes, self.points_no)


class ChoiceIndicator(_IndicatorBase):
    type: Literal["choice"] = "choice"
    options: list[Option] = Field(min_length=2)

    @property
    def min_points(self) -> float:
        return min(option.points for option in self.options)

    @property
    def max_points(self) -> float:
        return max(option.points for option in self.options)


Indicator = Annotated[
    MaturityIndicator | BandedIndicator | NumericIndicator | YesNoIndicator | ChoiceIndicator,
    Field(discriminator="type"),
]


class Group(_Model):
    """A node of the framework tree: a dimension, theme, component, essential …"""

    id: Identifier
    kind: Identifier
    title: LocalText
    description: LocalText | None = None
    weight: float = Field(default=1.0, gt=0)
    groups: list[Group] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)

    def walk_indicators(self) -> Iterator[Indicator]:
        """Indicators below this group, depth first, in file order."""
        yield from self.indicators
        for child in self.groups:
            yield from child.walk_indicators()


class Scoring(_Model):
    """How indicator points roll up.

    ``sum``: a group's score is the sum of its indicators' points out of the attainable maximum
    (CBI, UNDRR). ``mean``: a group's score is the weighted mean of its children's 0–100 scores
    (issa-36). ``target_share`` is the share of an indicator's range that counts as the target when
    ranking the areas for development (0.75 = level 3 of 0–4).
    """

    method: Literal["sum", "mean"]
    target_share: float = Field(default=1.0, gt=0, le=1)


class Department(_Model):
    id: Identifier
    name: LocalText


class SupportKind(_Model):
    id: Identifier
    label: LocalText
    description: LocalText | None = None


class Crosswalk(_Model):
    """How the indicators of an earlier version of this framework map onto this version.

    Keys and values are indicator ids: an old id on the left of ``renamed`` and ``split`` and in
    the lists of ``merged``, a current id on the right. An indicator whose id is in both versions
    and appears nowhere here is taken to be unchanged. Comparisons between rounds use the
    crosswalk and say where they did (``docs/methods.md``, progress between rounds).
    """

    from_version: Version
    """The earlier version whose answers this crosswalk reads."""
    renamed: dict[Identifier, Identifier] = Field(default_factory=dict)
    """Old id -> current id: the same question under a new id."""
    split: dict[Identifier, Annotated[list[Identifier], Field(min_length=2)]] = Field(
        default_factory=dict
    )
    """Old id -> current ids: one old indicator became several; each part inherits its value."""
    merged: dict[Identifier, Annotated[list[Identifier], Field(min_length=2)]] = Field(
        default_factory=dict
    )
    """Current id -> old ids: several old indicators became one; it takes their mean score."""
    dropped: list[Identifier] = Field(default_factory=list)
    """Old ids with no successor: their answers leave the comparison."""
    note: LocalText | None = None


LanguageTag = Annotated[str, Field(pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]


class DerivedFrom(_Model):
    """The framework a local version was derived from, and what became of each indicator.

    A coordinator (for a city) or the secretariat (for a cohort) derives a version of a
    framework (:func:`stocktake.frameworks.derive.derive`): indicators dropped, reworded,
    reweighted, added or marked not applicable. This record lets results stay comparable with
    rounds on the base and on its other derivations, on the indicators they share: the kept and
    the reworded ones (a reword changes words, never a scale), less those marked not applicable.
    Every indicator of the file is listed once, as kept, reworded or added.
    """

    id: Identifier
    """The base framework's id."""
    version: Version
    """The base framework's version."""
    kept: list[Identifier] = Field(default_factory=list)
    """Base indicators kept as the base has them (their weight may differ)."""
    reworded: dict[Identifier, list[LanguageTag]] = Field(default_factory=dict)
    """Base indicators whose texts were rewritten -> the languages rewritten. The texts in the
    framework's other languages are still the base's, which may no longer say the same."""
    dropped: list[Identifier] = Field(default_factory=list)
    """Base indicators left out of this version."""
    added: list[Identifier] = Field(default_factory=list)
    """Local indicators the base does not have; never compared with other cities."""
    not_applicable: list[Identifier] = Field(default_factory=list)
    """Kept or reworded indicators that do not apply here: in the file, left out of scores."""
    note: LocalText | None = None

    @property
    def key(self) -> str:
        """The base's ``id@version``."""
        return f"{self.id}@{self.version}"

    @property
    def shared(self) -> list[str]:
        """The indicators a comparison with the base may use: kept and reworded, applicable."""
        skipped = set(self.not_applicable)
        return [key for key in (*self.kept, *self.reworded) if key not in skipped]


class Framework(_Model):
    """A whole indicator framework, as read from its YAML file."""

    schema_version: Literal[1] = 1
    id: Identifier
    version: Version
    title: LocalText
    short_title: LocalText | None = None
    description: LocalText
    publisher: LocalText
    licence: str = Field(min_length=1)
    provenance: Provenance
    languages: list[str] = Field(min_length=1)
    """Languages in which every text of the file is complete; others fall back to English."""
    scoring: Scoring
    departments: list[Department] = Field(default_factory=list)
    support_kinds: list[SupportKind] = Field(default_factory=list)
    groups: list[Group] = Field(min_length=1)
    rankable: bool = True
    """Whether results may rank cities against each other. The City Biodiversity Index compares
    a city with its own baseline, so its file says ``false`` and composite indices refuse it."""
    crosswalk: Crosswalk | None = None
    """How the indicators of the previous version map onto this one, for progress between
    rounds answered on different versions."""
    derived_from: DerivedFrom | None = None
    """For a local version of another framework: its base and what became of each indicator."""

    @field_validator("languages")
    @classmethod
    def _english_first(cls, value: list[str]) -> list[str]:
        if "en" not in value:
            raise ValueError("'languages' must include 'en', the fallback language")
        return value

    # -- navigation -------------------------------------------------------------------------

    @property
    def key(self) -> str:
        """``id@version``: how a stored result names the exact framework it was computed with."""
        return f"{self.id}@{self.version}"

    @functools.cached_property
    def _indicator_tuple(self) -> tuple[Indicator, ...]:
        """Walked once per framework: scoring and pages ask for the indicators many times."""
        return tuple(ind for group in self.groups for ind in group.walk_indicators())

    @functools.cached_property
    def _indicators_by_id(self) -> dict[str, Indicator]:
        found: dict[str, Indicator] = {}
        for ind in self._indicator_tuple:
            found.setdefault(ind.id, ind)  # an invalid file may repeat an id: the first wins
        return found

    def indicators(self) -> list[Indicator]:
        """Every indicator, in file order."""
        return list(self._indicator_tuple)

    def indicator(self, indicator_id: str) -> Indicator:
        """The indicator with this id; ``KeyError`` when there is none."""
        return self._indicators_by_id[indicator_id]

    @functools.cached_property
    def _group_paths(self) -> dict[str, tuple[Group, ...]]:
        """Indicator id -> the groups above it, found in one walk of the tree (pages ask for
        the path of every indicator they list)."""
        found: dict[str, tuple[Group, ...]] = {}

        def walk(groups: list[Group], trail: tuple[Group, ...]) -> None:
            for group in groups:
                path = (*trail, group)
                for ind in group.indicators:
                    found.setdefault(ind.id, path)
                walk(group.groups, path)

        walk(self.groups, ())
        return found

    def group_path(self, indicator_id: str) -> list[Group]:
        """The groups from the top level down to the one holding ``indicator_id``."""
        return list(self._group_paths[indicator_id])

    @functools.cached_property
    def not_applicable(self) -> frozenset[str]:
        """Ids of the indicators this (derived) version marks not applicable: kept in the file,
        left out of every score."""
        derived = self.derived_from
        return frozenset(derived.not_applicable) if derived is not None else frozenset()

    @property
    def max_points(self) -> float:
        """Sum of every applicable indicator's maximum (141 for the UNDRR preliminary
        scorecard)."""
        skipped = self.not_applicable
        return sum(ind.max_points for ind in self.indicators() if ind.id not in skipped)

    def unverified_sources(self) -> list[str]:
        """Ids of the parts whose values were not checked against the primary publication."""
        found = [] if self.provenance.verified else [self.id]
        for ind in self.indicators():
            own = ind.provenance is not None and not ind.provenance.verified
            table = isinstance(ind, BandedIndicator) and not ind.bands.provenance.verified
            if own or table:
                found.append(ind.id)
        return found


def json_schema() -> dict[str, object]:
    """The JSON Schema of a framework file (published as ``docs/framework.schema.json``)."""
    schema = Framework.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Stocktake indicator framework"
    return schema
