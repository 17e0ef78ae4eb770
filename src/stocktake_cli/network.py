"""``stocktake network plan|groups`` and ``stocktake progress``: the network's analyses.

``plan`` and ``groups`` read a folder of answers files, one per city (:mod:`stocktake_cli
.cohort_files`); ``progress`` compares two answers files of one city. The analyses are
:mod:`stocktake.network`'s; this module reads the files, calls them and prints a table or JSON.
Bad input (and a problem the constraints make impossible) is reported in one line, exit code 2,
by the command group (:mod:`stocktake_cli.errors`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from stocktake.errors import AnswerError, StocktakeError
from stocktake.frameworks import Framework, resolve_framework
from stocktake.frameworks.text import localise
from stocktake.io import read_answers
from stocktake_cli.assessment import one_city
from stocktake_cli.errors import command_group
from stocktake_cli.options import (
    CityOption,
    FrameworkOption,
    LangOption,
    TableOrJson,
    TableOrJsonOption,
)
from stocktake_cli.output import console, number, points, print_json, text
from stocktake_web.network_in_words import (
    Speaker,
    participant_reason,
    plain_number,
    plan_headings,
    plan_sentences,
    solver_sentence,
    workshop_reason,
)
from stocktake_web.progress_in_words import (
    change_reason,
    crosswalk_sentence,
    progress_headings,
    progress_sentences,
    verdict_label,
)
from stocktake_web.results_in_words import catalogue

if TYPE_CHECKING:
    from stocktake.network import Change, Grouping, Progress, SolverReport, WorkshopPlan

# The network's analyses (scipy and HiGHS) are imported inside each command, so that every
# other ``stocktake`` command starts without paying for them.

app = command_group("Shared needs, workshop plans and peer-learning groups for a cohort of cities.")

AnswersFolderOption = Annotated[
    Path,
    typer.Option(
        "--answers",
        "-a",
        help="A folder with one answers file per city (CSV or XLSX, named after the city) "
        "and, optionally, cities.csv describing the cities.",
    ),
]
TimeLimitOption = Annotated[
    float,
    typer.Option(
        "--time-limit",
        min=0.1,
        help="Seconds the solver may take; at the limit it reports its best solution and the gap.",
    ),
]


# -- plan ------------------------------------------------------------------------------------


@app.command("plan")
def plan(
    framework_ref: FrameworkOption,
    answers: AnswersFolderOption,
    workshops: Annotated[
        int, typer.Option("--workshops", "-k", min=1, help="How many workshops to plan.")
    ],
    capacity: Annotated[
        int, typer.Option("--capacity", min=1, help="Participating cities per workshop, at most.")
    ] = 8,
    per_city: Annotated[
        int, typer.Option("--per-city", min=1, help="Workshops a city attends, at most.")
    ] = 2,
    kinds: Annotated[
        list[str] | None,
        typer.Option(
            "--kind",
            help="A kind of support the workshops serve (repeat for several); every kind "
            "by default.",
        ),
    ] = None,
    time_limit: TimeLimitOption = 10.0,
    fmt: TableOrJsonOption = TableOrJson.table,
    lang: LangOption = "en",
) -> None:
    """Plan K workshops that serve the heaviest support requests of the cohort.

    Each workshop has a topic (an indicator), a host strong in it (level 3 of 4 or more, with
    evidence) that agreed to share, and at most --capacity cities that asked for support on it.
    """
    from stocktake.network import plan_workshops
    from stocktake_cli.cohort_files import read_cohort

    framework = resolve_framework(framework_ref)
    cohort = read_cohort(framework, answers)
    result = plan_workshops(
        cohort,
        workshops,
        capacity=capacity,
        per_city=per_city,
        kinds=kinds or None,
        time_limit=time_limit,
    )
    if fmt is TableOrJson.json:
        print_json(plan_data(framework, result))
        return
    spoken = _speaker(lang)
    total = sum(need.weight for need in result.needs)
    heading, served = plan_sentences(
        framework=framework.key,
        cities=len(cohort.cities),
        served=result.objective,
        total=total,
        speaker=spoken,
    )
    out = console()
    out.print(text(heading, "bold"))
    out.print(_plan_table(framework, result, spoken))
    out.print(text(served))
    out.print(text(solver_sentence(result.report, spoken)))


def _speaker(lang: str) -> Speaker:
    """The reader as the command speaks to them: ``lang``'s catalogue, cities by their ids."""
    return Speaker(
        words=catalogue(lang),
        number=plain_number,
        names=str,
        localise=lambda texts: localise(texts, lang),
    )


def plan_data(framework: Framework, result: WorkshopPlan) -> dict[str, Any]:
    """The plan as JSON-ready data: needs, workshops with their reasons, objective, solver."""
    return {
        "framework": framework.key,
        "needs": [
            {
                "city": need.city,
                "indicator": need.indicator,
                "weight": need.weight,
                "kinds": need.kinds,
                "departments": need.departments,
            }
            for need in result.needs
        ],
        "workshops": [
            {
                "topic": workshop.topic,
                "host": workshop.host,
                "participants": [p.city for p in workshop.participants],
                "weight": workshop.weight,
                "reasons": _workshop_reasons(workshop),
            }
            for workshop in result.workshops
        ],
        "objective": result.objective,
        "capacity": result.capacity,
        "per_city": result.per_city,
        "solver": _solver(result.report),
    }


def _workshop_reasons(workshop: Any) -> list[str]:
    """Why the topic and host, then why each participant, then why others are not in it."""
    own = [reason.text for reason in workshop.reasons]
    participants = [reason.text for p in workshop.participants for reason in p.reasons]
    return [*own[:2], *participants, *own[2:]]


def _plan_table(framework: Framework, result: WorkshopPlan, spoken: Speaker) -> Table:
    headings = plan_headings(spoken.words)
    table = Table(
        title=headings["Workshops"], title_justify="left", title_style="bold", show_lines=True
    )
    table.add_column(headings["Topic"], no_wrap=True)
    table.add_column(headings["Title"], min_width=14, ratio=1)
    table.add_column(headings["Host"], no_wrap=True)
    table.add_column(headings["Participants"], min_width=12, ratio=1)
    table.add_column(headings["Weight"], justify="right", no_wrap=True)
    table.add_column(headings["Why"], min_width=30, ratio=3)
    for workshop in result.workshops:
        own = [workshop_reason(reason, framework, spoken) for reason in workshop.reasons]
        joining = [participant_reason(p, framework, spoken) for p in workshop.participants]
        why = [*own[:2], *joining, *own[2:]]
        table.add_row(
            text(workshop.topic),
            text(spoken.localise(framework.indicator(workshop.topic).title)),
            text(workshop.host),
            text(", ".join(p.city for p in workshop.participants)),
            points(workshop.weight),
            text("\n".join(why)),
        )
    return table


def _solver(report: SolverReport) -> dict[str, Any]:
    return {
        "status": report.status,
        "objective": report.objective,
        "bound": report.bound,
        "gap": report.gap,
        "seconds": round(report.seconds, 3),
        "formulation": report.formulation,
    }


# -- groups ----------------------------------------------------------------------------------


@app.command("groups")
def groups(
    framework_ref: FrameworkOption,
    answers: AnswersFolderOption,
    size: Annotated[int, typer.Option("--size", "-s", help="Cities per group (± 1).")],
    must_meet: Annotated[
        list[str] | None,
        typer.Option("--must-meet", help="Two cities to put together, as A,B (repeatable)."),
    ] = None,
    must_not_meet: Annotated[
        list[str] | None,
        typer.Option("--must-not-meet", help="Two cities to keep apart, as A,B (repeatable)."),
    ] = None,
    time_limit: TimeLimitOption = 10.0,
    fmt: TableOrJsonOption = TableOrJson.table,
) -> None:
    """Split the cohort into peer-learning groups of about --size cities.

    Groups maximise what their members can teach each other (docs/methods.md), share a working
    language (the languages column of cities.csv) and respect --must-meet and --must-not-meet.
    """
    from stocktake.network import peer_groups
    from stocktake_cli.cohort_files import read_cohort

    framework = resolve_framework(framework_ref)
    cohort = read_cohort(framework, answers)
    result = peer_groups(
        cohort,
        size,
        must_meet=[_pair(p, "--must-meet") for p in must_meet or []],
        must_not_meet=[_pair(p, "--must-not-meet") for p in must_not_meet or []],
        time_limit=time_limit,
    )
    if fmt is TableOrJson.json:
        print_json(groups_data(framework, result))
        return
    out = console()
    out.print(text(f"Peer-learning groups on {framework.key}: {len(cohort.cities)} cities", "bold"))
    out.print(_groups_table(result))
    out.print(text(f"Sum of pair values inside groups: {result.objective:g}."))
    for note in result.notes:
        out.print(text(note))


def groups_data(framework: Framework, result: Grouping) -> dict[str, Any]:
    """The groups as JSON-ready data: every pair's value, the groups and the objective."""
    return {
        "framework": framework.key,
        "size": result.requested_size,
        "pairs": [{"a": p.a, "b": p.b, "value": p.value} for p in result.pairs],
        "groups": [list(group) for group in result.groups],
        "group_values": list(result.group_values),
        "objective": result.objective,
        "sizes_relaxed": result.sizes_relaxed,
        "notes": list(result.notes),
        "solver": _solver(result.report),
    }


def _groups_table(result: Grouping) -> Table:
    table = Table(title="Groups", title_justify="left", title_style="bold")
    table.add_column("Group", justify="right", no_wrap=True)
    table.add_column("Cities", min_width=20, ratio=1)
    table.add_column("Value", justify="right", no_wrap=True)
    for k, (group, value) in enumerate(zip(result.groups, result.group_values, strict=True), 1):
        table.add_row(str(k), text(", ".join(group)), points(value))
    return table


def _pair(option: str, flag: str) -> tuple[str, str]:
    parts = [part.strip() for part in option.split(",")]
    if len(parts) != 2 or not all(parts):
        raise StocktakeError(f"{flag} takes two cities separated by a comma (A,B), not '{option}'")
    return parts[0], parts[1]


# -- progress --------------------------------------------------------------------------------


def progress(
    framework_ref: FrameworkOption,
    before: Annotated[
        Path, typer.Option("--before", help="The earlier round's answers file (CSV or XLSX).")
    ],
    after: Annotated[
        Path, typer.Option("--after", help="The later round's answers file (CSV or XLSX).")
    ],
    before_framework: Annotated[
        str | None,
        typer.Option(
            "--before-framework",
            help="The earlier round's framework (id or YAML file) when it is another version; "
            "without it, a round on other indicators is read through the crosswalk.",
        ),
    ] = None,
    city: CityOption = None,
    fmt: TableOrJsonOption = TableOrJson.table,
    lang: LangOption = "en",
) -> None:
    """Compare two rounds of a city per indicator, group and overall.

    A change counts as improved or declined only when it is larger than the disagreement
    between the departments in either round; otherwise there is no clear change.
    """
    from stocktake.network import compare_rounds, reading_framework

    framework = resolve_framework(framework_ref)
    earlier = resolve_framework(before_framework) if before_framework else None
    later_city, later = _round(framework, after, city)
    raw = read_answers(before)
    reading, crosswalked = reading_framework(framework, {a.indicator for a in raw}, earlier)
    chosen = city or later_city or None
    if crosswalked:
        # Answers to dropped indicators have no scale to check; the comparison checks the rest.
        earlier_city, earlier_answers = one_city(raw, chosen, str(before))
    else:
        earlier_city, earlier_answers = _round(reading, before, chosen)
    try:
        result = compare_rounds(framework, earlier_answers, later, earlier=earlier)
    except AnswerError as exc:
        raise exc.located(source=str(before)) from None
    if fmt is TableOrJson.json:
        print_json(progress_data(result, later_city or earlier_city, lang))
        return
    _print_progress(framework, result, later_city or earlier_city, lang)


def _round(framework: Framework, path: Path, city: str | None) -> tuple[str, list[Any]]:
    answers = read_answers(path, framework=framework)
    if not answers:
        raise StocktakeError(f"{path}: the file has a header but no answers")
    return one_city(answers, city, str(path))


def progress_data(result: Progress, city: str, lang: str) -> dict[str, Any]:
    """The comparison as JSON-ready data, one record per indicator and per group."""
    return {
        "framework": result.framework,
        "earlier_framework": result.earlier_framework,
        "compared_on": result.compared_on.text if result.compared_on is not None else None,
        "city": city,
        "indicators": [
            {"indicator": c.id, **_change(c, lang), "crosswalk": c.crosswalk}
            for c in result.indicators
        ],
        "groups": [{"group": c.id, "kind": c.kind, **_change(c, lang)} for c in result.groups],
        "overall": _change(result.overall, lang),
        "crosswalk": [
            {"kind": u.kind, "old": list(u.old), "new": list(u.new), "text": u.text}
            for u in result.crosswalk
        ],
    }


def _change(change: Change, lang: str) -> dict[str, Any]:
    return {
        "title": localise(change.title, lang),
        "before": change.before,
        "after": change.after,
        "change": change.change,
        "verdict": change.verdict,
        "score_change": change.score_change,
        "spread_before": change.spread_before,
        "spread_after": change.spread_after,
        "reason": change.reason.text,
    }


def _print_progress(framework: Framework, result: Progress, city: str, lang: str) -> None:
    """The comparison as the progress page says it: headings, verdicts and reasons in ``lang``."""
    words = catalogue(lang)
    overall = result.overall
    heading, overall_line = progress_sentences(
        framework=result.framework,
        earlier=result.earlier_framework,
        city=city,
        before=number(overall.before),
        after=number(overall.after),
        verdict=overall.verdict,
        words=words,
    )
    out = console()
    out.print(text(heading, "bold"))
    if result.compared_on is not None:
        out.print(text(result.compared_on.text))
    notes = {}
    for use in result.crosswalk:
        sentence = crosswalk_sentence(use, result.earlier_framework, words)
        notes.update(dict.fromkeys(use.new, sentence))
    titles = progress_headings(words)
    out.print(_changes_table(titles["Indicators"], result.indicators, lang, None, notes))
    out.print(_changes_table(titles["Groups (scores 0–100)"], result.groups, lang, 1, {}))
    out.print(text(f"{overall_line} {change_reason(overall, words)}"))
    for sentence in dict.fromkeys(notes.values()):
        out.print(text(sentence))


def _changes_table(
    title: str,
    changes: tuple[Change, ...],
    lang: str,
    digits: int | None,
    notes: dict[str, str],
) -> Table:
    """One table of changes; ``notes`` holds each crosswalked indicator's sentence."""
    words = catalogue(lang)
    headings = progress_headings(words)
    table = Table(title=title, title_justify="left", title_style="bold")
    for name in ("Id", "Title", "Before", "After", "Change", "Verdict", "Why"):
        table.add_column(
            headings[name],
            justify="right" if name in ("Before", "After", "Change") else "left",
            no_wrap=name not in ("Title", "Why"),
            ratio=2 if name == "Why" else (1 if name == "Title" else None),
        )
    for change in changes:
        shown = [
            points(v) if digits is None else number(v, digits)
            for v in (change.before, change.after, change.change)
        ]
        why = change_reason(change, words) + (f" {notes[change.id]}" if change.id in notes else "")
        table.add_row(
            text(change.id),
            text(localise(change.title, lang)),
            *shown,
            text(verdict_label(change.verdict, words)),
            text(why),
        )
    return table
