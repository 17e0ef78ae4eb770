"""A catalogue resource's file: attached, replaced and removed by the secretariat, downloaded by
every member of the network; loading the catalogue again keeps it; each change and each load in
the audit log; and the operator's ``load_catalogue`` command.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from stocktake import knowledge as core
from stocktake.knowledge import Resource as Record
from stocktake_web.assessments.models import Round
from stocktake_web.audit.models import AuditEvent
from stocktake_web.knowledge.domain.catalogue import core_catalogue, load_catalogue
from stocktake_web.knowledge.domain.files import attach_file
from stocktake_web.knowledge.interfaces.rows import FileRow
from stocktake_web.knowledge.models import Resource

from .conftest import Cast
from .test_concurrency import _together
from .test_knowledge import BAD_ROW, GOOD_ROW, HEADER, _client, _upload
from .test_peers import WEAK, _sign_off

PDF = b"%PDF-1.4 the coordination guide"
GUIDE = Record(
    id="g1",
    kind="guide",
    title={"en": "Coordination guide", "zh-Hant": "協調指南"},
    languages=("en", "zh-Hant"),
    year=2024,
    link="https://example.org/g",
    indicators=("G1",),
    pathways=("equitable",),
)
BARE_POLICY = Record(
    id="p1", kind="policy", title={"en": "Harbour heat plan"}, city="harbour", year=2025
)


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def guide(cast: Cast, media: Path) -> Resource:
    load_catalogue(network=cast.network, resources=[GUIDE, BARE_POLICY])
    return Resource.objects.get(network=cast.network, key="g1")


def _attach_url(key: str = "g1", network: str = "east") -> str:
    return reverse("knowledge:attach_file", args=[network, key])


def _file_url(key: str = "g1", network: str = "east") -> str:
    return reverse("knowledge:resource_file", args=[network, key])


def _remove_url(key: str = "g1") -> str:
    return reverse("knowledge:remove_file", args=["east", key])


def _attach(client: Client, name: str = "guide.pdf", content: bytes = PDF, key: str = "g1") -> Any:
    return client.post(_attach_url(key), {"file": SimpleUploadedFile(name, content)})


def _downloaded(response: Any) -> bytes:
    content = b"".join(response.streaming_content)
    response.close()  # the stored file stays open until the response is closed
    return content


def _stored(media: Path) -> list[Path]:
    return sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []


def _audit(kind: str) -> list[dict[str, Any]]:
    return [e.details for e in AuditEvent.objects.filter(kind=kind).order_by("at", "pk")]


# -- attaching, replacing, removing ---------------------------------------------------------------


def test_the_secretariat_attaches_a_file_stored_under_an_unguessable_folder(
    cast: Cast, guide: Resource, media: Path
) -> None:
    name = "guide ../../" + "長" * 200 + ".pdf"

    response = _attach(_client(cast.sam), name=name)

    guide.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == _attach_url()
    assert guide.file_type == "application/pdf"
    assert guide.file_name == name.rsplit("/", 1)[-1]
    _folder, secret, stored = guide.file.name.split("/")[1:]
    assert guide.file.name.startswith(f"knowledge/{cast.network.pk}/")
    assert len(secret) == 32
    assert len(stored.encode()) <= 120 and stored.endswith(".pdf")
    assert [p.read_bytes() for p in _stored(media)] == [PDF]
    assert guide.link == "https://example.org/g"  # the link stays beside the file


def test_a_member_citys_respondent_finds_and_downloads_the_file(
    cast: Cast, guide: Resource
) -> None:
    _attach(_client(cast.sam), name="report.pdf")
    client = _client(cast.dora)  # Hillside's respondent: a member of the network, not Harbour

    page = client.get(reverse("knowledge:catalogue", args=["east"])).content.decode()
    served = client.get(_file_url())

    assert f'href="{_file_url()}"' in page
    assert "report.pdf" in page
    assert "Attach a file" not in page  # the secretariat's link only
    assert served.status_code == 200
    assert served["Content-Type"] == "application/pdf"
    assert 'attachment; filename="report.pdf"' in served["Content-Disposition"]
    assert _downloaded(served) == PDF


def test_the_policy_database_links_the_file_too(cast: Cast, guide: Resource) -> None:
    _attach(_client(cast.sam), name="heat.pdf", key="p1")

    page = _client(cast.bob).get(reverse("knowledge:policies", args=["east"])).content.decode()

    assert f'href="{_file_url("p1")}"' in page and "heat.pdf" in page


def test_a_financing_opportunity_shows_its_file(cast: Cast, guide: Resource) -> None:
    fund = Record(id="f1", kind="financing", title={"en": "Resilience fund"})
    load_catalogue(network=cast.network, resources=[fund])
    _attach(_client(cast.sam), name="call.pdf", key="f1")

    response = _client(cast.charlie).get(reverse("knowledge:financing", args=["east"]))

    assert [row.file.name for _r, row in response.context["opportunities"]] == ["call.pdf"]
    assert f'href="{_file_url("f1")}"' in response.content.decode()


def test_a_citys_key_areas_link_the_file_of_a_recommended_resource(
    cast: Cast, guide: Resource
) -> None:
    _sign_off(cast.round, WEAK, cast.alice, Round.Consent.COHORT_NAMED)
    _attach(_client(cast.sam), name="report.pdf")

    response = _client(cast.alice).get(reverse("knowledge:city", args=["harbour"]))

    g1 = next(area for area in response.context["key_areas"] if area.indicator == "G1")
    assert [item.resource.file for item in g1.recommendations] == [
        FileRow("report.pdf", _file_url())
    ]
    assert f'href="{_file_url()}"' in response.content.decode()


def test_the_secretariat_sees_where_to_attach_on_the_catalogue(cast: Cast, guide: Resource) -> None:
    page = _client(cast.sam).get(reverse("knowledge:catalogue", args=["east"])).content.decode()

    assert f'href="{_attach_url()}"' in page


def test_replacing_the_file_deletes_the_old_one_once_committed(
    cast: Cast, guide: Resource, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    client = _client(cast.sam)
    _attach(client, name="first.pdf")

    with django_capture_on_commit_callbacks(execute=True):
        response = _attach(client, name="notes.txt", content=b"second version")

    guide.refresh_from_db()
    assert response.status_code == 302
    assert (guide.file_name, guide.file_type) == ("notes.txt", "text/plain")
    assert [p.read_bytes() for p in _stored(media)] == [b"second version"]
    assert _downloaded(client.get(_file_url())) == b"second version"


def test_removing_the_file_keeps_the_resource_and_a_second_remove_changes_nothing(
    cast: Cast, guide: Resource, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    client = _client(cast.sam)
    _attach(client)

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(_remove_url(), follow=True)
        second = client.post(_remove_url(), follow=True)

    guide.refresh_from_db()
    assert (first.status_code, second.status_code) == (200, 200)
    assert "The file is removed." in first.content.decode()
    assert "The resource has no file (any more)." in second.content.decode()
    assert (guide.file.name, guide.file_name, guide.file_type) == ("", "", "")
    assert guide.link == "https://example.org/g"
    assert _stored(media) == []
    assert client.get(_file_url()).status_code == 404
    assert [d["action"] for d in _audit(AuditEvent.Kind.RESOURCE_FILE_CHANGED)] == [
        "attached",
        "removed",
    ]


def test_a_resource_with_neither_link_nor_file_is_allowed_as_the_catalogue_file_allows_it(
    cast: Cast, guide: Resource
) -> None:
    client = _client(cast.sam)
    _attach(client, key="p1")

    client.post(_remove_url("p1"))

    policy = Resource.objects.get(key="p1")
    assert (policy.link, policy.file_name) == ("", "")
    assert client.get(_attach_url("p1")).status_code == 200


def test_a_file_too_large_is_refused_while_it_arrives_and_nothing_is_stored(
    cast: Cast, guide: Resource, media: Path, settings: Any
) -> None:
    settings.STOCKTAKE_EVIDENCE_MAX_BYTES = 1000

    response = _attach(_client(cast.sam), name="huge.pdf", content=b"%PDF-" + b"x" * 5000)

    guide.refresh_from_db()
    assert response.status_code == 400
    assert response.context["form"].errors["file"] == [
        "The file huge.pdf is larger than the limit of 1000\xa0bytes."
    ]
    assert not guide.file
    assert _stored(media) == []
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.RESOURCE_FILE_CHANGED).exists()


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("fake.pdf", b"MZ\x90\x00", "The file fake.pdf does not look like a .pdf file."),
        ("page.html", b"<script>", "Files of type .html cannot be attached"),
    ],
)
def test_a_file_of_the_wrong_kind_is_refused_and_the_old_one_kept(
    cast: Cast, guide: Resource, media: Path, name: str, content: bytes, error: str
) -> None:
    client = _client(cast.sam)
    _attach(client, name="kept.pdf")

    response = _attach(client, name=name, content=content)

    guide.refresh_from_db()
    assert response.status_code == 400
    assert error in response.context["form"].errors["file"][0]
    assert guide.file_name == "kept.pdf"
    assert [p.read_bytes() for p in _stored(media)] == [PDF]


def test_no_file_chosen_is_a_form_error(cast: Cast, guide: Resource) -> None:
    response = _client(cast.sam).post(_attach_url(), {})

    assert response.status_code == 400
    assert response.context["form"].errors["file"] == ["This field is required."]


def test_a_resource_of_no_such_id_is_not_found(cast: Cast, guide: Resource) -> None:
    client = _client(cast.sam)

    assert client.get(_attach_url("nothing")).status_code == 404
    assert client.get(_file_url("nothing")).status_code == 404
    assert client.get(_file_url("p1")).status_code == 404  # a resource without a file


# -- who may ---------------------------------------------------------------------------------------


def test_a_city_coordinator_may_not_attach_or_remove(
    cast: Cast, guide: Resource, media: Path
) -> None:
    _attach(_client(cast.sam), name="kept.pdf")
    client = _client(cast.alice)

    attached = _attach(client, name="mine.pdf")
    removed = client.post(_remove_url())

    guide.refresh_from_db()
    assert (attached.status_code, removed.status_code) == (403, 403)
    assert guide.file_name == "kept.pdf"
    assert len(_stored(media)) == 1


@pytest.mark.parametrize(("who", "status"), [("olga", 404), ("alice", 200), ("vera", 200)])
def test_another_networks_people_do_not_get_the_file(
    cast: Cast, guide: Resource, who: str, status: int
) -> None:
    _attach(_client(cast.sam))

    response = _client(getattr(cast, who)).get(_file_url())
    response.close()

    assert response.status_code == status


def test_the_same_id_in_another_network_is_another_resource(cast: Cast, guide: Resource) -> None:
    other = cast.olga.roles.get().network
    load_catalogue(network=other, resources=[GUIDE])
    _attach(_client(cast.sam))

    response = _client(cast.olga).get(_file_url(network="elsewhere"))

    assert response.status_code == 404  # their g1 has no file; ours is not served to them


# -- loading the catalogue again, exporting, deleting ------------------------------------------


def test_loading_the_catalogue_again_keeps_the_file(cast: Cast, guide: Resource) -> None:
    client = _client(cast.sam)
    _attach(client, name="report.pdf")
    stored = Resource.objects.get(key="g1").file.name

    response = _upload(client, HEADER + GOOD_ROW.replace("Coordination guide", "Coordination"))

    guide.refresh_from_db()
    assert response.status_code == 302
    assert guide.title["en"] == "Coordination"
    assert (guide.file.name, guide.file_name) == (stored, "report.pdf")
    assert _downloaded(client.get(_file_url())) == PDF


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_export_of_a_catalogue_with_files_loads_back_unchanged(
    cast: Cast, guide: Resource, fmt: str, tmp_path: Path
) -> None:
    client = _client(cast.sam)
    _attach(client)
    path = tmp_path / f"export.{fmt}"

    path.write_bytes(client.get(reverse("knowledge:export", args=["east", fmt])).content)
    again = _client(cast.sam).post(
        reverse("knowledge:manage", args=["east"]),
        {"file": SimpleUploadedFile(path.name, path.read_bytes())},
    )

    vocabulary = core.Vocabulary.of([cast.framework.load()])
    assert core.read_catalogue(path, vocabulary=vocabulary) == core_catalogue(cast.network)
    assert again.status_code == 302
    assert Resource.objects.get(key="g1").file_name == "guide.pdf"


def test_deleting_a_resource_deletes_its_file_once_committed(
    cast: Cast, guide: Resource, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    _attach(_client(cast.sam))

    with django_capture_on_commit_callbacks(execute=True):
        Resource.objects.get(key="g1").delete()

    assert _stored(media) == []


def test_simultaneous_attachments_leave_one_file_and_no_orphan(
    transactional_db: None, cast: Cast, guide: Resource, media: Path
) -> None:
    def attach(n: int) -> Resource:
        upload = SimpleUploadedFile(f"v{n}.txt", f"version {n}".encode())
        return attach_file(resource=guide, upload=upload, by=cast.sam)

    _together(attach, times=5)

    guide.refresh_from_db()
    with guide.file.open("rb") as kept:
        assert [p.read_bytes() for p in _stored(media)] == [kept.read()]
    assert len(_audit(AuditEvent.Kind.RESOURCE_FILE_CHANGED)) == 5


# -- the audit log ---------------------------------------------------------------------------------


def test_loads_and_file_changes_are_read_back_from_the_audit_log(
    cast: Cast, guide: Resource
) -> None:
    client = _client(cast.sam)
    _upload(client, HEADER + GOOD_ROW)
    _upload(client, HEADER + GOOD_ROW + BAD_ROW, name="broken.csv")  # refused: not recorded
    _attach(client, name="report.pdf")
    _attach(client, name="report-2026.pdf")
    client.post(_remove_url())

    page = client.get(reverse("audit:log", args=["east"]), HTTP_ACCEPT_LANGUAGE="en")

    text = page.content.decode()
    assert page.status_code == 200
    assert "catalogue.csv: 0 new, 0 changed, 1 unchanged" in text
    assert "broken.csv" not in text
    assert "“Coordination guide”: file report.pdf attached" in text
    assert "“Coordination guide”: file report.pdf replaced by report-2026.pdf" in text
    assert "“Coordination guide”: file report-2026.pdf removed" in text
    loads = AuditEvent.objects.filter(kind=AuditEvent.Kind.CATALOGUE_LOADED)
    assert [(e.actor, e.network_id) for e in loads] == [(cast.sam, cast.network.pk)]


def test_a_catalogue_load_records_its_counts(cast: Cast) -> None:
    client = _client(cast.sam)
    second = GOOD_ROW.replace("g1,", "g2,")

    _upload(client, HEADER + GOOD_ROW, name="first.csv")
    _upload(client, HEADER + GOOD_ROW.replace("2024", "2025") + second, name="second.csv")

    assert _audit(AuditEvent.Kind.CATALOGUE_LOADED) == [
        {"file": "first.csv", "added": 1, "changed": 0, "unchanged": 0},
        {"file": "second.csv", "added": 1, "changed": 1, "unchanged": 0},
    ]


# -- the operator's command ------------------------------------------------------------------------


def _command(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("load_catalogue", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_loads_a_file_prints_the_counts_and_is_in_the_audit_log(
    cast: Cast, tmp_path: Path
) -> None:
    path = tmp_path / "catalogue.xlsx"
    core.write_catalogue([GUIDE, BARE_POLICY], path)

    first, _err = _command("east", str(path))
    again, _err = _command("east", str(path))

    assert first == "catalogue.xlsx loaded into east: 2 new, 0 changed, 0 unchanged.\n"
    assert again == "catalogue.xlsx loaded into east: 0 new, 0 changed, 2 unchanged.\n"
    assert core_catalogue(cast.network) == [GUIDE, BARE_POLICY]
    event = AuditEvent.objects.filter(kind=AuditEvent.Kind.CATALOGUE_LOADED).first()
    assert event is not None
    assert (event.actor, event.actor_name, event.network_id) == (None, "", cast.network.pk)
    sam = _client(cast.sam)
    log = sam.get(reverse("audit:log", args=["east"])).content.decode()
    assert "catalogue.xlsx, loaded by the load_catalogue command: 2 new, 0 changed" in log
    sam.post(reverse("set_language"), {"language": "ja"})
    log = sam.get(reverse("audit:log", args=["east"])).content.decode()
    assert "catalogue.xlsx" in log and "load_catalogue" in log
    assert "loaded by" not in log


def test_the_command_lists_each_problem_by_row_and_column_exits_2_and_writes_nothing(
    cast: Cast, tmp_path: Path
) -> None:
    path = tmp_path / "catalogue.csv"
    path.write_text(HEADER + GOOD_ROW + BAD_ROW, encoding="utf-8")
    err = io.StringIO()

    with pytest.raises(CommandError) as refused:
        call_command("load_catalogue", "east", str(path), stderr=err)

    assert refused.value.returncode == 2
    assert str(refused.value) == f"{path}: 5 problems; nothing was loaded."
    lines = err.getvalue().splitlines()
    assert [line.split(":")[0].strip() for line in lines] == [
        "row 3, kind",
        "row 3, title_en",
        "row 3, languages",
        "row 3, year",
        "row 3, indicators",
    ]
    assert not Resource.objects.exists()
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.CATALOGUE_LOADED).exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nowhere", "catalogue.csv"], "There is no network 'nowhere'."),
        (["east", "missing.csv"], "missing.csv: there is no such file"),
        (["east", "catalogue.pdf"], "'.pdf' is neither"),
    ],
)
def test_the_command_refuses_an_unknown_network_or_an_unreadable_file_with_status_2(
    cast: Cast, tmp_path: Path, args: list[str], message: str
) -> None:
    (tmp_path / "catalogue.csv").write_text(HEADER + GOOD_ROW, encoding="utf-8")
    (tmp_path / "catalogue.pdf").write_bytes(b"%PDF-1.4")
    named = [args[0], str(tmp_path / args[1])]

    with pytest.raises(CommandError) as refused:
        _command(*named)

    assert refused.value.returncode == 2
    assert message in str(refused.value)
    assert not Resource.objects.exists()


def test_the_command_refuses_a_load_past_what_one_file_holds_with_status_2(
    cast: Cast, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(core, "MAX_ROWS", 1)
    path = tmp_path / "catalogue.xlsx"
    core.write_catalogue([GUIDE, BARE_POLICY], path)

    with pytest.raises(CommandError) as refused:
        _command("east", str(path))

    assert refused.value.returncode == 2
    assert "the catalogue would hold 2 resources" in str(refused.value)
    assert not Resource.objects.exists()


def test_a_year_of_other_digits_is_a_row_problem_on_the_page_not_a_server_error(
    cast: Cast,
) -> None:
    response = _upload(_client(cast.sam), HEADER + GOOD_ROW.replace("2024", "2020²"))

    assert response.status_code == 400
    assert (2, "year") in [(row, column) for row, column, _m in response.context["problems"]]
