"""``seed_demo`` puts accounts with a published password only into a database said to be a demo."""

from __future__ import annotations

import io
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from pytest_django import Settings

from stocktake_web.accounts.models import User
from stocktake_web.network.models import Network

ROOT = Path(__file__).resolve().parents[2]


def test_without_being_told_the_database_is_a_demo_it_refuses_and_creates_nothing(
    db: None,
) -> None:
    with pytest.raises(CommandError) as refused:
        call_command("seed_demo", "--cities", "1", stdout=io.StringIO())

    assert "--demo-database" in str(refused.value)
    assert "STOCKTAKE_DEMO=1" in str(refused.value)
    assert not User.objects.exists()
    assert not Network.objects.exists()


def test_reset_is_refused_too_and_leaves_a_loaded_demo_alone(db: None) -> None:
    call_command("seed_demo", "--demo-database", "--cities", "1", stdout=io.StringIO())
    accounts = User.objects.count()

    with pytest.raises(CommandError):
        call_command("seed_demo", "--reset", "--cities", "1", stdout=io.StringIO())

    assert User.objects.count() == accounts


def test_the_flag_says_the_database_is_a_demo(db: None) -> None:
    out = io.StringIO()

    call_command("seed_demo", "--demo-database", "--cities", "1", stdout=out)

    assert Network.objects.get().is_demo
    assert User.objects.filter(username="secretariat").exists()


def test_stocktake_demo_in_the_settings_says_so_too(db: None, settings: Settings) -> None:
    settings.STOCKTAKE_DEMO = True

    call_command("seed_demo", "--cities", "1", stdout=io.StringIO())

    assert Network.objects.get().is_demo


def _manage(*args: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG"}}
    clean.update(
        DJANGO_SETTINGS_MODULE="stocktake_web.settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        STOCKTAKE_DATA_DIR=str(tmp_path / "data"),
        STOCKTAKE_ENV_FILE="",
        **env,
    )
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=clean,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )


def test_on_a_production_database_the_command_stops_with_a_sentence(tmp_path: Path) -> None:
    result = _manage("seed_demo", tmp_path=tmp_path, DEBUG="0")

    assert result.returncode == 1
    assert "run it only on a database made for the demonstration" in result.stderr
    assert "Every demo account's password" not in result.stdout


def test_stocktake_demo_is_read_from_the_environment(tmp_path: Path) -> None:
    code = "from django.conf import settings; print(settings.STOCKTAKE_DEMO)"
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "STOCKTAKE_DEMO"}}
    env.update(
        DJANGO_SETTINGS_MODULE="stocktake_web.settings",
        DEBUG="1",
        STOCKTAKE_DATA_DIR=str(tmp_path / "data"),
        STOCKTAKE_ENV_FILE="",
    )

    unset = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    on = subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "STOCKTAKE_DEMO": "1"},
        capture_output=True,
        text=True,
    )

    assert (unset.stdout.strip(), on.stdout.strip()) == ("False", "True")


def test_make_run_says_its_database_is_a_demo() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]

    assert "manage.py seed_demo --demo-database" in run
