"""What a PDF shows, for the report tests: its text, and the colours its pages fill shapes with.

Read with pypdf. The text has its runs of white space made single spaces, since a line may
break anywhere in a table cell. Colours are read from the ``r g b rg`` operators of each page's
content stream and of the forms it draws (WeasyPrint draws an inline SVG as a form), so a chart
printed black is seen as such.
"""

from __future__ import annotations

import io
import re

from pypdf import PdfReader
from pypdf.generic import DictionaryObject, StreamObject

FILL = re.compile(rb"(?<![\w.])(\d*\.?\d+) (\d*\.?\d+) (\d*\.?\d+) rg\b")


def pdf_text(pdf: bytes) -> str:
    """Every page's text, in order, white space squeezed to single spaces."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def fill_colours(pdf: bytes) -> set[str]:
    """Every fill colour set on any page, as ``#rrggbb``."""
    reader = PdfReader(io.BytesIO(pdf))
    found: set[str] = set()
    for page in reader.pages:
        streams = [page.get_contents()]
        streams += list(_forms(page.get("/Resources")))
        for stream in streams:
            if stream is not None:
                found |= {_hex(match) for match in FILL.finditer(stream.get_data())}
    return found


def _forms(resources: object, seen: set[int] | None = None) -> list[StreamObject]:
    """The form XObjects of a resource dictionary, and those they draw in turn."""
    seen = set() if seen is None else seen
    resources = getattr(resources, "get_object", lambda: resources)()
    if not isinstance(resources, DictionaryObject) or "/XObject" not in resources:
        return []
    forms: list[StreamObject] = []
    for reference in resources["/XObject"].get_object().values():
        form = reference.get_object()
        if id(form) in seen or form.get("/Subtype") != "/Form":
            continue
        seen.add(id(form))
        forms.append(form)
        forms += _forms(form.get("/Resources"), seen)
    return forms


def _hex(match: re.Match[bytes]) -> str:
    return "#" + "".join(f"{round(float(part) * 255):02x}" for part in match.groups())
