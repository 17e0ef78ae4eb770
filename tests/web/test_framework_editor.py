"""The framework editor: drafts started from a version, each form's save checked as the
framework file is, two editors of one draft, publishing, and rounds on the published version.

Harbour City's coordinator (Alice) derives ``pilot`` (``tests/web/data/pilot.yaml``, English and
Traditional Chinese) for her city; Hillside (Charlie) must never see or use what she publishes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from stocktake_web.assessments.models import Round
from stocktake_web.frameworks.domain import drafts
from stocktake_web.frameworks.domain.errors import InvalidFrameworkError, StaleDraftError
from stocktake_web.frameworks.domain.versions import Owner
from stocktake_web.frameworks.models import FrameworkDraft, FrameworkVersion

from .conftest import Cast

INDICATORS = ("G1", "G2", "E1", "E2", "E3")
DATA_PILOT = Path(__file__).parent / "data" / "pilot.yaml"


def harbour_draft(cast: Cast, **changes: Any) -> FrameworkDraft:
    draft = drafts.start_draft(
        base=cast.framework,
        owner=Owner(network=cast.network, city=cast.harbour),
        new_id="pilot-harbour",
        new_version="1.0.0",
        by=cast.alice,
    )
    if changes:
        drafts.save_draft(draft=draft, changes=changes, base_version=0, by=cast.alice)
    return draft


def selection(version: int = 0, **overrides: str) -> dict[str, str]:
    """The selection form as the page sends it: everything kept, weights as the base's."""
    data = {"base_version": str(version)}
    for key in INDICATORS:
        data[f"include-{key}"] = "on"
        data[f"weight-{key}"] = "1"
    data.update(overrides)
    return {k: v for k, v in data.items() if v != ""}


@pytest.fixture
def alice(client: Client, cast: Cast) -> Client:
    client.force_login(cast.alice)
    return client


# -- starting a draft -----------------------------------------------------------------------------


def test_a_coordinator_starts_a_draft_of_her_citys_own_version(cast: Cast, alice: Client) -> None:
    url = reverse("frameworks:derive", args=[cast.framework.pk])

    response = alice.post(
        url, {"owner": f"city:{cast.harbour.pk}", "new_id": "pilot-harbour", "new_version": "1.0.0"}
    )

    draft = FrameworkDraft.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("frameworks:draft", args=[draft.pk])
    assert (draft.city, draft.network, draft.base) == (cast.harbour, cast.network, cast.framework)
    assert drafts.draft_state(draft).publishable


def test_the_version_page_suggests_an_id_of_the_citys_own(cast: Cast, alice: Client) -> None:
    response = alice.get(reverse("frameworks:version", args=[cast.framework.pk]))

    assert response.status_code == 200
    assert 'value="pilot-harbour"' in response.content.decode()


def test_a_draft_may_not_take_the_shared_frameworks_id(cast: Cast, alice: Client) -> None:
    response = alice.post(
        reverse("frameworks:derive", args=[cast.framework.pk]),
        {"owner": f"city:{cast.harbour.pk}", "new_id": "pilot", "new_version": "1.1.0"},
    )

    assert response.status_code == 400
    assert "belongs to versions published by someone else" in response.content.decode()
    assert not FrameworkDraft.objects.exists()


def test_a_coordinator_cannot_start_a_draft_for_another_city(cast: Cast, alice: Client) -> None:
    response = alice.post(
        reverse("frameworks:derive", args=[cast.framework.pk]),
        {"owner": f"city:{cast.hillside.pk}", "new_id": "pilot-hill", "new_version": "1.0.0"},
    )

    assert response.status_code == 400
    assert not FrameworkDraft.objects.exists()


# -- the forms ------------------------------------------------------------------------------------


def test_the_selection_drops_marks_not_applicable_and_weights(cast: Cast, alice: Client) -> None:
    draft = harbour_draft(cast)
    data = selection(**{"include-G2": "", "na-E2": "on", "weight-E1": "2.5"})

    response = alice.post(reverse("frameworks:selection", args=[draft.pk]), data)

    draft.refresh_from_db()
    assert response.status_code == 302
    assert draft.changes == {"drop": ["G2"], "not_applicable": ["E2"], "weights": {"E1": 2.5}}
    assert draft.version == 1
    framework = drafts.draft_state(draft).framework
    assert framework is not None
    assert [ind.id for ind in framework.indicators()] == ["G1", "E1", "E2", "E3"]
    assert framework.not_applicable == {"E2"}
    assert framework.indicator("E1").weight == 2.5


def test_a_weight_out_of_bounds_is_shown_at_its_field_and_nothing_is_lost(
    cast: Cast, alice: Client
) -> None:
    draft = harbour_draft(cast)
    data = selection(**{"include-G2": "", "weight-E1": "150"})

    response = alice.post(reverse("frameworks:selection", args=[draft.pk]), data)

    draft.refresh_from_db()
    page = response.content.decode()
    assert response.status_code == 400
    assert draft.version == 0 and draft.changes == {}
    assert response.context["selection"].errors["weight-E1"]
    assert 'name="weight-E1" value="150"' in page  # what was typed stays
    assert 'name="include-G2"' in page and 'name="include-G2" checked' not in page


def test_dropping_every_indicator_is_refused_with_the_cores_reason(
    cast: Cast, alice: Client
) -> None:
    draft = harbour_draft(cast)
    data = selection(**{f"include-{key}": "" for key in INDICATORS})

    response = alice.post(reverse("frameworks:selection", args=[draft.pk]), data)

    draft.refresh_from_db()
    assert response.status_code == 400
    assert draft.changes == {}
    assert "every indicator of pilot@1.0.0 would be dropped" in response.content.decode()


def test_a_reword_in_traditional_chinese_keeps_only_what_changed(cast: Cast, alice: Client) -> None:
    draft = harbour_draft(cast)
    url = reverse("frameworks:reword", args=[draft.pk, "G1"])
    form = alice.get(url).context["form"]
    data = {name: field.initial for name, field in form.fields.items()} | {"base_version": "0"}
    data["title-zh-Hant"] = "跨局處協調與整合"
    data["level-2-zh-Hant"] = "已指定主責單位並定期開會。"

    response = alice.post(url, data)

    draft.refresh_from_db()
    assert response.status_code == 302
    assert draft.changes == {
        "reword": {
            "G1": {
                "title": {"zh-Hant": "跨局處協調與整合"},
                "levels": {"2": {"zh-Hant": "已指定主責單位並定期開會。"}},
            }
        }
    }
    framework = drafts.draft_state(draft).framework
    assert framework is not None and framework.derived_from is not None
    assert framework.derived_from.reworded == {"G1": ["zh-Hant"]}


def test_an_emptied_translation_is_refused_next_to_its_field(cast: Cast, alice: Client) -> None:
    draft = harbour_draft(cast)
    url = reverse("frameworks:reword", args=[draft.pk, "G1"])
    form = alice.get(url).context["form"]
    data = {name: field.initial for name, field in form.fields.items()} | {"base_version": "0"}
    data["title-en"] = "Coordination across departments"
    data["title-zh-Hant"] = ""

    response = alice.post(url, data)

    draft.refresh_from_db()
    assert response.status_code == 400
    assert draft.changes == {}
    assert response.context["form"].errors["title-zh-Hant"] == ["the new text is empty"]
    assert 'value="Coordination across departments"' in response.content.decode()


def local_indicator(**overrides: str) -> dict[str, str]:
    data = {
        "base_version": "0",
        "id": "HC-01",
        "group": "env",
        "weight": "1",
        "pathways": "resilient",
        "departments": "environment",
        "title-en": "Typhoon shelters",
        "title-zh-Hant": "颱風避難所",
    }
    for value, (en, zh) in enumerate([("None", "無"), ("Some", "部分"), ("All", "全部")]):
        data[f"level-{value}-label-en"] = en
        data[f"level-{value}-label-zh-Hant"] = zh
    for value in (3, 4):
        data[f"level-{value}-label-en"] = ""
        data[f"level-{value}-label-zh-Hant"] = ""
    data.update(overrides)
    return data


def test_a_local_indicator_is_added_to_its_group(cast: Cast, alice: Client) -> None:
    draft = harbour_draft(cast)

    response = alice.post(reverse("frameworks:add_local", args=[draft.pk]), local_indicator())

    draft.refresh_from_db()
    assert response.status_code == 302
    framework = drafts.draft_state(draft).framework
    assert framework is not None and framework.derived_from is not None
    added = framework.indicator("HC-01")
    assert [level.value for level in added.levels] == [0, 1, 2]  # type: ignore[union-attr]
    assert framework.group_path("HC-01")[-1].id == "env"
    assert framework.derived_from.added == ["HC-01"]


def test_a_local_indicator_missing_a_translation_is_refused_at_that_field(
    cast: Cast, alice: Client
) -> None:
    draft = harbour_draft(cast)

    response = alice.post(
        reverse("frameworks:add_local", args=[draft.pk]), local_indicator(**{"title-zh-Hant": ""})
    )

    draft.refresh_from_db()
    assert response.status_code == 400
    assert draft.changes == {}
    assert "zh-Hant" in " ".join(response.context["form"].errors["title-zh-Hant"])
    assert 'value="Typhoon shelters"' in response.content.decode()


def test_a_local_indicator_may_not_take_an_id_of_the_base(cast: Cast, alice: Client) -> None:
    draft = harbour_draft(cast)

    response = alice.post(
        reverse("frameworks:add_local", args=[draft.pk]), local_indicator(id="G1")
    )

    assert response.status_code == 400
    assert "needs an id of its own" in " ".join(response.context["form"].errors["id"])


def test_a_local_indicator_is_changed_and_removed(cast: Cast, alice: Client) -> None:
    draft = harbour_draft(cast)
    alice.post(reverse("frameworks:add_local", args=[draft.pk]), local_indicator())
    url = reverse("frameworks:edit_local", args=[draft.pk, "HC-01"])

    alice.post(url, local_indicator(base_version="1", **{"title-en": "Shelters"}))
    draft.refresh_from_db()
    renamed = draft.changes["add"][0]["title"]["en"]
    alice.post(url, {"base_version": "2", "remove": "1"})
    draft.refresh_from_db()

    assert renamed == "Shelters"
    assert "add" not in draft.changes
    assert draft.version == 3


# -- two editors ----------------------------------------------------------------------------------


def test_of_two_saves_from_the_same_page_the_first_wins_and_the_second_is_told(
    cast: Cast, alice: Client
) -> None:
    draft = harbour_draft(cast)
    url = reverse("frameworks:selection", args=[draft.pk])

    first = alice.post(url, selection(**{"include-G2": ""}))
    second = alice.post(url, selection(**{"include-E3": ""}))

    draft.refresh_from_db()
    assert first.status_code == 302
    assert second.status_code == 400
    assert "saved this draft" in second.content.decode()
    assert draft.changes == {"drop": ["G2"]}
    assert 'name="base_version" value="1"' in second.content.decode()


def test_saving_again_after_being_told_replaces_the_draft_knowingly(
    cast: Cast, alice: Client
) -> None:
    draft = harbour_draft(cast)
    url = reverse("frameworks:selection", args=[draft.pk])
    alice.post(url, selection(**{"include-G2": ""}))
    told = alice.post(url, selection(**{"include-E3": ""}))

    again = told.context["selection"].data
    response = alice.post(url, again)

    draft.refresh_from_db()
    assert response.status_code == 302
    assert draft.changes == {"drop": ["E3"]}


def test_the_domain_refuses_a_stale_save(cast: Cast) -> None:
    draft = harbour_draft(cast, drop=["G2"])

    with pytest.raises(StaleDraftError) as refused:
        drafts.save_draft(draft=draft, changes={"drop": ["E3"]}, base_version=0, by=cast.alice)

    assert refused.value.by == "alice" and refused.value.version == 1


def test_an_invalid_change_keeps_nothing(cast: Cast) -> None:
    draft = harbour_draft(cast)

    with pytest.raises(InvalidFrameworkError) as refused:
        drafts.save_draft(draft=draft, changes={"drop": ["XX"]}, base_version=0, by=cast.alice)

    draft.refresh_from_db()
    assert [p.path for p in refused.value.problems] == ["drop[0]"]
    assert draft.version == 0


# -- publishing -----------------------------------------------------------------------------------


def test_publishing_makes_a_new_version_of_the_citys_own(cast: Cast, alice: Client) -> None:
    draft = harbour_draft(cast, drop=["G2"])

    response = alice.post(reverse("frameworks:publish", args=[draft.pk]), {"base_version": "1"})

    version = FrameworkVersion.objects.get(framework_id="pilot-harbour")
    assert response["Location"] == reverse("frameworks:version", args=[version.pk])
    assert (version.city, version.network, version.derived_from) == (
        cast.harbour,
        cast.network,
        cast.framework,
    )
    derived = version.load().derived_from
    assert derived is not None and (derived.id, derived.version) == ("pilot", "1.0.0")
    assert derived.dropped == ["G2"]
    draft.refresh_from_db()
    assert draft.published_as == version


def test_publishing_twice_publishes_once(cast: Cast, alice: Client) -> None:
    draft = harbour_draft(cast)
    url = reverse("frameworks:publish", args=[draft.pk])

    alice.post(url, {"base_version": "0"})
    response = alice.post(url, {"base_version": "0"}, follow=True)

    assert FrameworkVersion.objects.filter(framework_id="pilot-harbour").count() == 1
    assert "already published as pilot-harbour@1.0.0" in response.content.decode()


def test_publishing_a_draft_changed_since_the_page_was_opened_is_refused(cast: Cast) -> None:
    draft = harbour_draft(cast, drop=["G2"])

    with pytest.raises(StaleDraftError):
        drafts.publish_draft(draft=draft, base_version=0, by=cast.alice)

    assert not FrameworkVersion.objects.filter(framework_id="pilot-harbour").exists()


def test_a_new_version_of_the_citys_own_keeps_its_id(cast: Cast, alice: Client) -> None:
    first = drafts.publish_draft(draft=harbour_draft(cast), base_version=0, by=cast.alice)

    page = alice.get(reverse("frameworks:version", args=[first.pk])).content.decode()
    alice.post(
        reverse("frameworks:derive", args=[first.pk]),
        {"owner": f"city:{cast.harbour.pk}", "new_id": "pilot-harbour", "new_version": "1.1.0"},
    )
    draft = FrameworkDraft.objects.get(published_as__isnull=True)
    second = drafts.publish_draft(draft=draft, base_version=0, by=cast.alice)

    assert 'value="1.1.0"' in page
    assert second.key == "pilot-harbour@1.1.0" and second.derived_from == first


# -- rounds on the published version --------------------------------------------------------------


def test_the_round_form_lists_a_citys_version_for_that_city_only(
    cast: Cast, client: Client
) -> None:
    version = drafts.publish_draft(draft=harbour_draft(cast), base_version=0, by=cast.alice)

    client.force_login(cast.alice)
    ours = client.get(reverse("assessments:open_round", args=["harbour"])).context["form"]
    client.force_login(cast.charlie)
    theirs = client.get(reverse("assessments:open_round", args=["hillside"])).context["form"]

    assert version in ours.fields["framework"].queryset
    assert version not in theirs.fields["framework"].queryset
    assert cast.framework in theirs.fields["framework"].queryset


def test_a_networks_version_is_listed_for_every_city_of_the_network(
    cast: Cast, client: Client
) -> None:
    draft = drafts.start_draft(
        base=cast.framework,
        owner=Owner(network=cast.network),
        new_id="pilot-east",
        new_version="1.0.0",
        by=cast.sam,
    )
    version = drafts.publish_draft(draft=draft, base_version=0, by=cast.sam)

    client.force_login(cast.charlie)
    form = client.get(reverse("assessments:open_round", args=["hillside"])).context["form"]

    assert version in form.fields["framework"].queryset


def test_a_round_cannot_be_opened_on_another_citys_version(cast: Cast, client: Client) -> None:
    version = drafts.publish_draft(draft=harbour_draft(cast), base_version=0, by=cast.alice)
    client.force_login(cast.charlie)

    response = client.post(
        reverse("assessments:open_round", args=["hillside"]),
        {"framework": version.pk, "name": "Borrowed", "deadline": "2099-01-31", "reason": "x"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["framework"]
    assert not Round.objects.filter(name="Borrowed").exists()


def test_a_coordinator_opens_a_round_on_her_published_version(cast: Cast, alice: Client) -> None:
    version = drafts.publish_draft(
        draft=harbour_draft(cast, drop=["G2"]), base_version=1, by=cast.alice
    )

    response = alice.post(
        reverse("assessments:open_round", args=["harbour"]),
        {"framework": version.pk, "name": "Local 2026", "deadline": "2099-01-31"},
    )

    opened = Round.objects.get(name="Local 2026")
    assert response.status_code == 302
    assert opened.framework == version and opened.city == cast.harbour


# -- preview and diff -----------------------------------------------------------------------------


def test_the_preview_shows_the_respondents_page_in_the_language_chosen(
    cast: Cast, alice: Client
) -> None:
    draft = harbour_draft(cast, reword={"G1": {"title": {"zh-Hant": "跨局處協調與整合"}}})

    response = alice.get(
        reverse("frameworks:draft_preview", args=[draft.pk, "G1"]), {"lang": "zh-Hant"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-preview-language="zh-Hant"' in page
    assert "跨局處協調與整合" in page
    assert "已指定主責單位。" in page  # a level descriptor, in Chinese
    assert "佐證資料" in page  # the answer form's own words, in the interface's Chinese
    assert "Signed in as" in page  # the editor's page around it stays in English


def test_the_preview_of_an_indicator_marked_not_applicable_says_so(
    cast: Cast, alice: Client
) -> None:
    draft = harbour_draft(cast, not_applicable=["E2"])

    response = alice.get(reverse("frameworks:draft_preview", args=[draft.pk, "E2"]))

    assert "left out of every score" in response.content.decode()


def test_the_diff_between_two_versions_lists_what_changed(cast: Cast, alice: Client) -> None:
    draft = harbour_draft(
        cast,
        drop=["G2", "E3"],
        reword={"G1": {"title": {"zh-Hant": "跨局處協調與整合"}}},
        weights={"E1": 2},
        add=[
            {
                "group": "env",
                "id": "HC-01",
                "type": "yes_no",
                "title": {"en": "Typhoon shelters", "zh-Hant": "颱風避難所"},
            }
        ],
    )
    version = drafts.publish_draft(draft=draft, base_version=1, by=cast.alice)

    response = alice.get(reverse("frameworks:diff"), {"a": cast.framework.pk, "b": version.pk})

    found = response.context["diff"]
    page = response.content.decode()
    assert (found.dropped, found.added) == (("G2", "E3"), ("HC-01",))
    assert [item.indicator for item in found.reworded] == ["G1"]
    assert [item.indicator for item in found.reweighted] == ["E1"]
    assert "<del>跨局處協調</del>" in page and "<ins>跨局處協調與整合</ins>" in page


def test_the_diff_of_a_version_nobody_may_see_is_not_found(cast: Cast, client: Client) -> None:
    version = drafts.publish_draft(draft=harbour_draft(cast), base_version=0, by=cast.alice)
    client.force_login(cast.charlie)

    response = client.get(reverse("frameworks:diff"), {"a": cast.framework.pk, "b": version.pk})

    assert response.status_code == 404


# -- versions never change ------------------------------------------------------------------------


def published_and_used(cast: Cast) -> FrameworkVersion:
    """Harbour City's published version, with a round of Harbour City's on it."""
    from stocktake_web.assessments.domain import open_round

    version = drafts.publish_draft(draft=harbour_draft(cast), base_version=0, by=cast.alice)
    open_round(
        city=cast.harbour,
        framework=version,
        name="Local",
        deadline=cast.round.deadline,
        opened_by=cast.alice,
        reason="Beside the 2025 round",
    )
    return version


def test_a_version_used_by_a_round_cannot_be_removed(cast: Cast, alice: Client) -> None:
    version = published_and_used(cast)

    response = alice.post(reverse("frameworks:withdraw", args=[version.pk]), follow=True)

    assert FrameworkVersion.objects.filter(pk=version.pk).exists()
    assert "is used by the rounds Harbour City: Local, so it can never be changed or removed" in (
        response.content.decode()
    )


def test_an_unused_version_is_removed_by_its_owner(cast: Cast, alice: Client) -> None:
    version = drafts.publish_draft(draft=harbour_draft(cast), base_version=0, by=cast.alice)

    response = alice.post(reverse("frameworks:withdraw", args=[version.pk]))

    assert response.status_code == 302
    assert not FrameworkVersion.objects.filter(pk=version.pk).exists()


def test_a_stored_version_refuses_a_change_of_content(cast: Cast) -> None:
    from stocktake_web.frameworks.models import FrameworkVersionImmutable

    version = published_and_used(cast)
    version.digest = "0" * 64

    with pytest.raises(FrameworkVersionImmutable, match="never changes"):
        version.save()


def test_a_used_version_cannot_be_deleted(cast: Cast) -> None:
    from django.db.models import ProtectedError

    version = published_and_used(cast)

    with pytest.raises(ProtectedError):
        version.delete()


def test_publishing_under_a_published_key_is_refused(cast: Cast, alice: Client) -> None:
    published_and_used(cast)
    draft = drafts.start_draft(
        base=cast.framework,
        owner=Owner(network=cast.network, city=cast.harbour),
        new_id="pilot-harbour-2",
        new_version="1.0.0",
        by=cast.alice,
    )

    response = alice.post(
        reverse("frameworks:identity", args=[draft.pk]),
        {"base_version": "0", "new_id": "pilot-harbour", "new_version": "1.0.0"},
    )

    draft.refresh_from_db()
    assert response.status_code == 400
    assert "pilot-harbour@1.0.0 is already published" in response.content.decode()
    assert draft.new_id == "pilot-harbour-2"


# -- the file itself ------------------------------------------------------------------------------


def upload(name: str, content: bytes) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/yaml")


def test_a_version_downloads_as_a_file_that_imports_back(cast: Cast, alice: Client) -> None:
    from stocktake_web.frameworks.domain.files import read_framework_text

    version = drafts.publish_draft(
        draft=harbour_draft(cast, drop=["G2"]), base_version=1, by=cast.alice
    )

    response = alice.get(reverse("frameworks:export", args=[version.pk]))

    assert response["Content-Disposition"] == 'attachment; filename="pilot-harbour-1.0.0.yaml"'
    assert read_framework_text(response.content) == version.load()


def test_importing_a_file_publishes_it_for_the_owner_chosen(cast: Cast, alice: Client) -> None:
    text = (DATA_PILOT.read_text(encoding="utf-8")).replace("id: pilot\n", "id: pilot-file\n")

    response = alice.post(
        reverse("frameworks:import"),
        {"owner": f"city:{cast.harbour.pk}", "file": upload("f.yaml", text.encode())},
    )

    version = FrameworkVersion.objects.get(framework_id="pilot-file")
    assert response["Location"] == reverse("frameworks:version", args=[version.pk])
    assert version.city == cast.harbour and version.published_by == cast.alice


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"id: [unclosed\n", "is not valid YAML at line"),
        (b"- just\n- a list\n", "must hold a mapping"),
        (b"id: pilot-x\nversion: '1.0'\n", "this field is required but missing"),
        (
            b"a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n"
            + b"".join(
                f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n".encode()
                for p, c in zip("abcdefg", "bcdefgh", strict=True)
            ),
            "stand for more than",
        ),
    ],
    ids=["bad-yaml", "not-a-mapping", "incomplete", "alias-bomb"],
)
def test_a_malformed_file_is_refused_whole_with_its_problems(
    cast: Cast, alice: Client, content: bytes, expected: str
) -> None:
    before = FrameworkVersion.objects.count()

    response = alice.post(
        reverse("frameworks:import"),
        {"owner": f"city:{cast.harbour.pk}", "file": upload("f.yaml", content)},
    )

    assert response.status_code == 400
    assert expected in response.content.decode()
    assert FrameworkVersion.objects.count() == before


def test_a_huge_file_is_refused_unread(cast: Cast, alice: Client) -> None:
    content = b"# " + b"x" * (3 * 1024 * 1024) + b"\n"

    response = alice.post(
        reverse("frameworks:import"),
        {"owner": f"city:{cast.harbour.pk}", "file": upload("big.yaml", content)},
    )

    assert response.status_code == 400
    assert "larger than 2 MB" in response.content.decode()


def test_a_file_that_is_not_utf8_is_refused(cast: Cast, alice: Client) -> None:
    response = alice.post(
        reverse("frameworks:import"),
        {"owner": f"city:{cast.harbour.pk}", "file": upload("f.yaml", "標題".encode("big5"))},
    )

    assert response.status_code == 400
    assert "not UTF-8" in response.content.decode()


def test_importing_new_content_under_a_used_key_is_refused(cast: Cast, alice: Client) -> None:
    version = published_and_used(cast)
    text = version.definition | {"description": {"en": "Changed", "zh-Hant": "已變更"}}
    import yaml

    response = alice.post(
        reverse("frameworks:import"),
        {
            "owner": f"city:{cast.harbour.pk}",
            "file": upload("f.yaml", yaml.safe_dump(text, allow_unicode=True).encode()),
        },
    )

    assert response.status_code == 400
    assert "pilot-harbour@1.0.0 is already published" in response.content.decode()
    assert FrameworkVersion.objects.get(pk=version.pk).digest == version.digest


def test_the_changes_file_derives_the_same_framework_on_the_command_line(
    cast: Cast, alice: Client
) -> None:
    import yaml

    from stocktake.frameworks.derive import derive

    draft = harbour_draft(cast, drop=["G2"], weights={"E1": 2.0})

    response = alice.get(reverse("frameworks:changes", args=[draft.pk]))

    changes = yaml.safe_load(response.content)
    state = drafts.draft_state(draft)
    assert derive(cast.framework.load(), changes).framework == state.framework


# -- the list -------------------------------------------------------------------------------------


def test_the_list_shows_each_version_with_who_may_edit_it(cast: Cast, client: Client) -> None:
    drafts.publish_draft(draft=harbour_draft(cast), base_version=0, by=cast.alice)
    client.force_login(cast.alice)
    ours = client.get(reverse("frameworks:list")).content.decode()
    client.force_login(cast.charlie)
    theirs = client.get(reverse("frameworks:list")).content.decode()

    assert "pilot-harbour" in ours and "The coordinators of Harbour City" in ours
    assert "pilot-harbour" not in theirs
    assert "Nobody here: it changes with a new release of Stocktake" in theirs


def test_the_list_costs_the_same_queries_for_one_version_or_several(
    cast: Cast, client: Client, django_assert_max_num_queries: Any
) -> None:
    for n in range(4):
        draft = drafts.start_draft(
            base=cast.framework,
            owner=Owner(network=cast.network, city=cast.harbour),
            new_id="pilot-harbour",
            new_version=f"1.{n}.0",
            by=cast.alice,
        )
        drafts.publish_draft(draft=draft, base_version=0, by=cast.alice)
    client.force_login(cast.alice)

    with django_assert_max_num_queries(10):
        client.get(reverse("frameworks:list"))
