"""The demo's accounts have reserved e-mail addresses, and its member of staff may open the
administration site but neither delete a round nor touch the audit log or accounts' rights."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from stocktake_web.accounts.models import User
from stocktake_web.demo.domain import seed_demo
from stocktake_web.demo.domain.seed import remove_demo

TODAY = datetime.date(2026, 11, 20)


@pytest.fixture
def demo(db: None) -> None:
    seed_demo(password="demo-password", n_cities=1, today=TODAY)


def test_every_demo_account_has_an_address_at_the_reserved_domain(demo: None) -> None:
    addresses = list(User.objects.values_list("username", "email"))

    assert addresses
    assert all(email == f"{name}@example.org" for name, email in addresses)


def test_the_staff_account_signs_in_to_the_administration_site(demo: None, client: Client) -> None:
    signed_in = client.post(
        reverse("admin:login"), {"username": "admin-demo", "password": "demo-password"}
    )

    index = client.get(reverse("admin:index"))
    cities = client.get(reverse("admin:network_city_changelist"))

    assert signed_in.status_code == 302
    assert index.status_code == 200
    assert cities.status_code == 200


def test_the_staff_account_cannot_delete_rounds_audit_events_or_change_accounts(
    demo: None,
) -> None:
    staff = User.objects.get(username="admin-demo")

    assert staff.is_staff and not staff.is_superuser
    assert staff.has_perm("assessments.change_round")
    assert staff.has_perm("network.change_city")
    assert not staff.has_perm("assessments.delete_round")
    assert not staff.has_perm("audit.delete_auditevent")
    assert not staff.has_perm("audit.change_auditevent")
    assert not staff.has_perm("accounts.change_user")


def test_the_staff_account_goes_with_the_demo(demo: None) -> None:
    remove_demo()

    assert not User.objects.filter(username="admin-demo").exists()
