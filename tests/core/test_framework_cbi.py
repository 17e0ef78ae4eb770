"""The bundled Singapore Index on Cities' Biodiversity, 2014 edition.

Expected points come from published applications (Hyderabad 2012, Vijayawada) and from the printed
bands, whose values are rounded to the printed precision before lookup.
"""

from importlib import resources

import pytest

from networkbuilders import answer
from stocktake.answers import indicator_points
from stocktake.frameworks import (
    BandedIndicator,
    MaturityIndicator,
    get_framework,
    read_framework_file,
)
from stocktake.network import compare_rounds

FRAMEWORK_ID = "cbi-2014"
ORDINAL = ["CBI-17", "CBI-20", "CBI-22"]
SPECIES_CHANGE = ["CBI-04", "CBI-05", "CBI-06", "CBI-07", "CBI-08"]


def _points(indicator_id: str, value: float) -> float | None:
    return indicator_points(get_framework(FRAMEWORK_ID).indicator(indicator_id), value)


def test_bundled_file_validates_without_problems() -> None:
    entry = resources.files("stocktake.data.frameworks") / f"{FRAMEWORK_ID}.yaml"
    with resources.as_file(entry) as path:
        framework, problems = read_framework_file(path)

    assert problems == []
    assert framework is not None
    assert framework.key == "cbi-2014@2014.1.0"


def test_23_indicators_in_three_components() -> None:
    fw = get_framework(FRAMEWORK_ID)

    assert [ind.id for ind in fw.indicators()] == [f"CBI-{n:02d}" for n in range(1, 24)]
    assert [group.kind for group in fw.groups] == ["component"] * 3
    assert [len(list(group.walk_indicators())) for group in fw.groups] == [10, 4, 9]


def test_maximum_is_92_and_per_component_40_16_36() -> None:
    fw = get_framework(FRAMEWORK_ID)

    per_component = [sum(ind.max_points for ind in group.walk_indicators()) for group in fw.groups]

    assert per_component == [40.0, 16.0, 36.0]
    assert fw.max_points == 92.0
    assert fw.scoring.method == "sum"


def test_every_indicator_scores_from_0_to_4() -> None:
    for ind in get_framework(FRAMEWORK_ID).indicators():
        assert (ind.min_points, ind.max_points) == (0.0, 4.0), ind.id


def test_only_species_change_indicators_are_optional() -> None:
    fw = get_framework(FRAMEWORK_ID)

    assert [ind.id for ind in fw.indicators() if ind.optional] == SPECIES_CHANGE


def test_ordinal_indicators_are_maturity_scales_from_0_to_4() -> None:
    fw = get_framework(FRAMEWORK_ID)

    maturity = [ind for ind in fw.indicators() if isinstance(ind, MaturityIndicator)]

    assert [ind.id for ind in maturity] == ORDINAL
    for ind in maturity:
        assert [level.value for level in ind.levels] == [0, 1, 2, 3, 4], ind.id
        assert ind.provenance is not None and ind.provenance.verified is False, ind.id


def test_only_invasive_species_is_lower_is_better() -> None:
    fw = get_framework(FRAMEWORK_ID)

    lower = [
        ind.id
        for ind in fw.indicators()
        if isinstance(ind, BandedIndicator) and ind.direction == "lower"
    ]

    assert lower == ["CBI-10"]


def test_hyderabad_2012_budget_share_scores_one_point() -> None:
    assert _points("CBI-15", 57.53 / 3600 * 100) == 1.0
    assert _points("CBI-15", 1.598) == 1.0


def test_vijayawada_park_area_scores_four_points() -> None:
    assert _points("CBI-13", 1.05) == 4.0


def test_vijayawada_budget_share_scores_no_points() -> None:
    assert _points("CBI-15", 0.199) == 0.0


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0.94, 0.0),
        (0.99, 1.0),
        (6.9, 1.0),
        (6.94, 1.0),
        (6.95, 2.0),
        (20.0, 3.0),
        (20.04, 3.0),
        (20.05, 4.0),
    ],
)
def test_natural_area_share_is_rounded_to_one_decimal_before_lookup(
    value: float, expected: float
) -> None:
    assert _points("CBI-01", value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0.9, 4.0), (1.0, 3.0), (10.95, 2.0), (20.05, 1.0), (30.0, 1.0), (30.05, 0.0)],
)
def test_fewer_invasive_species_earn_more_points(value: float, expected: float) -> None:
    assert _points("CBI-10", value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, 0.0), (1, 1.0), (59, 1.0), (60, 2.0), (300, 3.0), (301, 4.0)],
)
def test_outreach_events_are_counted_in_whole_events(value: int, expected: float) -> None:
    assert _points("CBI-23", value) == expected


@pytest.mark.parametrize(("value", "expected"), [(200, 0.0), (200.4, 0.0), (200.5, 1.0)])
def test_mesh_size_of_200_ha_closes_the_printed_gap_at_zero_points(
    value: float, expected: float
) -> None:
    assert _points("CBI-02", value) == expected


@pytest.mark.parametrize(("value", "expected"), [(0, 0.0), (2, 0.0), (3, 1.0), (5, 3.0), (6, 4.0)])
def test_no_cooperating_agency_scores_like_one_or_two(value: int, expected: float) -> None:
    assert _points("CBI-19", value) == expected


@pytest.mark.parametrize(("value", "expected"), [(-3, 0.0), (0, 0.0), (1, 1.0), (3, 3.0), (7, 4.0)])
def test_species_change_scores_net_gain_since_previous_survey(value: int, expected: float) -> None:
    fw = get_framework(FRAMEWORK_ID)

    points = [indicator_points(fw.indicator(iid), value) for iid in SPECIES_CHANGE]

    assert points == [expected] * 5


def test_blank_species_change_stays_unscored() -> None:
    assert _points("CBI-04", None) is None


def test_every_band_table_has_provenance_and_unverified_tables_are_listed() -> None:
    fw = get_framework(FRAMEWORK_ID)
    banded = [ind for ind in fw.indicators() if isinstance(ind, BandedIndicator)]

    unverified_tables = [ind.id for ind in banded if not ind.bands.provenance.verified]

    assert len(banded) == 20
    assert all(ind.bands.provenance.source.startswith("Singapore Index") for ind in banded)
    assert set(unverified_tables) <= set(fw.unverified_sources())
    assert fw.unverified_sources() == [FRAMEWORK_ID, *(f"CBI-{n:02d}" for n in range(1, 24))]


STAGES = ["None", "Being considered", "Planned", "Being implemented", "Implemented"]


@pytest.mark.parametrize("indicator_id", ["CBI-20", "CBI-22"])
def test_consultation_and_curriculum_levels_are_the_manual_s_stages(indicator_id: str) -> None:
    ind = get_framework(FRAMEWORK_ID).indicator(indicator_id)

    assert isinstance(ind, MaturityIndicator)
    assert [level.label["en"] for level in ind.levels] == STAGES
    assert [level.value for level in ind.levels] == [0, 1, 2, 3, 4]


def test_consultation_stages_say_how_far_the_routine_process_has_come() -> None:
    ind = get_framework(FRAMEWORK_ID).indicator("CBI-20")
    assert isinstance(ind, MaturityIndicator)

    descriptors = [level.descriptor["en"] for level in ind.levels if level.descriptor]

    assert descriptors == [
        "There is no formal or informal process for consulting the public on "
        "biodiversity-related matters.",
        "A formal or informal public consultation process on biodiversity-related matters is "
        "being considered as part of the city's routine process.",
        "Such a process is being planned as part of the city's routine process.",
        "Such a process is being put in place as part of the city's routine process.",
        "A formal or informal public consultation process on biodiversity-related matters is in "
        "place and part of the city's routine process.",
    ]


def test_curriculum_stages_end_with_biodiversity_in_the_curriculum() -> None:
    ind = get_framework(FRAMEWORK_ID).indicator("CBI-22")
    assert isinstance(ind, MaturityIndicator)

    descriptors = [level.descriptor["en"] for level in ind.levels if level.descriptor]

    assert descriptors == [
        "Biodiversity and nature awareness are not included in the school curriculum.",
        "Including biodiversity or nature awareness in the school curriculum is being considered.",
        "Including biodiversity or nature awareness in the school curriculum is being planned.",
        "Biodiversity or nature awareness is being brought into the school curriculum.",
        "Biodiversity, or elements of it, are included in the school curriculum.",
    ]


def test_rounds_on_the_first_version_are_read_through_a_crosswalk() -> None:
    fw = get_framework(FRAMEWORK_ID)

    assert fw.crosswalk is not None
    assert fw.crosswalk.from_version == "2014.0.0"
    assert (fw.crosswalk.renamed, fw.crosswalk.split, fw.crosswalk.merged) == ({}, {}, {})
    assert fw.crosswalk.dropped == []


def test_a_baseline_on_the_first_version_is_compared_with_a_later_round() -> None:
    later = get_framework(FRAMEWORK_ID)
    baseline = later.model_copy(update={"version": "2014.0.0", "crosswalk": None})

    progress = compare_rounds(
        later,
        [answer("CBI-20", 1), answer("CBI-22", 0), answer("CBI-15", 0.2)],
        [answer("CBI-20", 4), answer("CBI-22", 0), answer("CBI-15", 2.5)],
        earlier=baseline,
    )

    changes = {c.id: (c.before, c.after) for c in progress.indicators if c.before is not None}
    assert progress.earlier_framework == "cbi-2014@2014.0.0"
    assert changes == {"CBI-15": (0.0, 2.0), "CBI-20": (1.0, 4.0), "CBI-22": (0.0, 0.0)}
