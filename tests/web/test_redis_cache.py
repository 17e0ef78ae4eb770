"""One Redis cache shared by every worker process: what one computed, another reads, until the
data it shows changes.

A real ``redis-server`` runs on a free port of 127.0.0.1 and two gunicorn servers of one worker
each serve one installation, both pointed at it through ``CACHE_URL`` (the settings'
``cache_settings``). To tell a page read from the cache from a page computed again, the test
appends a mark to what the first worker kept in Redis: the second worker's page shows the mark
only if it read that entry. A respondent's save through the second worker must then make the
first one compute the page again. Without ``redis-server`` those tests skip, except in CI
(``CI=true``), where they fail. With ``--postgres`` the installation's database is on the test
PostgreSQL server, as in production; otherwise it is an SQLite file.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import shutil
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pytest
import redis
from django.core.cache import CacheHandler
from django.core.cache.backends.base import BaseCache
from django.core.exceptions import ImproperlyConfigured

import stocktake
from installation import manage
from loopback import free_port, wait_until_listening
from prerequisites import missing_prerequisite
from stocktake_web.settings import cache_settings

PASSWORD = "shared-cache-" + os.urandom(4).hex()
MARK = "<!-- read from Redis -->"
GUNICORN = [sys.executable, "-m", "gunicorn", "-c", "python:stocktake_web.gunicorn_conf"]

# Run in the installation (``manage.py shell -c``): the pages and people the tests use. The
# city is the demo's one with an open round; each change fills a blank answer of a maturity
# indicator there, as its department's respondent.
PLAN = """
import json
from stocktake_web.accounts.models import Role
from stocktake_web.assessments.models import Answer, Round
from stocktake_web.network.models import Cohort

current = Round.objects.select_related("city", "framework").get(state=Round.State.OPEN)
framework = current.framework.load()
changes = []
blank = Answer.objects.filter(assignment__round=current, value="").select_related("assignment")
for answer in blank.order_by("pk"):
    indicator = framework.indicator(answer.assignment.indicator)
    if indicator.type == "maturity" and len(changes) < 4:
        role = Role.objects.get(kind="respondent", department=answer.assignment.department_id)
        value = str(indicator.levels[-1].value)
        changes.append({"answer": answer.pk, "respondent": role.user.username, "value": value})
cohort = Cohort.objects.get(network__slug="demo-network")
print(json.dumps({
    "dashboard": f"/cities/{current.city.slug}/",
    "coordinator": f"{current.city.slug}-coordinator",
    "overview": f"/networks/demo-network/cohorts/{cohort.pk}/",
    "changes": changes,
}))
"""


@dataclass(frozen=True)
class Installation:
    env: dict[str, str]
    plan: dict[str, Any]


@dataclass(frozen=True)
class Workers:
    """Two gunicorn servers of one worker process each, on one database and one Redis.

    ``redis`` lists the keys as stored; ``cache`` reads and writes them as the application
    does, made from the same ``cache_settings``.
    """

    first: int
    second: int
    redis: redis.Redis
    cache: BaseCache


@pytest.fixture(scope="module")
def cache_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A throwaway Redis on a free port of 127.0.0.1 that keeps nothing on disk."""
    binary = shutil.which("redis-server")
    if binary is None:
        missing_prerequisite(
            "The shared cache tests need Redis: install Debian's redis-server package."
        )
    port = free_port()
    command = [binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly"]
    command += ["no", "--dir", str(tmp_path_factory.mktemp("redis"))]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_listening("redis-server", port, server)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture(scope="module")
def installation(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, cache_url: str
) -> Installation:
    """A migrated installation holding the demo network (three cities), using the cache."""
    data = tmp_path_factory.mktemp("installation")
    if request.config.getoption("postgres"):
        database = request.getfixturevalue("new_postgres_database")()
    else:
        database = f"sqlite:///{data / 'stocktake.sqlite3'}"
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="stocktake_web.settings",
        DEBUG="1",
        DATABASE_URL=database,
        CACHE_URL=cache_url,
        STOCKTAKE_DATA_DIR=str(data),
        STOCKTAKE_ENV_FILE="",
        LOG_LEVEL="WARNING",
    )
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "seed_demo", "--demo-database", "--cities", "3", "--password", PASSWORD)
    printed = manage(env, "shell", "--verbosity", "0", "--command", PLAN)
    return Installation(env=env, plan=json.loads(printed.splitlines()[-1]))


@pytest.fixture(scope="module")
def workers(installation: Installation, cache_url: str) -> Iterator[Workers]:
    with _gunicorn(installation.env) as first, _gunicorn(installation.env) as second:
        shared = CacheHandler({"default": cache_settings(cache_url)})["default"]
        yield Workers(first, second, redis=redis.Redis.from_url(cache_url), cache=shared)


@contextmanager
def _gunicorn(env: dict[str, str]) -> Iterator[int]:
    """A gunicorn server of one worker on a free port of 127.0.0.1; yield the port."""
    port = free_port()
    command = [*GUNICORN, "--bind", f"127.0.0.1:{port}", "--workers", "1"]
    server = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_until_listening("gunicorn", port, server)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


class Visitor:
    """A browser of one person: cookies kept across both workers (one host, 127.0.0.1)."""

    def __init__(self) -> None:
        self.cookies = http.cookiejar.CookieJar()
        cookies = urllib.request.HTTPCookieProcessor(self.cookies)
        self.opener = urllib.request.build_opener(cookies)

    def get(self, port: int, path: str) -> str:
        with self.opener.open(f"http://127.0.0.1:{port}{path}", timeout=30) as response:
            assert response.status == 200
            return str(response.read().decode())

    def post(self, port: int, path: str, form: dict[str, str], **headers: str) -> str:
        token = next(cookie.value for cookie in self.cookies if cookie.name == "csrftoken")
        data = urlencode(form | {"csrfmiddlewaretoken": token or ""}).encode()
        sent = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data, headers)
        with self.opener.open(sent, timeout=30) as response:
            assert response.status == 200
            return str(response.read().decode())

    def sign_in(self, port: int, username: str) -> Visitor:
        self.get(port, "/accounts/login/")
        self.post(port, "/accounts/login/", {"username": username, "password": PASSWORD})
        assert any(cookie.name == "sessionid" for cookie in self.cookies), username
        return self


def _entries(workers: Workers) -> set[str]:
    """The names of the application's entries in Redis, as it asks for them."""
    prefix = workers.cache.make_key("")
    stored = (key.decode() for key in workers.redis.keys("*"))
    return {key.removeprefix(prefix) for key in stored if key.startswith(prefix)}


def _mark_fragments(workers: Workers, names: set[str], page: str) -> int:
    """Append :data:`MARK` to every kept piece of text among ``names`` that ``page`` shows;
    return how many were marked."""
    marked = 0
    for name in names:
        kept = workers.cache.get(name)
        if isinstance(kept, str) and kept and kept in page:
            workers.cache.set(name, type(kept)(kept + MARK), timeout=600)
            marked += 1
    return marked


@pytest.mark.parametrize(
    ("page", "reader", "change", "recomputed"),
    [
        # The dashboard's panels are one entry for the round: a changed value replaces it.
        ("dashboard", "coordinator", 0, None),
        # The overview keeps a row per city: only the changed city's row is computed again.
        ("overview", "secretariat", 1, 1),
    ],
)
def test_what_one_worker_computed_another_reads_until_the_data_changes(
    installation: Installation,
    workers: Workers,
    page: str,
    reader: str,
    change: int,
    recomputed: int | None,
) -> None:
    plan = installation.plan
    path = plan[page]
    username = plan["coordinator"] if reader == "coordinator" else reader
    visitor = Visitor().sign_in(workers.first, username)
    before = _entries(workers)

    computed = visitor.get(workers.first, path)
    marked = _mark_fragments(workers, _entries(workers) - before, computed)
    read_back = visitor.get(workers.second, path)

    assert marked >= 1
    assert MARK not in computed
    assert read_back.count(MARK) == marked

    edit = plan["changes"][change]
    respondent = Visitor().sign_in(workers.second, edit["respondent"])
    form = {"value": edit["value"], "base_version": "0", "evidence": "Checked in the test."}
    respondent.post(workers.second, f"/answers/{edit['answer']}/", form, **{"HX-Request": "true"})
    after_change = visitor.get(workers.first, path)

    assert after_change.count(MARK) == (0 if recomputed is None else marked - recomputed)
    assert after_change != read_back.replace(MARK, "")


def test_pages_are_served_without_redis_when_it_does_not_answer(
    installation: Installation, workers: Workers
) -> None:
    nobody = {**installation.env, "CACHE_URL": f"redis://127.0.0.1:{free_port()}/0"}
    path = installation.plan["dashboard"]
    with _gunicorn(nobody) as alone:
        visitor = Visitor().sign_in(alone, installation.plan["coordinator"])
        dashboard = visitor.get(alone, path)
    served_with_redis = visitor.get(workers.first, path)
    kept = [workers.cache.get(name) for name in _entries(workers)]

    panels = [value for value in kept if isinstance(value, str) and value in served_with_redis]
    assert panels
    assert all(value in dashboard for value in panels)


def test_a_cache_address_other_than_redis_is_refused_with_what_to_write() -> None:
    with pytest.raises(ImproperlyConfigured, match="redis://"):
        cache_settings("memcached://127.0.0.1:11211")


def test_an_empty_cache_address_keeps_each_process_its_own_cache() -> None:
    assert cache_settings("")["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_redis_keys_carry_the_release_and_a_silent_redis_is_done_without() -> None:
    chosen = cache_settings("rediss://cache.internal:6380/2")

    assert chosen["LOCATION"] == "rediss://cache.internal:6380/2"
    assert chosen["KEY_PREFIX"] == f"stocktake-{stocktake.__version__}"
    assert chosen["OPTIONS"] == {
        "SOCKET_CONNECT_TIMEOUT": 1,
        "SOCKET_TIMEOUT": 1,
        "IGNORE_EXCEPTIONS": True,
    }
