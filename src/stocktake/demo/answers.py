"""Plausible departmental answers for one fictional city on one framework.

How the answers are drawn (all from the city's own random generator, so a seed reproduces them):

* Each indicator has a latent attainment in [0, 1]: the city's strength plus normal noise
  (sd 0.18), clipped. It picks the level, option or band every owning department starts from.
* Departments mostly agree: the first owning department answers the latent level; each other
  department's level moves from it by ±1 with probability 0.22 and by ±2 with probability 0.06.
  Measured numbers differ by a few per cent, sometimes by a quarter.
* Confidence rises with strength; importance is higher where the level is low; departments ask
  for support more often where the level is low (65 % against 15 %).
* Optional indicators (CBI 4–8, which need an earlier survey) get a blank answer; one to four
  other indicators are left unanswered, more in weaker cities, so coverage falls below 100 %.
* In stronger cities the coordinator has reconciled about half of the wide disagreements.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from stocktake.answers import (
    Answer,
    AnswerValue,
    Confidence,
    band_points,
    round_to_precision,
)
from stocktake.frameworks.schema import (
    Band,
    BandedIndicator,
    ChoiceIndicator,
    Framework,
    Indicator,
    MaturityIndicator,
    NumericIndicator,
    YesNoIndicator,
)
from stocktake.frameworks.text import localise

SHIFT_PROBABILITIES = (0.72, 0.22, 0.06)
"""Probability that a department's level is the same as the latent one, one off, two off."""

EVIDENCE_BY_STAGE: tuple[str, ...] = (
    "No programme in place yet.",
    "Pilot activities only; no formal plan ({year}).",
    "Plan adopted in {year}; responsibility assigned to a lead unit.",
    "Implemented with a budget line; annual monitoring report {year}.",
    "Evaluated in {year}; results integrated across departments and shared with peer cities.",
)

COMMENTS: tuple[str, ...] = (
    "Figures to be confirmed with the statistics office.",
    "Discussed at the inter-departmental workshop.",
    "Our department only sees part of this; other units hold the data.",
    "New regulation expected next year.",
)

OPTIONAL_COMMENT = "Needs a baseline from an earlier survey; left blank on this first application."
RECONCILED_COMMENT = "Agreed at the coordination meeting after comparing the departments' evidence."


@dataclass(frozen=True)
class CityProfile:
    """What the answer generator needs to know about a city."""

    id: str
    strength: float
    departments: tuple[str, ...]


def city_answers(framework: Framework, city: CityProfile, rng: np.random.Generator) -> list[Answer]:
    """Every department's answers of ``city`` on ``framework``, in framework order."""
    indicators = framework.indicators()
    required = [ind.id for ind in indicators if not ind.optional]
    n_missing = min(len(required) - 1, 1 + int(rng.binomial(3, 1.0 - city.strength)))
    missing = set(rng.choice(required, size=max(n_missing, 0), replace=False).tolist())
    answers: list[Answer] = []
    for indicator in indicators:
        owners = _owners(indicator, city, rng)
        if indicator.optional:
            answers.append(_blank(indicator, city, owners[0]))
        elif indicator.id not in missing:
            answers.extend(_indicator_answers(framework, indicator, city, owners, rng))
    return answers


def _owners(indicator: Indicator, city: CityProfile, rng: np.random.Generator) -> list[str]:
    """The city's departments that own the indicator; one or two others when none does."""
    owners = [dept for dept in city.departments if dept in indicator.departments]
    if owners:
        return owners
    size = 1 + int(rng.random() < 0.5)
    picked = rng.choice(len(city.departments), size=size, replace=False)
    return [city.departments[i] for i in sorted(picked.tolist())]


def _blank(indicator: Indicator, city: CityProfile, department: str) -> Answer:
    return Answer(
        indicator=indicator.id,
        value=None,
        city=city.id,
        department=department,
        comment=OPTIONAL_COMMENT,
    )


def _indicator_answers(
    framework: Framework,
    indicator: Indicator,
    city: CityProfile,
    owners: Sequence[str],
    rng: np.random.Generator,
) -> list[Answer]:
    latent = float(np.clip(city.strength + rng.normal(0.0, 0.18), 0.0, 1.0))
    kinds = [kind.id for kind in framework.support_kinds]
    answers = []
    for position, department in enumerate(owners):
        value, share = _value(indicator, latent, rng, lead=position == 0)
        answers.append(
            Answer(
                indicator=indicator.id,
                value=value,
                city=city.id,
                department=department,
                confidence=_confidence(city.strength, rng),
                importance=_importance(share, rng),
                support_needed=_support(kinds, share, rng),
                evidence=_evidence(indicator, value, share, rng),
                comment=str(rng.choice(COMMENTS)) if rng.random() < 0.08 else "",
            )
        )
    reconciled = _reconciled(indicator, city, answers, rng)
    return [*answers, reconciled] if reconciled else answers


# -- values by answer type ----------------------------------------------------------------------


def _value(
    indicator: Indicator, latent: float, rng: np.random.Generator, *, lead: bool
) -> tuple[AnswerValue, float]:
    """A department's value and its attainment share (0 = lowest level, 1 = highest)."""
    if isinstance(indicator, MaturityIndicator):
        steps = [level.value for level in indicator.levels]
        index = _shifted_index(len(steps), latent, rng, lead=lead)
        return steps[index], index / (len(steps) - 1)
    if isinstance(indicator, ChoiceIndicator):
        options = sorted(indicator.options, key=lambda option: option.points)
        index = _shifted_index(len(options), latent, rng, lead=lead)
        return options[index].id, index / (len(options) - 1)
    if isinstance(indicator, YesNoIndicator):
        yes = rng.random() < (0.15 + 0.7 * latent)
        return ("yes" if yes else "no"), float(yes)
    if isinstance(indicator, BandedIndicator):
        return _banded_value(indicator, latent, rng, lead=lead)
    return _numeric_value(indicator, latent, rng), latent


def _shifted_index(n_steps: int, latent: float, rng: np.random.Generator, *, lead: bool) -> int:
    base = round(latent * (n_steps - 1))
    distance = 0 if lead else int(rng.choice(3, p=SHIFT_PROBABILITIES))
    sign = 1 if rng.random() < 0.5 else -1
    return int(np.clip(base + sign * distance, 0, n_steps - 1))


def _banded_value(
    indicator: BandedIndicator, latent: float, rng: np.random.Generator, *, lead: bool
) -> tuple[float | int, float]:
    """A measured number in the band the latent attainment points to; others differ a little.

    Where in the band the number lies also follows the latent attainment, so every department
    starts from the same measurement.
    """
    table = indicator.bands
    levels = sorted({band.points for band in table.bands})
    position = latent * (len(levels) - 1)
    wanted = levels[round(position)]
    band = next(band for band in table.bands if band.points == wanted)
    within = float(np.clip(position - round(position) + 0.5, 0.0, 1.0))
    if indicator.direction == "lower":
        within = 1.0 - within
    base = _number_in_band(band, within, table.precision)
    spread = 0.0 if lead else 0.25 if rng.random() < 0.1 else 0.05
    noisy = round_to_precision(
        max(0.0, base * (1.0 + rng.normal(0.0, spread))), table.precision, table.rounding
    )
    value = noisy if _fits(indicator, noisy) else base
    points = band_points(table, value)
    span = levels[-1] - levels[0]
    share = (points - levels[0]) / span if span else 1.0
    return (int(value) if table.precision == 0 else value), share


def _number_in_band(band: Band, within: float, precision: int) -> float:
    """The number at ``within`` (0–1) of the band, kept inside it after rounding."""
    low = band.min if band.min is not None else min(0.0, (band.max or 0.0) - 10.0)
    high = band.max if band.max is not None else low + max(abs(low) * 0.6, 10.0)
    step = 10.0**-precision
    for candidate in (low + within * (high - low), (low + high) / 2.0, low + step, high - step):
        value = round_to_precision(candidate, precision)
        if band.contains(value):
            return value
    return round_to_precision(low, precision)


def _fits(indicator: BandedIndicator, value: float) -> bool:
    return any(band.contains(value) for band in indicator.bands.bands)


def _numeric_value(indicator: NumericIndicator, latent: float, rng: np.random.Generator) -> float:
    share = float(np.clip(latent + rng.normal(0.0, 0.05), 0.0, 1.0))
    if indicator.goalposts is not None:
        low, high = indicator.goalposts
        if indicator.direction == "lower":
            low, high = high, low
        return round(low + share * (high - low), 1)
    if indicator.value_target is not None:
        target = indicator.value_target
        factor = 0.2 + share if indicator.direction == "higher" else 2.0 - share
        return round(target * factor, 1)
    return round(100.0 * share, 1)


# -- the rest of an answer ---------------------------------------------------------------------


def _confidence(strength: float, rng: np.random.Generator) -> Confidence:
    high = 0.2 + 0.5 * strength
    low = 0.35 * (1.0 - strength)
    draw = rng.random()
    if draw < high:
        return "high"
    return "low" if draw < high + low else "medium"


def _importance(share: float, rng: np.random.Generator) -> int | None:
    if rng.random() < 0.08:
        return None
    base = 3 + (1 if share < 0.5 else 0) + int(rng.integers(-1, 2))
    return int(np.clip(base, 1, 5))


def _support(kinds: list[str], share: float, rng: np.random.Generator) -> tuple[str, ...]:
    if not kinds or rng.random() >= (0.65 if share < 0.5 else 0.15):
        return ()
    size = min(len(kinds), 1 + int(rng.random() < 0.3))
    picked = sorted(rng.choice(len(kinds), size=size, replace=False).tolist())
    return tuple(kinds[i] for i in picked)


def _evidence(
    indicator: Indicator, value: AnswerValue, share: float, rng: np.random.Generator
) -> str:
    year = int(rng.integers(2021, 2026))
    if isinstance(indicator, BandedIndicator):
        unit = localise(indicator.unit)
        measured = isinstance(value, float | int) and not isinstance(value, bool)
        return f"Recorded {value:g} {unit} in the {year} survey." if measured else ""
    stage = EVIDENCE_BY_STAGE[round(share * (len(EVIDENCE_BY_STAGE) - 1))]
    return stage.format(year=year) if share > 0 or rng.random() < 0.5 else ""


def _reconciled(
    indicator: Indicator, city: CityProfile, answers: list[Answer], rng: np.random.Generator
) -> Answer | None:
    """In stronger cities, the coordinator settles about half of the wide disagreements."""
    if city.strength < 0.6 or len(answers) < 2 or not isinstance(indicator, MaturityIndicator):
        return None
    levels = sorted(int(answer.value) for answer in answers if isinstance(answer.value, int))
    if len(levels) < 2 or levels[-1] - levels[0] < 2 or rng.random() >= 0.5:
        return None
    return Answer(
        indicator=indicator.id,
        value=levels[len(levels) // 2],
        city=city.id,
        reconciled=True,
        comment=RECONCILED_COMMENT,
    )


# -- a year later ------------------------------------------------------------------------------

PROGRESS_PROBABILITIES = (0.08, 0.77, 0.15)
"""Probability that an indicator moves one step down, stays, or moves one step up in a year."""

FOCUS_PROBABILITIES = (0.03, 0.22, 0.55, 0.20)
"""The same for an indicator the city worked on with its peers: down one, stay, up one, up two."""


def later_answers(
    framework: Framework,
    earlier: Sequence[Answer],
    city: CityProfile,
    rng: np.random.Generator,
    *,
    year: int,
    focus: frozenset[str] = frozenset(),
) -> list[Answer]:
    """The same city's answers one round later, moved plausibly from ``earlier``.

    Each indicator moves as a whole: every department's answer (and the coordinator's reconciled
    one) shifts by the same number of steps, so departments disagree exactly as much as before
    and a clear change between the rounds is possible. Most indicators stay where they were, a
    few move one step; the indicators in ``focus`` (the subjects of the network's workshops the
    city took part in) move up more often. A moved answer has fresh evidence dated ``year`` and
    asks for support as often as its new level warrants; an unmoved one is kept as it was.
    Indicators left blank stay blank, so coverage does not pass for progress.
    """
    by_indicator: dict[str, list[Answer]] = {}
    for answer in earlier:
        by_indicator.setdefault(answer.indicator, []).append(answer)
    kinds = [kind.id for kind in framework.support_kinds]
    moved: list[Answer] = []
    for indicator in framework.indicators():
        answers = by_indicator.get(indicator.id, [])
        steps = _steps(rng, focused=indicator.id in focus) if answers else 0
        for answer in answers:
            if steps == 0 or answer.is_blank:
                moved.append(answer)
            else:
                moved.append(_moved(indicator, answer, steps, kinds, rng, year=year))
    return moved


def _steps(rng: np.random.Generator, *, focused: bool) -> int:
    if focused:
        return int(rng.choice(4, p=FOCUS_PROBABILITIES)) - 1
    return int(rng.choice(3, p=PROGRESS_PROBABILITIES)) - 1


def _moved(
    indicator: Indicator,
    answer: Answer,
    steps: int,
    kinds: list[str],
    rng: np.random.Generator,
    *,
    year: int,
) -> Answer:
    value, share = _shifted_value(indicator, answer.value, steps)
    if answer.reconciled:
        return replace(answer, value=value)
    stage = EVIDENCE_BY_STAGE[round(share * (len(EVIDENCE_BY_STAGE) - 1))]
    return replace(
        answer,
        value=value,
        importance=_importance(share, rng),
        support_needed=_support(kinds, share, rng),
        evidence=stage.format(year=year) if share > 0 else "",
    )


def _shifted_value(
    indicator: Indicator, value: AnswerValue, steps: int
) -> tuple[AnswerValue, float]:
    """``value`` moved ``steps`` levels, options or bands towards better, and its new share."""
    if isinstance(indicator, MaturityIndicator):
        levels = [level.value for level in indicator.levels]
        index = int(np.clip(levels.index(int(value)) + steps, 0, len(levels) - 1))  # type: ignore[arg-type]
        return levels[index], index / (len(levels) - 1)
    if isinstance(indicator, ChoiceIndicator):
        options = [option.id for option in sorted(indicator.options, key=lambda o: o.points)]
        index = int(np.clip(options.index(str(value)) + steps, 0, len(options) - 1))
        return options[index], index / (len(options) - 1)
    if isinstance(indicator, YesNoIndicator):
        yes = steps > 0 or (value == "yes" and steps == 0)
        return ("yes" if yes else "no"), float(yes)
    if isinstance(indicator, BandedIndicator):
        return _shifted_band(indicator, float(value), steps)  # type: ignore[arg-type]
    better = 1.0 if indicator.direction == "higher" else -1.0
    return round(float(value) * (1.0 + 0.1 * steps * better), 1), 0.5  # type: ignore[arg-type]


def _shifted_band(
    indicator: BandedIndicator, value: float, steps: int
) -> tuple[float | int, float]:
    """The middle of the band ``steps`` levels of points above (or below) the value's band."""
    table = indicator.bands
    levels = sorted({band.points for band in table.bands})
    index = int(np.clip(levels.index(band_points(table, value)) + steps, 0, len(levels) - 1))
    band = next(band for band in table.bands if band.points == levels[index])
    number = _number_in_band(band, 0.5, table.precision)
    share = index / (len(levels) - 1) if len(levels) > 1 else 1.0
    return (int(number) if table.precision == 0 else number), share
