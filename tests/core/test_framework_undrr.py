"""The bundled UNDRR Disaster Resilience Scorecard for Cities, preliminary level.

Published structure: 47 questions over the Ten Essentials, each scored 0–3, maximum 141.
"""

from importlib import resources

import pytest

from stocktake.answers import indicator_points
from stocktake.frameworks import MaturityIndicator, get_framework, read_framework_file
from stocktake.frameworks.loader import parse_framework
from stocktake.yaml_files import read_yaml

FRAMEWORK_ID = "undrr-scorecard-prelim"
QUESTIONS_PER_ESSENTIAL = [3, 5, 4, 4, 3, 6, 4, 9, 7, 2]
MAX_PER_ESSENTIAL = [9.0, 15.0, 12.0, 12.0, 9.0, 18.0, 12.0, 27.0, 21.0, 6.0]
SECONDARY_DESCRIPTORS = {
    "P3.1",
    "P3.2",
    "P6.2",
    "P6.4",
    "P7.1",
    "P7.3",
    "P8.1",
    "P8.8",
    "P8.9",
    "P9.1",
    "P9.3",
}


def _question_ids() -> list[str]:
    return [
        f"P{essential}.{question}"
        for essential, count in enumerate(QUESTIONS_PER_ESSENTIAL, start=1)
        for question in range(1, count + 1)
    ]


def test_bundled_file_validates_without_problems() -> None:
    entry = resources.files("stocktake.data.frameworks") / f"{FRAMEWORK_ID}.yaml"
    with resources.as_file(entry) as path:
        framework, problems = read_framework_file(path)

    assert problems == []
    assert framework is not None
    assert framework.key == "undrr-scorecard-prelim@1.0.1"


def test_scorecard_has_47_questions_in_file_order() -> None:
    fw = get_framework(FRAMEWORK_ID)

    assert [ind.id for ind in fw.indicators()] == _question_ids()
    assert len(fw.indicators()) == 47


def test_ten_essentials_hold_the_published_number_of_questions() -> None:
    fw = get_framework(FRAMEWORK_ID)

    assert [group.id for group in fw.groups] == [f"E{n:02d}" for n in range(1, 11)]
    assert {group.kind for group in fw.groups} == {"essential"}
    assert [len(list(group.walk_indicators())) for group in fw.groups] == QUESTIONS_PER_ESSENTIAL


def test_maximum_is_141_and_per_essential_as_published() -> None:
    fw = get_framework(FRAMEWORK_ID)

    per_essential = [sum(ind.max_points for ind in group.walk_indicators()) for group in fw.groups]

    assert per_essential == MAX_PER_ESSENTIAL
    assert fw.max_points == 141.0
    assert fw.scoring.method == "sum"


def test_every_question_is_a_described_scale_from_0_to_3() -> None:
    fw = get_framework(FRAMEWORK_ID)

    for ind in fw.indicators():
        assert isinstance(ind, MaturityIndicator), ind.id
        assert [level.value for level in ind.levels] == [0, 1, 2, 3], ind.id
        assert all(level.descriptor and level.descriptor["en"] for level in ind.levels), ind.id


def test_every_question_names_departments_and_pathways() -> None:
    fw = get_framework(FRAMEWORK_ID)

    for ind in fw.indicators():
        assert 1 <= len(ind.departments) <= 3, ind.id
        assert ind.pathways, ind.id


def test_a_level_scores_its_own_value() -> None:
    question = get_framework(FRAMEWORK_ID).indicator("P3.1")

    assert [indicator_points(question, value) for value in (0, 1, 2, 3)] == [0.0, 1.0, 2.0, 3.0]


def test_generic_descriptors_are_listed_as_unverified() -> None:
    fw = get_framework(FRAMEWORK_ID)
    generic = [qid for qid in _question_ids() if qid not in SECONDARY_DESCRIPTORS]

    unverified = fw.unverified_sources()

    assert len(generic) == 36
    assert unverified == [FRAMEWORK_ID, *generic]
    assert "P3.1" not in unverified


def test_secondary_descriptors_rest_on_the_framework_provenance() -> None:
    fw = get_framework(FRAMEWORK_ID)

    for qid in sorted(SECONDARY_DESCRIPTORS):
        assert fw.indicator(qid).provenance is None, qid
    assert fw.provenance.verified is False


def test_the_scorecard_says_its_translations_are_the_contributors_own() -> None:
    note = get_framework(FRAMEWORK_ID).provenance.note
    assert note is not None

    assert "Stocktake contributors' own translations, not UNDRR's official wording" in note["en"]
    assert "Stocktake 貢獻者自行翻譯，並非 UNDRR 的官方譯文" in note["zh-Hant"]
    assert "Stocktake の貢献者による独自の翻訳であり、UNDRR の公式の文言ではない" in note["ja"]
    assert "UNDRR의 공식 문구가 아니라 Stocktake 기여자들이 직접 번역한 것이다" in note["ko"]


@pytest.mark.parametrize(
    ("lang", "resilience", "disaster"),
    [("zh-Hant", "韌性", "減災"), ("ja", "レジリエンス", "防災"), ("ko", "회복력", "재난")],
)
def test_the_scorecard_speaks_each_language_s_disaster_risk_terms(
    lang: str, resilience: str, disaster: str
) -> None:
    fw = get_framework(FRAMEWORK_ID)

    assert resilience in fw.title[lang]
    assert resilience in fw.groups[0].title[lang]
    assert disaster in fw.indicator("P1.2").title[lang]


@pytest.mark.parametrize("lang", ["zh-Hant", "ja", "ko"])
def test_the_generic_levels_read_alike_in_every_question_that_uses_them(lang: str) -> None:
    fw = get_framework(FRAMEWORK_ID)
    generic = [
        ind
        for ind in fw.indicators()
        if isinstance(ind, MaturityIndicator) and ind.id not in SECONDARY_DESCRIPTORS
    ]

    labels = {tuple(level.label[lang] for level in ind.levels) for ind in generic}

    assert len(generic) == 36
    assert len(labels) == 1
    assert len(set(next(iter(labels)))) == 4


def test_version_1_0_1_carries_the_answers_of_1_0_0_over_unchanged() -> None:
    crosswalk = get_framework(FRAMEWORK_ID).crosswalk
    assert crosswalk is not None

    assert crosswalk.from_version == "1.0.0"
    assert (crosswalk.renamed, crosswalk.split, crosswalk.merged, crosswalk.dropped) == (
        {},
        {},
        {},
        [],
    )


def test_a_korean_level_descriptor_left_out_is_named_by_the_validator() -> None:
    entry = resources.files("stocktake.data.frameworks") / f"{FRAMEWORK_ID}.yaml"
    with resources.as_file(entry) as path:
        data = read_yaml(path)
    del data["groups"][7]["indicators"][8]["levels"][3]["descriptor"]["ko"]

    framework, problems = parse_framework(data)

    assert framework is not None
    assert [problem.path for problem in problems] == [
        "groups[7].indicators[8].levels[3].descriptor"
    ]
    assert "has no ko version" in problems[0].message
