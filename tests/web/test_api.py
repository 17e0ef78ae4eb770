"""The REST API: token authentication, each resource for each role of the cast, pages of lists,
errors as JSON, and answers written with the answer page's permissions and versions."""

from __future__ import annotations

import io
import threading
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client

from stocktake_web.api.domain.tokens import issue_token, revoke_token, token_digest
from stocktake_web.api.interfaces.authentication import FAILURES_ALLOWED
from stocktake_web.api.interfaces.v1 import api
from stocktake_web.api.models import ApiToken
from stocktake_web.assessments.models import Answer, Conflict

from .conftest import Cast

PEOPLE = ("alice", "bob", "bea", "vera", "sam", "charlie", "dora", "olga")


def _client(cast: Cast, person: str) -> Client:
    _row, token = issue_token(user=getattr(cast, person), name="tests")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def _body(cast: Cast, **changes: Any) -> dict[str, Any]:
    return {"base_version": 0, "value": "2", "confidence": "high", **changes}


def _indicator_answer(cast: Cast) -> Answer:
    """An answer of Harbour City's environment department."""
    return (
        Answer.objects.filter(assignment__round=cast.round, assignment__department=cast.environment)
        .order_by("assignment__indicator")
        .first()
    )  # type: ignore[return-value]


# -- tokens ---------------------------------------------------------------------------------------


def test_only_a_digest_of_the_token_is_kept(cast: Cast) -> None:
    row, token = issue_token(user=cast.alice, name="  nightly export ")
    assert row.digest == token_digest(token)
    assert token not in str(ApiToken.objects.filter(pk=row.pk).values().get())
    assert row.name == "nightly export"


def test_without_a_token_every_resource_is_401(client: Client) -> None:
    response = client.get("/api/v1/cities")
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


def test_the_session_is_not_accepted(cast: Cast, client: Client) -> None:
    client.force_login(cast.alice)
    assert client.get("/api/v1/cities").status_code == 401
    answer = _indicator_answer(cast)
    response = client.put(f"/api/v1/answers/{answer.pk}", _body(cast), "application/json")
    assert response.status_code == 401


def test_a_revoked_token_is_refused(cast: Cast) -> None:
    row, token = issue_token(user=cast.alice, name="old")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert client.get("/api/v1/cities").status_code == 200
    assert revoke_token(user=cast.alice, token_id=row.pk)
    assert not revoke_token(user=cast.alice, token_id=row.pk)
    assert client.get("/api/v1/cities").status_code == 401


def test_someone_else_cannot_revoke_a_token(cast: Cast) -> None:
    row, _token = issue_token(user=cast.alice, name="mine")
    assert not revoke_token(user=cast.charlie, token_id=row.pk)
    row.refresh_from_db()
    assert row.revoked_at is None


def test_a_used_token_records_when(cast: Cast) -> None:
    row, token = issue_token(user=cast.vera, name="x")
    Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/v1/rounds")
    row.refresh_from_db()
    assert row.last_used_at is not None


def test_a_deactivated_persons_token_is_refused(cast: Cast) -> None:
    client = _client(cast, "alice")
    cast.alice.is_active = False
    cast.alice.save(update_fields=["is_active"])
    assert client.get("/api/v1/cities").status_code == 401


@pytest.mark.parametrize("header", ["Bearer " + "x" * 5000, "Bearer ", "Basic abc", "Bearer \x00"])
def test_malformed_tokens_are_401(db: None, header: str) -> None:
    assert Client(HTTP_AUTHORIZATION=header).get("/api/v1/cities").status_code == 401


def test_failed_token_attempts_are_throttled(cast: Cast) -> None:
    wrong = Client(HTTP_AUTHORIZATION="Bearer not-a-token")
    statuses = [wrong.get("/api/v1/cities").status_code for _ in range(FAILURES_ALLOWED + 2)]
    assert statuses[:FAILURES_ALLOWED] == [401] * FAILURES_ALLOWED
    assert statuses[-1] == 429
    # even the right token waits: the address is paused, not the token
    assert _client(cast, "alice").get("/api/v1/cities").status_code == 429


def test_requests_without_a_token_are_not_counted_as_attempts(cast: Cast, client: Client) -> None:
    for _ in range(FAILURES_ALLOWED + 2):
        assert client.get("/api/v1/cities").status_code == 401
    assert _client(cast, "alice").get("/api/v1/cities").status_code == 200


def test_the_management_command_prints_a_working_token(cast: Cast) -> None:
    out = io.StringIO()
    call_command("api_token", "sam", "--name", "cron", stdout=out)
    token = out.getvalue().strip()
    assert ApiToken.objects.get(digest=token_digest(token)).name == "cron"
    assert Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/v1/cities").status_code == 200


def test_the_management_command_names_an_unknown_user(db: None) -> None:
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="nobody"):
        call_command("api_token", "nobody")


# -- the document ---------------------------------------------------------------------------------


def test_the_openapi_document_lists_every_resource(db: None, client: Client) -> None:
    document = client.get("/api/v1/openapi.json").json()
    assert {
        "/api/v1/frameworks",
        "/api/v1/frameworks/{version_id}",
        "/api/v1/networks",
        "/api/v1/cities",
        "/api/v1/cities/{slug}",
        "/api/v1/cities/{slug}/departments",
        "/api/v1/cities/{slug}/rounds",
        "/api/v1/rounds",
        "/api/v1/rounds/{round_id}",
        "/api/v1/rounds/{round_id}/assignments",
        "/api/v1/rounds/{round_id}/answers",
        "/api/v1/rounds/{round_id}/results",
        "/api/v1/answers/{answer_id}",
        "/api/v1/rounds/{round_id}/report.pdf",
        "/api/v1/rounds/{round_id}/report.html",
        "/api/v1/rounds/{round_id}/answers-by-department.{kind}",
        "/api/v1/frameworks/{version_id}/xlsform.xlsx",
        "/api/v1/rounds/{round_id}/departments/{slug}/questionnaire.xlsx",
        "/api/v1/rounds/{round_id}/departments/{slug}/questionnaire",
        "/api/v1/rounds/{round_id}/submissions",
    } == set(document["paths"])


def test_the_docs_page_is_not_served(db: None, client: Client) -> None:
    assert client.get("/api/v1/docs").status_code == 404


# -- the matrix: each resource for each person ----------------------------------------------------


def _addresses(cast: Cast) -> dict[str, str]:
    answer = _indicator_answer(cast)
    return {
        "frameworks": "/api/v1/frameworks",
        "framework": f"/api/v1/frameworks/{cast.framework.pk}",
        "networks": "/api/v1/networks",
        "cities": "/api/v1/cities",
        "city": "/api/v1/cities/harbour",
        "departments": "/api/v1/cities/harbour/departments",
        "rounds": "/api/v1/rounds",
        "round": f"/api/v1/rounds/{cast.round.pk}",
        "assignments": f"/api/v1/rounds/{cast.round.pk}/assignments",
        "answers": f"/api/v1/rounds/{cast.round.pk}/answers",
        "results": f"/api/v1/rounds/{cast.round.pk}/results",
        "answer": f"/api/v1/answers/{answer.pk}",
        "report.pdf": f"/api/v1/rounds/{cast.round.pk}/report.pdf",
        "report.html": f"/api/v1/rounds/{cast.round.pk}/report.html",
        "answers by department": f"/api/v1/rounds/{cast.round.pk}/answers-by-department.csv",
        "xlsform": f"/api/v1/frameworks/{cast.framework.pk}/xlsform.xlsx",
        "questionnaire": (
            f"/api/v1/rounds/{cast.round.pk}/departments/environment/questionnaire.xlsx"
        ),
    }


#: the status each person gets from each read, for Harbour City's things
READS: dict[str, dict[str, int]] = {
    "frameworks": dict.fromkeys(PEOPLE, 200),
    "framework": dict.fromkeys(PEOPLE, 200),
    "networks": dict.fromkeys(PEOPLE, 200),
    "cities": dict.fromkeys(PEOPLE, 200),
    **{
        name: {**dict.fromkeys(PEOPLE, 200), "charlie": 404, "dora": 404, "olga": 404}
        for name in ("city", "departments")
    },
    "rounds": dict.fromkeys(PEOPLE, 200),
    **{
        name: {**dict.fromkeys(PEOPLE, 200), "bob": 403, "bea": 403}
        | {"charlie": 404, "dora": 404, "olga": 404}
        for name in ("round", "assignments", "results")
    },
    **{
        name: {**dict.fromkeys(PEOPLE, 200), "bob": 403, "bea": 403}
        | {"charlie": 404, "dora": 404, "olga": 404}
        for name in ("report.pdf", "report.html", "answers by department")
    },
    "xlsform": dict.fromkeys(PEOPLE, 200),
    "questionnaire": {
        "alice": 200,
        "bob": 200,
        "bea": 403,
        "vera": 403,
        "sam": 403,
        "charlie": 404,
        "dora": 404,
        "olga": 404,
    },
    "answers": {**dict.fromkeys(PEOPLE, 200), "charlie": 404, "dora": 404, "olga": 404},
    "answer": {
        "alice": 200,
        "bob": 200,
        "sam": 200,
        "bea": 403,
        "vera": 403,
        "charlie": 404,
        "dora": 404,
        "olga": 404,
    },
}


@pytest.mark.parametrize("person", PEOPLE)
def test_each_read_for_each_person(cast: Cast, person: str) -> None:
    client = _client(cast, person)
    addresses = _addresses(cast)
    got = {name: client.get(address).status_code for name, address in addresses.items()}
    assert got == {name: READS[name][person] for name in addresses}


def test_every_operation_of_the_api_is_in_the_matrix() -> None:
    paths = set(api.get_openapi_schema()["paths"])
    read = {path for path in paths if "get" in api.get_openapi_schema()["paths"][path]}
    assert len(read) == len(READS)


@pytest.mark.parametrize("person", PEOPLE)
def test_lists_hold_nothing_of_another_city(cast: Cast, person: str) -> None:
    client = _client(cast, person)
    cities = {city["slug"] for city in client.get("/api/v1/cities").json()["items"]}
    rounds = {item["city"] for item in client.get("/api/v1/rounds").json()["items"]}
    sees_harbour = person in ("alice", "bob", "bea", "vera", "sam")
    sees_hillside = person in ("charlie", "dora", "sam")
    assert ("harbour" in cities) == sees_harbour
    assert ("hillside" in cities) == sees_hillside
    assert rounds <= cities
    assert ("harbour" in rounds) == (person in ("alice", "vera", "sam"))


def test_a_respondent_lists_only_her_departments_answers(cast: Cast) -> None:
    items = _client(cast, "bob").get(f"/api/v1/rounds/{cast.round.pk}/answers").json()["items"]
    assert items
    assert {item["department"] for item in items} == {"environment"}


def test_a_viewer_lists_no_answers(cast: Cast) -> None:
    body = _client(cast, "vera").get(f"/api/v1/rounds/{cast.round.pk}/answers").json()
    assert body["count"] == 0


def test_results_are_the_dashboards(cast: Cast) -> None:
    body = _client(cast, "alice").get(f"/api/v1/rounds/{cast.round.pk}/results").json()
    assert body["round"] == cast.round.pk
    assert body["signed_off"] is False
    assert isinstance(body["key_areas"], list)
    assert body["scores"]


def test_a_framework_version_carries_its_definition(cast: Cast) -> None:
    body = _client(cast, "bob").get(f"/api/v1/frameworks/{cast.framework.pk}").json()
    assert body["definition"]["id"] == cast.framework.framework_id


# -- pages and awkward addresses ------------------------------------------------------------------


def test_a_list_comes_in_pages(cast: Cast) -> None:
    client = _client(cast, "alice")
    address = f"/api/v1/rounds/{cast.round.pk}/assignments"
    whole = client.get(address, {"limit": 200}).json()
    first = client.get(address, {"limit": 2}).json()
    second = client.get(address, {"limit": 2, "offset": 2}).json()
    assert whole["count"] == first["count"] == len(whole["items"]) > 3
    assert first["items"] + second["items"] == whole["items"][:4]
    beyond = client.get(address, {"offset": 10**6}).json()
    assert beyond["items"] == [] and beyond["count"] == whole["count"]


@pytest.mark.parametrize(
    "query", [{"limit": 0}, {"limit": 201}, {"offset": -1}, {"limit": "ten"}, {"offset": 10**30}]
)
def test_page_bounds_are_422(cast: Cast, query: dict[str, Any]) -> None:
    response = _client(cast, "alice").get("/api/v1/cities", query)
    assert response.status_code == 422
    assert response.json()["detail"]


@pytest.mark.parametrize(
    "address",
    [
        "/api/v1/rounds/0",
        "/api/v1/rounds/-1",
        "/api/v1/rounds/99999999999999999999999",
        f"/api/v1/rounds/{2**31}",
        "/api/v1/answers/999999",
        "/api/v1/frameworks/9223372036854775808",
        "/api/v1/cities/" + "x" * 3000,
        "/api/v1/cities/nowhere/departments",
    ],
)
def test_huge_and_missing_ids_are_404_or_422(cast: Cast, address: str) -> None:
    response = _client(cast, "sam").get(address)
    assert response.status_code in (404, 422)
    assert "detail" in response.json()


# -- writing answers ------------------------------------------------------------------------------


def _put(client: Client, answer: Answer, body: Any) -> Any:
    return client.put(f"/api/v1/answers/{answer.pk}", body, "application/json")


@pytest.mark.parametrize(
    ("person", "status"),
    [
        ("bob", 200),
        ("bea", 403),
        ("alice", 403),
        ("vera", 403),
        ("sam", 403),
        ("charlie", 404),
        ("dora", 404),
        ("olga", 404),
    ],
)
def test_only_the_assigned_respondent_writes_an_answer(
    cast: Cast, person: str, status: int
) -> None:
    answer = _indicator_answer(cast)
    response = _put(_client(cast, person), answer, _body(cast, value=_a_level(cast, answer)))
    assert response.status_code == status
    answer.refresh_from_db()
    assert answer.version == (1 if status == 200 else 0)


def _a_level(cast: Cast, answer: Answer) -> str:
    indicator = cast.framework.load().indicator(answer.assignment.indicator)
    return str(indicator.levels[-1].value) if indicator.levels else "1"


def test_a_write_returns_the_new_version(cast: Cast) -> None:
    answer = _indicator_answer(cast)
    level = _a_level(cast, answer)
    body = _put(_client(cast, "bob"), answer, _body(cast, value=level)).json()
    assert body["version"] == 1
    assert body["value"] == level
    assert body["confidence"] == "high"


def test_a_stale_write_is_409_with_both_versions(cast: Cast) -> None:
    answer = _indicator_answer(cast)
    level = _a_level(cast, answer)
    bob = _client(cast, "bob")
    assert _put(bob, answer, _body(cast, value=level)).status_code == 200
    response = _put(bob, answer, _body(cast, value=level, comment="from an old copy"))
    assert response.status_code == 409
    body = response.json()
    assert body["base_version"] == 0
    assert body["stored_version"] == 1
    assert body["stored"]["comment"] == ""
    assert body["proposed"]["comment"] == "from an old copy"
    assert body["detail"]
    assert Conflict.objects.filter(answer=answer, resolution=Conflict.Resolution.OPEN).count() == 1


def test_an_invalid_answer_is_422_naming_its_fields(cast: Cast) -> None:
    answer = _indicator_answer(cast)
    response = _put(
        _client(cast, "bob"),
        answer,
        _body(cast, value="not a level", link="not a link", confidence="sure"),
    )
    assert response.status_code == 422
    fields = response.json()["fields"]
    assert {"value", "link", "confidence"} <= set(fields)


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        "[]",
        '{"value": "2"}',
        '{"base_version": -1}',
        '{"base_version": 99999999999999999999}',
        '{"base_version": "zero"}',
        '{"base_version": 0, "support": "x"}',
        '{"base_version": 0, "value": "' + "9" * 20000 + '"}',
    ],
)
def test_malformed_bodies_are_422(cast: Cast, body: str) -> None:
    answer = _indicator_answer(cast)
    response = _put(_client(cast, "bob"), answer, body)
    assert response.status_code in (400, 422)
    assert "detail" in response.json()
    answer.refresh_from_db()
    assert answer.version == 0


def test_a_submitted_departments_answer_is_409(cast: Cast) -> None:
    from stocktake_web.assessments.domain import submit_department

    answer = _indicator_answer(cast)
    submit_department(round=cast.round, department=cast.environment, by=cast.bob)
    response = _put(_client(cast, "bob"), answer, _body(cast, value=_a_level(cast, answer)))
    assert response.status_code == 409
    assert response.json()["detail"]


@pytest.mark.django_db(transaction=True)
def test_concurrent_writes_from_one_version_save_once(cast: Cast) -> None:
    answer = _indicator_answer(cast)
    level = _a_level(cast, answer)
    clients = [_client(cast, "bob") for _ in range(5)]
    statuses: list[int] = []

    def write(client: Client, n: int) -> None:
        try:
            statuses.append(
                _put(client, answer, _body(cast, value=level, comment=str(n))).status_code
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(c, n)) for n, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] + [409] * 4
    answer.refresh_from_db()
    assert answer.version == 1


# -- opening a round ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("person", "status"),
    [("alice", 201), ("vera", 403), ("bob", 403), ("sam", 403), ("charlie", 404)],
)
def test_only_the_coordinator_opens_a_round(cast: Cast, person: str, status: int) -> None:
    body = {
        "name": "2026",
        "framework": cast.framework.pk,
        "deadline": "2030-01-31",
        "reason": "a second look",
    }
    response = _client(cast, person).post("/api/v1/cities/harbour/rounds", body, "application/json")
    assert response.status_code == status, response.content
    if status == 201:
        assert response.json()["city"] == "harbour"


def test_opening_a_round_of_an_unknown_framework_is_422(cast: Cast) -> None:
    body = {"name": "2026", "framework": 99999, "deadline": "2030-01-31"}
    response = _client(cast, "alice").post(
        "/api/v1/cities/harbour/rounds", body, "application/json"
    )
    assert response.status_code == 422
    assert response.json()["detail"]


def test_a_second_current_round_without_a_reason_is_409_saying_why(cast: Cast) -> None:
    body = {"name": "2026", "framework": cast.framework.pk, "deadline": "2030-01-31"}
    response = _client(cast, "alice").post(
        "/api/v1/cities/harbour/rounds", body, "application/json"
    )
    assert response.status_code == 409
    assert "say why a second one is needed" in response.json()["detail"]


# -- the tokens page ------------------------------------------------------------------------------


def test_a_token_made_on_the_page_is_shown_once_and_works(cast: Cast, client: Client) -> None:
    client.force_login(cast.alice)
    response = client.post("/accounts/me/api-tokens/", {"name": "nightly export"})
    token = response.context["new_token"]
    assert token and token in response.content.decode()
    again = client.get("/accounts/me/api-tokens/").content.decode()
    assert token not in again and "nightly export" in again
    api_client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api_client.get("/api/v1/cities").status_code == 200


def test_a_token_revoked_on_the_page_stops_working(cast: Cast, client: Client) -> None:
    row, token = issue_token(user=cast.alice, name="old")
    client.force_login(cast.alice)
    client.post(f"/accounts/me/api-tokens/{row.pk}/revoke/")
    assert Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/v1/cities").status_code == 401


def test_another_persons_token_is_not_revoked_from_the_page(cast: Cast, client: Client) -> None:
    row, token = issue_token(user=cast.alice, name="hers")
    client.force_login(cast.charlie)
    response = client.post(f"/accounts/me/api-tokens/{row.pk}/revoke/", follow=True)
    assert "no such token of yours" in response.content.decode()
    assert Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/v1/cities").status_code == 200


def test_a_token_needs_a_name(cast: Cast, client: Client) -> None:
    client.force_login(cast.alice)
    response = client.post("/accounts/me/api-tokens/", {"name": ""})
    assert response.status_code == 422
    assert not ApiToken.objects.exists()


def test_the_account_page_links_to_the_tokens(cast: Cast, client: Client) -> None:
    client.force_login(cast.bob)
    assert 'href="/accounts/me/api-tokens/"' in client.get("/accounts/me/").content.decode()


# -- assigning ------------------------------------------------------------------------------------


def _assign(cast: Cast, person: str, *pairs: tuple[str, str]) -> Any:
    body = {"assignments": [{"indicator": i, "department": d} for i, d in pairs]}
    address = f"/api/v1/rounds/{cast.round.pk}/assignments"
    return _client(cast, person).post(address, body, "application/json")


@pytest.mark.parametrize(
    ("person", "status"),
    [("alice", 201), ("vera", 403), ("sam", 403), ("bob", 403), ("charlie", 404)],
)
def test_only_the_coordinator_assigns(cast: Cast, person: str, status: int) -> None:
    indicator = cast.framework.load().indicators()[0].id
    response = _assign(cast, person, (indicator, "planning"))
    assert response.status_code == status


def test_assigning_twice_makes_one_assignment(cast: Cast) -> None:
    assigned = set(
        cast.round.assignments.filter(department=cast.planning).values_list("indicator", flat=True)
    )
    indicator = next(i.id for i in cast.framework.load().indicators() if i.id not in assigned)
    first = _assign(cast, "alice", (indicator, "planning"), (indicator, "planning")).json()
    again = _assign(cast, "alice", (indicator, "planning")).json()
    assert [row["department"] for row in first] == ["planning"]
    assert again == []


@pytest.mark.parametrize(
    "pair", [("NOT-AN-INDICATOR", "planning"), ("E1", "nowhere"), ("E1", "x" * 101)]
)
def test_assigning_what_is_not_there_is_422(cast: Cast, pair: tuple[str, str]) -> None:
    response = _assign(cast, "alice", pair)
    assert response.status_code == 422
    assert response.json()["detail"]


def test_another_citys_department_is_not_one_of_the_rounds(cast: Cast) -> None:
    response = _assign(cast, "sam", ("E1", "environment"))
    assert response.status_code == 403


# -- queries --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    ["/api/v1/rounds/{round}/answers", "/api/v1/rounds/{round}/assignments", "/api/v1/cities"],
)
def test_a_longer_page_costs_no_more_queries(cast: Cast, address: str) -> None:
    from django.db import connection as db
    from django.test.utils import CaptureQueriesContext

    client = _client(cast, "alice")
    url = address.format(round=cast.round.pk)
    counts = []
    for limit in (1, 200):
        with CaptureQueriesContext(db) as queries:
            assert client.get(url, {"limit": limit}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
