"""Searching the catalogue in every language: terms as substrings, CJK without spaces."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stocktake.knowledge import Resource, UnknownFacetError, search, search_terms
from stocktake.knowledge.search import facets

PLAN = Resource(
    id="plan",
    kind="policy",
    title={"zh-Hant": "城市韌性計畫", "ja": "都市レジリエンス計画", "ko": "도시 회복력 계획"},
    languages=("zh-Hant",),
    pathways=("resilient",),
    year=2024,
    city="lanwan",
)
GUIDE = Resource(
    id="guide",
    kind="guide",
    title={"en": "Flood-risk plan for the river basin"},
    languages=("en", "ja"),
    pathways=("resilient", "nature_based"),
    year=2025,
)
CATALOGUE = [PLAN, GUIDE]


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("韌性", ["plan"]),  # two characters: shorter than a trigram, still found
        ("韌性計畫", ["plan"]),
        ("レジリエンス", ["plan"]),
        ("회복력", ["plan"]),
        ("회복", ["plan"]),
        ("FLOOD plan", ["guide"]),
        ("plan", ["guide", "plan"]),  # the id "plan" too; newest first
        ("計畫 river", []),
        ("", ["guide", "plan"]),
    ],
)
def test_every_term_must_appear_somewhere(query: str, found: list[str]) -> None:
    assert [r.id for r in search(CATALOGUE, query)] == found


def test_short_terms_are_set_apart_from_those_an_index_can_look_up() -> None:
    terms = search_terms("韌性　城市韌性 ab abc")

    assert terms.indexed == ("城市韌性", "abc")
    assert terms.short == ("韌性", "ab")


def test_facets_filter_and_count() -> None:
    assert [r.id for r in search(CATALOGUE, "", language="ja")] == ["guide"]
    assert [r.id for r in search(CATALOGUE, "", pathway="nature_based")] == ["guide"]
    assert [r.id for r in search(CATALOGUE, "", kind="policy")] == ["plan"]
    counted = facets(CATALOGUE)
    assert counted["pathway"] == {"resilient": 2, "nature_based": 1}
    assert counted["language"] == {"zh-Hant": 1, "en": 1, "ja": 1}


@given(st.text(min_size=1, max_size=8).filter(lambda t: t.strip() == t and " " not in t and t))
def test_any_part_of_a_title_finds_it(part: str) -> None:
    resource = Resource(id="r", kind="guide", title={"en": f"前{part}後"})

    assert search([resource], part) == [resource]


PROBE = Resource(id="probe-kit", kind="toolkit", title={"en": "Soil probe kit", "ja": "ｶﾀｶﾅ手引き"})


@pytest.mark.parametrize(
    "query",
    ["ｐｒｏｂｅ", "ＰＲＯＢＥ　ｋｉｔ", "probe", "カタカナ", "ｶﾀｶﾅ"],
)
def test_full_width_and_half_width_forms_find_the_same_text(query: str) -> None:
    assert search([PROBE], query) == [PROBE]


def test_terms_are_normalised_before_they_are_set_apart_by_length() -> None:
    terms = search_terms("ｐｒｏｂｅ　ＡＢ ㍻")

    assert terms.indexed == ("probe",)
    assert terms.short == ("ab", "平成")


@given(st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1))
def test_a_full_width_query_finds_what_its_ascii_form_finds(word: str) -> None:
    resource = Resource(id="r", kind="guide", title={"en": f"[{word}]"})
    full_width = "".join(chr(ord(character) + 0xFEE0) for character in word)

    assert search([resource], full_width) == search([resource], word) == [resource]


@pytest.mark.parametrize(
    ("facet", "value", "found"),
    [
        ("language", "zh-hant", ["plan"]),
        ("language", "ZH-HANT", ["plan"]),
        ("language", "JA", ["guide"]),
        ("pathway", "Resilient", ["guide", "plan"]),
        ("pathway", "NATURE_BASED", ["guide"]),
        ("kind", "Policy", ["plan"]),
        ("kind", "", ["guide", "plan"]),
    ],
)
def test_facets_ignore_case(facet: str, value: str, found: list[str]) -> None:
    assert [r.id for r in search(CATALOGUE, "", **{facet: value})] == found


@pytest.mark.parametrize(
    ("facet", "value", "says"),
    [
        (
            "kind",
            "nope",
            "there is no kind 'nope'; the kinds are guide, toolkit, case_study, policy, "
            "training, financing, solution",
        ),
        (
            "pathway",
            "green",
            "there is no pathway 'green'; the pathways are low_emission, nature_based, "
            "equitable, resilient, circular",
        ),
    ],
)
def test_an_unknown_kind_or_pathway_is_refused_naming_those_there_are(
    facet: str, value: str, says: str
) -> None:
    with pytest.raises(UnknownFacetError) as caught:
        search(CATALOGUE, "", **{facet: value})

    assert str(caught.value) == says


def test_an_unknown_language_finds_nothing() -> None:
    assert search(CATALOGUE, "", language="fr") == []
