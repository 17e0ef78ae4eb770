"""The build specification: every choice of a composite-index build, as frozen data.

A specification is read from YAML (or a mapping), holds every parameter of every stage with its
default filled in, and writes back to the same YAML, so a build can be recorded, compared and re-run
with one setting changed (:meth:`BuildSpec.updated`, used by the uncertainty analysis).

A stage runs when its key is present: ``true`` runs it with its defaults, a mapping sets its
parameters, ``false`` or absence skips it. ``weights`` and ``rank`` always apply (with their
defaults when absent). Per-indicator and per-level overrides are merged onto the stage's own
settings, so an override names only what differs.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_serializer,
    model_validator,
)

from stocktake.composite.errors import SpecError
from stocktake.composite.spec_normalise import (
    METHOD_TAGS,
    NormaliseMethod,
    NormaliseSpec,
    Ties,
)
from stocktake.yaml_files import read_yaml_as

__all__ = [
    "P_LIMIT",
    "AggregateSpec",
    "AggregationRule",
    "BuildSpec",
    "DenominateSpec",
    "ImputeSpec",
    "NormaliseMethod",
    "NormaliseSpec",
    "RankSpec",
    "ScreenSpec",
    "TreatRule",
    "TreatSpec",
    "WeightsSpec",
    "dump_spec",
    "load_spec",
    "parse_spec",
]

P_LIMIT = 100.0
"""The largest exponent of the power mean, either sign. Beyond it the mean equals the largest (or
smallest) child to within rounding, and ``x^p`` overflows for values that are still ordinary
(``1000^103`` is past the largest float), so every score would be infinite."""


class _Spec(BaseModel):
    """Settings are frozen, unknown keys are refused, and so are NaN and infinity: a NaN weight or
    exponent would otherwise pass every comparison and empty the scores without a word."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class DenominateSpec(_Spec):
    """Divide indicators by a denominator column (× a scale factor).

    ``denominators`` and ``scale`` override the metadata's ``Denominator`` and ``ScaleFactor``
    columns for the indicators they name.
    """

    denominators: dict[str, str] = Field(default_factory=dict)
    scale: dict[str, Annotated[float, Field(gt=0)]] = Field(default_factory=dict)


class ImputeSpec(_Spec):
    """Replace missing values by the indicator's mean or median, over all units or per group."""

    method: Literal["mean", "median", "none"] = "mean"
    by_group: str | None = None


class ScreenSpec(_Spec):
    """Drop units with too little data; ``include`` / ``exclude`` force a unit either way."""

    min_availability: float = Field(default=2 / 3, ge=0, le=1)
    min_nonzero: float | None = Field(default=None, ge=0, le=1)
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()


class TreatRule(_Spec):
    """How one indicator is treated for outliers (COINr's default two-step rule by default).

    ``winsorise_then_log``: winsorise up to ``winmax`` points, and when the indicator still fails
    the skew/kurtosis test, log-transform the original values (or the winsorised ones with
    ``combine``). ``winsorise`` stops after winsorising; ``log`` transforms a failing indicator
    straight away; ``none`` leaves it alone. ``winmax: null`` removes the limit.
    """

    method: Literal["winsorise_then_log", "winsorise", "log", "none"] = "winsorise_then_log"
    winmax: int | None = Field(default=5, ge=0)
    skew: float = Field(default=2.0, gt=0)
    kurtosis: float = 3.5
    combine: bool = False


class TreatSpec(TreatRule):
    """The default rule, and per-indicator rules merged onto it (``none`` as a shorthand)."""

    indicators: dict[str, TreatRule] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _merge_overrides(cls, data: Any) -> Any:
        if not isinstance(data, Mapping) or not isinstance(data.get("indicators"), Mapping):
            return data
        base = {k: v for k, v in data.items() if k != "indicators"}
        merged = {}
        for code, rule in data["indicators"].items():
            if rule == "none":
                rule = {"method": "none"}
            merged[code] = {**base, **rule} if isinstance(rule, Mapping) else rule
        return {**data, "indicators": merged}

    def rule_for(self, code: str) -> TreatRule:
        """The rule that applies to indicator ``code``."""
        if code in self.indicators:
            return self.indicators[code]
        return self._default

    @cached_property
    def _default(self) -> TreatRule:
        """The rule of every indicator without its own, made once (the robustness analysis asks
        for it per indicator and setting)."""
        return TreatRule(**self.model_dump(exclude={"indicators"}))


WeightSource = str
"""``meta`` (the metadata's Weight column), ``equal``, or the name of a set in ``sets``."""


class WeightsSpec(_Spec):
    """Where the weight of each indicator and aggregate within its parent comes from.

    ``use`` applies to every node; ``levels`` overrides it for the nodes at a level (1 =
    indicators); ``values`` sets single weights last. A named set lists weights by code; codes it
    does not list keep their metadata weight.
    """

    use: WeightSource = "meta"
    sets: dict[str, dict[str, float]] = Field(default_factory=dict)
    levels: dict[int, WeightSource] = Field(default_factory=dict)
    values: dict[str, float] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _known_sources(self) -> WeightsSpec:
        known = {"meta", "equal", *self.sets}
        for where, source in [
            ("use", self.use),
            *((f"levels.{k}", v) for k, v in self.levels.items()),
        ]:
            if source not in known:
                raise ValueError(
                    f"weights.{where} is '{source}', which is neither 'meta', 'equal' nor a set "
                    f"named under weights.sets"
                )
        for name, weights in [*self.sets.items(), ("values", self.values)]:
            if any(w < 0 for w in weights.values()):
                raise ValueError(f"weights in '{name}' must not be negative")
        return self


AggregationMethod = Literal["arithmetic", "geometric", "harmonic", "power", "copeland"]


class AggregationRule(_Spec):
    """How the children of one aggregate are combined.

    ``p`` is the exponent of the ``power`` (generalised) mean. ``min_availability`` sets the result
    to missing for a unit whose share of non-missing children is below it.
    """

    method: AggregationMethod = "arithmetic"
    p: float | None = None
    min_availability: float | None = Field(default=None, ge=0, le=1)

    @field_validator("p")
    @classmethod
    def _bounded(cls, p: float | None) -> float | None:
        if p is not None and abs(p) > P_LIMIT:
            raise ValueError(
                f"the power mean's exponent p = {p:g} is outside [-{P_LIMIT:g}, {P_LIMIT:g}]; "
                "beyond that the mean is the largest (or smallest) child to within rounding and "
                "its powers overflow; give a p within that range"
            )
        return p

    @model_validator(mode="after")
    def _exponent(self) -> AggregationRule:
        if self.method == "power" and (self.p is None or self.p == 0):
            raise ValueError(
                "the power mean needs a non-zero exponent 'p' (p = 0 is the geometric mean: use "
                "method: geometric)"
            )
        if self.method != "power" and self.p is not None:
            raise ValueError(f"'p' applies only to method: power, not to method: {self.method}")
        return self


class AggregateSpec(AggregationRule):
    """The default rule, per-level rules (keyed by the level of the aggregate being computed)
    and per-aggregate rules, each merged onto the default; an aggregate's own rule wins over its
    level's.
    """

    levels: dict[int, AggregationRule] = Field(default_factory=dict)
    groups: dict[str, AggregationRule] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _merge_overrides(cls, data: Any) -> Any:
        if not isinstance(data, Mapping):
            return data
        base = {k: v for k, v in data.items() if k not in ("levels", "groups")}
        out = dict(data)
        for key in ("levels", "groups"):
            if isinstance(data.get(key), Mapping):
                out[key] = {code: _merge_rule(base, rule) for code, rule in data[key].items()}
        return out

    def rule_for(self, code: str, level: int) -> AggregationRule:
        """The rule for aggregate ``code`` at ``level``."""
        if code in self.groups:
            return self.groups[code]
        if level in self.levels:
            return self.levels[level]
        return self._default

    @cached_property
    def _default(self) -> AggregationRule:
        """The rule of every aggregate without a rule of its own or its level's, made once."""
        return AggregationRule(**self.model_dump(exclude={"levels", "groups"}))


def _merge_rule(base: Mapping[str, Any], rule: Any) -> Any:
    """An override keeps the default's threshold, and its exponent if the method is the same."""
    if not isinstance(rule, Mapping):
        return rule
    merged = {k: v for k, v in base.items() if k == "min_availability"}
    if rule.get("method", base.get("method")) == base.get("method") and "p" in base:
        merged["p"] = base["p"]
    merged["method"] = base.get("method", "arithmetic")
    return {**merged, **rule}


class RankSpec(_Spec):
    """Rank every column, higher is better; ``ties`` as R's ``rank(ties.method=)``."""

    ties: Ties = "min"


class BuildSpec(_Spec):
    """Every choice of a build. Build with :func:`stocktake.composite.build.build`."""

    time: float | str | None = None
    denominate: DenominateSpec | None = None
    impute: ImputeSpec | None = None
    screen: ScreenSpec | None = None
    treat: TreatSpec | None = None
    normalise: NormaliseSpec | None = None
    weights: WeightsSpec = Field(default_factory=WeightsSpec)
    aggregate: AggregateSpec | None = None
    rank: RankSpec = Field(default_factory=RankSpec)

    @model_validator(mode="before")
    @classmethod
    def _switches(cls, data: Any) -> Any:
        """``true`` runs a stage with its defaults, ``false`` skips it."""
        if not isinstance(data, Mapping):
            return data
        out = dict(data)
        for key in set(cls.model_fields) - {"time"}:
            if out.get(key) is True:
                out[key] = {}
            elif out.get(key) is False:
                if key in ("weights", "rank"):
                    raise ValueError(
                        f"'{key}' cannot be switched off; give a mapping or leave it out"
                    )
                out[key] = None
        return out

    @model_serializer(mode="wrap")
    def _compact(self, handler: Any) -> dict[str, Any]:
        """Skipped stages are left out so the YAML reads like what the user wrote."""
        return {k: v for k, v in handler(self).items() if v is not None}

    def to_dict(self) -> dict[str, Any]:
        """Plain data, every default filled in, that :func:`parse_spec` reads back unchanged."""
        return self.model_dump(mode="json")

    def updated(self, changes: Mapping[str, Any], *, source: str | None = None) -> BuildSpec:
        """A copy with settings replaced, keyed by dotted paths (``"treat.winmax"``,
        ``"normalise"``, ``"aggregate.levels.3.method"``); the result is validated again, and
        a :class:`SpecError` names ``source`` (by default the changes themselves).

        Changing ``normalise.method`` or ``aggregate.method`` drops the old method's own
        parameters (a min-max ``range``, a power ``p``), so ``{"normalise.method": "zscore"}``
        gives a z-score with its defaults; give them in the same call to choose others (method
        changes are applied first). The values are copied, never changed, and may hold tuples
        where the spec has lists.
        """
        data = self.to_dict()
        methods_first = sorted(changes.items(), key=lambda item: not item[0].endswith(".method"))
        for path, value in methods_first:
            _set_path(data, path.split("."), _plain(value))
        if source is None:
            source = f"the spec updated with {dict(changes)!r}"
        return parse_spec(data, source=source)


_KEPT_ON_NEW_METHOD = {
    "normalise": {"indicators", "directions"},
    "aggregate": {"levels", "groups", "min_availability"},
}
"""Settings that outlive a change of a stage's method; the old method's own parameters do not."""


def _plain(value: Any) -> Any:
    """A copy of ``value`` as parsed YAML gives it: mappings as new dicts, tuples as lists."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _set_path(data: dict[str, Any], keys: list[str], value: Any) -> None:
    node = data
    for key in keys[:-1]:
        nxt = node.get(key)
        if not isinstance(nxt, dict):
            nxt = {} if nxt in (None, True) else nxt
            node[key] = nxt
        node = nxt
    stage = keys[0]
    if keys[1:] == ["method"] and stage in _KEPT_ON_NEW_METHOD and node.get("method") != value:
        for key in [k for k in node if k not in _KEPT_ON_NEW_METHOD[stage]]:
            del node[key]
    node[keys[-1]] = value


def parse_spec(data: Any, *, source: str = "the build spec") -> BuildSpec:
    """Validate already-parsed YAML; raise :class:`SpecError` with one sentence on bad input."""
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        raise SpecError(f"{source} must be a mapping of stage names to settings")
    try:
        return BuildSpec.model_validate(_int_keys(data))
    except ValidationError as exc:
        raise SpecError(_sentence(exc, source)) from None


def _int_keys(data: Mapping[str, Any]) -> dict[str, Any]:
    """YAML and JSON may give level keys as strings ("2"); levels are numbers."""
    out = dict(data)
    for stage, key in (("aggregate", "levels"), ("weights", "levels")):
        section = out.get(stage)
        if isinstance(section, Mapping) and isinstance(section.get(key), Mapping):
            levels = {
                int(k) if isinstance(k, str) and k.isdigit() else k: v
                for k, v in section[key].items()
            }
            out[stage] = {**section, key: levels}
    return out


def _sentence(exc: ValidationError, source: str) -> str:
    error = exc.errors()[0]
    where = _where(error["loc"])
    kind = error["type"]
    if kind == "union_tag_invalid":
        tags = error.get("ctx", {}).get("expected_tags", "")
        got = error.get("ctx", {}).get("tag", "")
        return f"{source} has '{where}.method' = '{got}', which is not one of {tags}"
    if kind == "extra_forbidden":
        return f"{source} has an unknown setting '{where}'; check its spelling against the docs"
    if kind == "missing":
        return f"{source} needs a value for '{where}'"
    if kind == "finite_number":
        return (
            f"{source} has {error['input']} at '{where}', which is not a finite number; write a "
            "number such as 2 or 0.5"
        )
    message = str(error["msg"]).removeprefix("Value error, ")
    if where:
        return f"{source} has a bad value at '{where}': {message}"
    return f"{source}: {message}"


_UNION_MEMBERS = frozenset({"float", "str", "int", "bool"})
"""Pydantic names the member of a union (``time: float | str``) at the end of an error's place."""


def _where(loc: tuple[int | str, ...]) -> str:
    """A location as the user wrote it: without the internal ``default`` key and method tags."""
    parts: list[str] = []
    for i, part in enumerate(loc):
        before = [str(p) for p in loc[max(0, i - 2) : i]]
        after_default = before[-1:] == ["default"]
        after_indicator = len(before) == 2 and before[0] == "indicators"
        if part == "default" or str(part).startswith("function-"):
            continue
        if i == len(loc) - 1 and i > 0 and part in _UNION_MEMBERS:
            continue
        if (after_default or after_indicator) and part in METHOD_TAGS:
            continue
        parts.append(str(part))
    return ".".join(parts)


def load_spec(path: str | Path) -> BuildSpec:
    """Read a YAML spec file; a missing file, bad YAML or bad setting raises :class:`SpecError`."""
    data = read_yaml_as(path, what="spec file", error=SpecError)
    return parse_spec(data, source=str(path))


def dump_spec(spec: BuildSpec) -> str:
    """The spec as YAML, every parameter written out."""
    return yaml.safe_dump(spec.to_dict(), sort_keys=False, allow_unicode=True)
