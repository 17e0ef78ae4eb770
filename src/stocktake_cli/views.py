"""Rich renderings of frameworks, scores and key areas for development.

Each function builds a renderable (or a list of them) from core results and never computes a
score itself; the numbers come from :mod:`stocktake.scoring` and :mod:`stocktake.priorities`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from stocktake.frameworks.schema import Framework, Group, Indicator
from stocktake.frameworks.text import localise
from stocktake.priorities import Priority
from stocktake.scoring import AssessmentScore, GroupScore
from stocktake_cli.output import number, percent, points, text
from stocktake_web.results_in_words import (
    agreement_notes,
    catalogue,
    framework_words,
    key_area_headings,
    reason_text,
    score_headings,
    summary_sentences,
)


def framework_tree(framework: Framework, lang: str) -> Tree:
    """The framework's groups and indicators, titles and the words around them in ``lang``."""
    shown = framework_words(catalogue(lang))
    method = shown.get(framework.scoring.method, framework.scoring.method)
    root = Tree(
        Text.assemble(
            (localise(framework.title, lang), "bold"),
            f"  {framework.id} {framework.version} · "
            + shown["scoring: %(method)s"] % {"method": method},
        )
    )
    for group in framework.groups:
        _add_group(root, group, lang, shown)
    return root


def _add_group(parent: Tree, group: Group, lang: str, shown: dict[str, str]) -> None:
    branch = parent.add(
        Text.assemble(
            (f"{shown.get(group.kind, group.kind)} ", "dim"),
            (group.id, "bold"),
            f"  {localise(group.title, lang)}",
        )
    )
    for indicator in group.indicators:
        branch.add(_indicator_line(indicator, lang, shown))
    for child in group.groups:
        _add_group(branch, child, lang, shown)


def _indicator_line(indicator: Indicator, lang: str, shown: dict[str, str]) -> Text:
    pattern = "(%(type)s, %(range)s, optional)" if indicator.optional else "(%(type)s, %(range)s)"
    described = shown[pattern] % {
        "type": shown.get(indicator.type, indicator.type),
        "range": f"{points(indicator.min_points)}–{points(indicator.max_points)}",
    }
    return Text.assemble(
        (indicator.id, "cyan"), f"  {localise(indicator.title, lang)}  ", (described, "dim")
    )


def localised_framework(framework: Framework, lang: str) -> dict[str, Any]:
    """The framework as JSON-ready data with every multilingual text given in ``lang``."""
    data = framework.model_dump(mode="json", exclude_none=True)
    ranges = {ind.id: (ind.min_points, ind.max_points) for ind in framework.indicators()}
    localised = _localise_texts(data, lang)
    for indicator in _walk_indicator_dicts(localised["groups"]):
        low, high = ranges[indicator["id"]]
        indicator["min_points"], indicator["max_points"] = low, high
    return localised


def _localise_texts(node: Any, lang: str) -> Any:
    if isinstance(node, dict):
        if "en" in node and all(isinstance(value, str) for value in node.values()):
            return localise(node, lang)
        return {key: _localise_texts(value, lang) for key, value in node.items()}
    if isinstance(node, list):
        return [_localise_texts(value, lang) for value in node]
    return node


def _walk_indicator_dicts(groups: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for group in groups:
        yield from group.get("indicators", [])
        yield from _walk_indicator_dicts(group.get("groups", []))


# -- scores --------------------------------------------------------------------------------------


def _score_table(title: str, first: str, lang: str) -> Table:
    """Title and headings in ``lang`` through the web's catalogues, as the pages say them."""
    heading = score_headings(catalogue(lang))
    table = Table(title=heading[title], title_justify="left", title_style="bold")
    table.add_column(heading[first], no_wrap=True)
    table.add_column(heading["Title"], min_width=20)
    for name in ("Score", "Points", "Attainable", "Maximum", "Coverage"):
        table.add_column(heading[name], justify="right", no_wrap=True)
    return table


def _score_row(table: Table, group: GroupScore, lang: str, indent: int = 0) -> None:
    table.add_row(
        text("  " * indent + group.id),
        text(localise(group.title, lang)),
        number(group.score),
        points(group.points),
        points(group.attainable_max),
        points(group.max_points),
        percent(group.coverage),
    )


def groups_table(framework: Framework, score: AssessmentScore, lang: str) -> Table:
    """Every group in tree order, indented by depth; the top level are the dimensions."""
    table = _score_table("Scores by group (dimensions at the top level)", "Group", lang)

    def add(group: Group, depth: int) -> None:
        _score_row(table, score.groups[group.id], lang, depth)
        for child in group.groups:
            add(child, depth + 1)

    for top in framework.groups:
        add(top, 0)
    table.add_section()
    _score_row(table, score.total, lang)
    return table


def pathways_table(score: AssessmentScore, lang: str) -> Table:
    table = _score_table("Scores by development pathway", "Pathway", lang)
    for pathway in score.pathways.values():
        _score_row(table, pathway, lang)
    return table


def indicators_table(framework: Framework, score: AssessmentScore, lang: str) -> Table:
    heading = score_headings(catalogue(lang))
    table = Table(title=heading["Scores by indicator"], title_justify="left", title_style="bold")
    for name in ("Indicator", "Title", "Value", "Points", "Maximum", "Score", "Answers"):
        right = name in {"Points", "Maximum", "Score", "Answers"}
        table.add_column(
            heading[name],
            justify="right" if right else "left",
            no_wrap=name != "Title",
            min_width=20 if name == "Title" else None,
        )
    table.add_column(heading["Agreement"], no_wrap=True)
    for indicator in framework.indicators():
        result = score.indicators[indicator.id]
        value = score.consolidation.values[indicator.id]
        table.add_row(
            text(indicator.id),
            text(localise(indicator.title, lang)),
            text("–" if value.value is None else value.value),
            points(result.points),
            points(result.max_points),
            number(result.score),
            str(value.n_answers),
            text(_agreement_note(indicator.id, score, lang)),
        )
    return table


def _agreement_note(indicator_id: str, score: AssessmentScore, lang: str) -> str:
    value = score.consolidation.values[indicator_id]
    notes = agreement_notes(catalogue(lang))
    if value.reconciled:
        return notes["reconciled"]
    if indicator_id in score.consolidation.needs_reconciliation:
        return notes["needs reconciliation"]
    if value.source == "unanswered":
        return notes["unanswered"]
    return notes["disagree"] if value.disagree else ""


def summary_lines(framework: Framework, score: AssessmentScore, lang: str) -> list[Text]:
    """Total, coverage, agreement and the indicators that need reconciliation, as sentences
    in ``lang`` through the web's catalogues."""
    total = score.total
    alpha = score.consolidation.alpha
    needs = score.consolidation.needs_reconciliation
    sentences = summary_sentences(
        score=number(total.score),
        points=points(total.points),
        attainable=points(total.attainable_max),
        maximum=points(total.max_points),
        coverage=percent(score.coverage),
        scored=total.n_scored,
        expected=total.n_expected,
        alpha=f"{alpha:.2f}" if alpha is not None else None,
        needing=[f"{key} {localise(framework.indicator(key).title, lang)}" for key in needs],
        words=catalogue(lang),
    )
    return [Text.assemble((label, "bold"), sentence) for label, sentence in sentences]


def unverified_message(framework: Framework, unverified: list[str]) -> str | None:
    """The warning every output carries when some values were not checked at the source."""
    if not unverified:
        return None
    parts = [f"the framework {framework.id} as a whole"] if framework.id in unverified else []
    indicators = [key for key in unverified if key != framework.id]
    if indicators:
        plural = "s" if len(indicators) > 1 else ""
        parts.append(
            f"the values or band table{plural} of indicator{plural} {', '.join(indicators)}"
        )
    return (
        f"not verified against the primary publication: {' and '.join(parts)}. "
        "Treat the scores that use them as provisional."
    )


def score_renderables(
    framework: Framework, score: AssessmentScore, lang: str
) -> list[RenderableType]:
    """Everything ``stocktake score`` shows, in order."""
    return [
        groups_table(framework, score, lang),
        pathways_table(score, lang),
        *summary_lines(framework, score, lang),
        indicators_table(framework, score, lang),
    ]


# -- key areas for development ----------------------------------------------------------------


def priorities_table(
    priorities: list[Priority], framework: Framework, lang: str, title: str | None = None
) -> Table:
    """The key areas with their reasons, headings and reasons in ``lang`` as the pages say them.

    ``title`` replaces the translated "Key areas for development" (the demo names the city).
    """
    words = catalogue(lang)
    heading = key_area_headings(words)
    table = Table(
        title=title or heading["Key areas for development"],
        title_justify="left",
        title_style="bold",
        show_lines=True,
    )
    table.add_column(heading["Rank"], justify="right", no_wrap=True)
    table.add_column(heading["Indicator"], no_wrap=True)
    table.add_column(heading["Title"], min_width=16, ratio=1)
    table.add_column(heading["Priority"], justify="right", no_wrap=True)
    table.add_column(heading["Reasons"], min_width=30, ratio=2)
    for priority in priorities:
        reasons = (
            reason_text(vars(reason), framework, lang=lang, words=words)
            for reason in priority.reasons
        )
        table.add_row(
            str(priority.rank),
            text(priority.indicator),
            text(localise(priority.title, lang)),
            number(priority.score),
            text("\n".join(reasons)),
        )
    return table
