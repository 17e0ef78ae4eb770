"""Limits on evidence files: size, and a short list of document and image types; no file left
behind by a save that failed; and storing a checked file on a row that keeps one.

The type is decided from the file's own first bytes and its extension, never from the content
type the browser claims, and recorded as the content type we serve it with.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import PurePath
from typing import Any, Protocol

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from stocktake_web.assessments.domain.errors import InvalidAnswerError
from stocktake_web.assessments.models import (
    EVIDENCE_PATH_MAX_LENGTH,
    FILE_NAME_MAX_LENGTH,
    shortened_file_name,
)

_ZIP = b"PK\x03\x04"
_OFFICE = "application/vnd.openxmlformats-officedocument"

#: extension -> (content type, the bytes the file must start with, or None for plain text)
EVIDENCE_TYPES: dict[str, tuple[str, bytes | None]] = {
    ".pdf": ("application/pdf", b"%PDF-"),
    ".png": ("image/png", b"\x89PNG\r\n\x1a\n"),
    ".jpg": ("image/jpeg", b"\xff\xd8\xff"),
    ".jpeg": ("image/jpeg", b"\xff\xd8\xff"),
    ".docx": (f"{_OFFICE}.wordprocessingml.document", _ZIP),
    ".xlsx": (f"{_OFFICE}.spreadsheetml.sheet", _ZIP),
    ".pptx": (f"{_OFFICE}.presentationml.presentation", _ZIP),
    ".odt": ("application/vnd.oasis.opendocument.text", _ZIP),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", _ZIP),
    ".csv": ("text/csv", None),
    ".txt": ("text/plain", None),
}

#: extension -> the archive member a document of that kind always has: any ZIP starts with the
#: same bytes, so a ZIP of anything named ``report.docx`` is told apart by what it holds.
DOCUMENT_PARTS: dict[str, str] = {
    ".docx": "word/document.xml",
    ".xlsx": "xl/workbook.xml",
    ".pptx": "ppt/presentation.xml",
    ".odt": "mimetype",
    ".ods": "mimetype",
}


def evidence_type(upload: UploadedFile) -> str:
    """The content type of an acceptable evidence file; raises when the file breaks a limit."""
    name = upload.name or ""
    if upload.size is None or upload.size > settings.STOCKTAKE_EVIDENCE_MAX_BYTES:
        raise InvalidAnswerError(too_large(name))
    suffix = PurePath(name).suffix.lower()
    allowed = ", ".join(sorted(EVIDENCE_TYPES))
    if not suffix:
        raise InvalidAnswerError(
            _("A file without an extension cannot be attached; use one of: %(allowed)s.")
            % {"allowed": allowed}
        )
    if suffix not in EVIDENCE_TYPES:
        raise InvalidAnswerError(
            _("Files of type %(suffix)s cannot be attached; use one of: %(allowed)s.")
            % {"suffix": suffix, "allowed": allowed}
        )
    content_type, magic = EVIDENCE_TYPES[suffix]
    if not _content_matches(upload, magic) or not _document_holds(upload, suffix, content_type):
        raise InvalidAnswerError(
            _("The file %(name)s does not look like a %(suffix)s file.")
            % {"name": name, "suffix": suffix}
        )
    return content_type


def too_large(name: str) -> str:
    """Why the file ``name`` is refused for its size."""
    return _("The file %(name)s is larger than the limit of %(limit)s.") % {
        "name": name,
        "limit": filesizeformat(settings.STOCKTAKE_EVIDENCE_MAX_BYTES),
    }


def _content_matches(upload: UploadedFile, magic: bytes | None) -> bool:
    upload.seek(0)
    head = upload.read(4096)
    upload.seek(0)
    if magic is not None:
        return head.startswith(magic)
    if b"\0" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(head) - 3  # a character cut at the end of the sample
    return True


def _document_holds(upload: UploadedFile, suffix: str, content_type: str) -> bool:
    """Whether a ZIP-based document holds its kind's main part (an OpenDocument file: its
    ``mimetype`` member names its type); other kinds pass."""
    part = DOCUMENT_PARTS.get(suffix)
    if part is None:
        return True
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            if part not in archive.namelist():
                return False
            if part == "mimetype":
                return archive.read(part)[:200].decode("ascii", "replace").strip() == content_type
            return "[Content_Types].xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False
    finally:
        upload.seek(0)


@contextmanager
def files_removed_on_failure() -> Iterator[list[str]]:
    """A list for the names of the files stored inside the block; if the block raises, those
    files are deleted again.

    Storing a file cannot be rolled back with the database: put around a transaction, this
    leaves no file behind when the transaction fails (a value too long for a column, a lost
    connection, anything). A transaction the caller opened around the block, and that fails
    after the block has ended, is the caller's to clean up after.
    """
    stored: list[str] = []
    try:
        yield stored
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise


class HoldsFile(Protocol):
    """A row that keeps one uploaded file: the stored file, its name as given, its type."""

    file: FieldFile
    file_name: str
    file_type: str

    def save(self, *args: Any, **kwargs: Any) -> None: ...


def store_checked_file(owner: HoldsFile, upload: UploadedFile, *, name: str) -> None:
    """``upload`` checked as evidence is (raises :class:`InvalidAnswerError`), stored where the
    owner's ``file`` field puts files, and ``owner`` saved with it, in one transaction.

    ``name`` is the file's name as its owner gave it (kept in ``file_name``, shortened only to
    fit the column). If saving ``owner`` fails, the stored file is deleted again, so no file is
    left without a row; the row's previous file, if any, is the caller's to delete.
    """
    owner.file_type = evidence_type(upload)
    owner.file_name = shortened_file_name(name, max_chars=FILE_NAME_MAX_LENGTH)
    with files_removed_on_failure() as stored, transaction.atomic():
        path = owner.file.field.generate_filename(owner.file.instance, owner.file_name)
        owner.file.name = owner.file.storage.save(path, upload, max_length=EVIDENCE_PATH_MAX_LENGTH)
        stored.append(owner.file.name)
        owner.save()
