"""``manage.py backup --out FILE``: the database and the evidence files in one archive.

The archive is a gzip-compressed tar file holding

* ``data.json``: every row, written by Django's serialiser (``dumpdata``) with natural keys for
  content types and permissions, which ``migrate`` creates again with other ids;
* ``media/…``: every file a row refers to (evidence), under its stored name;
* ``manifest.json``, written last: the format, the applied migrations, the rows of each model,
  and the size and SHA-256 of ``data.json`` and of every file, so ``restore`` can refuse a
  damaged or cut archive before writing anything.

Left out, because a new installation makes them again or they belong to a running one: content
types and permissions (created by ``migrate``), sessions (tied to the secret key), the task
queue, and background jobs with their result files (exports that can be made again).

The rows are read in one transaction (repeatable read on PostgreSQL, a deferred read of the
write-ahead log on SQLite), so the dump is one consistent moment while people keep working.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from django.apps import AppConfig, apps
from django.core import serializers
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.template.defaultfilters import filesizeformat

import stocktake

FORMAT = "stocktake-backup"
VERSION = 1
MANIFEST = "manifest.json"
DATA = "data.json"
MEDIA = "media/"
CHUNK = 1024 * 1024

LEFT_OUT: tuple[str, ...] = (
    "contenttypes",
    "auth.permission",
    "sessions",
    "django_tasks_database",
    "background",
)
"""Apps and models not backed up (see the module's docstring for why)."""


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder, except that times keep their microseconds: Django's cuts them to
    milliseconds (the ECMA-262 format), which would change every timestamp restored."""

    def default(self, o: object) -> object:
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class BackupError(ValueError):
    """A backup cannot be made or restored; the message says what to do."""


def backed_up_models() -> list[type[models.Model]]:
    """Every concrete model whose rows the archive holds, in the app registry's order."""
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label not in LEFT_OUT
        and model._meta.label_lower not in LEFT_OUT
        and model._meta.managed
        and not model._meta.proxy
    ]


def model_counts() -> dict[str, int]:
    return {model._meta.label: model._base_manager.count() for model in backed_up_models()}


def stored_files() -> list[str]:
    """The names of every file a backed-up row refers to, once each, sorted."""
    names: set[str] = set()
    for model in backed_up_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                found = model._base_manager.exclude(**{field.attname: ""}).exclude(
                    **{f"{field.attname}__isnull": True}
                )
                names.update(found.values_list(field.attname, flat=True))
    return sorted(names)


def applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def hashed_copy(source: IO[bytes], target: IO[bytes] | None = None) -> tuple[int, str]:
    """Size and SHA-256 of what ``source`` holds, copied into ``target`` on the way if given."""
    digest = hashlib.sha256()
    size = 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        if target is not None:
            target.write(chunk)
    return size, digest.hexdigest()


@contextmanager
def consistent_snapshot() -> Iterator[None]:
    """All reads in one transaction, seeing one moment while others keep saving.

    On PostgreSQL a read-only transaction at repeatable read. On SQLite a deferred
    transaction, begun by hand: Django's own would begin IMMEDIATE (the settings ask for it),
    taking the write lock, so every save would wait for the backup and fail after five
    seconds; a deferred one only reads, from the snapshot of the write-ahead log. Inside a
    transaction already begun (a test's), the reads simply join it.
    """
    if connection.in_atomic_block:
        yield
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("COMMIT")
    else:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            yield


def write_backup(out: Path) -> dict[str, Any]:
    """Write the archive to ``out`` and return its manifest.

    The archive holds password hashes and evidence, so only its owner may read it (mode
    0600); it is written under a temporary name first, so that a failed backup never leaves
    an archive that looks whole.
    """
    if out.exists():
        raise BackupError(f"{out} exists already; choose a new file name for the backup.")
    partial = out.with_name(out.name + ".partial")
    try:
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with (
            os.fdopen(descriptor, "wb") as raw,
            consistent_snapshot(),
            tarfile.open(fileobj=raw, mode="w:gz") as archive,
        ):
            manifest = _fill(archive)
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)
    return manifest


def _fill(archive: tarfile.TarFile) -> dict[str, Any]:
    counts = model_counts()
    with tempfile.TemporaryFile() as dump:
        _dump(dump)
        data = _add(archive, DATA, dump)
    files, missing = [], []
    for name in stored_files():
        if not default_storage.exists(name):
            missing.append(name)
            continue
        with default_storage.open(name, "rb") as handle:
            files.append({"name": name, **_add(archive, MEDIA + name, handle)})
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "stocktake_version": stocktake.__version__,
        "database": connection.vendor,
        "migrations": applied_migrations(),
        "counts": counts,
        "data": data,
        "files": files,
        "missing_files": missing,
    }
    encoded = json.dumps(manifest, indent=2, ensure_ascii=False).encode("utf-8")
    _add(archive, MANIFEST, io.BytesIO(encoded))
    return manifest


def _dump(target: IO[bytes]) -> None:
    """Every backed-up row as JSON through Django's serialiser, as ``dumpdata`` writes it:
    models with natural keys first, rows by primary key, content types and permissions named
    by natural key, and the base manager, so that no custom manager hides a row."""
    chosen = backed_up_models()
    by_app: dict[AppConfig, list[type[models.Model]]] = {}
    for model in chosen:
        by_app.setdefault(model._meta.app_config, []).append(model)
    ordered = serializers.sort_dependencies(by_app.items(), allow_cycles=True)
    rows = (
        row
        for model in ordered
        for row in model._base_manager.order_by(model._meta.pk.name).iterator()
    )
    text = io.TextIOWrapper(target, encoding="utf-8", write_through=True)
    serializers.serialize(
        "json", rows, stream=text, use_natural_foreign_keys=True, cls=ExactJSONEncoder
    )
    text.detach()
    target.seek(0)


def _add(archive: tarfile.TarFile, name: str, source: IO[bytes]) -> dict[str, Any]:
    """Add ``source`` as member ``name``, returning its size and SHA-256."""
    with tempfile.SpooledTemporaryFile(max_size=8 * CHUNK) as copy:
        size, sha256 = hashed_copy(source, copy)
        copy.seek(0)
        member = tarfile.TarInfo(name)
        member.size = size
        member.mtime = int(datetime.datetime.now().timestamp())
        member.mode = 0o600
        archive.addfile(member, copy)
    return {"size": size, "sha256": sha256}


class Command(BaseCommand):
    help = (
        "Write the database and the evidence files into one archive (a .tar.gz with a "
        "manifest of counts and checksums), for 'manage.py restore'."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, type=Path, help="the archive to write")

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["out"])
        try:
            manifest = write_backup(out)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        except OSError as exc:
            raise CommandError(f"The backup could not be written to {out}: {exc}.") from None
        rows = sum(manifest["counts"].values())
        size = sum(entry["size"] for entry in manifest["files"])
        self.stdout.write(
            f"Backed up {rows} rows of {len(manifest['counts'])} models and "
            f"{len(manifest['files'])} files ({filesizeformat(size)}) into {out}."
        )
        for name in manifest["missing_files"]:
            self.stderr.write(f"Warning: a row refers to {name}, which is not in storage.")
