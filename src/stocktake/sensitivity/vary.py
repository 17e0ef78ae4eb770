"""The VARY specification: which settings of a build are uncertain, and how.

A VARY file names settings of the build specification by dotted path and gives each a
distribution::

    vary:
      treat.winmax: {values: [1, 2, 3, 4, 5]}          # discrete alternatives, equally likely
      normalise: {values: [{method: minmax, range: [1, 100]}, {method: zscore, mean: 10, sd: 2}]}
      weights: {noise: 0.25}                           # every weight × U(0.75, 1.25)
      aggregate.method: {values: [arithmetic, geometric]}
      treat.skew: {range: [1.5, 2.5]}                  # continuous, uniform

Every input is sampled on U(0, 1) and mapped to its setting, as COINr's ``sample_2_para`` does: a
discrete input with ``K`` alternatives takes alternative ``⌊u·K⌋``; a range ``[a, b]`` takes
``a + u (b − a)``; weight noise multiplies each weight by ``1 + noise (2u − 1)``. The noise on all
weights counts as one input (a group) in the sensitivity analysis.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np

from stocktake.composite.errors import SpecError
from stocktake.composite.spec import BuildSpec
from stocktake.yaml_files import read_yaml_as

Kind = Literal["values", "range", "noise"]

SETTINGS: tuple[str, ...] = tuple(BuildSpec.model_fields)
"""The top-level settings of a build spec; a varied setting's path starts with one of them."""


class VaryError(SpecError):
    """A VARY specification is malformed or varies a setting the build does not have."""


@dataclass(frozen=True)
class VaryInput:
    """One uncertain input.

    Attributes
    ----------
    name
        The key as written in the VARY file; it labels the input in every result.
    kind
        ``values`` (discrete alternatives), ``range`` (continuous uniform) or ``noise`` (a
        multiplicative perturbation of every weight).
    values
        The alternatives of a discrete input.
    low, high
        The bounds of a continuous input.
    noise
        The half-width of the multiplier ``U(1 − noise, 1 + noise)``.
    levels
        For noise: the levels whose weights are perturbed (``None``: every level).
    """

    name: str
    kind: Kind
    values: tuple[Any, ...] = ()
    low: float = 0.0
    high: float = 0.0
    noise: float = 0.0
    levels: tuple[int, ...] | None = None

    @property
    def stage(self) -> str:
        """The top-level setting this input changes (``weights`` for noise)."""
        return self.name.split(".")[0]

    def choose(self, u: np.ndarray) -> np.ndarray:
        """Map U(0, 1) draws of a discrete input to alternative numbers, or of a range to values."""
        if self.kind == "values":
            k = len(self.values)
            return np.minimum((u * k).astype(np.int64), k - 1)
        if self.kind == "range":
            return self.low + u * (self.high - self.low)
        return 1.0 + self.noise * (2.0 * u - 1.0)

    def setting(self, choice: float) -> Any:
        """The spec value for one mapped draw (an alternative number, or a value in the range)."""
        if self.kind == "values":
            return self.values[int(choice)]
        return float(choice)


@dataclass(frozen=True)
class VarySpec:
    """The uncertain inputs, in the order written (the order of every result table)."""

    inputs: tuple[VaryInput, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(i.name for i in self.inputs)

    @property
    def noise(self) -> VaryInput | None:
        """The weight-noise input, if any."""
        return next((i for i in self.inputs if i.kind == "noise"), None)

    @property
    def settings(self) -> tuple[VaryInput, ...]:
        """The inputs that replace a setting of the spec (every input but the noise)."""
        return tuple(i for i in self.inputs if i.kind != "noise")


def parse_vary(
    data: Any, base: BuildSpec | None = None, *, source: str = "the VARY spec"
) -> VarySpec:
    """Validate already-parsed YAML of the form ``{vary: {path: distribution, ...}}``.

    With ``base``, every alternative (and both ends of every range) is applied to the base spec
    and validated, so a misspelt path or an impossible value is reported now, in one sentence,
    and not after thousands of replications.

    Raises
    ------
    VaryError
    """
    if not isinstance(data, Mapping) or set(data) != {"vary"}:
        raise VaryError(f"{source} must be a mapping with the single key 'vary'")
    entries = data["vary"]
    if not isinstance(entries, Mapping) or not entries:
        raise VaryError(f"{source} must name at least one setting under 'vary'")
    inputs = tuple(_entry(str(k), v, source) for k, v in entries.items())
    if sum(i.kind == "noise" for i in inputs) > 1:
        raise VaryError(f"{source} gives weight noise twice; give it once, under 'weights'")
    if base is not None:
        for one in inputs:
            _check_against(one, base, source)
    return VarySpec(inputs)


def load_vary(path: str | Path, base: BuildSpec | None = None) -> VarySpec:
    """Read and validate a VARY file (YAML); see :func:`parse_vary`."""
    data = read_yaml_as(path, what="VARY file", error=VaryError)
    return parse_vary(data, base, source=str(path))


def _entry(name: str, spec: Any, source: str) -> VaryInput:
    where = f"{source} entry '{name}'"
    if name.split(".")[0] not in SETTINGS:
        raise VaryError(
            f"{where} does not start with a setting of the build spec ({', '.join(SETTINGS)})"
        )
    if not isinstance(spec, Mapping):
        raise VaryError(f"{where} must be a mapping such as {{values: [...]}} or {{range: [a, b]}}")
    keys = set(spec)
    if "noise" in keys:
        return _noise(name, spec, where)
    if keys == {"values"}:
        values = spec["values"]
        if not isinstance(values, Sequence) or isinstance(values, str) or len(values) < 2:
            raise VaryError(f"{where} needs a list of at least two alternatives under 'values'")
        return VaryInput(name, "values", values=tuple(_frozen(v) for v in values))
    if keys == {"range"}:
        low, high = _bounds(spec["range"], where)
        return VaryInput(name, "range", low=low, high=high)
    raise VaryError(
        f"{where} must have exactly one of 'values' (alternatives), 'range' ([low, high]) "
        f"or 'noise' (for weights), not {', '.join(sorted(map(str, keys))) or 'nothing'}"
    )


def _noise(name: str, spec: Mapping[str, Any], where: str) -> VaryInput:
    if name != "weights":
        raise VaryError(f"{where} gives 'noise', which only the entry 'weights' may have")
    extra = set(spec) - {"noise", "levels"}
    if extra:
        raise VaryError(f"{where} has unknown keys {sorted(map(str, extra))}; use noise, levels")
    noise = spec["noise"]
    if isinstance(noise, bool) or not isinstance(noise, (int, float)) or not 0 < noise < 1:
        raise VaryError(f"{where} needs a noise above 0 and below 1 (0.25 for ±25 %), not {noise}")
    levels = spec.get("levels")
    if levels is not None:
        if not isinstance(levels, Sequence) or not all(
            isinstance(v, int) and not isinstance(v, bool) and v >= 1 for v in levels
        ):
            raise VaryError(f"{where} needs 'levels' as a list of whole levels such as [1, 2]")
        levels = tuple(levels)
    return VaryInput(name, "noise", noise=float(noise), levels=levels)


def _bounds(value: Any, where: str) -> tuple[float, float]:
    ok = isinstance(value, Sequence) and len(value) == 2
    if ok and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value):
        low, high = float(value[0]), float(value[1])
        if math.isfinite(low) and math.isfinite(high) and low < high:
            return low, high
    raise VaryError(
        f"{where} needs 'range' as [low, high] with finite numbers and low below high, not "
        f"{value!r}"
    )


def _frozen(value: Any) -> Any:
    """Alternatives are kept as plain data; lists become tuples so they cannot change later."""
    if isinstance(value, Mapping):
        return {str(k): _frozen(v) for k, v in value.items()}
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    return value


def _check_against(one: VaryInput, base: BuildSpec, source: str) -> None:
    if one.kind == "noise":
        return
    if one.kind == "values":
        trials = list(one.values)
    else:
        trials = [one.low, (one.low + one.high) / 2, one.high]
    for value in trials:
        try:
            base.updated({one.name: value}, source=f"{source} with {one.name} = {value!r}")
        except SpecError as exc:
            raise VaryError(exc.detail) from None
