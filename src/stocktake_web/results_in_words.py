"""The core's results in words: key-area reasons and score-table headings, in every language.

The sentences are composed once, here, for two readers. The web pages pass Django's translation
functions (the module ``django.utils.translation`` fits :class:`Wording`); the ``stocktake``
command passes :func:`catalogue`, the same compiled catalogues read with Python's own ``gettext``,
so the command translates exactly as the pages do without importing Django or needing settings.
This module therefore imports nothing of Django. The catalogues are compiled by ``make messages``;
where they are not, the command speaks English.
"""

from __future__ import annotations

import gettext
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

from stocktake.frameworks import Framework
from stocktake.frameworks.text import fallback_chain, localise

LOCALE = Path(__file__).resolve().parent / "locale"


class Wording(Protocol):
    """What composing a sentence needs of a translation: Django's functions or a catalogue."""

    def gettext(self, message: str, /) -> str: ...

    def ngettext(self, singular: str, plural: str, number: int, /) -> str: ...

    def pgettext(self, context: str, message: str, /) -> str: ...


def catalogue(lang: str) -> gettext.NullTranslations:
    """The interface catalogue for a language tag (``ko``, ``zh-Hant``, ``ja``), without Django.

    Tags are tried as the framework texts are (``zh-Hant-TW``, then ``zh-Hant``); a language with
    no catalogue, or catalogues not compiled, give the English messages themselves.
    """
    folders = [tag.replace("-", "_") for tag in fallback_chain(lang)]
    return gettext.translation("django", LOCALE, folders, fallback=True)


def reason_text(
    reason: Mapping[str, Any], framework: Framework, *, lang: str, words: Wording
) -> str:
    """One reason of a key area, from the core's code and numbers (``Reason`` as a mapping).

    A code this version does not know keeps the core's English sentence.
    """
    code, params = reason.get("code"), reason.get("params") or {}
    if code == "gap":
        return _gap(params, words)
    if code == "importance":
        return words.gettext("Departments rate its importance %(importance)s of 5.") % {
            "importance": f"{float(params['importance']):.1f}"
        }
    if code == "support":
        return _support(params, framework, lang, words)
    if code == "disagreement":
        return _disagreement(params, words)
    return str(reason.get("text", ""))


def _n(value: Any) -> str:
    return f"{float(value):g}"


def _gap(params: Mapping[str, Any], words: Wording) -> str:
    values = {
        "points": _n(params["points"]),
        "max": _n(params["max"]),
        "target": _n(params["target"]),
        "below": _n(float(params["target"]) - float(params["points"])),
    }
    if params.get("unit") == "level":
        sentence = words.gettext(
            "At level %(points)s of %(max)s, %(below)s below the target of %(target)s."
        )
    else:
        sentence = words.gettext(
            "Scores %(points)s of %(max)s points, %(below)s below the target of %(target)s."
        )
    return sentence % values


def _support(params: Mapping[str, Any], framework: Framework, lang: str, words: Wording) -> str:
    labels = {kind.id: localise(kind.label, lang) for kind in framework.support_kinds}
    kinds = sorted((params.get("kinds") or {}).items(), key=lambda item: (-item[1], item[0]))
    listed = words.pgettext("list separator", ", ").join(
        f"{labels.get(kind, kind)} ({count})" for kind, count in kinds
    )
    return words.ngettext(
        "%(asking)s of %(answering)s department asked for support: %(kinds)s.",
        "%(asking)s of %(answering)s departments asked for support: %(kinds)s.",
        int(params["answering"]),
    ) % {"asking": params["asking"], "answering": params["answering"], "kinds": listed}


def _disagreement(params: Mapping[str, Any], words: Wording) -> str:
    values = {"low": _n(params["low"]), "high": _n(params["high"])}
    if params.get("reconciled"):
        sentence = words.gettext(
            "Departments disagree (from %(low)s to %(high)s); reconciled by the coordinator."
        )
    else:
        sentence = words.gettext(
            "Departments disagree (from %(low)s to %(high)s); not yet reconciled."
        )
    return sentence % values


def key_area_headings(words: Wording) -> dict[str, str]:
    """The key-area table's title and column headings, keyed by their English names."""
    return {
        "Key areas for development": words.gettext("Key areas for development"),
        "Rank": words.gettext("Rank"),
        "Indicator": words.gettext("Indicator"),
        "Title": words.gettext("Title"),
        "Priority": words.pgettext("key area table", "Priority"),
        "Reasons": words.pgettext("key area table", "Reasons"),
    }


def score_headings(words: Wording) -> dict[str, str]:
    """The score tables' titles and column headings, keyed by their English names."""
    return {
        "Scores by group (dimensions at the top level)": words.pgettext(
            "score table", "Scores by group (dimensions at the top level)"
        ),
        "Scores by development pathway": words.gettext("Scores by development pathway"),
        "Scores by indicator": words.pgettext("score table", "Scores by indicator"),
        "Group": words.pgettext("score table", "Group"),
        "Pathway": words.gettext("Pathway"),
        "Indicator": words.gettext("Indicator"),
        "Title": words.gettext("Title"),
        "Value": words.gettext("Value"),
        "Score": words.pgettext("score table", "Score"),
        "Points": words.pgettext("score table", "Points"),
        "Attainable": words.pgettext("score table", "Attainable"),
        "Maximum": words.pgettext("score table", "Maximum"),
        "Coverage": words.gettext("Coverage"),
        "Answers": words.pgettext("score table", "Answers"),
        "Agreement": words.pgettext("score table", "Agreement"),
    }


def agreement_notes(words: Wording) -> dict[str, str]:
    """What the indicator table says of the departments' answers, keyed by the English."""
    return {
        "reconciled": words.pgettext("agreement", "reconciled"),
        "needs reconciliation": words.pgettext("agreement", "needs reconciliation"),
        "unanswered": words.pgettext("agreement", "unanswered"),
        "disagree": words.pgettext("agreement", "disagree"),
    }


def summary_sentences(
    *,
    score: str,
    points: str,
    attainable: str,
    maximum: str,
    coverage: str,
    scored: int,
    expected: int,
    alpha: str | None,
    needing: list[str],
    words: Wording,
) -> list[tuple[str, str]]:
    """The summary under the score tables as (label, sentence) pairs: total, coverage,
    agreement and what needs reconciling. Numbers come formatted by the caller."""
    total = words.gettext(
        "score %(score)s of 100; %(points)s points of %(attainable)s attainable "
        "(%(maximum)s in all)."
    ) % {"score": score, "points": points, "attainable": attainable, "maximum": maximum}
    covered = words.ngettext(
        "%(coverage)s (%(scored)s of the %(expected)s indicator expected).",
        "%(coverage)s (%(scored)s of the %(expected)s indicators expected).",
        expected,
    ) % {"coverage": coverage, "scored": scored, "expected": expected}
    if alpha is None:
        agreement = words.gettext(
            "(Krippendorff's alpha, ordinal): not enough shared answers to compute it."
        )
    else:
        agreement = words.gettext("(Krippendorff's alpha, ordinal): %(alpha)s.") % {"alpha": alpha}
    if needing:
        listed = words.pgettext("list separator", "; ").join(needing)
        needs = words.pgettext("a list as a sentence", "%(items)s.") % {"items": listed}
    else:
        needs = words.pgettext("nothing listed", "none.")
    return [
        (words.pgettext("command summary", "Total: "), total),
        (words.pgettext("command summary", "Coverage: "), covered),
        (words.pgettext("command summary", "Agreement between departments "), agreement),
        (words.pgettext("command summary", "Needs reconciliation: "), needs),
    ]


def framework_words(words: Wording) -> dict[str, str]:
    """What the frameworks commands print around a framework's own texts, keyed by the English:
    table headings, the kinds of group, the types of indicator and the scoring methods."""
    return {
        "Bundled frameworks": words.pgettext("framework list", "Bundled frameworks"),
        "Id": words.pgettext("framework list", "Id"),
        "Version": words.pgettext("framework list", "Version"),
        "Title": words.gettext("Title"),
        "Indicators": words.pgettext("framework list", "Indicators"),
        "Maximum score": words.pgettext("framework list", "Maximum score"),
        "scoring: %(method)s": words.pgettext("framework tree", "scoring: %(method)s"),
        "(%(type)s, %(range)s)": words.pgettext("framework tree", "(%(type)s, %(range)s)"),
        "(%(type)s, %(range)s, optional)": words.pgettext(
            "framework tree", "(%(type)s, %(range)s, optional)"
        ),
        "sum": words.pgettext("scoring method", "sum"),
        "mean": words.pgettext("scoring method", "mean"),
        "dimension": words.pgettext("progress group kind", "dimension"),
        "theme": words.pgettext("progress group kind", "theme"),
        "component": words.pgettext("progress group kind", "component"),
        "essential": words.pgettext("progress group kind", "essential"),
        "maturity": words.pgettext("indicator type", "maturity"),
        "banded": words.pgettext("indicator type", "banded"),
        "numeric": words.pgettext("indicator type", "numeric"),
        "yes_no": words.pgettext("indicator type", "yes or no"),
        "choice": words.pgettext("indicator type", "choice"),
    }


def demo_words(words: Wording) -> dict[str, str]:
    """What ``stocktake demo`` prints around the demo's own data, keyed by the English: the
    banner, the label, the cohort's name, the kinds of member and the score table's words."""
    return {
        "banner": words.pgettext(
            "demo banner",
            "DEMONSTRATION DATA: fictional cities and invented answers, not any real city's "
            "results",
        ),
        "label": words.gettext(
            "Fictional demonstration data (seed %(seed)s): every city, department and answer is "
            "invented by Stocktake's demo generator and is not any real city's result."
        ),
        "cohort": words.gettext(
            "Demonstration community of practice on climate-neutral and smart cities"
        ),
        "period": words.gettext("%(cohort)s, %(start)s to %(end)s; chaired by %(chair)s."),
        "city": words.pgettext("demo member", "City"),
        "province": words.pgettext("demo member", "Province"),
        "town": words.pgettext("demo member", "Town"),
        "member": words.gettext(
            "%(kind)s in %(country)s, population %(population)s; departments: %(departments)s."
        ),
        "scores": words.gettext("%(framework)s (%(id)s): %(score)s of 100, coverage %(coverage)s"),
        "provisional": words.gettext(" · provisional: not all values verified"),
        "Dimension / pathway": words.pgettext("demo table", "Dimension / pathway"),
        "Score": words.pgettext("score table", "Score"),
        "Coverage": words.gettext("Coverage"),
        "wrote": words.gettext("Wrote %(count)s answers files to %(folder)s."),
    }
