"""``manage.py restore FILE``: an archive from ``manage.py backup`` into an empty database.

Nothing is written until everything has been checked:

1. the archive is read through once: every member must be there, whole, with the size and
   SHA-256 the manifest gives, and nothing else (a cut or damaged archive stops here);
2. the rows in ``data.json`` are counted against the manifest's counts;
3. every migration the archive was made with must be applied here (else the archive is from a
   newer version of Stocktake);
4. the database must hold no row of any model the archive holds, and storage none of its files.

Then the rows are loaded by ``loaddata`` and the files written, in one transaction: should a
file fail to be written, the rows are rolled back and the files written so far removed.
"""

from __future__ import annotations

import gzip
import json
import tarfile
import tempfile
import zlib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.core.cache import cache
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from stocktake_web.management.commands.backup import (
    CHUNK,
    DATA,
    FORMAT,
    MANIFEST,
    MEDIA,
    VERSION,
    BackupError,
    applied_migrations,
    backed_up_models,
    hashed_copy,
)

DAMAGED = (tarfile.TarError, EOFError, zlib.error, OSError)
"""What reading a cut, damaged or foreign file raises: gzip and tar stop with any of these."""


class RestoreError(BackupError):
    """The archive cannot be restored here; nothing has been written."""


def restore_backup(path: Path) -> dict[str, Any]:
    """Check the archive at ``path`` completely, then restore it; returns its manifest."""
    if not path.is_file():
        raise RestoreError(f"There is no backup archive at {path}.")
    with tempfile.TemporaryDirectory(prefix="stocktake-restore-") as work:
        data = Path(work) / "data.json"
        manifest = _checked_archive(path, data)
        _check_counts(data, manifest)
        _check_migrations(manifest)
        _check_empty(manifest)
        with transaction.atomic(), _removed_on_failure() as written:
            call_command("loaddata", str(data), verbosity=0)
            _write_files(path, manifest, written)
    cache.clear()  # pages kept from before would show what the database no longer holds
    return manifest


# -- 1. the archive, whole ------------------------------------------------------------------


def _checked_archive(path: Path, data: Path) -> dict[str, Any]:
    """The manifest, once every member has been read and matched against it; ``data.json`` is
    kept at ``data`` on the way."""
    found: dict[str, tuple[int, str]] = {}
    manifest_bytes = b""
    try:
        with _members(path) as archive:
            for member in archive:
                name = _safe_name(member)
                source = archive.extractfile(member)
                assert source is not None  # _safe_name let regular files only through
                if name == MANIFEST:
                    manifest_bytes = source.read()
                    continue
                if name == DATA:
                    with data.open("wb") as kept:
                        found[name] = hashed_copy(source, kept)
                else:
                    found[name] = hashed_copy(source)
    except DAMAGED as exc:
        raise _damaged(path, exc) from None
    manifest = _manifest(path, manifest_bytes)
    _compare(path, manifest, found)
    return manifest


@contextmanager
def _members(path: Path) -> Iterator[tarfile.TarFile]:
    """The archive read as a stream, once, then read to its end: gzip checks its CRC only
    there, and a tar header garbled in the middle would otherwise pass for the archive's end."""
    with gzip.open(path, "rb") as unpacked:
        with tarfile.open(fileobj=unpacked, mode="r|") as archive:
            yield archive
        while unpacked.read(CHUNK):
            pass


def _safe_name(member: tarfile.TarInfo) -> str:
    name = PurePosixPath(member.name)
    if not member.isfile() or name.is_absolute() or ".." in name.parts:
        raise tarfile.TarError(f"unexpected member {member.name!r}")
    return str(name)


def _damaged(path: Path, exc: BaseException) -> RestoreError:
    return RestoreError(
        f"{path} is damaged or cut short ({type(exc).__name__}: {exc}), so nothing was "
        "restored. Copy the archive again from where the backups are kept, or use another one."
    )


def _manifest(path: Path, content: bytes) -> dict[str, Any]:
    try:
        manifest = json.loads(content.decode("utf-8")) if content else None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _damaged(path, exc) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise RestoreError(
            f"{path} is not a Stocktake backup (it has no {MANIFEST} of format {FORMAT}), or "
            "it was cut short before its end. Nothing was restored."
        )
    if not {"counts", "data", "files", "migrations"} <= manifest.keys():
        raise _damaged(path, KeyError(f"{MANIFEST} lacks counts, checksums or migrations"))
    if manifest.get("version") != VERSION:
        raise RestoreError(
            f"{path} is a backup of format version {manifest.get('version')}; this version of "
            f"Stocktake restores version {VERSION} only. Nothing was restored."
        )
    return manifest


def _compare(path: Path, manifest: dict[str, Any], found: dict[str, tuple[int, str]]) -> None:
    expected = {DATA: manifest["data"]} | {
        MEDIA + entry["name"]: entry for entry in manifest["files"]
    }
    for name, entry in expected.items():
        if name not in found:
            raise _damaged(path, LookupError(f"{name} is missing"))
        if found[name] != (entry["size"], entry["sha256"]):
            raise _damaged(path, ValueError(f"{name} does not match its checksum"))
    if extra := sorted(set(found) - set(expected)):
        raise _damaged(path, LookupError(f"{extra[0]} is not in the manifest"))


# -- 2 to 4. what the archive holds, and where it goes -------------------------------------


def _check_counts(data: Path, manifest: dict[str, Any]) -> None:
    with data.open("rb") as handle:
        rows = json.load(handle)
    counted = Counter(row["model"] for row in rows)
    expected = {label.lower(): count for label, count in manifest["counts"].items() if count}
    if counted != expected:
        raise RestoreError(
            f"The rows in {DATA} do not match the manifest's counts, so the archive is not "
            "the one the backup wrote. Nothing was restored."
        )


def _check_migrations(manifest: dict[str, Any]) -> None:
    here = applied_migrations()
    for app, names in manifest["migrations"].items():
        if missing := sorted(set(names) - set(here.get(app, []))):
            raise RestoreError(
                f"The backup was made with migration {app}.{missing[0]}, which this database "
                "has not applied, so nothing was restored: install the Stocktake version the "
                "backup came from (or a newer one), run 'manage.py migrate', and restore again."
            )


def _check_empty(manifest: dict[str, Any]) -> None:
    counts = {model._meta.label: model._base_manager.count() for model in backed_up_models()}
    filled = [
        f"{label} ({count} row{'' if count == 1 else 's'})"
        for label, count in counts.items()
        if count
    ]
    if filled:
        raise RestoreError(
            "The database is not empty: it holds rows of "
            + ", ".join(filled[:3])
            + (" and more" if len(filled) > 3 else "")
            + ". A backup is restored into an empty database only: create a new database, "
            "run 'manage.py migrate', and restore into that."
        )
    taken = [entry["name"] for entry in manifest["files"] if default_storage.exists(entry["name"])]
    if taken:
        raise RestoreError(
            f"The file {taken[0]} is in storage already (of {len(taken)} such files): restore "
            "into an empty media folder (MEDIA_ROOT)."
        )


@contextmanager
def _removed_on_failure() -> Iterator[list[str]]:
    written: list[str] = []
    try:
        yield written
    except BaseException:
        for name in written:
            default_storage.delete(name)
        raise


def _write_files(path: Path, manifest: dict[str, Any], written: list[str]) -> None:
    """Write every file of the archive under its stored name, checking each again."""
    expected = {MEDIA + entry["name"]: entry for entry in manifest["files"]}
    try:
        with _members(path) as archive:
            for member in archive:
                if member.name in expected:
                    source = archive.extractfile(member)
                    assert source is not None
                    _write_file(expected[member.name], source, written)
    except DAMAGED as exc:
        raise _damaged(path, exc) from None


def _write_file(entry: dict[str, Any], source: IO[bytes], written: list[str]) -> None:
    with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as copy:
        if hashed_copy(source, copy) != (entry["size"], entry["sha256"]):
            raise RestoreError(
                f"{entry['name']} changed while it was restored, so nothing was restored."
            )
        copy.seek(0)
        try:
            stored = default_storage.save(entry["name"], File(copy, name=entry["name"]))
        except OSError as exc:
            raise RestoreError(
                f"{entry['name']} could not be written to storage ({exc.strerror}), so nothing "
                "was restored: check that the media folder (MEDIA_ROOT) is writable and empty."
            ) from None
    written.append(stored)
    if stored != entry["name"]:
        raise RestoreError(
            f"Storage kept {entry['name']} under another name, {stored}, so nothing was restored."
        )


class Command(BaseCommand):
    help = (
        "Restore an archive written by 'manage.py backup' into an empty database (after "
        "'manage.py migrate'); a damaged archive or a database with data is refused before "
        "anything is written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="the .tar.gz written by backup")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["archive"])
        try:
            manifest = restore_backup(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            f"Restored {rows} rows and {len(manifest['files'])} files from {path} "
            f"(made {manifest['created_at']})."
        )
