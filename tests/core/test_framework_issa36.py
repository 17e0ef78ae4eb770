"""The bundled issa-36 framework: our own 36-indicator self-assessment on ISUDA's reported shape."""

from __future__ import annotations

from collections import Counter
from importlib import resources

import pytest

from stocktake.frameworks import (
    PATHWAYS,
    Framework,
    MaturityIndicator,
    get_framework,
    read_framework_file,
)

FRAMEWORK_ID = "issa-36"
LANGUAGES = ["en", "zh-Hant", "ja", "ko"]

EXPECTED_IDS = {
    "governance": [f"GOV-{n:02d}" for n in range(1, 10)],
    "environment": [f"ENV-{n:02d}" for n in range(1, 10)],
    "economy": [f"ECO-{n:02d}" for n in range(1, 10)],
    "society": [f"SOC-{n:02d}" for n in range(1, 10)],
}


@pytest.fixture(scope="module")
def issa() -> Framework:
    return get_framework(FRAMEWORK_ID)


def maturity_indicators(framework: Framework) -> list[MaturityIndicator]:
    indicators = framework.indicators()
    assert all(isinstance(ind, MaturityIndicator) for ind in indicators)
    return [ind for ind in indicators if isinstance(ind, MaturityIndicator)]


def test_bundled_file_reads_without_problems() -> None:
    source = resources.files("stocktake.data.frameworks") / "issa-36.yaml"
    with resources.as_file(source) as path:
        framework, problems = read_framework_file(path)

    assert problems == []
    assert framework is not None
    assert framework.key == "issa-36@1.0.1"


def test_metadata_declares_licence_languages_and_mean_scoring(issa: Framework) -> None:
    assert issa.licence == "CC-BY-4.0"
    assert issa.languages == LANGUAGES
    assert issa.publisher["en"] == "Stocktake contributors"
    assert issa.scoring.method == "mean"
    assert issa.scoring.target_share == 0.75
    assert issa.provenance.source == (
        "Written by the Stocktake contributors on the structure reported for ICLEI's ISUDA"
    )
    assert issa.provenance.verified is True
    assert issa.unverified_sources() == []


def test_metadata_says_the_text_is_ours_and_not_iclei_s(issa: Framework) -> None:
    assert issa.provenance.note is not None
    assert issa.provenance.note["en"].startswith("Not ICLEI's text and not ISUDA.")
    assert "not ISUDA and none of its wording is ICLEI's text" in issa.description["en"]
    assert "並非 ISUDA" in issa.description["zh-Hant"]
    assert "ISUDA そのものではなく" in issa.description["ja"]
    assert "ISUDA 자체가 아니며" in issa.description["ko"]
    assert issa.provenance.note["ja"].startswith(
        "本フレームワークは ICLEI の原文ではなく、ISUDA でもない。"
    )


def test_four_dimensions_each_hold_nine_indicators_in_order(issa: Framework) -> None:
    dimensions = {group.id: [ind.id for ind in group.walk_indicators()] for group in issa.groups}

    assert [group.kind for group in issa.groups] == ["dimension"] * 4
    assert dimensions == EXPECTED_IDS
    assert [ind.id for ind in issa.indicators()] == [
        ind_id for ids in EXPECTED_IDS.values() for ind_id in ids
    ]


def test_each_dimension_is_split_into_two_or_three_themes(issa: Framework) -> None:
    for dimension in issa.groups:
        assert dimension.indicators == []
        assert 2 <= len(dimension.groups) <= 3
        assert {theme.kind for theme in dimension.groups} == {"theme"}
        assert all(theme.indicators and not theme.groups for theme in dimension.groups)


def test_every_indicator_is_a_maturity_scale_from_0_to_4(issa: Framework) -> None:
    indicators = maturity_indicators(issa)

    assert len(indicators) == 36
    assert {tuple(level.value for level in ind.levels) for ind in indicators} == {(0, 1, 2, 3, 4)}


def test_every_indicator_shares_the_same_level_labels(issa: Framework) -> None:
    labels = {tuple(level.label["en"] for level in ind.levels) for ind in maturity_indicators(issa)}

    assert labels == {
        (
            "Not started",
            "Initial, ad hoc",
            "Planned, responsibility assigned",
            "Implemented with budget and monitoring",
            "Leading: evaluated, integrated across departments, shared with peers",
        )
    }


def test_every_level_has_its_own_descriptor_in_every_language(issa: Framework) -> None:
    for ind in maturity_indicators(issa):
        for lang in LANGUAGES:
            descriptors = [(level.descriptor or {}).get(lang, "").strip() for level in ind.levels]
            assert all(descriptors), f"{ind.id} lacks a {lang} descriptor"
            assert len(set(descriptors)) == 5, f"{ind.id} repeats a {lang} descriptor"


def test_every_indicator_has_texts_in_every_language(issa: Framework) -> None:
    for ind in issa.indicators():
        for text in (ind.title, ind.description, ind.guidance):
            assert text is not None
            assert [lang for lang in LANGUAGES if text.get(lang, "").strip()] == LANGUAGES


def test_every_level_label_is_translated_in_every_language(issa: Framework) -> None:
    for ind in maturity_indicators(issa):
        for level in ind.levels:
            assert [lang for lang in LANGUAGES if level.label.get(lang, "").strip()] == LANGUAGES

    labels = {tuple(level.label["ja"] for level in ind.levels) for ind in maturity_indicators(issa)}
    assert labels == {
        (
            "未着手",
            "初期段階・場当たり的",
            "計画策定済み・責任分担明確",
            "予算とモニタリングを伴う実施",
            "先導的：評価済み・部局横断で統合・他都市と共有",
        )
    }


def test_metadata_groups_departments_and_support_kinds_are_translated(
    issa: Framework,
) -> None:
    texts = [issa.title, issa.short_title, issa.description, issa.publisher]
    texts += [department.name for department in issa.departments]
    texts += [kind.label for kind in issa.support_kinds]
    texts += [kind.description for kind in issa.support_kinds]
    for dimension in issa.groups:
        texts += [dimension.title, dimension.description]
        texts += [theme.title for theme in dimension.groups]
    for text in texts:
        assert text is not None
        assert [lang for lang in LANGUAGES if text.get(lang, "").strip()] == LANGUAGES, text


def test_every_indicator_is_tagged_with_pathway_sdg_target_and_department(
    issa: Framework,
) -> None:
    declared = {department.id for department in issa.departments}
    for ind in issa.indicators():
        assert 1 <= len(ind.pathways) <= 3, ind.id
        assert 1 <= len(ind.sdg_targets) <= 3, ind.id
        assert 1 <= len(ind.departments) <= 3, ind.id
        assert set(ind.departments) <= declared, ind.id


def test_each_pathway_is_served_by_at_least_four_indicators(issa: Framework) -> None:
    coverage = Counter(pathway for ind in issa.indicators() for pathway in ind.pathways)

    assert set(coverage) == set(PATHWAYS)
    assert min(coverage.values()) >= 4


def test_departments_and_support_kinds_are_declared(issa: Framework) -> None:
    assert [department.id for department in issa.departments] == [
        "environment",
        "planning",
        "economic",
        "finance",
        "social",
        "research",
        "digital",
        "transport",
        "public_works",
        "disaster",
        "education",
        "health",
        "water",
    ]
    assert [kind.id for kind in issa.support_kinds] == [
        "training",
        "technical_assistance",
        "finance",
        "data",
        "peer_exchange",
        "policy",
        "staffing",
    ]


def test_maximum_is_four_points_for_each_of_36_indicators(issa: Framework) -> None:
    assert issa.max_points == 144


def test_korean_level_labels_are_shared_by_every_indicator(issa: Framework) -> None:
    labels = {tuple(level.label["ko"] for level in ind.levels) for ind in maturity_indicators(issa)}

    assert labels == {
        (
            "미착수",
            "초기·임시적",
            "계획 수립·책임 지정",
            "예산·모니터링을 갖춘 시행",
            "선도: 평가 완료, 부서 간 통합, 다른 도시와 공유",
        )
    }


def test_rounds_on_version_1_0_0_are_read_through_a_crosswalk(issa: Framework) -> None:
    assert issa.crosswalk is not None
    assert issa.crosswalk.from_version == "1.0.0"
    assert (issa.crosswalk.renamed, issa.crosswalk.split, issa.crosswalk.merged) == ({}, {}, {})
    assert issa.crosswalk.dropped == []
