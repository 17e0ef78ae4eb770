"""Invitations: the secretariat invites a city's coordinator, a coordinator the city's viewers
and its departments' respondents; the link makes an account (or is accepted by a signed-in
one), gives the role once, and says clearly when it is used up or expired."""

from __future__ import annotations

import datetime
import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from stocktake_web import permissions
from stocktake_web.accounts.models import Role, User
from stocktake_web.audit.models import AuditEvent
from stocktake_web.secretariat.domain.invitations import (
    InvitationError,
    accept_invitation,
    invitation_with_token,
    invite,
)
from stocktake_web.secretariat.models import Invitation

from .conftest import PASSWORD, Cast

NEW_PASSWORD = "a long and unusual passphrase 42"


def _link_path(message: mail.EmailMessage) -> str:
    """The path of the invitation's link in the e-mail's body."""
    match = re.search(r"https?://[^/\s]+(/invitations/[^\s]+/)", message.body)
    assert match is not None, message.body
    return match.group(1)


def _token(message: mail.EmailMessage) -> str:
    return _link_path(message).rstrip("/").rsplit("/", 1)[1]


def _invite_respondent(cast: Cast, email: str = "new@example.org") -> str:
    invite(
        email=email,
        kind=Role.Kind.RESPONDENT,
        city=cast.harbour,
        department=cast.planning,
        invited_by=cast.alice,
        language="en",
    )
    return _link_path(mail.outbox[-1])


# -- who may invite whom -------------------------------------------------------------------------


def test_the_secretariat_invites_coordinators_and_a_coordinator_only_respondents_and_viewers(
    cast: Cast,
) -> None:
    kinds = (Role.Kind.COORDINATOR, Role.Kind.VIEWER, Role.Kind.RESPONDENT)

    def may(user: User) -> set[str]:
        return {kind for kind in kinds if permissions.can_invite(user, cast.harbour, kind)}

    assert may(cast.sam) == set(kinds)
    assert may(cast.alice) == {Role.Kind.VIEWER, Role.Kind.RESPONDENT}
    assert may(cast.bob) == set()
    assert may(cast.charlie) == set()
    assert may(cast.olga) == set()


def test_a_coordinator_cannot_post_a_coordinators_invitation(cast: Cast, client: Client) -> None:
    client.force_login(cast.alice)

    response = client.post(
        reverse("secretariat:invitations", args=["harbour"]),
        {"email": "boss@example.org", "kind": Role.Kind.COORDINATOR},
    )

    assert response.status_code == 200
    assert "kind" in response.context["form"].errors
    assert Invitation.objects.count() == 0
    assert mail.outbox == []


def test_a_respondents_invitation_needs_a_department_of_the_city(cast: Cast) -> None:
    with pytest.raises(InvitationError):
        invite(
            email="x@example.org",
            kind=Role.Kind.RESPONDENT,
            city=cast.harbour,
            department=cast.hill_environment,
            invited_by=cast.sam,
            language="en",
        )
    assert Invitation.objects.count() == 0


# -- sending -------------------------------------------------------------------------------------


def test_the_secretariat_invites_a_coordinator_by_e_mail(cast: Cast, client: Client) -> None:
    client.force_login(cast.sam)

    response = client.post(
        reverse("secretariat:invitations", args=["harbour"]),
        {"email": "Mayor@Example.org", "kind": Role.Kind.COORDINATOR},
    )

    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["Mayor@Example.org"]
    assert "Harbour City" in message.subject
    assert "City coordinator" in message.body
    invitation = Invitation.objects.get()
    assert invitation.city == cast.harbour
    valid_for = invitation.expires_at - invitation.created_at
    assert abs(valid_for - datetime.timedelta(days=14)) < datetime.timedelta(seconds=1)
    assert _token(message) not in invitation.token_digest  # only the digest is kept
    sent = AuditEvent.objects.get(kind=AuditEvent.Kind.INVITATION_SENT)
    assert (sent.actor, sent.network_id) == (cast.sam, cast.network.pk)
    assert sent.details["email"] == "Mayor@Example.org"


def test_the_invitation_is_written_in_the_inviters_language(cast: Cast, client: Client) -> None:
    client.force_login(cast.alice)
    client.cookies["django_language"] = "ja"

    client.post(
        reverse("secretariat:invitations", args=["harbour"]),
        {"email": "v@example.org", "kind": Role.Kind.VIEWER},
        headers={"accept-language": "ja"},
    )

    [message] = mail.outbox
    assert "Stocktake" in message.body
    assert "You are invited" not in message.body


def test_the_invitations_page_lists_those_waiting(cast: Cast, client: Client) -> None:
    _invite_respondent(cast, "waiting@example.org")
    client.force_login(cast.alice)

    response = client.get(reverse("secretariat:invitations", args=["harbour"]))

    assert response.status_code == 200
    assert "waiting@example.org" in response.content.decode()


# -- accepting -----------------------------------------------------------------------------------


def test_a_new_person_chooses_a_name_and_password_and_gets_the_role(
    cast: Cast, client: Client
) -> None:
    path = _invite_respondent(cast)

    page = client.get(path)
    response = client.post(
        path, {"username": "nora", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    )

    assert page.status_code == 200
    assert "Department respondent" in page.content.decode()
    assert response.status_code == 302
    nora = User.objects.get(username="nora")
    assert nora.email == "new@example.org"
    assert nora.check_password(NEW_PASSWORD)
    assert Role.objects.filter(user=nora, kind="respondent", department=cast.planning).exists()
    assert client.get(reverse("home")).wsgi_request.user == nora  # signed in
    sent = AuditEvent.objects.get(kind=AuditEvent.Kind.INVITATION_SENT)
    after = AuditEvent.objects.filter(pk__gt=sent.pk).exclude(kind=AuditEvent.Kind.SIGNED_IN)
    kinds = list(after.order_by("pk").values_list("kind", flat=True))
    assert kinds == ["account_created", "role_granted", "invitation_accepted"]


def test_a_signed_in_person_accepts_for_their_account(cast: Cast, client: Client) -> None:
    path = _invite_respondent(cast, "bob@example.org")
    client.force_login(cast.bob)

    response = client.post(path)

    assert response.status_code == 302
    assert Role.objects.filter(user=cast.bob, department=cast.planning).exists()
    assert Invitation.objects.get().accepted_by == cast.bob


def test_a_used_link_says_so(cast: Cast, client: Client) -> None:
    path = _invite_respondent(cast)
    data = {"username": "nora", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    client.post(path, data)
    other = Client()

    again = other.post(path, {**data, "username": "nora2"})

    assert again.status_code == 410
    assert "already been accepted" in again.content.decode()
    assert not User.objects.filter(username="nora2").exists()


def test_an_expired_link_says_so(cast: Cast, client: Client) -> None:
    path = _invite_respondent(cast)
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))

    response = client.get(path)
    posted = client.post(
        path, {"username": "late", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    )

    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert posted.status_code == 410
    assert not User.objects.filter(username="late").exists()


@pytest.mark.parametrize("token", ["nonsense", "x" * 5000, "%00", "a" * 43])
def test_a_link_never_sent_is_not_found(cast: Cast, client: Client, token: str) -> None:
    response = client.get(f"/invitations/{token}/")

    assert response.status_code == 404
    assert "not valid" in response.content.decode()


def test_a_taken_user_name_or_weak_password_is_a_form_error(cast: Cast, client: Client) -> None:
    path = _invite_respondent(cast)

    taken = client.post(
        path, {"username": "ALICE", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    )
    weak = client.post(path, {"username": "nora", "password": "123", "password_again": "123"})
    differ = client.post(
        path, {"username": "nora", "password": NEW_PASSWORD, "password_again": "other"}
    )

    assert taken.status_code == 200, taken
    assert "username" in taken.context["form"].errors
    assert "password" in weak.context["form"].errors
    assert "password_again" in differ.context["form"].errors
    assert Invitation.objects.get().accepted_at is None


def test_an_address_with_an_account_must_sign_in_to_accept(cast: Cast, client: Client) -> None:
    cast.bob.email = "bob@example.org"
    cast.bob.save()
    path = _invite_respondent(cast, "BOB@example.org")

    response = client.post(
        path, {"username": "bob2", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    )

    assert response.status_code == 410
    assert "sign in" in response.content.decode()
    assert not User.objects.filter(username="bob2").exists()
    assert Invitation.objects.get().accepted_at is None


def test_the_new_account_can_sign_in_with_its_password(cast: Cast, client: Client) -> None:
    path = _invite_respondent(cast)
    client.post(
        path, {"username": "nora", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    )
    client.logout()

    response = client.post(
        reverse("accounts:login"), {"username": "nora", "password": NEW_PASSWORD}
    )

    assert response.status_code == 302
    assert PASSWORD != NEW_PASSWORD


@pytest.mark.postgres
def test_ten_simultaneous_acceptances_give_the_role_once(
    transactional_db: None, cast: Cast
) -> None:
    _invite_respondent(cast)
    invitation = invitation_with_token(_token(mail.outbox[-1]))
    assert invitation is not None
    people = [User.objects.create_user(username=f"p{n}", password=PASSWORD) for n in range(10)]
    start = threading.Barrier(10)

    def click(n: int) -> bool:
        try:
            start.wait(timeout=30)
            accept_invitation(invitation=Invitation.objects.get(pk=invitation.pk), user=people[n])
        except InvitationError:
            return False
        finally:
            connection.close()
        return True

    with ThreadPoolExecutor(max_workers=10) as pool:
        accepted = list(pool.map(click, range(10)))

    assert accepted.count(True) == 1
    assert Role.objects.filter(department=cast.planning, user__in=people).count() == 1
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.INVITATION_ACCEPTED).count() == 1


def test_the_home_page_leads_the_coordinator_and_the_secretariat_to_their_pages(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.alice)
    coordinator = client.get(reverse("home")).content.decode()
    client.force_login(cast.sam)
    secretariat = client.get(reverse("home")).content.decode()

    assert reverse("secretariat:invitations", args=["harbour"]) in coordinator
    assert reverse("secretariat:cities", args=["east"]) in secretariat
    assert reverse("secretariat:cities", args=["east"]) not in coordinator


def test_an_account_with_another_address_cannot_accept(cast: Cast, client: Client) -> None:
    cast.bob.email = "bob@example.org"
    cast.bob.save()
    path = _invite_respondent(cast, "someone.else@example.org")
    client.force_login(cast.bob)

    response = client.post(path)

    assert response.status_code == 410
    assert "another e-mail address" in response.content.decode()
    assert not Role.objects.filter(user=cast.bob, department=cast.planning).exists()
