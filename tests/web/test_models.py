"""The rows keep their own rules: role scopes, cohort dates, pinned framework versions."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction

from stocktake.frameworks import load_framework
from stocktake_web.accounts.domain import grant_role
from stocktake_web.accounts.models import Role
from stocktake_web.frameworks.domain import FrameworkVersionChanged, import_framework
from stocktake_web.frameworks.models import FrameworkVersion
from stocktake_web.network.models import Cohort

from .conftest import DATA, Cast


def test_a_role_must_name_the_place_its_kind_needs(cast: Cast) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Role.objects.create(user=cast.bob, kind=Role.Kind.COORDINATOR, department=cast.planning)


def test_grant_role_refuses_a_place_of_the_wrong_kind(cast: Cast) -> None:
    with pytest.raises(ValueError, match="needs exactly its own kind of place"):
        grant_role(user=cast.bob, kind=Role.Kind.RESPONDENT, city=cast.harbour)


def test_granting_a_held_role_again_keeps_one_row(cast: Cast) -> None:
    grant_role(user=cast.alice, kind=Role.Kind.COORDINATOR, city=cast.harbour)

    assert Role.objects.filter(user=cast.alice).count() == 1


def test_a_person_may_hold_several_roles_in_several_places(cast: Cast) -> None:
    grant_role(user=cast.bob, kind=Role.Kind.VIEWER, city=cast.hillside)

    assert set(Role.objects.filter(user=cast.bob).values_list("kind", flat=True)) == {
        "respondent",
        "viewer",
    }


def test_a_cohort_cannot_end_before_it_starts(cast: Cast) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Cohort.objects.create(
            network=cast.network,
            name="Backwards",
            start=datetime.date(2026, 1, 1),
            end=datetime.date(2025, 1, 1),
        )


def test_city_name_falls_back_to_english(cast: Cast) -> None:
    assert cast.harbour.display_name("zh-Hant") == "Harbour City（中文）"
    assert cast.harbour.display_name("ja") == "Harbour City"


def test_stored_framework_loads_back_equal_to_the_core_file(
    pilot_framework: FrameworkVersion,
) -> None:
    assert pilot_framework.load() == load_framework(DATA / "pilot.yaml")
    assert pilot_framework.key == "pilot@1.0.0"


def test_importing_the_same_version_again_is_a_no_op(pilot_framework: FrameworkVersion) -> None:
    again = import_framework(framework=load_framework(DATA / "pilot.yaml"))

    assert again.pk == pilot_framework.pk
    assert FrameworkVersion.objects.count() == 1


def test_changed_content_under_a_known_version_is_refused(
    pilot_framework: FrameworkVersion,
) -> None:
    changed = load_framework(DATA / "pilot.yaml").model_copy(update={"licence": "CC0-1.0"})

    with pytest.raises(FrameworkVersionChanged, match="give the changed framework a new version"):
        import_framework(framework=changed)
