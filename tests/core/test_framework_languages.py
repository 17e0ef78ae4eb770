"""Every language a bundled framework offers is complete, and written as that language is.

The validator already refuses a declared language missing from any text, but it leaves
provenance notes out (a user-written file may keep them in English); the bundled files translate
those too, so this test walks every text. A translation left in English, or Chinese and Japanese
written with ASCII punctuation, is caught here rather than by a reader.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from stocktake.frameworks import MaturityIndicator, bundled_frameworks, get_framework
from stocktake.frameworks.text import canonical_tag, localise

OFFERED = {
    "cbi-2014": ["en", "zh-Hant", "ja", "ko"],
    "issa-36": ["en", "zh-Hant", "ja", "ko"],
    "undrr-scorecard-prelim": ["en", "zh-Hant", "ja", "ko"],
}

SCRIPT = {
    "zh-Hant": re.compile(r"[\u4e00-\u9fff]"),
    "ja": re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]"),
    "ko": re.compile(r"[\uac00-\ud7a3]"),
}
"""A character of the language's own script: Han, kana and Han, Hangul."""

HALF_WIDTH = re.compile(r"[();]|[,:](?=\s|$)")
"""ASCII punctuation that Chinese and Japanese write full-width (，。：；（）); a comma inside
a number (1,000) and a colon inside a version or a time are not punctuation of the sentence."""

SAME_IN_EVERY_LANGUAGE = {"ha", "ISSA-36"}
"""Symbols and names that stay as they are in every script."""


def _texts(node: Any, path: str = "") -> Iterator[tuple[str, Mapping[str, str]]]:
    if isinstance(node, dict) and "en" in node and all(isinstance(v, str) for v in node.values()):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _texts(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _texts(value, f"{path}[{i}]")


def _every_text(framework_id: str) -> list[tuple[str, Mapping[str, str]]]:
    data = get_framework(framework_id).model_dump(mode="python", exclude_none=True)
    return list(_texts(data))


def test_every_bundled_framework_is_held_to_its_languages_here() -> None:
    assert sorted(OFFERED) == [framework.id for framework in bundled_frameworks()]


@pytest.mark.parametrize(("framework_id", "languages"), OFFERED.items())
def test_the_file_offers_its_languages(framework_id: str, languages: list[str]) -> None:
    assert get_framework(framework_id).languages == languages


@pytest.mark.parametrize(("framework_id", "languages"), OFFERED.items())
def test_every_text_and_provenance_note_is_in_every_language(
    framework_id: str, languages: list[str]
) -> None:
    missing = [
        (path, lang)
        for path, text in _every_text(framework_id)
        for lang in languages
        if not text.get(lang, "").strip()
    ]

    assert missing == []
    assert any(path.endswith("provenance.note") for path, _ in _every_text(framework_id))


@pytest.mark.parametrize(
    ("framework_id", "lang"),
    [(fid, lang) for fid, langs in OFFERED.items() for lang in langs if lang != "en"],
)
def test_translations_are_written_in_the_language_s_script(framework_id: str, lang: str) -> None:
    untranslated = [
        (path, text[lang])
        for path, text in _every_text(framework_id)
        if text[lang] not in SAME_IN_EVERY_LANGUAGE and not SCRIPT[lang].search(text[lang])
    ]

    assert untranslated == []


@pytest.mark.parametrize(
    ("framework_id", "lang"),
    [(fid, lang) for fid, langs in OFFERED.items() for lang in langs if lang in {"zh-Hant", "ja"}],
)
def test_chinese_and_japanese_use_full_width_punctuation(framework_id: str, lang: str) -> None:
    half_width = [
        (path, text[lang])
        for path, text in _every_text(framework_id)
        if HALF_WIDTH.search(text[lang])
    ]

    assert half_width == []


def test_the_cbi_says_its_translations_are_the_contributors_own() -> None:
    cbi = get_framework("cbi-2014")
    note = cbi.provenance.note
    assert note is not None

    assert "Stocktake contributors' own translations, not the publisher's" in note["en"]
    assert "Stocktake 貢獻者自行翻譯，並非出版者的譯本" in note["zh-Hant"]
    assert "Stocktake の貢献者による独自の翻訳であり、発行者による翻訳ではない" in note["ja"]
    assert "발행처의 번역이 아니라 Stocktake 기여자들이 직접 번역한 것이다" in note["ko"]


@pytest.mark.parametrize(
    ("lang", "term"), [("zh-Hant", "生物多樣性"), ("ja", "生物多様性"), ("ko", "생물다양성")]
)
def test_the_cbi_uses_the_convention_s_term_for_biodiversity(lang: str, term: str) -> None:
    cbi = get_framework("cbi-2014")

    assert term in cbi.title[lang]
    assert term in cbi.indicator("CBI-15").title[lang]


@pytest.mark.parametrize(
    ("lang", "stages"),
    [
        ("zh-Hant", ["無", "考慮中", "規劃中", "實施中", "已實施"]),
        ("ja", ["なし", "検討中", "計画中", "実施中", "実施済み"]),
        ("ko", ["없음", "검토 중", "계획 중", "시행 중", "시행 완료"]),
    ],
)
def test_the_cbi_stages_read_the_same_in_each_language(lang: str, stages: list[str]) -> None:
    cbi = get_framework("cbi-2014")

    for indicator_id in ("CBI-20", "CBI-22"):
        indicator = cbi.indicator(indicator_id)
        assert isinstance(indicator, MaturityIndicator)
        assert [level.label[lang] for level in indicator.levels] == stages


@pytest.mark.parametrize(
    ("typed", "usual"),
    [
        ("zh-hant", "zh-Hant"),
        ("ZH-HANT-tw", "zh-Hant-TW"),
        ("zh_Hant", "zh-Hant"),
        ("JA", "ja"),
        (" ko ", "ko"),
        ("fil", "fil"),
        ("es-419", "es-419"),
    ],
)
def test_a_language_tag_is_read_in_any_case(typed: str, usual: str) -> None:
    assert canonical_tag(typed) == usual


def test_a_tag_typed_in_another_case_finds_its_text() -> None:
    text = {"en": "Flood", "zh-Hant": "淹水"}

    assert localise(text, canonical_tag("ZH-HANT")) == "淹水"
