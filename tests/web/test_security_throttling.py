"""Signing in is throttled by account and by address: the probe's 60 wrong passwords in a row
now meet a pause after the fifth, said in the reader's language with the time to try again."""

from __future__ import annotations

import datetime
import re

import pytest
from axes.models import AccessAttempt
from django.db.models import F
from django.test import Client, RequestFactory
from pytest_django import DjangoAssertNumQueries
from pytest_django import Settings as SettingsWrapper

from stocktake_web.accounts.interfaces.clients import client_address

from .conftest import PASSWORD, Cast

LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"


def _sign_in(
    client: Client, username: str, password: str, *, address: str = "203.0.113.7", url: str = LOGIN
) -> int:
    response = client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)
    return response.status_code


def _wrong(client: Client, username: str, times: int, **where: str) -> list[int]:
    return [_sign_in(client, username, f"wrong {n}", **where) for n in range(times)]


def test_sixty_wrong_passwords_in_a_row_meet_a_pause_after_the_fifth(
    cast: Cast, client: Client
) -> None:
    codes = _wrong(client, "alice", 60)

    assert codes[:4] == [200] * 4
    assert codes[4:] == [429] * 56


def test_a_paused_account_is_refused_even_with_the_right_password(
    cast: Cast, client: Client
) -> None:
    _wrong(client, "alice", 5)

    code = _sign_in(client, "alice", PASSWORD)

    assert code == 429
    assert "_auth_user_id" not in client.session


def test_the_pause_says_in_english_when_to_try_again(cast: Cast, client: Client) -> None:
    _wrong(client, "alice", 4)

    response = client.post(LOGIN, {"username": "alice", "password": "wrong"})

    page = response.content.decode()
    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    assert "Signing in is paused" in page
    assert re.search(r"try again after .+, in\s+15 minutes\.", page)


@pytest.mark.parametrize(
    ("language", "heading", "retry"),
    [
        ("zh-hant", "登入已暫停", "15 分鐘後"),
        ("ja", "ログインを一時停止しています", "15 分後"),
    ],
)
def test_the_pause_is_said_in_the_readers_language(
    cast: Cast, client: Client, language: str, heading: str, retry: str
) -> None:
    _wrong(client, "alice", 4)

    response = client.post(
        LOGIN, {"username": "alice", "password": "wrong"}, HTTP_ACCEPT_LANGUAGE=language
    )

    page = response.content.decode()
    assert response.status_code == 429
    assert heading in page
    assert retry in page


def test_signing_in_works_again_once_the_pause_is_over(cast: Cast, client: Client) -> None:
    _wrong(client, "alice", 5)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - datetime.timedelta(minutes=16))

    code = _sign_in(client, "alice", PASSWORD)

    assert code == 302
    assert client.session["_auth_user_id"] == str(cast.alice.pk)


def test_a_paused_account_is_paused_from_every_address(cast: Cast, client: Client) -> None:
    _wrong(client, "alice", 5, address="203.0.113.7")

    code = _sign_in(client, "alice", PASSWORD, address="198.51.100.20")

    assert code == 429


def test_other_accounts_sign_in_while_one_is_paused(cast: Cast, client: Client) -> None:
    _wrong(client, "alice", 5, address="203.0.113.7")

    code = _sign_in(client, "bob", PASSWORD, address="198.51.100.20")

    assert code == 302


def test_an_address_is_paused_at_its_own_higher_limit(cast: Cast, client: Client) -> None:
    """A city hall behind one address: four people's typos pause no one; a guesser trying
    many names from one address is paused at the address limit (20)."""
    names = [f"guess{n}" for n in range(5)]
    for name in names[:4]:
        assert _wrong(client, name, 4) == [200] * 4
    assert _sign_in(client, "bob", PASSWORD) == 302
    client.logout()

    codes = _wrong(client, names[4], 4)

    assert codes == [200, 200, 200, 429]
    assert _sign_in(client, "bob", PASSWORD) == 429
    assert _sign_in(client, "bob", PASSWORD, address="198.51.100.20") == 302


def test_limits_and_pause_come_from_the_settings(
    cast: Cast, client: Client, settings: SettingsWrapper
) -> None:
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=3)

    codes = _wrong(client, "alice", 3)
    response = client.post(LOGIN, {"username": "alice", "password": "wrong"})

    assert codes == [200, 429, 429]
    assert response["Retry-After"] == "180"


def test_the_administration_sign_in_is_throttled_too(cast: Cast, client: Client) -> None:
    codes = _wrong(client, "alice", 5, url=ADMIN_LOGIN)

    assert codes == [200] * 4 + [429]
    assert _sign_in(client, "alice", PASSWORD) == 429


def test_a_correct_first_sign_in_is_not_slowed_by_the_throttle(
    cast: Cast, client: Client, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    """Counting failures costs a few queries, not one per stored attempt."""
    _wrong(client, "bea", 4, address="198.51.100.20")
    for n in range(15):
        _wrong(client, f"someone{n}", 1, address=f"192.0.2.{n}")

    with django_assert_max_num_queries(20):
        code = _sign_in(client, "alice", PASSWORD)

    assert code == 302


# -- the client's address behind proxies ---------------------------------------------------------


def _request(remote: str, forwarded: str | None = None) -> object:
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, "203.0.113.7", None, "203.0.113.7"),
        (0, "10.0.0.2", "198.51.100.1", "10.0.0.2"),  # no proxy trusted: the header is a lie
        (1, "10.0.0.2", "198.51.100.1", "198.51.100.1"),
        (1, "10.0.0.2", "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # spoofed left entry ignored
        (2, "10.0.0.2", "6.6.6.6, 198.51.100.1, 10.0.0.9", "198.51.100.1"),
        (2, "10.0.0.2", "198.51.100.1", "10.0.0.2"),  # fewer hops than proxies: not via them
        (1, "10.0.0.2", "not-an-address", "10.0.0.2"),
        (1, "10.0.0.2", "", "10.0.0.2"),
        (1, "10.0.0.2", " 2001:DB8::1 ", "2001:db8::1"),
        (0, "", None, None),
    ],
)
def test_the_client_address_counts_only_the_trusted_proxies(
    settings: SettingsWrapper, proxies: int, remote: str, forwarded: str | None, expected: str
) -> None:
    settings.TRUSTED_PROXY_COUNT = proxies

    assert client_address(_request(remote, forwarded)) == expected  # type: ignore[arg-type]


def test_behind_a_proxy_each_client_address_is_paused_on_its_own(
    cast: Cast, client: Client, settings: SettingsWrapper
) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for n in range(5):
        client.post(
            LOGIN,
            {"username": f"guess{n}", "password": "wrong"},
            HTTP_X_FORWARDED_FOR=f"6.6.6.{n}, 198.51.100.1",
            **proxy,
        )

    assert AccessAttempt.objects.filter(ip_address="198.51.100.1").count() == 5
    other = client.post(
        LOGIN,
        {"username": "bob", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="192.0.2.50",
        **proxy,
    )
    assert other.status_code == 302
