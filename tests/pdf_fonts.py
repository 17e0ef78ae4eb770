"""The fonts a PDF embeds, for the report tests: no PDF reader is installed, and WeasyPrint keeps
its font objects in compressed object streams, so every stream is inflated and searched."""

from __future__ import annotations

import re
import zlib


def embedded_fonts(pdf: bytes) -> set[str]:
    """Base font names without their subset tag (``ABCDEF+Noto-Sans-CJK-TC`` reads
    ``Noto-Sans-CJK-TC``)."""
    inflated = []
    for start in re.finditer(rb"stream\r?\n", pdf):
        try:
            inflated.append(zlib.decompressobj().decompress(pdf[start.end() :]))
        except zlib.error:
            continue
    names = re.findall(rb"/BaseFont\s*/([A-Za-z0-9+_-]+)", pdf + b"".join(inflated))
    return {name.decode().split("+")[-1] for name in names}
