"""Deriving a local version of a framework: indicators dropped, reworded, reweighted, added.

Cities do not answer frameworks as printed. A coordinator (for a city) or the secretariat (for a
cohort) writes the changes, and :func:`derive` applies them to the base framework, giving a
complete framework file of its own whose ``derived_from`` records the base (id and version) and
what became of every indicator: kept, reworded, dropped, added or not applicable. Results on the
derived version stay comparable with the base and with its other derivations on the indicators
they share (``docs/frameworks.md``, "Deriving a local version").

The changes are a mapping (the changes file, ``stocktake frameworks derive``):

``id`` (required)
    The derived framework's id, ``issa-36-kaohsiung``.
``version``
    Its version, default ``1.0.0``. Its own numbering starts afresh; the base's version is in
    ``derived_from``.
``title``, ``short_title``, ``description``, ``publisher``, ``note``
    Texts of the derived framework (language -> text; a plain string is English); by default
    the base's title followed by the new id in brackets, no short title, the base's description
    and publisher. Languages not given keep the default. ``note`` is kept in
    ``derived_from.note``.
``drop``
    A list of base indicator ids to leave out. A group left without indicators is left out too.
``reword``
    Indicator id -> ``title``, ``description``, ``guidance`` (each language -> text) and
    ``levels`` (level value -> language -> the level's new descriptor). Only the languages given
    change; the others keep the base's text, and a warning says they may no longer match.
``weights``
    Indicator id -> a finite number ≥ 0. Zero takes the indicator out of the scores: it is marked
    not applicable, since weights in a framework file are positive.
``not_applicable``
    Base indicator ids that stay in the file, marked, and are left out of every score.
``add``
    Local indicators: each a full indicator definition in the framework format plus ``group``,
    the id of the base group (dimension, theme …) it is placed in, at the end.

A base that is itself derived is derived again from: the new record still names the first base,
so that every derivation of a framework compares with the others.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from stocktake.errors import FrameworkError
from stocktake.frameworks.changes import CHANGE_KEYS, DEFAULT_VERSION, Plan, listing
from stocktake.frameworks.checks import Problem
from stocktake.frameworks.diff import changed_texts, scale
from stocktake.frameworks.loader import parse_framework
from stocktake.frameworks.schema import Framework

__all__ = [
    "DEFAULT_VERSION",
    "ChangesError",
    "Derived",
    "check_against_base",
    "derive",
    "stale_language_warnings",
]


class ChangesError(FrameworkError):
    """Changes that cannot be applied to their base; ``problems`` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        listed = "; ".join(str(problem) for problem in problems)
        super().__init__(f"the changes cannot be applied: {listed}")


@dataclass(frozen=True)
class Derived:
    """A derived framework and what a person should check in it.

    ``warnings`` are sentences: texts whose other languages still hold the base's wording,
    groups left out because every indicator was dropped, weights a ``sum`` framework ignores.
    """

    framework: Framework
    warnings: tuple[str, ...]


def derive(base: Framework | Mapping[str, Any], changes: Mapping[str, Any]) -> Derived:
    """Apply ``changes`` to ``base`` and return the derived framework.

    Parameters
    ----------
    base
        The framework to derive from, or its parsed file (a mapping).
    changes
        The changes, as described in this module's docstring (a parsed changes file).

    Raises
    ------
    FrameworkError
        When ``base`` is a mapping that is not a valid framework.
    ChangesError
        Listing every problem of the changes, each with its key (``reword.GOV-03.title``): an
        unknown indicator or key, an id listed twice, a weight that is not a finite number ≥ 0,
        an added indicator whose id the base already uses, a drop of every base indicator.
    """
    framework = _base_framework(base)
    if not isinstance(changes, Mapping):
        raise ChangesError([Problem("", "the changes must be a mapping of keys such as id, drop")])
    plan = Plan(framework, changes)
    data = plan.build()
    if plan.problems:
        raise ChangesError(plan.problems)
    derived, problems = parse_framework(data)
    if derived is None or problems:
        raise ChangesError([_in_result(problem) for problem in problems])
    warnings = [*plan.warnings, *stale_language_warnings(derived)]
    return Derived(derived, tuple(warnings))


def stale_language_warnings(framework: Framework) -> list[str]:
    """Sentences naming reworded indicators whose other languages keep the base's wording.

    A reword in some languages leaves the others' text as the base had it, so the file stays
    complete in every language it declares; that text may now ask something else.
    """
    derived = framework.derived_from
    if derived is None:
        return []
    found = []
    for key, languages in derived.reworded.items():
        stale = [lang for lang in framework.languages if lang not in languages]
        if stale and languages:
            found.append(
                f"{key} is reworded in {listing(languages)} only: its {listing(stale)} "
                f"text is still {derived.key}'s and may no longer say the same; reword it in "
                "those languages too, or check that it still fits"
            )
    return found


def check_against_base(framework: Framework, base: Framework) -> list[Problem]:
    """Problems of a derived framework's record that only its base can show.

    Every kept, reworded and dropped id must be an indicator of the base and no added id may
    be one; a kept or reworded indicator must keep the base's scale (a changed scale is a new,
    local indicator under an id of its own), and a kept one the base's texts too.
    """
    derived = framework.derived_from
    if derived is None:
        return []
    if derived.key != base.key:
        return [Problem("derived_from", f"the base given is {base.key}, not {derived.key}")]
    ours = {ind.id: ind for ind in framework.indicators()}
    theirs = {ind.id: ind for ind in base.indicators()}
    found = []
    entries = [
        *((f"derived_from.kept[{k}]", key) for k, key in enumerate(derived.kept)),
        *((f"derived_from.reworded.{key}", key) for key in derived.reworded),
        *((f"derived_from.dropped[{k}]", key) for k, key in enumerate(derived.dropped)),
    ]
    for path, key in entries:
        if key not in theirs:
            found.append(Problem(path, f"'{key}' is not an indicator of {base.key}"))
        elif key in ours and scale(ours[key]) != scale(theirs[key]):
            found.append(
                Problem(
                    path,
                    f"{key} answers on another scale than in {base.key}; give it an id of its "
                    "own and list it as added",
                )
            )
        elif key in ours and key in derived.kept and any(changed_texts(theirs[key], ours[key])):
            found.append(
                Problem(path, f"{key}'s texts differ from {base.key}'s; list it as reworded")
            )
    for k, key in enumerate(derived.added):
        if key in theirs:
            found.append(
                Problem(
                    f"derived_from.added[{k}]",
                    f"'{key}' is an indicator of {base.key}; a local indicator needs an id of "
                    "its own",
                )
            )
    return found


def _base_framework(base: Framework | Mapping[str, Any]) -> Framework:
    if isinstance(base, Framework):
        return base
    parsed, problems = parse_framework(dict(base) if isinstance(base, Mapping) else base)
    if parsed is None or problems:
        listed = "; ".join(str(problem) for problem in problems)
        raise FrameworkError(f"the base is not a valid framework: {listed}")
    return parsed


def _in_result(problem: Problem) -> Problem:
    """A problem of the assembled framework: the changes' own keys keep their name."""
    if problem.path.split(".")[0].split("[")[0] in CHANGE_KEYS:
        return problem
    return Problem(problem.path, f"in the derived framework: {problem.message}")
