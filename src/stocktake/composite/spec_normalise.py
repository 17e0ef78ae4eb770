"""Normalisation settings: one model per method, chosen by its ``method`` key.

Kept apart from :mod:`stocktake.composite.spec` because each method has its own parameters and
the union of them is the longest part of the specification.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_serializer, model_validator

Ties = Literal["min", "max", "average", "first"]
"""How tied values are ranked, as R's ``rank(ties.method=)``; ``min`` is COINr's default."""


class _Method(BaseModel):
    """As every part of the specification: frozen, no unknown keys, no NaN or infinity."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class MinMax(_Method):
    """``(x - min) / (max - min)`` scaled to ``range``."""

    method: Literal["minmax"] = "minmax"
    range: tuple[float, float] = (0.0, 100.0)

    @model_validator(mode="after")
    def _ordered(self) -> MinMax:
        if not self.range[0] < self.range[1]:
            raise ValueError("the min-max range must be [low, high] with low below high")
        return self


class ZScore(_Method):
    """``(x - mean(x)) / sd(x) * sd + mean``, with the sample standard deviation."""

    method: Literal["zscore"] = "zscore"
    mean: float = 0.0
    sd: float = Field(default=1.0, gt=0)


class Rank(_Method):
    """The rank, 1 for the lowest value."""

    method: Literal["rank"] = "rank"
    ties: Ties = "min"


class PercentileRank(_Method):
    """``(rank - 1) / (n - 1)`` over the ``n`` non-missing values: 0 lowest, 1 highest."""

    method: Literal["percentile_rank"] = "percentile_rank"
    ties: Ties = "min"


class Borda(_Method):
    """``rank - 1``: the number of units a unit beats (with ``min`` ties)."""

    method: Literal["borda"] = "borda"
    ties: Ties = "min"


class DistanceToMax(_Method):
    """``1 - (max - x) / (max - min)``."""

    method: Literal["distance_to_max"] = "distance_to_max"


class DistanceToReference(_Method):
    """``1 - (x_ref - x) / (x_ref - min)`` with unit ``unit`` as reference; ``cap`` limits to 1."""

    method: Literal["distance_to_reference"] = "distance_to_reference"
    unit: str
    cap: bool = False


class DistanceToTarget(_Method):
    """``(x - min) / (target - min)``; ``target`` defaults to the metadata's Target column."""

    method: Literal["distance_to_target"] = "distance_to_target"
    target: float | None = None
    cap: bool = False


class FractionOfMax(_Method):
    """``x / max``."""

    method: Literal["fraction_of_max"] = "fraction_of_max"


class Goalposts(_Method):
    """``(x - lower) / (upper - lower)``, truncated to [0, 1], times ``scale``.

    ``lower``, ``upper``, ``scale`` and ``truncate`` default to the metadata columns
    ``goalpost_lower``, ``goalpost_upper``, ``goalpost_scale`` and ``goalpost_trunc2posts``; without
    those, ``scale`` is 100 and ``truncate`` is true. Goalposts are in the indicator's own units
    whatever its direction.
    """

    method: Literal["goalposts"] = "goalposts"
    lower: float | None = None
    upper: float | None = None
    scale: float | None = Field(default=None, gt=0)
    truncate: bool | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Goalposts:
        if self.lower is not None and self.upper is not None and not self.lower < self.upper:
            raise ValueError(
                f"the goalposts must have lower below upper, not lower {self.lower:g} and upper "
                f"{self.upper:g}; goalposts are in the indicator's own units, and a direction of "
                "-1 turns them round by itself"
            )
        return self


class NoNormalisation(_Method):
    """Values pass through (after the direction is applied)."""

    method: Literal["none"] = "none"


AnyMethod = (
    MinMax
    | ZScore
    | Rank
    | PercentileRank
    | Borda
    | DistanceToMax
    | DistanceToReference
    | DistanceToTarget
    | FractionOfMax
    | Goalposts
    | NoNormalisation
)
NormaliseMethod = Annotated[AnyMethod, Field(discriminator="method")]

METHOD_TAGS: frozenset[str] = frozenset(
    m.model_fields["method"].default for m in AnyMethod.__args__
)


class NormaliseSpec(BaseModel):
    """The default method, per-indicator methods, and direction overrides.

    In YAML the default method's settings sit at the top (``{method: minmax, range: [0, 100]}``),
    next to ``indicators`` (code -> method settings) and ``directions`` (code -> 1 or -1). A
    direction given for an aggregate sets it for every indicator below it (a whole pillar); a
    lower code's direction wins over a higher one's.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    default: NormaliseMethod = Field(default_factory=MinMax)
    indicators: dict[str, NormaliseMethod] = Field(default_factory=dict)
    directions: dict[str, Literal[-1, 1]] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _flat(cls, data: Any) -> Any:
        if not isinstance(data, Mapping) or "default" in data:
            return data
        own = {k: v for k, v in data.items() if k not in ("indicators", "directions")}
        out = {k: v for k, v in data.items() if k in ("indicators", "directions")}
        if own:
            out["default"] = {"method": "minmax", **own}
        return out

    @model_serializer(mode="wrap")
    def _flatten(self, handler: Any) -> dict[str, Any]:
        data = handler(self)
        return {**data.pop("default"), **data}

    def method_for(self, code: str) -> AnyMethod:
        """The method model that applies to indicator ``code``."""
        return self.indicators.get(code, self.default)
