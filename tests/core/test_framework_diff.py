"""What changed between two frameworks, indicator by indicator."""

from __future__ import annotations

from frameworkbuilders import build_framework, group, maturity
from stocktake.frameworks import get_framework
from stocktake.frameworks.derive import derive
from stocktake.frameworks.diff import Reweighted, diff


def test_a_derived_version_differs_from_its_base_as_its_changes_say() -> None:
    base = get_framework("issa-36")
    derived = derive(
        base,
        {
            "id": "issa-36-kaohsiung",
            "drop": ["ECO-09", "SOC-08"],
            "reword": {"GOV-03": {"title": {"en": "Residents' say", "zh-Hant": "市民參與"}}},
            "weights": {"ENV-01": 2},
            "not_applicable": ["ENV-07"],
        },
    ).framework

    found = diff(base, derived)

    assert (found.a, found.b) == ("issa-36@1.0.1", "issa-36-kaohsiung@1.0.0")
    assert found.dropped == ("ECO-09", "SOC-08")
    assert found.added == ()
    assert [(r.indicator, r.texts) for r in found.reworded] == [
        ("GOV-03", ("title.en", "title.zh-Hant"))
    ]
    assert found.reworded[0].languages == ("en", "zh-Hant")
    assert found.reweighted == (Reweighted("ENV-01", 1.0, 2.0),)
    assert found.not_applicable == ("ENV-07",)
    assert found.rescaled == ()
    assert len(found.shared) == 33


def test_a_framework_compared_with_itself_is_unchanged() -> None:
    base = get_framework("cbi-2014")

    found = diff(base, base)

    assert found.unchanged
    assert len(found.shared) == 23


def test_level_texts_and_scales_are_told_apart() -> None:
    a = build_framework([group("g", maturity("A"), maturity("B"), maturity("C"))])
    b = build_framework(
        [
            group(
                "g",
                maturity("A", levels=[{"value": v, "label": f"Stage {v}"} for v in range(5)]),
                maturity("B", top=3),
                maturity("D"),
            )
        ]
    )

    found = diff(a, b)

    assert found.to_dict() == {
        "a": "t@1.0.0",
        "b": "t@1.0.0",
        "dropped": ["C"],
        "added": ["D"],
        "reworded": ["A"],
        "reweighted": [],
        "rescaled": ["B"],
        "not_applicable": [],
        "shared": 1,
        "texts": {"A": [f"levels[{v}].label.en" for v in range(5)]},
        "weights": {},
    }
