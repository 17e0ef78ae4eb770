"""What the framework pages list: versions with their owners and editors, a draft's
indicators, and the respondent's page of one indicator for the preview."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from stocktake.frameworks import Framework
from stocktake_web.assessments.interfaces.forms import AnswerForm
from stocktake_web.assessments.interfaces.indicators import answer_choices, band_rows, unit_of
from stocktake_web.frameworks.interfaces.languages import language_name
from stocktake_web.frameworks.models import FrameworkDraft, FrameworkVersion
from stocktake_web.languages import localised


def owner_name(version: FrameworkVersion | FrameworkDraft) -> str:
    """Whose a version is, as a person says it."""
    if version.network_id is None:
        return _("Shared with every city")
    if version.city is not None:
        return localised(version.city.name)
    return version.network.name if version.network is not None else ""


def editors(version: FrameworkVersion) -> str:
    """Who may make a new version from this one under the same id."""
    if version.network_id is None:
        return _("Nobody here: it changes with a new release of Stocktake")
    if version.city is not None:
        return _("The coordinators of %(city)s") % {"city": localised(version.city.name)}
    network = version.network.name if version.network is not None else ""
    return _("The secretariat of %(network)s") % {"network": network}


@dataclass(frozen=True)
class VersionRow:
    version: FrameworkVersion
    title: str
    owner: str
    editors: str
    rounds: int


@dataclass(frozen=True)
class FrameworkRows:
    """The versions of one framework id, newest first."""

    framework_id: str
    versions: list[VersionRow]


def version_rows(versions: Iterable[FrameworkVersion]) -> list[FrameworkRows]:
    """Each framework id with its versions, and the rounds each version is used by."""
    versions = list(versions)
    counts = dict(
        FrameworkVersion.objects.filter(pk__in=[v.pk for v in versions])
        .annotate(used=Count("rounds"))
        .values_list("pk", "used")
    )
    rows = [
        VersionRow(v, localised(v.title), owner_name(v), editors(v), counts.get(v.pk, 0))
        for v in versions
    ]
    return [
        FrameworkRows(key, list(items))
        for key, items in groupby(rows, key=lambda row: row.version.framework_id)
    ]


@dataclass(frozen=True)
class LanguageTab:
    tag: str
    name: str
    chosen: bool


def language_tabs(framework: Framework, chosen: str) -> list[LanguageTab]:
    return [LanguageTab(tag, language_name(tag), tag == chosen) for tag in framework.languages]


def language_columns(languages: Iterable[str]) -> list[LanguageTab]:
    """The columns of a form's texts, one per language of the framework."""
    return [LanguageTab(tag, language_name(tag), False) for tag in languages]


def chosen_language(framework: Framework, asked: str | None, fallback: str) -> str:
    """The preview's language: the one asked for if the framework has it, else the reader's
    if it has that, else English."""
    for tag in (asked, fallback):
        if tag in framework.languages:
            return str(tag)
    return "en"


def respondent_page(framework: Framework, indicator_id: str, lang: str) -> SafeString:
    """The indicator as its respondent's page shows it, in ``lang`` (interface words too),
    made from the answer page's own partials and form, with nothing to send."""
    with translation.override(lang.lower()):
        return render_to_string(
            "frameworks/_respondent_page.html", _respondent_context(framework, indicator_id)
        )


def _respondent_context(framework: Framework, indicator_id: str) -> dict[str, Any]:
    indicator = framework.indicator(indicator_id)
    ids = [ind.id for ind in framework.indicators()]
    form = AnswerForm(framework=framework, indicator=indicator, initial={"base_version": 0})
    return {
        "indicator": indicator,
        "groups": framework.group_path(indicator_id),
        "choices": answer_choices(indicator),
        "unit": unit_of(indicator),
        "bands": band_rows(indicator),
        "form": form,
        "position": ids.index(indicator_id) + 1,
        "progress": (0, len(ids)),
        "not_applicable": indicator_id in framework.not_applicable,
    }


def neighbours(framework: Framework, indicator_id: str) -> tuple[str | None, str | None]:
    ids = [ind.id for ind in framework.indicators()]
    at = ids.index(indicator_id)
    return (ids[at - 1] if at > 0 else None, ids[at + 1] if at + 1 < len(ids) else None)
