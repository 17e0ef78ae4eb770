"""Resetting a forgotten password with Django's own views: the same answer for a known and an
unknown address, the e-mail in the person's language, the reset in the audit log, requests
paused when overused; and a person's own account page."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from stocktake_web.accounts.interfaces.throttling import RESET_REQUESTS_PER_ADDRESS
from stocktake_web.accounts.models import User
from stocktake_web.audit.models import AuditEvent

from .conftest import Cast

NEW_PASSWORD = "a long and unusual passphrase 42"


def _with_address(user: User, email: str, language: str = "") -> User:
    user.email, user.language = email, language
    user.save()
    return user


def _reset_path(message: mail.EmailMessage) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/password/reset/[^\s]+/[^\s]+/)", message.body)
    assert match is not None, message.body
    return match.group(1)


def test_a_known_and_an_unknown_address_get_the_same_answer(cast: Cast, client: Client) -> None:
    _with_address(cast.bob, "bob@example.org")
    url = reverse("accounts:password_reset")

    known = client.post(url, {"email": "BOB@example.org"})
    unknown = client.post(url, {"email": "nobody@example.org"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("accounts:password_reset_done")
    assert [message.to for message in mail.outbox] == [["bob@example.org"]]


def test_the_link_sets_a_new_password_once_and_is_audited(cast: Cast, client: Client) -> None:
    _with_address(cast.bob, "bob@example.org")
    client.post(reverse("accounts:password_reset"), {"email": "bob@example.org"})
    path = _reset_path(mail.outbox[0])

    form = client.get(path, follow=True)
    saved = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    again = client.get(path, follow=True)

    assert saved.status_code == 302
    assert saved["Location"] == reverse("accounts:password_reset_complete")
    cast.bob.refresh_from_db()
    assert cast.bob.check_password(NEW_PASSWORD)
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.PASSWORD_RESET)
    assert (event.actor, event.details["person"]) == (cast.bob, "bob")
    assert "no longer valid" in again.content.decode()


def test_the_e_mail_is_in_the_persons_language(cast: Cast, client: Client) -> None:
    _with_address(cast.bob, "bob@example.org", language="zh-hant")

    client.post(reverse("accounts:password_reset"), {"email": "bob@example.org"})

    [message] = mail.outbox
    assert "Stocktake" in message.subject
    assert "Someone asked" not in message.body
    assert re.search(r"[\u4e00-\u9fff]", message.body)


def test_requests_for_one_address_are_paused_after_a_few(cast: Cast, client: Client) -> None:
    _with_address(cast.bob, "bob@example.org")
    url = reverse("accounts:password_reset")

    answers = [
        client.post(url, {"email": "bob@example.org"}).status_code
        for _ in range(RESET_REQUESTS_PER_ADDRESS + 1)
    ]

    assert answers == [302] * RESET_REQUESTS_PER_ADDRESS + [429]
    assert len(mail.outbox) == RESET_REQUESTS_PER_ADDRESS


@pytest.mark.parametrize("email", ["", "not an address", "a" * 5000 + "@example.org"])
def test_a_malformed_address_is_a_form_error(cast: Cast, client: Client, email: str) -> None:
    response = client.post(reverse("accounts:password_reset"), {"email": email})

    assert response.status_code == 200
    assert response.context["form"].errors
    assert mail.outbox == []


def test_the_sign_in_page_links_to_the_reset(client: Client, db: None) -> None:
    page = client.get(reverse("accounts:login"))

    assert reverse("accounts:password_reset") in page.content.decode()


# -- my account -----------------------------------------------------------------------------------


def test_a_person_sets_an_address_and_the_language_of_e_mails(cast: Cast, client: Client) -> None:
    client.force_login(cast.bob)

    response = client.post(reverse("accounts:me"), {"email": "bob@example.org", "language": "ja"})

    assert response.status_code == 302
    cast.bob.refresh_from_db()
    assert (cast.bob.email, cast.bob.language) == ("bob@example.org", "ja")


def test_an_address_of_another_account_is_refused_whatever_its_case(
    cast: Cast, client: Client
) -> None:
    _with_address(cast.alice, "alice@example.org")
    client.force_login(cast.bob)

    response = client.post(reverse("accounts:me"), {"email": "ALICE@example.org", "language": ""})

    assert response.status_code == 200
    assert "another account" in str(response.context["form"].errors["email"])
    cast.bob.refresh_from_db()
    assert cast.bob.email == ""


def test_an_unknown_language_is_a_form_error(cast: Cast, client: Client) -> None:
    client.force_login(cast.bob)

    response = client.post(reverse("accounts:me"), {"email": "", "language": "xx" * 100})

    assert response.status_code == 200
    assert "language" in response.context["form"].errors


def test_the_account_page_needs_signing_in(client: Client, db: None) -> None:
    response = client.get(reverse("accounts:me"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
