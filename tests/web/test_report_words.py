"""The city report's words are translated in every interface language, through Django's
translations (the pages) and through the compiled catalogues read without Django (the command)
alike; and the report's languages are the interface's."""

from __future__ import annotations

from dataclasses import fields

import pytest
from django.conf import settings
from django.utils import translation

from stocktake.answers import Answer
from stocktake.consolidate import consolidate
from stocktake.frameworks import Framework, load_framework
from stocktake.priorities import rank_priorities
from stocktake.reports import CityReport, RoundFacts, city_report
from stocktake.scoring import score_assessment
from stocktake_web.languages import bcp47
from stocktake_web.report_in_words import LANGUAGES, report_text
from stocktake_web.results_in_words import LOCALE, catalogue

from .conftest import DATA

FRAMEWORK_FILE = DATA / "pilot.yaml"

ANSWERS = [
    Answer(
        "G1",
        "1",
        department="planning",
        confidence="high",
        importance=5,
        support_needed=("training",),
    ),
    Answer("G1", "3", department="environment", confidence="low"),
    Answer("E1", "2", department="environment", confidence="medium", evidence="Report"),
]

SAME_IN = {"list_separator": {"ko"}, "heading": {"ja", "ko", "zh-Hant"}}
"""Words a language writes as English does: Korean's list separator, the city's name."""


def _report(framework: Framework, lang: str) -> CityReport:
    consolidation = consolidate(framework, ANSWERS)
    return city_report(
        framework,
        record=score_assessment(framework, consolidation).to_dict(),
        priorities=[
            item.to_dict()
            for item in rank_priorities(framework, ANSWERS, consolidation=consolidation)
        ],
        consolidation=consolidation,
        answers=ANSWERS,
        lang=lang,
        city="Harbour",
        provisional=True,
        demo=True,
        round=RoundFacts(name="2025", deadline="2025-06-30", signed_off_on="2025-07-01"),
    )


def _words(report: CityReport, framework: Framework, lang: str) -> dict[str, object]:
    text = report_text(report, framework, catalogue(lang))
    return {field.name: getattr(text, field.name) for field in fields(text)}


@pytest.mark.parametrize("lang", ["zh-Hant", "ja", "ko"])
def test_every_word_of_the_report_is_translated(lang: str) -> None:
    if not any(LOCALE.glob("*/LC_MESSAGES/django.mo")):
        pytest.fail("the catalogues are not compiled: run make messages")
    framework = load_framework(FRAMEWORK_FILE)
    english = _words(_report(framework, "en"), framework, "en")

    translated = _words(_report(framework, lang), framework, lang)

    same = [
        name
        for name, words in translated.items()
        if words == english[name] and lang not in SAME_IN.get(name, set())
    ]
    assert same == []
    assert set(translated["confidence"].values()).isdisjoint({"Low", "Medium", "High"})  # type: ignore[union-attr]


@pytest.mark.parametrize("lang", ["zh-hant", "ja", "ko"])
def test_the_pages_and_the_command_say_the_same_words(lang: str) -> None:
    framework = load_framework(FRAMEWORK_FILE)
    report = _report(framework, bcp47(lang))

    with translation.override(lang):
        by_django = report_text(report, framework, translation)

    assert by_django == report_text(report, framework, catalogue(bcp47(lang)))


def test_the_report_s_languages_are_the_interface_s() -> None:
    assert [bcp47(code) for code, _ in settings.LANGUAGES] == list(LANGUAGES)
