"""The core's own multilingual tables speak every interface language of the web application."""

from __future__ import annotations

import pytest

from stocktake.demo.cast import DEPARTMENT_NAMES
from stocktake.scoring import PATHWAY_TITLES

INTERFACE_LANGUAGES = ("en", "zh-Hant", "ja", "ko")


@pytest.mark.parametrize(
    "table", [PATHWAY_TITLES, DEPARTMENT_NAMES], ids=["pathways", "departments"]
)
def test_every_entry_has_a_text_in_every_interface_language(
    table: dict[str, dict[str, str]],
) -> None:
    missing = {
        (key, lang)
        for key, texts in table.items()
        for lang in INTERFACE_LANGUAGES
        if not texts.get(lang, "").strip()
    }

    assert missing == set()


def test_the_korean_pathway_names() -> None:
    assert PATHWAY_TITLES["low_emission"]["ko"] == "저탄소 발전"
    assert PATHWAY_TITLES["resilient"]["ko"] == "회복력 있는 발전"
