"""``stocktake report``: one city's report, as PDF or HTML, from a framework and an answers file.

The report is the web application's: the core's content and template (:mod:`stocktake.reports`)
with the words of :mod:`stocktake_web.report_in_words`, translated by the same compiled
catalogues. What a file cannot say, a round's name, deadline and sign-off, is left out, and the
report is marked provisional, as a round not yet signed off is. A file of the demonstration
network's fictional cities carries the demonstration banner.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Annotated

import typer

from stocktake.consolidate import consolidate
from stocktake.demo.cast import CAST
from stocktake.errors import StocktakeError
from stocktake.frameworks.text import localise
from stocktake.priorities import rank_priorities
from stocktake.reports import city_report, report_html, report_pdf
from stocktake.scoring import score_assessment
from stocktake_cli.assessment import load_assessment
from stocktake_cli.options import AnswersOption, CityOption, FrameworkOption
from stocktake_cli.output import console
from stocktake_web.report_in_words import LANGUAGES, report_text
from stocktake_web.results_in_words import catalogue

KINDS = (".pdf", ".html")
KEY_AREAS = 10
"""Key areas listed, as many as a round's report lists."""


class ReportError(StocktakeError):
    """The report cannot be written as asked: an unknown language or kind of file."""


def report(
    framework_ref: FrameworkOption,
    answers_path: AnswersOption,
    out: Annotated[
        Path, typer.Option("--out", help="The report to write: a .pdf or an .html file.")
    ],
    lang: Annotated[
        str, typer.Option("--lang", help=f"The report's language: {', '.join(LANGUAGES)}.")
    ] = "en",
    city: CityOption = None,
) -> None:
    """Write one city's report (summary, charts, indicators, key areas) as PDF or HTML."""
    kind = report_kind(out)
    language = interface_language(lang)
    framework, chosen_city, answers = load_assessment(framework_ref, answers_path, city)
    consolidation = consolidate(framework, answers)
    score = score_assessment(framework, consolidation)
    priorities = rank_priorities(framework, answers, top=KEY_AREAS, consolidation=consolidation)
    made = city_report(
        framework,
        record=score.to_dict(),
        priorities=[item.to_dict() for item in priorities],
        consolidation=consolidation,
        answers=answers,
        lang=language,
        city=city_name(chosen_city, language) or answers_path.stem,
        provisional=True,
        demo=is_demo_city(chosen_city),
    )
    text = report_text(made, framework, catalogue(language))
    content = report_pdf(made, text) if kind == ".pdf" else report_html(made, text).encode()
    write_whole(out, content)
    console().print(f"Report written to {out}")


def report_kind(out: Path) -> str:
    """``.pdf`` or ``.html`` from the file's name, in any case; anything else is refused."""
    suffix = out.suffix.lower()
    if suffix not in KINDS:
        raise ReportError(
            f"{out}: the report is written as a .pdf or an .html file, "
            f"not {suffix or 'a file without a suffix'}"
        )
    return suffix


def interface_language(lang: str) -> str:
    """The interface language ``lang`` names (``zh-hant`` and ``zh_Hant`` read ``zh-Hant``)."""
    wanted = lang.replace("_", "-").lower()
    for known in LANGUAGES:
        if known.lower() == wanted:
            return known
    raise ReportError(
        f"there is no report in the language '{lang}'; choose one of {', '.join(LANGUAGES)}"
    )


def write_whole(out: Path, content: bytes) -> None:
    """The file whole or not at all: written beside it, then renamed over it."""
    partial = out.with_name(f".{out.name}.part")
    try:
        partial.write_bytes(content)
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)


_NUMBERED_DEMO_CITY = re.compile(r"demo-\d+")


def is_demo_city(city: str) -> bool:
    """A city of the demonstration network (the cast, or a numbered city beyond it)."""
    return any(member.id == city for member in CAST) or bool(_NUMBERED_DEMO_CITY.fullmatch(city))


def city_name(city: str, lang: str) -> str:
    """A demonstration city by its name in ``lang``; any other by the id in the file."""
    for member in CAST:
        if member.id == city:
            return localise(member.name, lang)
    return city
