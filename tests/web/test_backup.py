"""``manage.py backup`` and ``manage.py restore``: the seeded demonstration network, with
evidence files, makes the same rows and the same file bytes after a round trip through an
empty database (SQLite here, PostgreSQL with ``--postgres``); a damaged archive or a database
with data is refused before anything is written."""

from __future__ import annotations

import datetime
import gzip
import io
import json
import tarfile
import threading
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.management import create_contenttypes
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, models
from pytest_django import Settings

from stocktake_web.accounts.models import User
from stocktake_web.assessments.domain import AnswerContent, save_answer
from stocktake_web.assessments.models import Answer, Round
from stocktake_web.demo.domain import seed_demo
from stocktake_web.management.commands.backup import backed_up_models, consistent_snapshot
from stocktake_web.network.domain import create_network
from stocktake_web.network.models import Network

from .conftest import Cast

TODAY = datetime.date(2025, 10, 1)
PDF = b"%PDF-1.4 evidence \x00\xff" + bytes(range(256)) * 40
Snapshot = dict[str, Any]


@pytest.fixture
def media(settings: Settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def demo(transactional_db: None, media: Path) -> None:
    """The demonstration network with evidence files, a group holding a permission, and an
    administration log entry: rows that refer to content types and permissions."""
    seed_demo(password="demo-password", n_cities=3, today=TODAY)
    answering = Round.objects.get(state=Round.State.OPEN)
    for number, answer in enumerate(Answer.objects.filter(assignment__round=answering)[:3]):
        respondent = User.objects.filter(roles__department=answer.assignment.department).first()
        assert respondent is not None
        upload = SimpleUploadedFile(f"plan-{number}.pdf", PDF + bytes([number]))
        content = AnswerContent(value=answer.value, evidence="Plan", file=upload)
        save_answer(answer=answer, user=respondent, base_version=answer.version, content=content)
    editors = Group.objects.create(name="editors")
    editors.permissions.add(Permission.objects.get(codename="change_network"))
    secretariat = User.objects.get(username="secretariat")
    secretariat.groups.add(editors)
    LogEntry.objects.log_actions(
        user_id=secretariat.pk,
        queryset=Network.objects.all(),
        action_flag=ADDITION,
        change_message="Made for the backup test",
    )


@pytest.fixture
def small(transactional_db: None, media: Path, cast: Cast) -> None:
    """The tests' cast with one evidence file: enough for the refusals, and quicker."""
    upload = SimpleUploadedFile("plan-1.pdf", PDF)
    content = AnswerContent(value="2", file=upload)
    save_answer(answer=cast.answer("E1"), user=cast.bob, base_version=0, content=content)


MADE_BY_MIGRATE = (ContentType, Permission)
"""Rows a new database makes with ids of its own: rows referring to them are compared by the
referred row's natural key, as the archive refers to them."""


def _rows(model: type[models.Model]) -> list[dict[str, Any]]:
    """The model's rows, all fields, references to content types and permissions by name."""
    named = {
        field.attname: field.related_model
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model in MADE_BY_MIGRATE
    }
    rows = list(model._base_manager.order_by("pk").values())
    for row in rows:
        for attname, related in named.items():
            if row[attname] is not None:
                row[attname] = related._base_manager.get(pk=row[attname]).natural_key()
    return rows


def snapshot() -> Snapshot:
    """Every backed-up model's rows with all their fields, the many-to-many links by what they
    join (their own ids are made anew), and every stored file's bytes."""
    rows: Snapshot = {}
    for model in backed_up_models():
        rows[model._meta.label] = _rows(model)
        for field in model._meta.local_many_to_many:
            through: type[models.Model] = field.remote_field.through  # type: ignore[assignment]
            links = [tuple(row.values())[1:] for row in _rows(through)]
            rows[through._meta.label] = sorted(links)
    files = {}
    for name in Answer.objects.exclude(file="").values_list("file", flat=True):
        with default_storage.open(name, "rb") as handle:
            files[name] = handle.read()
    rows["files"] = files
    return rows


def differences(before: Snapshot, after: Snapshot) -> list[str]:
    """Each model whose rows differ, with its first differing row before and after."""
    found = []
    for label in sorted(set(before) | set(after)):
        old, new = before.get(label), after.get(label)
        if old == new:
            continue
        if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
            old, new = next((a, b) for a, b in zip(old, new, strict=True) if a != b)
        found.append(f"{label}: {old!r:.300} != {new!r:.300}")
    return found


def _empty(settings: Settings, tmp_path: Path) -> None:
    """A new, migrated database with nothing in it, and a new, empty media folder."""
    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "restored-media"


def _backup(tmp_path: Path) -> Path:
    archive = tmp_path / "stocktake.tar.gz"
    call_command("backup", out=str(archive), stdout=io.StringIO())
    return archive


def test_restoring_a_backup_gives_back_every_row_and_every_file(
    demo: None, settings: Settings, tmp_path: Path
) -> None:
    before = snapshot()
    archive = _backup(tmp_path)
    _empty(settings, tmp_path)
    assert not Network.objects.exists()

    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)

    after = snapshot()
    assert differences(before, after) == []
    assert len(before["files"]) == 3
    assert before["assessments.SignOff"], "the demo signs off a round"
    assert before["auth.Group_permissions"] and before["admin.LogEntry"]
    assert "Restored" in out.getvalue()


def test_a_restored_database_takes_new_rows_after_the_restored_ones(
    demo: None, settings: Settings, tmp_path: Path
) -> None:
    highest = Network.objects.order_by("-pk").values_list("pk", flat=True).first()
    archive = _backup(tmp_path)
    _empty(settings, tmp_path)
    call_command("restore", str(archive), stdout=io.StringIO())

    made = create_network(slug="after-restore", name="After the restore")

    assert highest is not None and made.pk > highest


def test_the_manifest_counts_rows_and_checks_every_file(demo: None, tmp_path: Path) -> None:
    archive = _backup(tmp_path)

    with tarfile.open(archive, "r:gz") as opened:
        names = opened.getnames()
        manifest = json.load(opened.extractfile("manifest.json"))  # type: ignore[arg-type]

    assert names[0] == "data.json" and names[-1] == "manifest.json"
    assert manifest["counts"]["accounts.User"] == User.objects.count()
    assert manifest["counts"]["assessments.Answer"] == Answer.objects.count()
    assert "contenttypes.ContentType" not in manifest["counts"]
    assert "background.Job" not in manifest["counts"]
    assert sorted(entry["name"] for entry in manifest["files"]) == sorted(
        Answer.objects.exclude(file="").values_list("file", flat=True)
    )
    assert all(len(entry["sha256"]) == 64 for entry in manifest["files"])


def test_only_the_owner_may_read_a_backup(small: None, tmp_path: Path) -> None:
    archive = _backup(tmp_path)

    assert archive.stat().st_mode & 0o777 == 0o600
    assert list(tmp_path.glob("*.partial")) == []


def test_a_backup_never_overwrites_a_file(small: None, tmp_path: Path) -> None:
    archive = _backup(tmp_path)
    size = archive.stat().st_size

    with pytest.raises(CommandError, match="exists already; choose a new file name"):
        _backup(tmp_path)

    assert archive.stat().st_size == size


def test_a_backup_says_which_evidence_file_is_missing_from_storage(
    small: None, tmp_path: Path
) -> None:
    lost = Answer.objects.exclude(file="").values_list("file", flat=True).get()
    default_storage.delete(lost)
    errors = io.StringIO()

    call_command("backup", out=str(tmp_path / "b.tar.gz"), stdout=io.StringIO(), stderr=errors)

    assert f"a row refers to {lost}, which is not in storage" in errors.getvalue()


# -- refusals: nothing is written -----------------------------------------------------------


def test_a_database_with_data_is_refused(small: None, tmp_path: Path) -> None:
    archive = _backup(tmp_path)
    before = snapshot()

    with pytest.raises(CommandError, match="The database is not empty: it holds rows of"):
        call_command("restore", str(archive))

    assert snapshot() == before


def _rewritten(archive: Path, target: Path, change: Any) -> Path:
    """A copy of the archive with its members passed through ``change(name, bytes)``, which
    returns the new bytes, or None to leave the member out."""
    with tarfile.open(archive, "r:gz") as source, tarfile.open(target, "w:gz") as copy:
        for member in source.getmembers():
            content = source.extractfile(member).read()  # type: ignore[union-attr]
            changed = change(member.name, content)
            if changed is not None:
                member.size = len(changed)
                copy.addfile(member, io.BytesIO(changed))
    return target


def _newer_migration(name: str, content: bytes) -> bytes:
    if name != "manifest.json":
        return content
    manifest = json.loads(content)
    manifest["migrations"]["network"].append("9999_from_the_future")
    return json.dumps(manifest).encode()


DAMAGE = {
    "cut in the middle": lambda archive, target: _cut(archive, target),
    "a flipped byte": lambda archive, target: _flipped(archive, target),
    "not an archive": lambda archive, target: _written(target, b"id,name\n1,Harbour\n"),
    "gzip of a text": lambda archive, target: _written(target, gzip.compress(b"just text")),
    "rows changed": lambda archive, target: _rewritten(
        archive, target, lambda n, c: c.replace(b"Harbour", b"Harbor") if n == "data.json" else c
    ),  # the cast's city is Harbour City
    "a file changed": lambda archive, target: _rewritten(
        archive, target, lambda n, c: c[:-1] + b"!" if n.startswith("media/") else c
    ),
    "a file missing": lambda archive, target: _rewritten(
        archive, target, lambda n, c: None if n.endswith("plan-1.pdf") else c
    ),
    "no manifest": lambda archive, target: _rewritten(
        archive, target, lambda n, c: None if n == "manifest.json" else c
    ),
    "a newer version's migration": lambda archive, target: _rewritten(
        archive, target, _newer_migration
    ),
}
REASONS = {
    "a newer version's migration": "made with migration network.9999_from_the_future",
    "no manifest": "is not a Stocktake backup",
    "not an archive": "is damaged or cut short",
}


def _cut(archive: Path, target: Path) -> Path:
    content = archive.read_bytes()
    return _written(target, content[: len(content) * 2 // 3])


def _flipped(archive: Path, target: Path) -> Path:
    content = bytearray(archive.read_bytes())
    content[len(content) // 2] ^= 0xFF
    return _written(target, bytes(content))


def _written(target: Path, content: bytes) -> Path:
    target.write_bytes(content)
    return target


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_archive_is_refused_and_nothing_is_written(
    small: None, settings: Settings, tmp_path: Path, damage: str
) -> None:
    archive = DAMAGE[damage](_backup(tmp_path), tmp_path / "damaged.tar.gz")
    _empty(settings, tmp_path)

    with pytest.raises(CommandError) as refused:
        call_command("restore", str(archive))

    message = str(refused.value)
    assert REASONS.get(damage, "damaged or cut short") in message
    assert "nothing was restored" in message.lower()
    assert not any(model._base_manager.exists() for model in backed_up_models())
    assert not (tmp_path / "restored-media").exists()


def test_a_failure_while_files_are_written_rolls_the_rows_back(
    small: None, settings: Settings, tmp_path: Path
) -> None:
    archive = _backup(tmp_path)
    _empty(settings, tmp_path)
    restored = tmp_path / "restored-media"
    restored.mkdir()
    (restored / "evidence").write_text("a file where the evidence folder should be")

    with pytest.raises(CommandError, match=r"could not be written to storage \(Not a directory\)"):
        call_command("restore", str(archive))

    assert not any(model._base_manager.exists() for model in backed_up_models())
    assert [path.name for path in restored.rglob("*")] == ["evidence"]


def test_a_missing_archive_is_named(db: None, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="There is no backup archive at"):
        call_command("restore", str(tmp_path / "nowhere.tar.gz"))


def test_content_types_made_by_migrate_are_found_by_their_names(
    demo: None, settings: Settings, tmp_path: Path
) -> None:
    """The new database's content types may have other ids: references follow them by name."""
    archive = _backup(tmp_path)
    _empty(settings, tmp_path)
    old = ContentType.objects.get_for_model(Network)
    old.delete()  # and its permissions; made again below with new ids, as a new database would
    ContentType.objects.clear_cache()
    create_contenttypes(apps.get_app_config("network"), verbosity=0)
    create_permissions(apps.get_app_config("network"), verbosity=0)
    new = ContentType.objects.get_for_model(Network)

    call_command("restore", str(archive), stdout=io.StringIO())

    entry = LogEntry.objects.filter(change_message="Made for the backup test").first()
    assert new.pk != old.pk
    assert entry is not None and entry.content_type_id == new.pk
    assert Group.objects.get(name="editors").permissions.get().content_type_id == new.pk


def test_every_model_is_backed_up_except_what_migrate_or_a_running_site_makes() -> None:
    backed_up = {model._meta.label for model in backed_up_models()}
    left_out = {model._meta.label for model in apps.get_models()} - backed_up

    assert left_out == {
        "contenttypes.ContentType",
        "auth.Permission",
        "sessions.Session",
        "django_tasks_database.DBTaskResult",
        "background.Job",
    }


def test_the_backup_reads_one_moment_while_others_keep_saving(small: None) -> None:
    saved: list[str] = []

    def save_meanwhile() -> None:
        try:
            saved.append(create_network(slug="meanwhile", name="Saved meanwhile").slug)
        finally:
            connection.close()

    with consistent_snapshot():
        before = Network.objects.count()
        other = threading.Thread(target=save_meanwhile)
        other.start()
        other.join(timeout=30)
        during = Network.objects.count()

    assert saved == ["meanwhile"]  # not held up, let alone refused, by the backup's reads
    assert during == before
    assert Network.objects.count() == before + 1
