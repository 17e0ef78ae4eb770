"""Which database the web and browser tests run on.

Without options, Django's test database follows the settings: SQLite, or the server that
``DATABASE_URL`` names. With ``--postgres`` the tests start a PostgreSQL server of their own on
127.0.0.1 from the system's binaries, run on it, and remove it afterwards; ``make test`` runs the
web tests both ways. Django is imported lazily, so the core's tests never load it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from postgres_server import PostgresServer, PostgresUnavailableError
from prerequisites import missing_prerequisite

# The connection keys a DATABASE_URL decides; the rest (connection age, health checks, test
# database name) keep the values the settings module gave them.
_URL_KEYS = ("ENGINE", "NAME", "USER", "PASSWORD", "HOST", "PORT")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--postgres",
        action="store_true",
        default=False,
        help="run the database tests on a PostgreSQL server the tests start themselves",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked ``postgres`` check PostgreSQL itself: they belong to the ``--postgres`` run.

    Without ``--postgres`` they are deselected rather than skipped, so a skip in the report
    always means something was missing, never that a test was left for the other run.
    """
    if config.getoption("postgres"):
        return
    kept = [item for item in items if not item.get_closest_marker("postgres")]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in kept])
        items[:] = kept


def pytest_report_header(config: pytest.Config) -> str | None:
    if config.getoption("postgres"):
        return "database: PostgreSQL, a throwaway server on 127.0.0.1 started by the tests"
    return None


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A PostgreSQL server for the whole run; skipped (failed under CI) when none is installed."""
    try:
        server = PostgresServer()
    except PostgresUnavailableError as exc:
        missing_prerequisite(f"The PostgreSQL run needs a server: {exc}")
    with server:
        yield server


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    request: pytest.FixtureRequest,
    django_db_modify_db_settings_parallel_suffix: None,
) -> None:
    """Point Django's default database at the test server before the test database is made.

    The settings dictionary is updated in place: Django's connection handler holds that same
    dictionary. Loading the models already made a (never opened) SQLite connection object, to
    ask for the longest table name; it is dropped so that the next one is made for PostgreSQL.
    """
    if not request.config.getoption("postgres"):
        _sqlite_test_database_in_a_file()
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    _use_database(server.url)


def _sqlite_test_database_in_a_file() -> None:
    """SQLite's test database in a file of the data directory instead of in memory: the
    background worker some tests start is another process, and opens the same file."""
    import os

    from django.conf import settings

    default = settings.DATABASES["default"]
    if default["ENGINE"] != "django.db.backends.sqlite3" or default["TEST"].get("NAME"):
        return
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    default["TEST"]["NAME"] = str(Path(settings.DATA_DIR) / f"test-database-{worker}.sqlite3")


def _use_database(url: str) -> None:
    import dj_database_url
    from django.conf import settings
    from django.db import connections

    wanted = dj_database_url.parse(url)
    default = settings.DATABASES["default"]
    default.update({key: wanted[key] for key in _URL_KEYS}, OPTIONS={})
    connections["default"].close()
    del connections["default"]
    assert connections["default"].vendor == "postgresql"
