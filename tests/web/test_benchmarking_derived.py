"""A city's round on its own version of issa-36, benchmarked against a cohort on issa-36 itself.

Harbour City derives a local version (two indicators dropped, one reworded, one local indicator
added), imports it, runs a round on it and signs off; three other cities sign off on issa-36
1.0.1. The benchmark compares them on the 34 indicators the two versions share, and the pages
say so.
"""

from __future__ import annotations

from collections.abc import Mapping
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from stocktake.frameworks import framework_yaml, get_framework
from stocktake.frameworks.derive import derive
from stocktake_web.accounts.models import User
from stocktake_web.benchmarking.domain.benchmarks import city_benchmark, cohort_benchmark
from stocktake_web.benchmarking.domain.choices import city_choice, cohort_choice
from stocktake_web.frameworks.domain import import_framework
from stocktake_web.frameworks.models import FrameworkVersion
from stocktake_web.network.models import City

from .conftest import Cast
from .test_benchmarking import NAMED, _member, _sign_off

CHANGES = {
    "id": "issa-36-harbour",
    "drop": ["ECO-09", "SOC-08"],
    "reword": {"GOV-03": {"title": {"en": "Residents' say in district plans", "zh-Hant": "參與"}}},
    "add": [
        {
            "group": "env-climate",
            "id": "HB-01",
            "type": "yes_no",
            "title": {"en": "Heat warnings", "zh-Hant": "高溫", "ja": "熱", "ko": "폭염"},
            "departments": ["environment"],
        }
    ],
}
SENTENCE = (
    "Compared on the 34 indicators Harbour City's version shares with issa-36 1.0.1; "
    "2 dropped, 1 local indicator not compared."
)


def _levels(framework: FrameworkVersion, level: int) -> Mapping[str, str]:
    found = {ind.id: str(level) for ind in framework.load().indicators()}
    return found | ({"HB-01": "yes"} if "HB-01" in found else {})


@pytest.fixture
def versions(cast: Cast) -> tuple[FrameworkVersion, FrameworkVersion]:
    """issa-36 with three cities signed off on it at levels 2, 3 and 4, and Harbour's version
    with Harbour signed off on it at level 1."""
    base = import_framework(framework=get_framework("issa-36"))
    local = import_framework(framework=derive(get_framework("issa-36"), CHANGES).framework)
    for level, slug in ((2, "riverside"), (3, "lakeside"), (4, "hilltop")):
        city = _member(cast, slug, slug.title())
        _sign_off(cast, city, _levels(base, level), framework=base, consent=NAMED)
    _sign_off(cast, cast.harbour, _levels(local, 1), framework=local, consent=NAMED)
    return base, local


def test_the_city_is_compared_with_the_cohort_on_the_shared_indicators_only(
    cast: Cast, versions: tuple[FrameworkVersion, FrameworkVersion]
) -> None:
    _, local = versions
    harbour = City.objects.get(pk=cast.harbour.pk)

    bench = city_benchmark(harbour, city_choice(harbour, cohort=None, framework=None))

    assert bench.choice.framework == local
    assert bench.shared is not None and len(bench.shared.indicators) == 34
    indicators = {item.item for item in bench.level("indicator").items}
    assert len(indicators) == 34
    assert not {"ECO-09", "SOC-08", "HB-01"} & indicators
    total = bench.level("total").items[0]
    assert total.distribution is not None and total.distribution.count == 4
    assert total.own == pytest.approx(25.0)
    assert total.distribution.median == pytest.approx(62.5)
    economy = next(item for item in bench.level("dimension").items if item.item == "economy")
    assert economy.own == pytest.approx(25.0)


def test_the_city_page_says_which_part_was_compared(
    client: Client, cast: Cast, versions: tuple[FrameworkVersion, FrameworkVersion]
) -> None:
    client.force_login(User.objects.get(username="alice"))

    response = client.get(reverse("benchmarking:city", args=[cast.harbour.slug]))

    assert response.status_code == 200
    page = response.content.decode()
    assert SENTENCE.replace("'", "&#x27;") in page
    assert "Residents&#x27; say in district plans" not in page


def test_the_secretariat_sees_both_versions_compared_on_the_shared_part(
    client: Client, cast: Cast, versions: tuple[FrameworkVersion, FrameworkVersion]
) -> None:
    base, _ = versions

    bench = cohort_benchmark(cohort_choice(cast.cohort, framework=base.key))
    client.force_login(User.objects.get(username="sam"))
    page = client.get(
        reverse("benchmarking:cohort", args=[cast.network.slug, cast.cohort.pk])
        + f"?framework={base.key}"
    ).content.decode()

    assert {signed.slug for signed in bench.rounds} == {
        "harbour",
        "riverside",
        "lakeside",
        "hilltop",
    }
    assert bench.shared is not None and len(bench.shared.indicators) == 34
    assert (
        "Rounds on issa-36 1.0.1 and on the versions derived from it (issa-36-harbour 1.0.0) "
        "are compared on the 34 indicators they all share"
    ) in page
    workbook = client.get(
        reverse("benchmarking:cohort_export", args=[cast.network.slug, cast.cohort.pk, "xlsx"])
        + f"?framework={base.key}"
    )
    assert workbook.status_code == 200


def test_rounds_on_one_version_alone_are_compared_as_before(cast: Cast) -> None:
    base = import_framework(framework=get_framework("issa-36"))
    _sign_off(cast, cast.harbour, _levels(base, 1), framework=base, consent=NAMED)

    bench = city_benchmark(cast.harbour, city_choice(cast.harbour, cohort=None, framework=None))

    assert bench.shared is None
    assert len(bench.level("indicator").items) == 36


def test_progress_from_the_base_to_the_city_version_compares_the_shared_part(
    client: Client, cast: Cast
) -> None:
    base = import_framework(framework=get_framework("issa-36"))
    local = import_framework(framework=derive(get_framework("issa-36"), CHANGES).framework)
    _sign_off(cast, cast.harbour, _levels(base, 1), framework=base, consent=NAMED)
    _sign_off(cast, cast.harbour, _levels(local, 3), framework=local, consent=NAMED)
    client.force_login(User.objects.get(username="alice"))

    response = client.get(reverse("progress:city", args=[cast.harbour.slug]))

    assert response.status_code == 200
    page = response.content.decode()
    assert (
        "Compared on the 34 indicators issa-36-harbour@1.0.0 shares with issa-36@1.0.1; "
        "2 dropped, 1 local indicator not compared."
    ) in page
    assert response.context["compared"].progress.overall.verdict == "improved"


@pytest.mark.django_db
def test_a_derived_file_is_imported_like_any_framework_file(tmp_path: Path) -> None:
    path = tmp_path / "issa-36-harbour.yaml"
    path.write_text(framework_yaml(derive(get_framework("issa-36"), CHANGES).framework))
    out = StringIO()

    call_command("import_frameworks", str(path), stdout=out)
    call_command("import_frameworks", str(path), stdout=out)

    stored = FrameworkVersion.objects.get(framework_id="issa-36-harbour")
    assert stored.key == "issa-36-harbour@1.0.0"
    derived = stored.load().derived_from
    assert derived is not None and derived.key == "issa-36@1.0.1"
    assert out.getvalue().count("issa-36-harbour@1.0.0") == 2
