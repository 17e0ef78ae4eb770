"""Servers that tests and benchmarks start on 127.0.0.1: a free port, and waiting until one
listens on it (gunicorn, redis-server)."""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path
from typing import Any


class NotListeningError(RuntimeError):
    """A server stopped, or did not listen in time; the message says which, with the end of its
    log when there is one."""


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on at this moment."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_until_listening(
    name: str,
    port: int,
    server: subprocess.Popen[Any],
    log: Path | None = None,
    seconds: float = 60,
) -> None:
    """Return once ``server`` accepts connections on ``port``; raise :class:`NotListeningError`
    if it stops first or ``seconds`` pass."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            said = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
            raise NotListeningError(f"{name} stopped with exit code {server.returncode}.\n{said}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise NotListeningError(f"{name} did not listen on port {port} within {seconds:.0f} s.")
