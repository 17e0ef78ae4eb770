"""The cohort report for the secretariat: the heatmap, the distribution per indicator, the shared
key areas and support, as a page and as a PDF; only for the secretariat, with what its consent
allows (every city named, as the benchmark page), and each download in the audit log."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from pdf_fonts import embedded_fonts
from pdf_pages import fill_colours, pdf_text
from stocktake_web.audit.models import AuditEvent

from .conftest import Cast
from .test_benchmarking import ANONYMOUS, NAMED, Consent, _cohort_url, _four_cities, _login


def _report(cast: Cast, kind: str) -> str:
    return _cohort_url(cast, "benchmarking:cohort_report", kind)


def test_the_page_holds_heatmap_distribution_key_areas_and_support(
    client: Client, cast: Cast
) -> None:
    _four_cities(cast, consents=(Consent.PRIVATE, ANONYMOUS, NAMED))

    response = _login(client, "sam").get(_report(cast, "html"))
    page = response.content.decode()

    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "Cohort report: " in page
    assert "Scores by city and theme" in page
    for name in ("Harbour City", "Hillside", "Riverside", "Lakeside"):
        assert name in page
    assert "4 cities with a signed-off round on this version" in page
    assert "Key areas for development shared by most cities" in page
    assert "Support asked for" in page
    assert "Lower quartile" in page
    assert 'class="box" fill="#d8efe8"' in page
    assert "/static/reports/report.css" in page
    assert "<script" not in page


def test_the_pdf_shows_the_same_tables_with_their_colours(client: Client, cast: Cast) -> None:
    _four_cities(cast)

    response = _login(client, "sam").get(_report(cast, "pdf"))

    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Scores by city and theme" in text
    assert "Lakeside" in text
    assert "Lower quartile" in text
    colours = fill_colours(response.content)
    assert "#d8efe8" in colours  # the boxes of the distribution, not drawn black
    assert "#9fd6bd" in colours  # the heatmap's best cells


def test_the_chinese_pdf_embeds_the_chinese_font(client: Client, cast: Cast) -> None:
    _four_cities(cast)

    response = _login(client, "sam").get(_report(cast, "pdf"), HTTP_ACCEPT_LANGUAGE="zh-TW")

    assert "Noto-Sans-CJK-TC" in embedded_fonts(response.content)


@pytest.mark.parametrize(("who", "status"), [("alice", 404), ("bob", 404), ("charlie", 404)])
def test_only_the_secretariat_gets_the_cohort_report(
    client: Client, cast: Cast, who: str, status: int
) -> None:
    _four_cities(cast, consents=(Consent.PRIVATE, ANONYMOUS, NAMED))

    for kind in ("html", "pdf"):
        response = _login(client, who).get(_report(cast, kind))

        assert response.status_code == status
        assert b"Riverside" not in response.content


@pytest.mark.parametrize("kind", ["docx", "pdf.exe"])
def test_an_unknown_kind_is_not_found(client: Client, cast: Cast, kind: str) -> None:
    assert _login(client, "sam").get(_report(cast, kind)).status_code == 404


def test_a_cohort_without_a_signed_off_round_has_no_report(client: Client, cast: Cast) -> None:
    assert _login(client, "sam").get(_report(cast, "html")).status_code == 404


def test_each_download_is_recorded_and_the_benchmark_page_offers_it(
    client: Client, cast: Cast
) -> None:
    _four_cities(cast)
    _login(client, "sam")

    client.get(_report(cast, "html"))
    client.get(_report(cast, "pdf"))
    page = client.get(_cohort_url(cast)).content.decode()

    exports = AuditEvent.objects.filter(kind=AuditEvent.Kind.EXPORT_DOWNLOADED)
    assert sorted(event.details["export"] for event in exports) == [
        "cohort-report.html",
        "cohort-report.pdf",
    ]
    overview = client.get(reverse("dashboards:cohort", args=["east", cast.cohort.pk]))
    assert _report(cast, "pdf") in page
    assert "Cohort report (HTML)" in page
    assert _report(cast, "pdf") in overview.content.decode()
