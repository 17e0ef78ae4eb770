"""One line in the log for a refused request.

Django logs a refusal (``PermissionDenied``, status 403) on ``django.request`` with the whole
traceback of the exception, and the development server logs the same request again on
``django.server``. A refusal is the permission checks working as meant, not a fault: a
traceback per refusal buries real errors, and a probe of a few thousand addresses would fill
the log. So the refusal keeps its one line (who was refused where is still worth reading) and
loses its traceback, and the server's repeat of it is dropped.
"""

from __future__ import annotations

import logging

REFUSED = 403


class RefusalInOneLine(logging.Filter):
    """On ``django.request``: a 403 record keeps its message and loses its traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == REFUSED:
            record.exc_info = None
            record.exc_text = None
        return True


class RefusalLoggedOnce(logging.Filter):
    """On ``django.server``: a 403 was already logged by ``django.request``, so drop it here."""

    def filter(self, record: logging.LogRecord) -> bool:
        return getattr(record, "status_code", None) != REFUSED
