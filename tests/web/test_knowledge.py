"""The knowledge catalogue: search in Chinese, Japanese and Korean, loading a file, permissions,
and what helps with each key area of a city.

Searches run on the database the run uses: SQLite's FTS5 trigram index by default, PostgreSQL's
trigram index with ``--postgres``; both must find the same resources as the core's rule.
"""

from __future__ import annotations

import html
import importlib
import io
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from stocktake import knowledge as core
from stocktake.demo.catalogue import demo_catalogue
from stocktake.knowledge import Resource as Record
from stocktake_web.accounts.models import User
from stocktake_web.assessments.models import Round
from stocktake_web.demo.domain.seed import seed_demo
from stocktake_web.file_problems_in_words import READER_SENTENCES
from stocktake_web.knowledge.domain.catalogue import core_catalogue, load_catalogue
from stocktake_web.knowledge.domain.search import facets_of, matching_resources
from stocktake_web.knowledge.models import Resource
from stocktake_web.network.models import Network

from .conftest import Cast
from .test_concurrency import _together
from .test_peers import MIDDLING, STRONG, WEAK, _member, _sign_off

PLAN = Record(
    id="plan",
    kind="policy",
    title={"zh-Hant": "城市韌性計畫", "ja": "都市レジリエンス計画", "ko": "도시 회복력 계획"},
    languages=("zh-Hant",),
    pathways=("resilient",),
    indicators=("G1",),
    year=2024,
    city="riverside",
)
GUIDE = Record(
    id="guide",
    kind="guide",
    title={"en": "Flood-risk plan for the river basin"},
    languages=("en", "ja"),
    pathways=("resilient", "equitable"),
    indicators=("E1",),
    support=("finance",),
    year=2025,
)
PRIVATE_POLICY = Record(
    id="lake-policy", kind="policy", title={"en": "Lakeside energy law"}, indicators=("E1",),
    city="lakeside", year=2023,
)  # fmt: skip


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _found(network: Network, query: str, **facets: str) -> list[str]:
    return [r.key for r in matching_resources(network=network, query=query, **facets)]


@pytest.fixture
def catalogue(cast: Cast) -> Cast:
    load_catalogue(network=cast.network, resources=[PLAN, GUIDE, PRIVATE_POLICY])
    return cast


# -- search ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("韌性", ["plan"]),  # two Chinese characters inside 城市韌性計畫: too short for trigrams
        ("城市韌性", ["plan"]),
        ("韌性計畫", ["plan"]),
        ("レジリエンス", ["plan"]),
        ("計画", ["plan"]),
        ("회복력", ["plan"]),
        ("회복", ["plan"]),
        ("도시 계획", ["plan"]),
        ("FLOOD plan", ["guide"]),
        ("plan", ["guide", "plan"]),
        ("韌性 basin", []),
        ("", ["guide", "plan", "lake-policy"]),
    ],
)
def test_search_finds_chinese_japanese_and_korean_as_the_core_does(
    catalogue: Cast, query: str, found: list[str]
) -> None:
    assert _found(catalogue.network, query) == found
    core_found = core.search([PLAN, GUIDE, PRIVATE_POLICY], query)
    assert [r.id for r in core_found] == found


def test_on_sqlite_long_terms_use_the_fts5_index_and_short_ones_a_scan(catalogue: Cast) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the FTS5 index is SQLite's")
    with CaptureQueriesContext(connection) as long_query:
        assert _found(catalogue.network, "韌性計畫") == ["plan"]
    with CaptureQueriesContext(connection) as short_query:
        assert _found(catalogue.network, "韌性") == ["plan"]

    assert "knowledge_resource_fts MATCH" in long_query.captured_queries[0]["sql"]
    assert "knowledge_resource_fts" not in short_query.captured_queries[0]["sql"]


def test_on_postgresql_the_trigram_index_exists(catalogue: Cast) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("pg_trgm is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'knowledge_resource_search_trgm'"
        )
        [(definition,)] = cursor.fetchall()

    assert "gin_trgm_ops" in definition


def test_the_index_follows_changes_and_deletions(catalogue: Cast) -> None:
    renamed = Record(**{**PLAN.to_dict(), "title": {"ja": "防災まちづくり"}, "year": 2024})

    load_catalogue(network=catalogue.network, resources=[Record.from_dict(renamed.to_dict())])

    assert _found(catalogue.network, "韌性計畫") == []
    assert _found(catalogue.network, "防災まちづくり") == ["plan"]
    Resource.objects.filter(key="plan").delete()
    assert _found(catalogue.network, "防災まちづくり") == []


def test_search_of_quotes_and_operators_is_plain_text(catalogue: Cast) -> None:
    assert _found(catalogue.network, '"plan" OR NEAR(x)') == []
    assert _found(catalogue.network, "100%_") == []


def test_another_networks_catalogue_is_not_searched(catalogue: Cast) -> None:
    other = Network.objects.get(slug="elsewhere")

    assert _found(other, "plan") == []


def test_facets_filter_and_count(catalogue: Cast) -> None:
    facets = facets_of(network=catalogue.network, query="")

    assert facets.kind == [("policy", 2), ("guide", 1)]
    assert facets.language == [("en", 1), ("ja", 1), ("zh-Hant", 1)]
    assert facets.pathway == [("resilient", 2), ("equitable", 1)]
    assert _found(catalogue.network, "", language="ja") == ["guide"]
    assert _found(catalogue.network, "", pathway="resilient") == ["guide", "plan"]
    assert _found(catalogue.network, "plan", kind="policy") == ["plan"]


def test_the_search_page_shows_results_and_facets_in_the_readers_language(
    catalogue: Cast,
) -> None:
    url = reverse("knowledge:catalogue", args=["east"])

    response = _client(catalogue.bob).get(url, {"q": "韌性"}, HTTP_ACCEPT_LANGUAGE="ja")

    page = response.content.decode()
    assert response.status_code == 200
    assert "都市レジリエンス計画" in page
    assert "Flood-risk" not in page


# -- loading and exporting ---------------------------------------------------------------------

HEADER = "id,kind,title_en,title_zh_hant,languages,year,link,indicators,pathways,city\n"
GOOD_ROW = (
    "g1,guide,Coordination guide,協調指南,en; zh-Hant,2024,https://example.org/g,G1,equitable,\n"
)
BAD_ROW = "bad,manual,,,english!,20x4,,G9,,\n"


def _upload(client: Client, content: str, name: str = "catalogue.csv"):  # type: ignore[no-untyped-def]
    file = SimpleUploadedFile(name, content.encode("utf-8"), content_type="text/csv")
    return client.post(reverse("knowledge:manage", args=["east"]), {"file": file})


def test_a_file_with_problems_lists_them_by_row_and_column_and_writes_nothing(
    cast: Cast,
) -> None:
    response = _upload(_client(cast.sam), HEADER + GOOD_ROW + BAD_ROW)

    assert response.status_code == 400
    assert [(row, column) for row, column, _m in response.context["problems"]] == [
        (3, "kind"),
        (3, "title_en"),
        (3, "languages"),
        (3, "year"),
        (3, "indicators"),
    ]
    assert "Not in the frameworks' vocabulary: G9." in [
        m for _r, _c, m in response.context["problems"]
    ]
    assert "Nothing was loaded: the file has 5 problems." in response.content.decode()
    assert not Resource.objects.exists()


def test_loading_the_same_file_twice_changes_nothing(cast: Cast) -> None:
    client = _client(cast.sam)

    first = _upload(client, HEADER + GOOD_ROW)
    stamp = Resource.objects.get().updated_at
    second = client.get(reverse("knowledge:manage", args=["east"]))
    again = _upload(client, HEADER + GOOD_ROW)

    assert first.status_code == again.status_code == 302
    assert "New resources: 1; changed: 0" in second.content.decode()
    assert Resource.objects.get().updated_at == stamp
    messages = [str(m) for m in again.wsgi_request._messages]  # type: ignore[attr-defined]
    assert messages == ["The catalogue is loaded. New resources: 0; changed: 0; unchanged: 1."]


def test_a_file_that_is_not_a_catalogue_is_refused(cast: Cast) -> None:
    response = _upload(_client(cast.sam), "not a table", name="catalogue.pdf")

    assert response.status_code == 400
    assert "Choose a CSV file" in response.content.decode()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_export_reads_back_as_the_same_catalogue(
    catalogue: Cast, fmt: str, tmp_path: object
) -> None:
    response = _client(catalogue.sam).get(reverse("knowledge:export", args=["east", fmt]))

    path = tmp_path / f"export.{fmt}"  # type: ignore[operator]
    path.write_bytes(response.content)
    vocabulary = core.Vocabulary.of([catalogue.framework.load()])
    assert core.read_catalogue(path, vocabulary=vocabulary) == core_catalogue(catalogue.network)


def test_an_unknown_export_format_is_not_found(catalogue: Cast) -> None:
    response = _client(catalogue.sam).get(reverse("knowledge:export", args=["east", "pdf"]))

    assert response.status_code == 404


def test_the_demo_catalogue_loads_against_the_bundled_frameworks(cast: Cast) -> None:
    loaded = load_catalogue(network=cast.network, resources=demo_catalogue())

    assert (loaded.added, loaded.changed, loaded.unchanged) == (12, 0, 0)
    assert core_catalogue(cast.network) == sorted(demo_catalogue(), key=lambda r: r.id)


# -- permissions -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [("sam", 200), ("alice", 200), ("vera", 200), ("bob", 200), ("charlie", 200), ("olga", 404)],
)
@pytest.mark.parametrize("name", ["catalogue", "policies", "financing"])
def test_every_member_of_the_network_may_search_the_catalogue(
    catalogue: Cast, who: str, status: int, name: str
) -> None:
    response = _client(getattr(catalogue, who)).get(reverse(f"knowledge:{name}", args=["east"]))

    assert response.status_code == status


@pytest.mark.parametrize(
    ("who", "status"), [("sam", 200), ("alice", 403), ("bob", 403), ("olga", 404)]
)
@pytest.mark.parametrize("url", ["manage", "export"])
def test_loading_and_exporting_are_the_secretariats(
    catalogue: Cast, who: str, status: int, url: str
) -> None:
    args = ["east", "csv"] if url == "export" else ["east"]

    response = _client(getattr(catalogue, who)).get(reverse(f"knowledge:{url}", args=args))

    assert response.status_code == status


def test_a_member_cannot_load_a_file(catalogue: Cast) -> None:
    response = _upload(_client(catalogue.alice), HEADER + GOOD_ROW)

    assert response.status_code == 403
    assert not Resource.objects.filter(key="g1").exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [("alice", 200), ("vera", 200), ("sam", 200), ("bob", 403), ("charlie", 404), ("olga", 404)],
)
def test_a_citys_key_areas_page_follows_the_results_rule(
    catalogue: Cast, who: str, status: int
) -> None:
    response = _client(getattr(catalogue, who)).get(reverse("knowledge:city", args=["harbour"]))

    assert response.status_code == status


def test_the_pages_ask_a_stranger_to_sign_in(catalogue: Cast) -> None:
    for url in (
        reverse("knowledge:catalogue", args=["east"]),
        reverse("knowledge:city", args=["harbour"]),
    ):
        response = Client().get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


# -- what helps with each key area ----------------------------------------------------------------


@pytest.fixture
def cohort(catalogue: Cast) -> Cast:
    """Harbour City weak on G1 and E1; Riverside named and strong, Lakeside private and strong."""
    _sign_off(catalogue.round, WEAK, catalogue.alice, Round.Consent.COHORT_NAMED)
    _sign_off(catalogue.hill_round, MIDDLING, catalogue.charlie, Round.Consent.COHORT_NAMED)
    _member(catalogue, "riverside", "Riverside", STRONG, Round.Consent.COHORT_NAMED)
    _member(catalogue, "lakeside", "Lakeside", STRONG, Round.Consent.PRIVATE)
    return catalogue


def test_each_key_area_shows_resources_with_reasons_and_willing_peers(cohort: Cast) -> None:
    response = _client(cohort.alice).get(
        reverse("knowledge:city", args=["harbour"]), HTTP_ACCEPT_LANGUAGE="en"
    )

    areas = {area.indicator: area for area in response.context["key_areas"]}
    assert set(areas) == {"G1", "E1"}
    g1 = areas["G1"]
    assert [item.resource.title for item in g1.recommendations] == [
        "城市韌性計畫",
        "Flood-risk plan for the river basin",
    ]
    assert g1.recommendations[0].reasons == [
        "Tagged with G1 Cross-departmental coordination.",
        "Used by Riverside, which is strong here and agreed to share.",
    ]
    assert [helper.slug for helper in g1.helpers] == ["riverside"]
    e1 = areas["E1"]
    assert e1.recommendations[0].resource.title == "Flood-risk plan for the river basin"
    lake = next(i for i in e1.recommendations if i.resource.title == "Lakeside energy law")
    assert not any("Used by" in reason for reason in lake.reasons)
    assert "Gives the support your departments asked for: Finance." in (
        e1.recommendations[0].reasons
    )
    assert "Lakeside</" not in response.content.decode().replace("Lakeside energy law", "")


def test_a_city_without_a_signed_off_round_is_told_why(catalogue: Cast) -> None:
    response = _client(catalogue.alice).get(reverse("knowledge:city", args=["harbour"]))

    assert response.status_code == 200
    assert "has no signed-off round yet" in response.content.decode()


def test_the_dashboard_links_to_what_helps(cohort: Cast) -> None:
    response = _client(cohort.alice).get(reverse("dashboards:city", args=["harbour"]))

    assert reverse("knowledge:city", args=["harbour"]) in response.content.decode()


def test_an_xlsx_upload_is_read_like_a_csv(cast: Cast) -> None:
    buffer = io.BytesIO()
    core.write_catalogue([GUIDE], buffer, fmt="xlsx")
    file = SimpleUploadedFile("catalogue.xlsx", buffer.getvalue())

    response = _client(cast.sam).post(reverse("knowledge:manage", args=["east"]), {"file": file})

    assert response.status_code == 302
    assert core_catalogue(cast.network) == [GUIDE]


def test_the_demo_shows_recommendations_under_a_citys_key_areas(db: None) -> None:
    """``make run``: a demo city's key areas each find demonstration resources."""
    summary = seed_demo(password="demo-password", n_cities=3)
    city = summary.rounds[0].city
    client = _client(User.objects.get(username=f"{city.slug}-coordinator"))

    response = client.get(reverse("knowledge:city", args=[city.slug]))

    areas = response.context["key_areas"]
    assert summary.resources == 12
    assert areas
    assert all(area.recommendations for area in areas)
    assert "(demonstration)" in response.content.decode()


def test_the_search_page_costs_the_same_queries_for_one_resource_or_thirty(
    cast: Cast, django_assert_num_queries: Any
) -> None:
    client = _client(cast.bob)
    url = reverse("knowledge:catalogue", args=["east"])
    load_catalogue(network=cast.network, resources=[GUIDE])
    client.get(url, {"q": "plan"})  # the session and roles are read once in either case
    with CaptureQueriesContext(connection) as one:
        client.get(url, {"q": "plan"})
    many = [Record.from_dict({**GUIDE.to_dict(), "id": f"guide-{n}"}) for n in range(30)]
    load_catalogue(network=cast.network, resources=many)

    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url, {"q": "plan"})

    assert response.context["page"].paginator.count == 31


def test_the_policy_database_names_a_member_city_in_the_readers_language(
    catalogue: Cast,
) -> None:
    load_catalogue(
        network=catalogue.network,
        resources=[Record.from_dict({**PLAN.to_dict(), "city": "harbour"})],
    )

    response = _client(catalogue.alice).get(
        reverse("knowledge:policies", args=["east"]), HTTP_ACCEPT_LANGUAGE="zh-hant"
    )

    rows = {row.title: row.city for _resource, row in response.context["results"]}
    assert rows == {"城市韌性計畫": "Harbour City（中文）", "Lakeside energy law": "lakeside"}


def test_staff_may_look_up_and_delete_a_resource_but_not_change_it(
    catalogue: Cast, admin_client: Client
) -> None:
    plan = Resource.objects.get(key="plan")
    change = reverse("admin:knowledge_resource_change", args=[plan.pk])

    page = admin_client.get(change)
    refused = admin_client.post(change, {"key": "renamed"})
    deleted = admin_client.post(
        reverse("admin:knowledge_resource_delete", args=[plan.pk]), {"post": "yes"}
    )

    assert (page.status_code, refused.status_code, deleted.status_code) == (200, 403, 302)
    assert _found(catalogue.network, "韌性計畫") == []


# -- awkward uploads and searches ---------------------------------------------------------------


@pytest.mark.postgres
def test_ten_simultaneous_loads_of_one_file_add_each_resource_once(
    transactional_db: None, cast: Cast
) -> None:
    results = _together(lambda n: load_catalogue(network=cast.network, resources=[PLAN, GUIDE]))

    assert sorted((r.added, r.unchanged) for r in results) == [(0, 2)] * 9 + [(2, 0)]
    assert sorted(Resource.objects.values_list("key", flat=True)) == ["guide", "plan"]


@pytest.mark.parametrize(
    ("cell", "column"), [("Coord\x00ination", "title_en"), ("en\x07", "languages")]
)
def test_a_control_character_is_a_row_problem_and_nothing_is_loaded(
    cast: Cast, cell: str, column: str
) -> None:
    row = GOOD_ROW.replace("Coordination" if column == "title_en" else "en;", cell)

    response = _upload(_client(cast.sam), HEADER + row)

    assert response.status_code == 400
    assert [(r, c) for r, c, _m in response.context["problems"]] == [(2, column)]
    assert not Resource.objects.exists()


def test_a_header_without_rows_is_refused_with_a_sentence(cast: Cast) -> None:
    response = _upload(_client(cast.sam), HEADER)

    assert response.status_code == 400
    assert [m for _r, _c, m in response.context["problems"]] == [
        "The file has a header but no resource below it."
    ]


def test_a_file_too_large_to_receive_is_refused_for_its_size(cast: Cast, settings: Any) -> None:
    settings.STOCKTAKE_EVIDENCE_MAX_BYTES = 10_000  # the upload handler skips what passes it

    response = _upload(_client(cast.sam), HEADER + GOOD_ROW * 200)

    assert response.status_code == 400
    assert response.context["form"].errors["file"] == ["The file is larger than 5 MB; split it."]
    assert not Resource.objects.exists()


@pytest.mark.parametrize(
    "params",
    [{"q": "plan " * 1000}, {"q": "plan\x00"}, {"q": "plan", "kind": "manual"}],
)
def test_a_search_the_form_refuses_finds_nothing_rather_than_everything(
    catalogue: Cast, params: dict[str, str]
) -> None:
    response = _client(catalogue.bob).get(reverse("knowledge:catalogue", args=["east"]), params)

    assert response.status_code == 200
    assert response.context["form"].errors
    assert response.context["page"].paginator.count == 0


@pytest.mark.parametrize("query", ['"', "*", "(", ")", "^", ":", "NEAR", "AND", "-plan", "pl*"])
def test_fts5_syntax_alone_is_searched_as_text(catalogue: Cast, query: str) -> None:
    core_found = core.search([PLAN, GUIDE, PRIVATE_POLICY], query)

    assert _found(catalogue.network, query) == [r.id for r in core_found] == []


def test_a_facets_count_is_what_choosing_it_finds(catalogue: Cast) -> None:
    """Choosing a value replaces that facet's choice and keeps the others', so each count is
    taken with the other facets' choices only: the link beside it finds exactly that many."""
    client = _client(catalogue.bob)
    url = reverse("knowledge:catalogue", args=["east"])

    for chosen in ({"language": "en"}, {"pathway": "equitable"}, {"kind": "guide"}, {}):
        page = client.get(url, chosen)
        for _name, values in page.context["facets"]:
            for facet in values:
                linked = client.get(f"{url}?{facet.query}")
                expected = linked.context["page"].paginator.count
                if facet.chosen:  # the link takes the choice back
                    continue
                assert facet.count == expected, (chosen, facet)

    facets = facets_of(network=catalogue.network, query="", language="en")
    assert facets.language == [("en", 1), ("ja", 1), ("zh-Hant", 1)]  # not narrowed by "en"
    assert facets.kind == [("guide", 1)]


@pytest.mark.parametrize("query", ["ｒｉｖｅｒ　ｂａｓｉｎ", "River Basin", "ﾌﾗｯﾄﾞ"])
def test_full_width_and_half_width_forms_find_their_plain_text(cast: Cast, query: str) -> None:
    guide = Record(id="fw", kind="guide", title={"en": "River basin", "ja": "フラッド対策"})
    load_catalogue(network=cast.network, resources=[guide])

    assert _found(cast.network, query) == ["fw"]


def test_the_kept_text_of_rows_loaded_before_is_recomputed_in_nfkc(catalogue: Cast) -> None:
    """Migration 0004: a row kept before NFKC (full-width letters as they were) is searchable
    by its plain form once recomputed, through the full-text index too."""
    wide = Record(id="wide", kind="guide", title={"en": "ＳＤＧ flood guide"})
    load_catalogue(network=catalogue.network, resources=[PLAN, GUIDE, PRIVATE_POLICY, wide])
    Resource.objects.filter(key="wide").update(search_text="wide\nｓｄｇ flood guide")
    assert _found(catalogue.network, "sdg flood") == []
    migration = importlib.import_module("stocktake_web.knowledge.migrations.0004_search_text_nfkc")

    migration.recompute(django_apps, None)

    assert _found(catalogue.network, "sdg flood") == ["wide"]
    assert _found(catalogue.network, "城市韌性") == ["plan"]  # the others are as they were


def test_a_language_filter_ignores_case(catalogue: Cast) -> None:
    assert _found(catalogue.network, "", language="ZH-hant") == ["plan"]


@pytest.mark.parametrize("query", [{"kind": "Guide"}, {"pathway": "EQUITABLE"}])
def test_the_search_pages_filters_take_any_case(catalogue: Cast, query: dict[str, str]) -> None:
    response = _client(catalogue.bob).get(reverse("knowledge:catalogue", args=["east"]), query)

    assert [resource.id for resource, _row in response.context["results"]] == ["guide"]


def test_all_facets_together_and_a_page_past_the_last(catalogue: Cast) -> None:
    url = reverse("knowledge:catalogue", args=["east"])
    chosen = {"q": "韌性", "kind": "policy", "language": "zh-Hant", "pathway": "resilient"}

    response = _client(catalogue.bob).get(url, {**chosen, "page": "99"})

    assert response.status_code == 200
    assert [resource.id for resource, _row in response.context["results"]] == ["plan"]


def test_a_language_tag_too_long_to_store_is_a_row_problem(cast: Cast) -> None:
    tag = "en" + "-abcdefgh" * 8  # well formed, but longer than any language tag (35)

    response = _upload(_client(cast.sam), HEADER + GOOD_ROW.replace("en;", f"{tag};"))

    assert response.status_code == 400
    assert [(r, c) for r, c, _m in response.context["problems"]] == [(2, "languages")]
    assert not Resource.objects.exists()


# -- the catalogue's size, and problems of unreadable files in the reader's language ---------------


def test_a_load_that_would_outgrow_what_one_file_holds_is_refused_whole(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Loads only add; the export must always load back, so the catalogue stays within what one
    file may hold (the limit lowered to 2 here, as 5,000 rows would be slow to build)."""
    monkeypatch.setattr(core, "MAX_ROWS", 2)
    client = _client(cast.sam)
    assert _upload(client, HEADER + GOOD_ROW).status_code == 302
    second = GOOD_ROW.replace("g1,", "g2,", 1)
    third = GOOD_ROW.replace("g1,", "g3,", 1)

    refused = _upload(client, HEADER + second + third)
    updated = _upload(client, HEADER + GOOD_ROW.replace("2024", "2025") + second)

    assert refused.status_code == 400
    assert "the catalogue would hold 3 resources" in refused.content.decode()
    assert updated.status_code == 302
    assert sorted(Resource.objects.values_list("key", "year")) == [("g1", 2025), ("g2", 2024)]


def test_a_catalogue_already_past_the_limit_still_takes_changes_that_add_nothing(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = _client(cast.sam)
    second = GOOD_ROW.replace("g1,", "g2,", 1)
    assert _upload(client, HEADER + GOOD_ROW + second).status_code == 302
    monkeypatch.setattr(core, "MAX_ROWS", 1)  # loaded when the limit was higher

    changed = _upload(client, HEADER + GOOD_ROW.replace("2024", "2026"))
    grown = _upload(client, HEADER + GOOD_ROW.replace("g1,", "g3,", 1))

    assert changed.status_code == 302
    assert grown.status_code == 400
    assert sorted(Resource.objects.values_list("key", "year")) == [("g1", 2026), ("g2", 2024)]


UNREADABLE = {
    "not_utf8": ("catalogue.csv", (HEADER + GOOD_ROW.replace("協調指南", "台北")).encode("big5")),
    "unclosed_quote": ("catalogue.csv", (HEADER + 'g1,guide,"open\n').encode()),
    "duplicate_column": ("catalogue.csv", b"id,kind,id\n"),
    "not_workbook": ("catalogue.xlsx", b"PK\x03\x04 not really a workbook"),
}


@pytest.mark.parametrize("code", sorted(UNREADABLE))
def test_a_file_that_cannot_be_read_is_told_in_the_readers_language(cast: Cast, code: str) -> None:
    name, content = UNREADABLE[code]
    client = _client(cast.sam)
    client.post(reverse("set_language"), {"language": "zh-hant"})

    response = client.post(
        reverse("knowledge:manage", args=["east"]),
        {"file": SimpleUploadedFile(name, content)},
    )

    page = html.unescape(response.content.decode())
    sentence = READER_SENTENCES[code]
    with translation.override("zh-hant"):
        chinese = translation.gettext(sentence)
    assert response.status_code == 400
    assert chinese != sentence
    assert chinese.split("%(")[0] in page
    assert not Resource.objects.exists()


def test_a_formula_never_calculated_is_listed_with_the_other_problems_in_the_readers_language(
    cast: Cast,
) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (
        ["id", "kind", "title_en", "summary_en", "year"],
        ["r", "guide", "Probe", '=HYPERLINK("http://example.org")', 2024],
        ["s", "guide", "Fine", "Fine", 1800],
    ):
        sheet.append(row)
    content = io.BytesIO()
    book.save(content)
    client = _client(cast.sam)
    client.post(reverse("set_language"), {"language": "zh-hant"})

    response = client.post(
        reverse("knowledge:manage", args=["east"]),
        {"file": SimpleUploadedFile("catalogue.xlsx", content.getvalue())},
    )

    problems = response.context["problems"]
    assert response.status_code == 400
    assert [(row, column) for row, column, _m in problems] == [(2, "summary_en"), (3, "year")]
    with translation.override("zh-hant"):
        assert problems[0][2] == translation.gettext(READER_SENTENCES["uncalculated_formula"])
    assert not Resource.objects.exists()
