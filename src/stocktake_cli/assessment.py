"""``stocktake score`` and ``stocktake priorities``: one city's answers on one framework."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import typer
from rich.console import RenderableType

from stocktake.answers import Answer
from stocktake.errors import AnswerError
from stocktake.frameworks import resolve_framework
from stocktake.frameworks.schema import Framework
from stocktake.frameworks.text import localise
from stocktake.io import read_answers
from stocktake.io.spreadsheets import csv_text, frame_rows
from stocktake.priorities import rank_priorities
from stocktake.scoring import AssessmentScore, score_assessment
from stocktake_cli.options import (
    AnswersOption,
    CityOption,
    FrameworkOption,
    LangOption,
    ScoreFormat,
    ScoreFormatOption,
    TableOrJson,
    TableOrJsonOption,
)
from stocktake_cli.output import console, print_json, text, warn
from stocktake_cli.views import priorities_table, score_renderables, unverified_message


def one_city(answers: list[Answer], city: str | None, source: str) -> tuple[str, list[Answer]]:
    """The answers of one city: the only one in the file, or the one chosen with ``--city``."""
    cities = sorted({answer.city for answer in answers if answer.city})
    if city is not None:
        chosen = [answer for answer in answers if answer.city == city]
        if not chosen:
            listed = ", ".join(cities) if cities else "no city column"
            raise AnswerError(
                f"there are no answers of city '{city}' in the file (it has {listed})",
                source=source,
            )
        return city, chosen
    if len(cities) > 1:
        raise AnswerError(
            f"the file holds answers of {len(cities)} cities ({', '.join(cities)}); "
            "choose one with --city",
            source=source,
        )
    return (cities[0] if cities else ""), answers


def load_assessment(
    framework_ref: str, answers_path: Path, city: str | None
) -> tuple[Framework, str, list[Answer]]:
    """The framework, the city and its answers, every row checked against the framework."""
    framework = resolve_framework(framework_ref)
    answers = read_answers(answers_path, framework=framework)
    if not answers:
        raise AnswerError("the file has a header but no answers", source=str(answers_path))
    chosen_city, chosen = one_city(answers, city, str(answers_path))
    return framework, chosen_city, chosen


def _heading(framework: Framework, city: str, lang: str) -> str:
    where = f" — {city}" if city else ""
    return f"{localise(framework.title, lang)} ({framework.key}){where}"


def score(
    framework_ref: FrameworkOption,
    answers_path: AnswersOption,
    city: CityOption = None,
    fmt: ScoreFormatOption = ScoreFormat.table,
    lang: LangOption = "en",
) -> None:
    """Score one city's answers: indicators, groups, pathways, total, coverage and agreement."""
    framework, chosen_city, answers = load_assessment(framework_ref, answers_path, city)
    result = score_assessment(framework, answers)
    message = unverified_message(framework, result.unverified)
    if fmt is ScoreFormat.table:
        _print_with_heading(
            framework, chosen_city, lang, message, score_renderables(framework, result, lang)
        )
        return
    if fmt is ScoreFormat.json:
        print_json({"city": chosen_city, **result.to_dict()})
    else:
        typer.echo(
            csv_text(*frame_rows(score_frame(framework, result, lang), index=False)), nl=False
        )
    if message:
        warn(message)  # on standard error, so that JSON and CSV stay machine-readable


def _print_with_heading(
    framework: Framework,
    city: str,
    lang: str,
    warning: str | None,
    renderables: list[RenderableType],
) -> None:
    out = console()
    out.print(text(_heading(framework, city, lang), "bold"))
    if warning:
        out.print(text(f"Warning: {warning}", "bold yellow"))
    for renderable in renderables:
        out.print(renderable)


def score_frame(framework: Framework, result: AssessmentScore, lang: str) -> pd.DataFrame:
    """The scores as one row per total, group, pathway and indicator, with localised titles."""
    frame = result.to_frame()
    titles = {("total", result.total.id): localise(result.total.title, lang)}
    for key, group in result.groups.items():
        titles[("group", key)] = localise(group.title, lang)
    for key, pathway in result.pathways.items():
        titles[("pathway", key)] = localise(pathway.title, lang)
    for indicator in framework.indicators():
        titles[("indicator", indicator.id)] = localise(indicator.title, lang)
    frame.insert(
        2,
        "title",
        [titles.get((lvl, key), "") for lvl, key in zip(frame["level"], frame["id"], strict=True)],
    )
    return frame


def priorities(
    framework_ref: FrameworkOption,
    answers_path: AnswersOption,
    city: CityOption = None,
    top: Annotated[int, typer.Option("--top", help="How many key areas to list.")] = 10,
    fmt: TableOrJsonOption = TableOrJson.table,
    lang: LangOption = "en",
) -> None:
    """Rank the key areas for development of one city, each with its reasons."""
    framework, chosen_city, answers = load_assessment(framework_ref, answers_path, city)
    ranked = rank_priorities(framework, answers, top=top)
    message = unverified_message(framework, framework.unverified_sources())
    if fmt is TableOrJson.json:
        data: dict[str, Any] = {
            "framework": framework.key,
            "city": chosen_city,
            "priorities": [item.to_dict() for item in ranked],
        }
        print_json(data)
        if message:
            warn(message)
        return
    if not ranked:
        shown: list[RenderableType] = [
            text("Every answered indicator has reached its target: no key areas to list.")
        ]
    else:
        shown = [priorities_table(ranked, framework, lang)]
    _print_with_heading(framework, chosen_city, lang, message, shown)
