"""Settings come from the environment, and are safe by default."""

from __future__ import annotations

import os
import re
import secrets
import stat
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_OURS = {
    "DEBUG",
    "SECRET_KEY",
    "SECRET_KEY_FILE",
    "DATABASE_URL",
    "ALLOWED_HOSTS",
    "STOCKTAKE_DATA_DIR",
    "DJANGO_SETTINGS_MODULE",
    "TIME_ZONE",
    "SITE_URL",
}


def _run(code: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {key: value for key, value in os.environ.items() if key not in _OURS}
    clean.update(
        DJANGO_SETTINGS_MODULE="stocktake_web.settings",
        STOCKTAKE_DATA_DIR=str(tmp_path / "data"),
        STOCKTAKE_ENV_FILE="",
    )
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", code], env=clean, capture_output=True, text=True, cwd=tmp_path
    )


def _setting(name: str) -> str:
    return f"from django.conf import settings; print(settings.{name})"


def test_refuses_to_start_without_a_secret_key_when_not_in_debug(tmp_path: Path) -> None:
    result = _run(_setting("SECRET_KEY"), tmp_path, DEBUG="0")

    assert result.returncode == 1
    assert "will not start without a secret key when DEBUG is off" in result.stderr


def test_debug_generates_a_key_once_and_keeps_it_private(tmp_path: Path) -> None:
    first = _run(_setting("SECRET_KEY"), tmp_path, DEBUG="1")
    second = _run(_setting("SECRET_KEY"), tmp_path, DEBUG="1")

    key_file = tmp_path / "data" / "secret_key"
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    assert len(first.stdout.strip()) >= 50
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_secret_key_file_is_read_without_debug(tmp_path: Path) -> None:
    key = secrets.token_urlsafe(50)
    (tmp_path / "key").write_text(key + "\n")

    result = _run(
        _setting("SECRET_KEY"), tmp_path, DEBUG="0", SECRET_KEY_FILE=str(tmp_path / "key")
    )

    assert result.stdout.strip() == key


def test_unreadable_secret_key_file_stops_the_start(tmp_path: Path) -> None:
    result = _run(_setting("SECRET_KEY"), tmp_path, SECRET_KEY_FILE=str(tmp_path / "missing"))

    assert result.returncode == 1
    assert "cannot be read" in result.stderr


def test_database_defaults_to_sqlite_in_the_data_directory(tmp_path: Path) -> None:
    code = "from django.conf import settings; print(settings.DATABASES['default']['NAME'])"

    result = _run(code, tmp_path, DEBUG="1")

    assert result.stdout.strip() == str(tmp_path / "data" / "stocktake.sqlite3")


def test_migrate_without_debug_creates_the_data_directory(tmp_path: Path) -> None:
    clean = {key: value for key, value in os.environ.items() if key not in _OURS}
    clean.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        STOCKTAKE_DATA_DIR=str(tmp_path / "new" / "data"),
        STOCKTAKE_ENV_FILE="",
    )

    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "--verbosity", "0"],
        env=clean,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "new" / "data" / "stocktake.sqlite3").is_file()


def test_database_url_chooses_the_database(tmp_path: Path) -> None:
    code = (
        "from django.conf import settings; d = settings.DATABASES['default']; "
        "print(d['ENGINE'], d['NAME'], d['HOST'])"
    )

    result = _run(code, tmp_path, DEBUG="1", DATABASE_URL="postgres://u:p@db.internal:5432/stock")

    assert result.stdout.split() == ["django.db.backends.postgresql", "stock", "db.internal"]


def test_a_malformed_boolean_is_refused_with_a_sentence(tmp_path: Path) -> None:
    result = _run(_setting("DEBUG"), tmp_path, DEBUG="maybe")

    assert result.returncode == 1
    assert "DEBUG must be 1 or 0" in result.stderr


def test_deploy_check_is_clean_with_production_settings(tmp_path: Path) -> None:
    clean = {key: value for key, value in os.environ.items() if key not in _OURS}
    clean.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="stocktake.example.org",
        STOCKTAKE_DATA_DIR=str(tmp_path / "data"),
        STOCKTAKE_ENV_FILE="",
    )

    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"],
        env=clean,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_every_variable_is_in_the_example_file_and_the_documentation() -> None:
    settings_source = (ROOT / "src" / "stocktake_web" / "settings.py").read_text()
    pattern = r"(?:env(?:_bool|_int|_list)?|os\.environ\.get)\(\s*\"([A-Z_]+)\""
    names = set(re.findall(pattern, settings_source))
    example = (ROOT / ".env.example").read_text()
    documented = (ROOT / "docs" / "configuration.md").read_text()

    assert "SECRET_KEY" in names and "DATABASE_URL" in names
    assert sorted(name for name in names if f"{name}=" not in example) == []
    assert sorted(name for name in names if f"`{name}`" not in documented) == []


def test_an_env_file_is_read_without_overriding_the_environment(tmp_path: Path) -> None:
    (tmp_path / "local.env").write_text("# local\nTIME_ZONE=Asia/Tokyo\nSITE_URL='http://x'\n")
    code = "from django.conf import settings; print(settings.TIME_ZONE, settings.SITE_URL)"

    result = _run(code, tmp_path, DEBUG="1", STOCKTAKE_ENV_FILE="local.env", SITE_URL="http://kept")

    assert result.stdout.split() == ["Asia/Tokyo", "http://kept"]


def test_sign_in_throttling_is_read_from_the_environment(tmp_path: Path) -> None:
    code = (
        "from django.conf import settings as s; "
        "print(s.AXES_FAILURE_LIMIT, s.STOCKTAKE_SIGN_IN_ADDRESS_LIMIT, "
        "s.AXES_COOLOFF_TIME.total_seconds(), s.TRUSTED_PROXY_COUNT)"
    )

    default = _run(code, tmp_path, DEBUG="1")
    chosen = _run(
        code,
        tmp_path,
        DEBUG="1",
        LOGIN_FAILURE_LIMIT="3",
        LOGIN_ADDRESS_FAILURE_LIMIT="50",
        LOGIN_PAUSE_MINUTES="60",
        TRUSTED_PROXY_COUNT="1",
    )

    assert default.stdout.split() == ["5", "20", "900.0", "0"]
    assert chosen.stdout.split() == ["3", "50", "3600.0", "1"]


def test_a_throttle_that_never_pauses_is_refused_with_a_sentence(tmp_path: Path) -> None:
    zero = _run(_setting("AXES_FAILURE_LIMIT"), tmp_path, DEBUG="1", LOGIN_FAILURE_LIMIT="0")
    negative = _run(_setting("TRUSTED_PROXY_COUNT"), tmp_path, DEBUG="1", TRUSTED_PROXY_COUNT="-1")

    assert zero.returncode == 1
    assert "LOGIN_FAILURE_LIMIT must be 1 or more, not 0." in zero.stderr
    assert "TRUSTED_PROXY_COUNT must be 0 or more, not -1." in negative.stderr


def test_email_goes_to_the_console_in_debug_and_to_smtp_from_the_environment(
    tmp_path: Path,
) -> None:
    code = (
        "from django.conf import settings as s; "
        "print(s.EMAIL_BACKEND.rsplit('.', 2)[1], s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS, "
        "s.EMAIL_HOST_USER, s.EMAIL_TIMEOUT, s.STOCKTAKE_REMINDER_DAYS, s.DEFAULT_FROM_EMAIL)"
    )

    debug = _run(code, tmp_path, DEBUG="1")
    production = _run(
        code,
        tmp_path,
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        EMAIL_HOST="smtp.example.org",
        EMAIL_PORT="587",
        EMAIL_USE_TLS="1",
        EMAIL_HOST_USER="stocktake",
        DEFAULT_FROM_EMAIL="noreply@example.org",
        STOCKTAKE_REMINDER_DAYS="5",
    )

    assert debug.stdout.split()[:7] == [
        "console",
        "localhost",
        "25",
        "False",
        "10",
        "3",
        "Stocktake",
    ]
    assert production.stdout.split() == [
        "smtp",
        "smtp.example.org",
        "587",
        "True",
        "stocktake",
        "10",
        "5",
        "noreply@example.org",
    ]
