"""``stocktake demo``: the whole pipeline on a seeded network of fictional cities.

Writes each city's answers per framework as CSV (the same files ``stocktake score`` reads) and
prints, per city, the scores by dimension and pathway and the key areas for development. The
demonstration banner comes first on screen and in the output folder's README.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from babel.dates import format_skeleton
from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from stocktake.demo import BANNER, DEFAULT_SEED, DemoCity, DemoNetwork, generate_network
from stocktake.demo.network import COHORT_NAME
from stocktake.frameworks import bundled_frameworks
from stocktake.frameworks.schema import Framework
from stocktake.frameworks.text import localise
from stocktake.io import write_answers, write_csv, write_text
from stocktake.priorities import rank_priorities
from stocktake.scoring import AssessmentScore, score_assessment
from stocktake_cli.options import FixedSeedOption, LangOption, OutOption
from stocktake_cli.output import console, number, percent, text
from stocktake_cli.views import priorities_table
from stocktake_web.results_in_words import catalogue, demo_words, key_area_headings

KEY_AREAS_FRAMEWORK = "issa-36"
"""The framework whose key areas for development the demo lists (the self-assessment)."""


def demo(
    seed: FixedSeedOption = DEFAULT_SEED,
    out: OutOption = Path("demo-output"),
    cities: Annotated[
        int, typer.Option("--cities", help="How many fictional cities (7 is the cast).", min=1)
    ] = 7,
    top: Annotated[int, typer.Option("--top", help="Key areas to list per city.", min=1)] = 10,
    lang: LangOption = "en",
) -> None:
    """Generate a fictional demonstration network, write its answers and show its results."""
    network = generate_network(seed=seed, n_cities=cities)
    frameworks = bundled_frameworks()
    written = write_demo_files(network, out)
    shown = demo_words(catalogue(lang))
    screen = console()
    screen.print(Panel(text(shown["banner"], "bold"), style="bold yellow"))
    screen.print(text(shown["label"] % {"seed": seed}))
    cohort = network.cohort
    period = shown["period"] % {
        "cohort": shown["cohort"] if cohort.name == COHORT_NAME else cohort.name,
        "start": _month(cohort.start, lang),
        "end": _month(cohort.end, lang),
        "chair": localise(network.city(cohort.chair).name, lang),
    }
    screen.print(text(period))
    for city in network.cities:
        show_city(screen, network, city, frameworks, lang, top)
    screen.print(text(shown["wrote"] % {"count": written, "folder": out}, "dim"))
    screen.print(Panel(text(shown["banner"], "bold"), style="bold yellow"))


def _month(day: date, lang: str) -> str:
    """ "January 2025", "2025년 1월": a month as the language writes it (the CLDR's pattern)."""
    return format_skeleton("yMMMM", day, locale=lang.replace("-", "_"))


def write_demo_files(network: DemoNetwork, out: Path) -> int:
    """Write README.txt, cities.csv and ``<city>/<framework>.csv`` in ``out``; return the count."""
    out.mkdir(parents=True, exist_ok=True)
    write_text(out / "README.txt", f"{BANNER}\n\n{network.label}\n")
    _write_cities(network, out / "cities.csv")
    for (city_id, framework_id), answers in network.answers.items():
        folder = out / city_id
        folder.mkdir(exist_ok=True)
        write_answers(answers, folder / f"{framework_id}.csv")
    return len(network.answers)


def _write_cities(network: DemoNetwork, path: Path) -> None:
    header = [
        "id",
        "name_en",
        "name_local",
        "country",
        "kind",
        "population",
        "joined",
        "departments",
    ]
    rows = [
        [
            city.id,
            city.name["en"],
            next((name for lang, name in city.name.items() if lang != "en"), ""),
            city.country,
            city.kind,
            city.population,
            city.joined.isoformat(),
            ";".join(dept.id for dept in city.departments),
        ]
        for city in network.cities
    ]
    write_csv(path, header, rows)


def show_city(
    screen: Console,
    network: DemoNetwork,
    city: DemoCity,
    frameworks: list[Framework],
    lang: str,
    top: int,
) -> None:
    """One city's scores on every framework and its key areas for development."""
    screen.rule(text(_city_title(city, lang), "bold"))
    words = catalogue(lang)
    shown = demo_words(words)
    departments = words.pgettext("list separator", ", ").join(
        localise(dept.name, lang) for dept in city.departments
    )
    member = shown["member"] % {
        "kind": shown.get(city.kind, city.kind.capitalize()),
        "country": city.country,
        "population": f"{city.population:,}",
        "departments": departments,
    }
    screen.print(text(member))
    scores = {}
    for framework in frameworks:
        scores[framework.id] = score_assessment(framework, network.answers[(city.id, framework.id)])
        screen.print(city_scores_table(framework, scores[framework.id], lang))
    key_framework = next(
        (fw for fw in frameworks if fw.id == KEY_AREAS_FRAMEWORK),
        frameworks[0] if frameworks else None,
    )
    if key_framework is None:
        return
    ranked = rank_priorities(
        key_framework,
        network.answers[(city.id, key_framework.id)],
        top=top,
        consolidation=scores[key_framework.id].consolidation,
    )
    heading = key_area_headings(catalogue(lang))["Key areas for development"]
    screen.print(priorities_table(ranked, key_framework, lang, f"{heading} ({key_framework.id})"))


def _city_title(city: DemoCity, lang: str) -> str:
    own = localise(city.name, lang)
    english = city.name["en"]
    local = [name for key, name in city.name.items() if key != "en"]
    if own == english and local:
        return f"{english} ({local[0]})"
    return own if own == english else f"{own} ({english})"


def city_scores_table(framework: Framework, score: AssessmentScore, lang: str) -> Table:
    """Dimensions, pathways and total of one framework in one compact table."""
    shown = demo_words(catalogue(lang))
    title = shown["scores"] % {
        "framework": localise(framework.short_title or framework.title, lang),
        "id": framework.id,
        "score": number(score.total.score),
        "coverage": percent(score.coverage),
    }
    table = Table(
        title=title + (shown["provisional"] if score.unverified else ""), title_justify="left"
    )
    table.add_column(shown["Dimension / pathway"])
    table.add_column(shown["Score"], justify="right", no_wrap=True)
    table.add_column(shown["Coverage"], justify="right", no_wrap=True)
    for group in score.dimensions:
        table.add_row(
            text(localise(group.title, lang)), number(group.score), percent(group.coverage)
        )
    table.add_section()
    for pathway in score.pathways.values():
        table.add_row(
            text(localise(pathway.title, lang), "italic"),
            number(pathway.score),
            percent(pathway.coverage),
        )
    return table
