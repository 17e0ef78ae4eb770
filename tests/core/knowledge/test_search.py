"""Searching the catalogue in every language: terms as substrings, CJK without spaces."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stocktake.knowledge import Resource, search, search_terms
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
