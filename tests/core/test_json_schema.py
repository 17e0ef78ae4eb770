from __future__ import annotations

import json
from pathlib import Path

from stocktake.frameworks.schema import json_schema

PUBLISHED = Path(__file__).parents[2] / "docs" / "framework.schema.json"


def test_published_json_schema_matches_the_models() -> None:
    published = json.loads(PUBLISHED.read_text(encoding="utf-8"))
    assert published == json_schema(), (
        "docs/framework.schema.json is stale: regenerate it with "
        "`stocktake frameworks schema > docs/framework.schema.json`"
    )


def test_schema_names_every_answer_type() -> None:
    definitions = json_schema()["$defs"]
    assert isinstance(definitions, dict)
    for name in ("MaturityIndicator", "BandedIndicator", "NumericIndicator", "YesNoIndicator"):
        assert name in definitions
    assert "ChoiceIndicator" in definitions
