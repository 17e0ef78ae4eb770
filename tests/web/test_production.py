"""Production serving: gunicorn with the production settings, static files through WhiteNoise.

The server runs as it would behind an HTTPS proxy on the same machine: without debug, with a
secret key, migrated and with collected static files.
"""

from __future__ import annotations

import http.client
import json
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HTTPS = {"X-Forwarded-Proto": "https"}


def _production_env(data: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="stocktake_web.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        BEHIND_HTTPS_PROXY="1",
        STOCKTAKE_DATA_DIR=str(data),
        STOCKTAKE_ENV_FILE="",
        WEB_CONCURRENCY="2",
    )
    return env


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args, "--verbosity", "0"],
        env=env,
        check=True,
        capture_output=True,
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_for(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"gunicorn exited with {server.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("gunicorn did not start listening within 30 s")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, Path]]:
    """(port, static root) of gunicorn serving a migrated, collected installation."""
    data = tmp_path_factory.mktemp("production") / "data"
    data.mkdir()
    env = _production_env(data)
    _manage(env, "migrate", "--noinput")
    _manage(env, "collectstatic", "--noinput")
    port = _free_port()
    command = ["-c", "python:stocktake_web.gunicorn_conf", "--bind", f"127.0.0.1:{port}"]
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", *command],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(port, server)
        yield port, data / "static"
    finally:
        server.terminate()
        server.wait(timeout=30)


def _get(port: int, path: str, **headers: str) -> tuple[http.client.HTTPResponse, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response, response.read()
    finally:
        connection.close()


def test_gunicorn_serves_the_sign_in_page_with_https_only_headers(served: tuple[int, Path]) -> None:
    port, _static = served

    response, body = _get(port, "/accounts/login/", **HTTPS)

    assert response.status == 200
    assert b'name="username"' in body
    assert response.headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert "Secure" in response.headers["Set-Cookie"]
    assert response.headers["X-Frame-Options"] == "DENY"


def test_plain_http_is_redirected_to_https(served: tuple[int, Path]) -> None:
    port, _static = served

    response, _body = _get(port, "/accounts/login/")

    assert response.status == 301
    assert response.headers["Location"] == f"https://127.0.0.1:{port}/accounts/login/"


def test_whitenoise_serves_hashed_compressed_static_files_cached_for_good(
    served: tuple[int, Path],
) -> None:
    port, static = served
    manifest = json.loads((static / "staticfiles.json").read_text(encoding="utf-8"))
    stylesheet = manifest["paths"]["stocktake_web/stocktake.css"]

    _page, body = _get(port, "/accounts/login/", **HTTPS)
    response, _css = _get(port, f"/static/{stylesheet}", **HTTPS, **{"Accept-Encoding": "gzip"})

    assert f"/static/{stylesheet}".encode() in body
    assert response.status == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.headers["Cache-Control"] == "max-age=315360000, public, immutable"
