"""Refusing an oversized evidence file while it arrives, not after it has been stored; and the
file's name as its owner gave it.

Django reads an upload to the end (into memory or a temporary file) before any form sees it, so a
limit checked by the form alone still lets a browser send gigabytes. This handler runs first: once
a file passes the limit it skips the rest of that file, the other fields of the form are read as
usual, and the request remembers the file's name so that the form can say why it is missing.

Django also cuts a file's name to 255 characters on the upload it hands over; this handler sees
the name before that, and the request keeps it for the answer to record in full.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest

Kept = TypeVar("Kept", list[str], dict[str, str])

REFUSED = "stocktake_refused_uploads"
"""The request attribute holding the names of the files skipped for their size."""

NAMES = "stocktake_uploaded_names"
"""The request attribute holding each file field's file name as sent (last part only)."""


class EvidenceSizeLimit(FileUploadHandler):
    """Skips any uploaded file larger than ``STOCKTAKE_EVIDENCE_MAX_BYTES``, and keeps each
    file's name as sent."""

    def new_file(self, field_name: str, file_name: str, *args: Any, **kwargs: Any) -> None:
        super().new_file(field_name, file_name, *args, **kwargs)
        uploaded_names(self.request)[field_name] = file_name

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if start + len(raw_data) > settings.STOCKTAKE_EVIDENCE_MAX_BYTES:
            refused_uploads(self.request).append(self.file_name or "")
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> Any:
        return None  # the next handler stores the file


def refused_uploads(request: HttpRequest | None) -> list[str]:
    """The names of the files this request's upload skipped for their size (a list kept on the
    request, empty when none was)."""
    return _kept_on(request, REFUSED, []) if request is not None else []


def uploaded_names(request: HttpRequest | None) -> dict[str, str]:
    """File field -> the name of the file this request uploaded in it, as the browser sent it
    (after Django's own clean-up: its last part, printable characters only), however long."""
    return _kept_on(request, NAMES, {}) if request is not None else {}


def _kept_on(request: HttpRequest, attribute: str, empty: Kept) -> Kept:
    """The value kept on the request under ``attribute``, ``empty`` put there first if none."""
    if not hasattr(request, attribute):
        setattr(request, attribute, empty)
    found: Kept = getattr(request, attribute)
    return found
