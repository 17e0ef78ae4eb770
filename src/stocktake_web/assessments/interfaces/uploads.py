"""Refusing an oversized evidence file while it arrives, not after it has been stored.

Django reads an upload to the end (into memory or a temporary file) before any form sees it, so a
limit checked by the form alone still lets a browser send gigabytes. This handler runs first: once
a file passes the limit it skips the rest of that file, the other fields of the form are read as
usual, and the request remembers the file's name so that the form can say why it is missing.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest

REFUSED = "stocktake_refused_uploads"
"""The request attribute holding the names of the files skipped for their size."""


class EvidenceSizeLimit(FileUploadHandler):
    """Skips any uploaded file larger than ``STOCKTAKE_EVIDENCE_MAX_BYTES``."""

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
    if request is None:
        return []
    if not hasattr(request, REFUSED):
        setattr(request, REFUSED, [])
    found: list[str] = getattr(request, REFUSED)
    return found
