"""A diff between two frameworks (the core's :func:`stocktake.frameworks.diff.diff`) as the diff
page lists it: a section per kind of change, each indicator with its title, and each reworded
text before and after."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from stocktake.frameworks import Framework, Indicator
from stocktake.frameworks.diff import FrameworkDiff
from stocktake_web.frameworks.interfaces.languages import language_name
from stocktake_web.languages import localised


@dataclass(frozen=True)
class TextChange:
    what: str
    language: str
    before: str
    after: str


@dataclass(frozen=True)
class DiffRow:
    indicator: str
    title: str
    detail: str = ""
    texts: list[TextChange] = field(default_factory=list)


@dataclass(frozen=True)
class DiffSection:
    key: str
    title: str
    rows: list[DiffRow]


def diff_sections(found: FrameworkDiff, a: Framework, b: Framework) -> list[DiffSection]:
    """The sections with at least one indicator, in the order a person checks them."""

    def title(framework: Framework, key: str) -> str:
        return localised(framework.indicator(key).title)

    sections = [
        DiffSection(
            "dropped", _("Dropped"), [DiffRow(key, title(a, key)) for key in found.dropped]
        ),
        DiffSection("added", _("Added"), [DiffRow(key, title(b, key)) for key in found.added]),
        DiffSection(
            "reworded",
            _("Reworded"),
            [
                DiffRow(
                    item.indicator,
                    title(b, item.indicator),
                    texts=[
                        _text_change(a.indicator(item.indicator), b.indicator(item.indicator), t)
                        for t in item.texts
                    ],
                )
                for item in found.reworded
            ],
        ),
        DiffSection(
            "reweighted",
            _("Reweighted"),
            [
                DiffRow(
                    item.indicator,
                    title(b, item.indicator),
                    _("weight %(before)s → %(after)s")
                    % {"before": number_format(item.before), "after": number_format(item.after)},
                )
                for item in found.reweighted
            ],
        ),
        DiffSection(
            "rescaled",
            _("Answered on another scale (not comparable)"),
            [DiffRow(key, title(b, key)) for key in found.rescaled],
        ),
        DiffSection(
            "not_applicable",
            _("Marked not applicable"),
            [DiffRow(key, title(b, key)) for key in found.not_applicable],
        ),
    ]
    return [section for section in sections if section.rows]


def _text_change(a: Indicator, b: Indicator, path: str) -> TextChange:
    """``levels[2].descriptor.ja`` -> what it is, its language, and the text on either side."""
    where, lang = path.rsplit(".", 1)
    return TextChange(
        _what(where), language_name(lang), _text(a, where, lang), _text(b, where, lang)
    )


def _what(where: str) -> str:
    names = {
        "title": _("Title"),
        "description": _("Description"),
        "guidance": _("Guidance"),
        "unit": _("Unit"),
    }
    if where in names:
        return str(names[where])
    match = re.match(r"^(levels|options)\[(.+)\]\.(label|descriptor)$", where)
    if match is not None and match.group(1) == "levels":
        text = (
            _("Level %(value)s, descriptor")
            if match.group(3) == "descriptor"
            else _("Level %(value)s, name")
        )
        return text % {"value": match.group(2)}
    if match is not None:
        return _("Option %(value)s") % {"value": match.group(2)}
    return where


def _text(indicator: Indicator, where: str, lang: str) -> str:
    """The text at ``where`` (``title``, ``levels[2].descriptor``, ``bands[0].label``)."""
    match = re.match(r"^(levels|options|bands)\[(.+)\]\.(\w+)$", where)
    if match is None:
        text = getattr(indicator, where, None)
    else:
        kind, key, name = match.groups()
        text = getattr(_items(indicator, kind).get(key), name, None)
    return text.get(lang, "") if isinstance(text, dict) else ""


def _items(indicator: Indicator, kind: str) -> dict[str, Any]:
    """Levels by value, options by id, bands by position: as the core's diff names them."""
    if kind == "levels":
        return {str(level.value): level for level in getattr(indicator, "levels", [])}
    if kind == "options":
        return {option.id: option for option in getattr(indicator, "options", [])}
    table = getattr(indicator, "bands", None)
    return {str(k): band for k, band in enumerate(table.bands if table is not None else [])}
