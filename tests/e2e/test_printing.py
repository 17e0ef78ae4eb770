"""The city dashboard printed to PDF by Chromium: the heatmap's colours are printed (browsers drop
background colours on paper unless told), and the site's header and navigation are left off."""

from __future__ import annotations

import re
import zlib

import pytest

from stocktake_web.assessments.domain import AnswerContent, save_answer
from stocktake_web.assessments.models import Answer

from .conftest import Harbour, SignIn, submitted_round

pytestmark = pytest.mark.e2e

HEAT_4 = (0x9F, 0xD6, 0xBD)
"""``.heat-4`` of stocktake.css: an answer scored 80–100."""


def _fill_colours(pdf: bytes) -> set[tuple[int, int, int]]:
    """Every RGB fill colour (``r g b rg``) drawn in the PDF's content streams, as 0–255."""
    colours = set()
    for start in re.finditer(rb"stream\r?\n", pdf):
        try:
            content = zlib.decompressobj().decompress(pdf[start.end() :])
        except zlib.error:
            continue
        for r, g, b in re.findall(rb"([\d.]+) ([\d.]+) ([\d.]+) rg", content):
            colours.add(tuple(round(float(part) * 255) for part in (r, g, b)))
    return colours  # type: ignore[return-value]


def test_the_printed_dashboard_keeps_the_heatmap_colours_without_the_site_header(
    harbour: Harbour, sign_in: SignIn
) -> None:
    round, _answer = submitted_round(harbour)
    top = Answer.objects.get(
        assignment__round=round, assignment__indicator="G1", assignment__department__slug="planning"
    )
    save_answer(answer=top, user=harbour.pei, base_version=0, content=AnswerContent(value="4"))
    page = sign_in("mei")
    page.goto(f"/cities/harbour/?round={round.pk}")
    page.emulate_media(media="print")
    header_shown = page.locator("header.site").is_visible()

    pdf = page.pdf(format="A4", print_background=False)

    assert not header_shown
    assert HEAT_4 in _fill_colours(pdf)
