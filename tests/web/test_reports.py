"""The city report of a round, as a PDF and an HTML download: who may read it, what it says,
in which language and fonts, and that every download is in the audit log."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from pdf_fonts import embedded_fonts
from pdf_pages import fill_colours
from stocktake.reports.charts import BAR_COLOUR
from stocktake_web.assessments.domain import (
    AnswerContent,
    reconcile,
    save_answer,
    sign_off,
    start_reconciliation,
)
from stocktake_web.audit.models import AuditEvent

from .conftest import Cast
from .test_views import _disagree_on_g1


def _url(cast: Cast, kind: str) -> str:
    return reverse("reports:city_report", args=[cast.round.pk, kind])


def _signed_off(cast: Cast) -> None:
    """G1 answered differently by two departments and reconciled, E1 with evidence."""
    _disagree_on_g1(cast)
    save_answer(
        answer=cast.answer("E1"),
        user=cast.bob,
        base_version=0,
        content=AnswerContent(value="2", confidence="high", evidence="Annual report 2024"),
    )
    start_reconciliation(round=cast.round)
    reconcile(round=cast.round, indicator="G1", value="3", reason="Agreed", by=cast.alice)
    sign_off(round=cast.round, by=cast.alice)


@pytest.mark.parametrize(
    ("who", "status"),
    [("alice", 200), ("vera", 200), ("sam", 200), ("bob", 403), ("charlie", 404), ("olga", 404)],
)
def test_only_who_may_read_the_results_gets_the_report(
    cast: Cast, client: Client, who: str, status: int
) -> None:
    client.force_login(getattr(cast, who))

    response = client.get(_url(cast, "html"))

    assert response.status_code == status


def test_the_html_report_of_a_signed_off_round_holds_its_summary_table_and_key_areas(
    cast: Cast, client: Client
) -> None:
    _signed_off(cast)
    client.force_login(cast.alice)

    response = client.get(_url(cast, "html"))
    page = response.content.decode()

    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "/static/reports/report.css" in page
    assert "Harbour City — 2025" in page
    assert "Framework: Pilot framework, version 1.0.0" in page
    assert "2 of the 5 indicators expected are answered." in page
    assert "Provisional" not in page
    assert "Annual report 2024" in page
    assert "Scores by development pathway" in page
    assert "Key areas for development" in page
    assert "<script" not in page


def test_an_open_round_s_report_is_marked_provisional_and_says_nothing_is_answered(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.alice)

    page = client.get(_url(cast, "html")).content.decode()

    assert "Provisional: this round is not signed off" in page
    assert "Nothing is answered yet in this round" in page
    assert "0 of the 5 indicators expected are answered." in page


def test_the_chinese_pdf_is_a_pdf_with_the_chinese_font_embedded(
    cast: Cast, client: Client
) -> None:
    _signed_off(cast)
    client.force_login(cast.alice)

    response = client.get(_url(cast, "pdf"), HTTP_ACCEPT_LANGUAGE="zh-TW")
    html = client.get(_url(cast, "html"), HTTP_ACCEPT_LANGUAGE="zh-TW").content.decode()

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="harbour-round-{cast.round.pk}-report.pdf"'
    )
    assert response.content.startswith(b"%PDF-")
    assert "Noto-Sans-CJK-TC" in embedded_fonts(response.content)
    assert "試行框架" in html
    assert "跨局處協調" in html
    assert 'lang="zh-hant"' in html


def test_the_japanese_and_korean_pdfs_embed_their_own_cjk_fonts(cast: Cast, client: Client) -> None:
    _signed_off(cast)
    client.force_login(cast.alice)

    japanese = client.get(_url(cast, "pdf"), HTTP_ACCEPT_LANGUAGE="ja").content
    korean = client.get(_url(cast, "pdf"), HTTP_ACCEPT_LANGUAGE="ko").content

    assert "Noto-Sans-CJK-JP" in embedded_fonts(japanese)
    assert "Noto-Sans-CJK-KR" in embedded_fonts(korean)


def test_each_download_is_recorded_in_the_audit_log(cast: Cast, client: Client) -> None:
    client.force_login(cast.vera)

    client.get(_url(cast, "pdf"))
    client.get(_url(cast, "html"))

    exports = AuditEvent.objects.filter(kind=AuditEvent.Kind.EXPORT_DOWNLOADED)
    assert sorted(event.details["export"] for event in exports) == ["report.html", "report.pdf"]


@pytest.mark.parametrize("kind", ["docx", "pdf.exe", "x" * 500])
def test_an_unknown_kind_of_report_is_not_found(cast: Cast, client: Client, kind: str) -> None:
    client.force_login(cast.alice)

    assert client.get(_url(cast, kind)).status_code == 404


def test_an_unknown_round_is_not_found(cast: Cast, client: Client) -> None:
    client.force_login(cast.alice)

    assert client.get(reverse("reports:city_report", args=[999999, "pdf"])).status_code == 404


def test_the_round_page_and_the_dashboard_offer_the_report(cast: Cast, client: Client) -> None:
    client.force_login(cast.alice)

    round_page = client.get(reverse("assessments:round", args=[cast.round.pk])).content.decode()
    dashboard = client.get(reverse("dashboards:city", args=["harbour"])).content.decode()

    for page in (round_page, dashboard):
        assert _url(cast, "pdf") in page
        assert "Report (HTML)" in page


def test_the_pdf_draws_its_charts_in_colour_not_black(cast: Cast, client: Client) -> None:
    _signed_off(cast)
    client.force_login(cast.alice)

    pdf = client.get(_url(cast, "pdf")).content

    assert BAR_COLOUR in fill_colours(pdf)
    assert "#000000" not in fill_colours(pdf)


@pytest.mark.parametrize(
    ("accept", "high", "answer_heading"),
    [("zh-TW", "高", "答案"), ("ja", "高い", "回答"), ("ko", "높음", "답변")],
)
def test_the_confidence_column_and_headings_are_in_the_reader_s_language(
    cast: Cast, client: Client, accept: str, high: str, answer_heading: str
) -> None:
    _signed_off(cast)
    client.force_login(cast.alice)

    page = client.get(_url(cast, "html"), HTTP_ACCEPT_LANGUAGE=accept).content.decode()

    assert f"<td>{high}</td>" in page
    assert f"<th>{answer_heading}</th>" in page
    assert "<td>high</td>" not in page
    assert ">Confidence<" not in page
