"""A throwaway PostgreSQL server on loopback, started from the system's binaries.

The web tests (``pytest --postgres``) and ``benchmarks/web_load.py`` both need a real server
without asking anyone to install and configure one. This module runs ``initdb`` into a fresh
temporary directory, starts the server with ``pg_ctl`` on a free port of 127.0.0.1 and removes
everything when stopped.

PostgreSQL refuses to run as root. When the tests run as root (containers, CI), the server runs
as the ``postgres`` system user that Debian's ``postgresql`` package creates, and the data
directory is handed to that user; otherwise it runs as the current user.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

SYSTEM_USER = "postgres"
SUPERUSER = "stocktake"
DEBIAN_ROOT = Path("/usr/lib/postgresql")
# Durability is worth nothing in a database that is thrown away after the run, and turning it
# off roughly halves the time the test suite spends creating and flushing tables.
FAST_OPTIONS = ("fsync=off", "synchronous_commit=off", "full_page_writes=off")


class PostgresUnavailableError(RuntimeError):
    """No PostgreSQL server programs on this machine, or no user to run them as."""


class PostgresCommandError(RuntimeError):
    """``initdb`` or ``pg_ctl`` was there but failed; the message carries its output and log."""


def find_bindir() -> Path:
    """The directory holding ``initdb`` and ``pg_ctl``.

    ``PG_BINDIR`` wins; then the newest of Debian's versioned directories; then ``PATH``, where
    other distributions put the server programs.
    """
    if configured := os.environ.get("PG_BINDIR", "").strip():
        candidates = [Path(configured)]
    else:
        versioned = sorted(DEBIAN_ROOT.glob("*/bin"), key=_major_version, reverse=True)
        on_path = shutil.which("pg_ctl")
        candidates = [*versioned, *([Path(on_path).parent] if on_path else [])]
    for bindir in candidates:
        if (bindir / "initdb").is_file() and (bindir / "pg_ctl").is_file():
            return bindir
    raise PostgresUnavailableError(
        "PostgreSQL's server programs (initdb, pg_ctl) were not found: install the "
        "'postgresql' package, or set PG_BINDIR to the directory that holds them."
    )


def _major_version(bindir: Path) -> int:
    name = bindir.parent.name
    return int(name) if name.isdigit() else 0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _server_user() -> pwd.struct_passwd | None:
    """The user the server runs as: ``postgres`` when we are root, else ourselves (None)."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam(SYSTEM_USER)
    except KeyError:
        raise PostgresUnavailableError(
            f"PostgreSQL will not run as root and there is no '{SYSTEM_USER}' user to run it "
            "as: install Debian's 'postgresql' package (which creates that user), or run the "
            "tests as an ordinary user."
        ) from None


@dataclass
class PostgresServer:
    """One server, one data directory; use as a context manager.

    Parameters
    ----------
    durable
        Keep PostgreSQL's default flushing to disk. Tests turn it off; a benchmark that wants
        figures a production server would see keeps it on.
    settings
        Extra ``name=value`` server settings, passed with ``-c``.
    run_as
        The system user the server runs as (None: the current user).
    """

    durable: bool = False
    settings: tuple[str, ...] = ()
    bindir: Path = field(default_factory=find_bindir)
    port: int = 0
    directory: Path | None = None
    run_as: pwd.struct_passwd | None = field(default_factory=_server_user)

    @property
    def url(self) -> str:
        """A ``DATABASE_URL`` for the ``postgres`` database of this server."""
        return f"postgres://{SUPERUSER}@127.0.0.1:{self.port}/postgres"

    @property
    def version(self) -> str:
        output = self._run("pg_ctl", "--version").stdout
        found = re.search(r"\d+(\.\d+)?", output)
        return found.group(0) if found else output.strip()

    def start(self) -> PostgresServer:
        self.directory = Path(tempfile.mkdtemp(prefix="stocktake-postgres-"))
        if self.run_as is not None:
            os.chown(self.directory, self.run_as.pw_uid, self.run_as.pw_gid)
        data = self.directory / "data"
        self._run(
            "initdb", "--pgdata", str(data), "--username", SUPERUSER, "--auth", "trust",
            "--encoding", "UTF8", "--locale", "C", "--no-sync",
        )  # fmt: skip
        self.port = _free_port()
        self._run(
            "pg_ctl", "start", "--wait", "--timeout", "60", "--pgdata", str(data),
            "--log", str(self.directory / "server.log"), "--options", self._server_options(),
        )  # fmt: skip
        return self

    def _server_options(self) -> str:
        chosen = [
            f"port={self.port}",
            "listen_addresses=127.0.0.1",
            f"unix_socket_directories={self.directory}",
            *(() if self.durable else FAST_OPTIONS),
            *self.settings,
        ]
        return " ".join(f"-c {setting}" for setting in chosen)

    def log(self) -> str:
        """The server's log, to explain a failure."""
        if self.directory is None:
            return ""
        path = self.directory / "server.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    def stop(self) -> None:
        """Stop the server (fast shutdown: open sessions are ended) and delete its files."""
        if self.directory is None:
            return
        data = self.directory / "data"
        if (data / "postmaster.pid").exists():
            self._run("pg_ctl", "stop", "--wait", "--mode", "fast", "--pgdata", str(data))
        shutil.rmtree(self.directory, ignore_errors=True)
        self.directory = None

    def _run(self, program: str, *args: str) -> subprocess.CompletedProcess[str]:
        run_as = self.run_as
        completed = subprocess.run(
            [str(self.bindir / program), *args],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "LC_ALL": "C", "LANG": "C"},
            cwd=self.directory or None,
            user=run_as.pw_uid if run_as else None,
            group=run_as.pw_gid if run_as else None,
            extra_groups=[] if run_as else None,
        )
        if completed.returncode != 0:
            raise PostgresCommandError(
                f"{program} {args[0] if args else ''} failed with exit code "
                f"{completed.returncode}:\n{completed.stdout}{completed.stderr}{self.log()}"
            )
        return completed

    def __enter__(self) -> PostgresServer:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
