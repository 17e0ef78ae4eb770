"""The demonstration network is built through the domain functions and labelled everywhere."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.test import Client

from stocktake_web.accounts.models import Role, User
from stocktake_web.assessments.models import Round, SignOff
from stocktake_web.demo.domain import seed_demo
from stocktake_web.demo.domain.seed import remove_demo
from stocktake_web.network.domain.demonstration import demo_data_loaded
from stocktake_web.network.models import Network

TODAY = datetime.date(2026, 11, 20)


@pytest.fixture
def demo(db: None) -> None:
    seed_demo(password="demo-password", n_cities=3, today=TODAY)


def test_each_city_has_a_signed_off_baseline_and_a_later_round_at_a_different_stage(
    demo: None,
) -> None:
    rounds = (
        Round.objects.counted().order_by("opened_at").values_list("city__slug", "name", "state")
    )
    baselines = [(name, state) for _, name, state in rounds[:3]]
    later = {city: (name, state) for city, name, state in rounds[3:]}

    assert baselines == [("2025 baseline self-assessment", "signed_off")] * 3
    assert sorted(state for _, state in later.values()) == ["open", "reconciling", "signed_off"]
    assert {name for name, _ in later.values()} == {"2026 self-assessment"}
    assert len(later) == 3
    signed = SignOff.objects.filter(round__is_training=False)
    assert len(signed) == 4
    assert all(record.framework_key.startswith("issa-36@") for record in signed)
    assert all(not r.results["consolidation"]["needs_reconciliation"] for r in signed)


def test_the_chair_ran_one_signed_off_training_round_that_is_labelled_as_such(
    demo: None, client: Client
) -> None:
    training = Round.objects.get(is_training=True)
    client.force_login(User.objects.get(username=f"{training.city.slug}-coordinator"))

    page = client.get(f"/rounds/{training.pk}/").content.decode()

    assert training.city.chaired_cohorts.exists()
    assert training.is_signed_off
    assert training.name == "2026 workshop exercise (training)"
    assert "Training round — not counted in any network result" in page
    assert "Demonstration data" in page


def test_the_command_says_which_round_is_training(db: None) -> None:
    out = io.StringIO()

    call_command("seed_demo", "--demo-database", "--cities", "1", stdout=out)

    assert "workshop exercise (training), signed_off, training, counted in no network result" in (
        out.getvalue()
    )


def test_accounts_cover_every_role_with_one_password(demo: None) -> None:
    secretariat = User.objects.get(username="secretariat")
    coordinators = Role.objects.filter(kind=Role.Kind.COORDINATOR).count()
    respondents = Role.objects.filter(kind=Role.Kind.RESPONDENT).count()

    viewer = Role.objects.select_related("user", "city").get(kind=Role.Kind.VIEWER)

    assert secretariat.roles.get().kind == Role.Kind.NETWORK_ADMIN
    assert coordinators == 3
    assert respondents == 21
    assert viewer.city.chaired_cohorts.exists()
    assert viewer.user.username == f"{viewer.city.slug}-viewer"
    assert all(user.check_password("demo-password") for user in User.objects.all())


def test_every_page_says_it_shows_demonstration_data(demo: None, client: Client) -> None:
    client.force_login(User.objects.get(username="secretariat"))

    response = client.get("/")

    assert "Demonstration data" in response.content.decode()
    assert Network.objects.get().is_demo


def test_the_banner_follows_the_demo_being_loaded_and_removed(db: None) -> None:
    before = demo_data_loaded()
    seed_demo(password="demo-password", n_cities=1, today=TODAY)
    loaded = demo_data_loaded()
    remove_demo()

    assert (before, loaded, demo_data_loaded()) == (False, True, False)


def test_the_command_prints_the_address_and_accounts(db: None) -> None:
    out = io.StringIO()

    call_command(
        "seed_demo", "--demo-database", "--cities", "1", "--password", "pw-for-test", stdout=out
    )

    text = out.getvalue()
    assert "http://127.0.0.1:8000/" in text
    assert "Every demo account's password: pw-for-test" in text
    assert "secretariat" in text
    assert "lanwan-coordinator" in text
    assert "lanwan-viewer" in text
    assert "fictional" in text.lower()


def test_running_the_command_again_keeps_the_demo_and_reset_rebuilds_it(db: None) -> None:
    call_command("seed_demo", "--demo-database", "--cities", "1", stdout=io.StringIO())
    first = set(Round.objects.values_list("pk", flat=True))
    out = io.StringIO()

    call_command("seed_demo", "--demo-database", "--cities", "1", stdout=out)
    assert "loaded already" in out.getvalue()
    assert "lanwan-coordinator" in out.getvalue()
    assert set(Round.objects.values_list("pk", flat=True)) == first
    assert Round.objects.counted().count() == 2
    assert len(first) == 3  # and the chair's workshop exercise, a training round

    call_command("seed_demo", "--demo-database", "--cities", "1", "--reset", stdout=io.StringIO())
    assert not first & set(Round.objects.values_list("pk", flat=True))


def test_removing_the_demo_removes_its_accounts(demo: None) -> None:
    remove_demo()

    assert not Network.objects.exists()
    assert not User.objects.exists()


def test_the_banner_follows_any_save_or_delete_of_a_network(db: None) -> None:
    """However a network is saved or deleted, the kept answer is asked again."""
    before = demo_data_loaded()
    network = Network.objects.create(slug="fiction", name="A fictional network", is_demo=True)
    made = demo_data_loaded()
    network.is_demo = False
    network.save()
    unmarked = demo_data_loaded()
    network.is_demo = True
    network.save()
    network.delete()

    assert (before, made, unmarked, demo_data_loaded()) == (False, True, False, False)
