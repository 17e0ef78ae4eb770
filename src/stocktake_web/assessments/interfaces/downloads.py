"""A stored file served for download, after the view's permission check.

Every uploaded file (evidence, an event's material, a catalogue resource's file) is served the
same way: as an attachment, never shown in the browser's own tab (an HTML or SVG file could run
there as one of our pages), under the name it was uploaded with and the type its checks decided.
"""

from __future__ import annotations

from django.http import FileResponse, Http404

from stocktake_web.assessments.domain.evidence import HoldsFile


def stored_file(owner: HoldsFile) -> FileResponse:
    """``owner``'s file as a download; "not found" when it has none."""
    if not owner.file:
        raise Http404
    return FileResponse(
        owner.file.open("rb"),
        as_attachment=True,
        filename=owner.file_name,
        content_type=owner.file_type or "application/octet-stream",
    )
