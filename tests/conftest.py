"""Which database the web and browser tests run on.

Without options, Django's test database follows the settings: SQLite, or the server that
``DATABASE_URL`` names. With ``--postgres`` the tests start a PostgreSQL server of their own on
127.0.0.1 from the system's binaries, run on it, and remove it afterwards; run in parallel, the
workers share the server, each with its own test database. ``make test`` runs the web tests
both ways. Django is imported lazily, so the core's tests never load it.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any

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


_SERVER = pytest.StashKey[PostgresServer]()
_STOPPED_AT_END = pytest.StashKey[ExitStack]()
_UNAVAILABLE = pytest.StashKey[str]()


def pytest_configure(config: pytest.Config) -> None:
    """With ``--postgres`` the main process starts one server for the whole run.

    Parallel workers (pytest-xdist) are given its address and each makes its own test database
    on it; a worker starts nothing itself.
    """
    if not config.getoption("postgres") or hasattr(config, "workerinput"):
        return
    try:
        server = PostgresServer()
    except PostgresUnavailableError as exc:
        config.stash[_UNAVAILABLE] = str(exc)
        return
    config.stash[_STOPPED_AT_END] = ExitStack()
    config.stash[_SERVER] = config.stash[_STOPPED_AT_END].enter_context(server)


def pytest_unconfigure(config: pytest.Config) -> None:
    if _STOPPED_AT_END in config.stash:
        config.stash[_STOPPED_AT_END].close()


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """pytest-xdist, in the main process, for each worker it starts: the server's address."""
    if _SERVER in node.config.stash:
        node.workerinput["postgres_url"] = node.config.stash[_SERVER].url


@pytest.fixture(scope="session")
def postgres_url(request: pytest.FixtureRequest) -> str:
    """The ``DATABASE_URL`` of the run's server; skipped (failed under CI) when none is
    installed."""
    config = request.config
    if _UNAVAILABLE in config.stash:
        missing_prerequisite(f"The PostgreSQL run needs a server: {config.stash[_UNAVAILABLE]}")
    worker_input: dict[str, Any] = getattr(config, "workerinput", {})
    return worker_input.get("postgres_url") or config.stash[_SERVER].url


@pytest.fixture(scope="session")
def new_postgres_database(request: pytest.FixtureRequest, postgres_url: str) -> Callable[[], str]:
    """``new_postgres_database()``: the ``DATABASE_URL`` of a new, empty database on the run's
    server, for a test that runs an installation of its own (migrated, served) beside Django's
    test database. Each call makes another, so parallel workers never share one."""
    import psycopg
    from psycopg import sql

    worker = getattr(request.config, "workerinput", {}).get("workerid", "main")
    numbers = itertools.count(1)

    def made() -> str:
        name = f"installation_{worker}_{next(numbers)}"
        with psycopg.connect(postgres_url, autocommit=True) as connection:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return f"{postgres_url.rsplit('/', 1)[0]}/{name}"

    return made


@pytest.fixture(scope="session")
def django_db_modify_db_settings(request: pytest.FixtureRequest) -> None:
    """Point Django's default database at the test server before the test database is made.

    The settings dictionary is updated in place: Django's connection handler holds that same
    dictionary. Loading the models already made a (never opened) SQLite connection object, to
    ask for the longest table name; it is dropped so that the next one is made for PostgreSQL.
    Only then does pytest-django give each parallel worker's test database a name of its own
    (``test_postgres_gw0`` …): named before, it would name SQLite's.
    """
    if not request.config.getoption("postgres"):
        _sqlite_test_database_in_a_file()
        return
    _use_database(request.getfixturevalue("postgres_url"))
    request.getfixturevalue("django_db_modify_db_settings_parallel_suffix")


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
