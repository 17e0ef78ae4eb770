"""Page and autosave latency under load: 200 signed-in people on a 1,000-city network.

Run ``python benchmarks/web_load.py`` (about twenty-five minutes: seven of seeding, then three
runs at each of two paces).
It prints one ``name: value unit`` line per figure and stops by itself. Everything stays on
127.0.0.1, set up as docs/deployment.md describes, all on this one machine:

1. starts a throwaway PostgreSQL server (durable, as in production) from the system's binaries,
   and a throwaway Redis server (``redis-server``) as the cache every process shares;
2. migrates, and seeds the demo network through the application's own ``seed_demo``
   (``--cities 1000``: 7 departments each, a signed-off baseline round per city and this
   year's round, one city in seven still open for answers);
3. serves it with gunicorn and the project's ``gunicorn_conf`` without debug, WhiteNoise
   serving the collected static files, and runs the task worker (``manage.py db_worker``) when
   the installation has one;
4. signs in 200 simulated people with locust, then measures for 60 s: coordinators reading
   their city's dashboard, the secretariat reading the cohort overview, and respondents opening
   an indicator and autosaving it. People arrive two a second (``--arrivals``), as a morning's
   sign-ins spread out, and each pauses between actions (``--pause MIN MAX``, drawn evenly).
   Step 4 is repeated (``--runs``, three by default) on the same servers, for each pace given.

The default paces are 5–15 s (someone reading a page and typing an answer) and then 1–3 s (a
stress pace, each person clicking every two seconds: 200 such people ask about 100 requests a
second, more than two cores serve, so its figures show the queue rather than the application).
Give ``--pause`` once or more to choose other paces; each pace's figures carry its name.

Figures are percentiles of the requests made after everyone has signed in (a password check is
deliberately slow and is reported on its own line). Each figure printed is the median over the
runs, and every run's p95 follows, because one minute on a shared two-core machine is noisy: the
load average at the start of each run is printed, and figures taken under load are pessimistic.
``--cache memory`` gives each gunicorn worker a cache of its own instead of Redis, to compare.

Targets: p95 under 150 ms for pages and under 100 ms for autosave, no errors.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
# The throwaway server is the one the test suite uses (``pytest --postgres``).
sys.path.insert(0, str(ROOT / "tests"))

from installation import manage  # noqa: E402
from loopback import free_port, wait_until_listening  # noqa: E402
from postgres_server import PostgresServer  # noqa: E402

PASSWORD = "benchmark-" + secrets.token_hex(4)
PAGES = ("city dashboard", "secretariat overview", "indicator page")
AUTOSAVE = "autosave"
SIGN_IN = "sign in"


@dataclass
class Plan:
    """Who the simulated people are, read from the seeded database."""

    cohort_url: str
    coordinators: list[tuple[str, str]]
    respondents: list[dict[str, Any]]
    counts: dict[str, int]


@dataclass
class Samples:
    """Response times (ms) per request name from the moment measuring starts (sign-ins from
    the beginning); failures from the beginning too, because any failure is one too many."""

    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    failures: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    signed_in: int = 0
    measuring: bool = False

    def record(self, name: str, milliseconds: float, failed: bool) -> None:
        self.failures[name] += int(failed)
        if name == SIGN_IN or self.measuring:
            self.times[name].append(milliseconds)


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    unit: str


@dataclass
class CpuMeter:
    """CPU seconds used by each server (application, database, cache, task worker), the load
    generator and the whole machine, so that latency can be read against how busy it was.

    ``pids`` maps a part's name to the pid of its process; the part counts that process and
    its children, alive or ended (gunicorn replaces its workers now and then).
    """

    pids: dict[str, int]

    def read(self) -> dict[str, float]:
        import psutil

        machine = psutil.cpu_times()
        return {
            **{part: _tree_cpu(pid) for part, pid in self.pids.items()},
            "load": _tree_cpu(os.getpid(), children=False),
            "machine_busy": sum(machine) - machine.idle - getattr(machine, "iowait", 0.0),
            "machine_all": sum(machine),
        }


def _tree_cpu(pid: int, children: bool = True) -> float:
    """User and system CPU seconds of a process and (unless not wanted) its descendants: those
    alive now, and those that ended, which their parent's ``children_*`` times hold once it
    has reaped them.

    The load generator is measured without children: the servers are among them.
    """
    import psutil

    total = 0.0
    root = psutil.Process(pid)
    for process in (root, *(root.children(recursive=True) if children else ())):
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
        if children:
            total += times.children_user + times.children_system
    return total


def _postmaster_pid(server: PostgresServer) -> int:
    assert server.directory is not None
    return int((server.directory / "data" / "postmaster.pid").read_text().split()[0])


def _env(database_url: str, cache_url: str, data: Path) -> dict[str, str]:
    """Production settings, except that cookies and links are plain HTTP on loopback."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="stocktake_web.settings",
        DATABASE_URL=database_url,
        CACHE_URL=cache_url,
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        STOCKTAKE_DATA_DIR=str(data),
        STOCKTAKE_ENV_FILE="",
        LOG_LEVEL="WARNING",
    )
    return env


def prepare(env: dict[str, str], cities: int, database_pid: int) -> list[Figure]:
    """Migrate, seed and collect static files; return what seeding took: its wall time, the
    CPU time of ``seed_demo`` and that of the database server meanwhile."""
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    started, database = time.perf_counter(), _tree_cpu(database_pid)
    command = resource.getrusage(resource.RUSAGE_CHILDREN)
    manage(env, "seed_demo", "--demo-database", "--cities", str(cities), "--password", PASSWORD)
    done = resource.getrusage(resource.RUSAGE_CHILDREN)
    seeded = [
        Figure("seed_s", time.perf_counter() - started, "s"),
        Figure(
            "seed_cpu_s", done.ru_utime + done.ru_stime - command.ru_utime - command.ru_stime, "s"
        ),
        Figure("seed_database_cpu_s", _tree_cpu(database_pid) - database, "s"),
    ]
    manage(env, "compilemessages", "--verbosity", "0")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    return seeded


def read_plan(env: dict[str, str]) -> Plan:
    done = subprocess.run(
        [sys.executable, __file__, "plan"], env=env, capture_output=True, text=True, check=True
    )
    return Plan(**json.loads(done.stdout))


def plan_from_database() -> dict[str, Any]:
    """Run in a child process with the benchmark's settings: who signs in, and where they go."""
    import django

    django.setup()
    from stocktake_web.accounts.models import Role
    from stocktake_web.assessments.models import Answer, Assignment, Round
    from stocktake_web.network.models import City, Cohort, Department

    cohort = Cohort.objects.select_related("network").get(network__slug="demo-network")
    coordinators = [
        (role.user.username, role.city.slug)
        for role in Role.objects.filter(kind=Role.Kind.COORDINATOR).select_related("user", "city")
    ]
    answers = defaultdict(list)
    open_answers = Answer.objects.filter(assignment__round__state=Round.State.OPEN)
    for answer in open_answers.select_related("assignment").prefetch_related("support"):
        answers[answer.assignment.department_id].append(_answer_fields(answer))
    respondents = [
        {"username": role.user.username, "answers": answers[role.department_id]}
        for role in Role.objects.filter(kind=Role.Kind.RESPONDENT, department_id__in=answers)
        .select_related("user")
        .order_by("user__username")
    ]
    return {
        "cohort_url": f"/networks/{cohort.network.slug}/cohorts/{cohort.pk}/",
        "coordinators": coordinators,
        "respondents": respondents,
        "counts": {
            "cities": City.objects.count(),
            "departments": Department.objects.count(),
            "rounds": Round.objects.count(),
            "assignments": Assignment.objects.count(),
            "open_rounds": Round.objects.filter(state=Round.State.OPEN).count(),
        },
    }


def _answer_fields(answer: Any) -> dict[str, Any]:
    """What the autosave form sends for this answer, as it stands."""
    return {
        "id": answer.pk,
        "version": answer.version,
        "value": answer.value,
        "evidence": answer.evidence,
        "link": answer.link,
        "confidence": answer.confidence,
        "importance": "" if answer.importance is None else str(answer.importance),
        "support": [row.kind for row in answer.support.all()],
        "comment": answer.comment,
    }


@contextmanager
def gunicorn(env: dict[str, str], workers: int, log: Path) -> Iterator[tuple[str, int]]:
    """Serve the application on a free port of 127.0.0.1; yield its base URL and pid."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "-c", "python:stocktake_web.gunicorn_conf"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    with _serving("gunicorn", command, env, log, port) as pid:
        yield f"http://127.0.0.1:{port}", pid


@contextmanager
def redis_server(directory: Path) -> Iterator[tuple[str, int]]:
    """A throwaway Redis on a free port of 127.0.0.1, keeping nothing on disk, with a memory
    limit past which the least recently used keys go (as docs/deployment.md sets a cache up);
    yield its URL and pid."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise SystemExit(
            "redis-server was not found: install Debian's redis-server package, or measure "
            "without it (--cache memory)."
        )
    port = free_port()
    command = [binary, "--bind", "127.0.0.1", "--port", str(port), "--dir", str(directory)]
    command += ["--save", "", "--appendonly", "no", "--maxmemory", "256mb"]
    command += ["--maxmemory-policy", "allkeys-lru"]
    with _serving("redis-server", command, dict(os.environ), directory / "redis.log", port) as pid:
        yield f"redis://127.0.0.1:{port}/0", pid


@contextmanager
def task_worker(env: dict[str, str], log: Path) -> Iterator[int | None]:
    """Run the task worker (``manage.py db_worker``) if the installation has one; yield its pid,
    or None when there is no such command."""
    if "db_worker" not in manage(env, "help", "--commands").split():
        yield None
        return
    with log.open("w") as output:
        command = [sys.executable, str(ROOT / "manage.py"), "db_worker", "--no-reload"]
        worker = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        time.sleep(3)
        if worker.poll() is not None:
            raise SystemExit(f"the task worker stopped:\n{log.read_text()[-3000:]}")
        yield worker.pid
    finally:
        worker.terminate()
        worker.wait(timeout=60)


@contextmanager
def _serving(
    name: str, command: list[str], env: dict[str, str], log: Path, port: int
) -> Iterator[int]:
    """Start a server that listens on ``port`` of 127.0.0.1, its output going to ``log``; yield
    its pid once it listens, and stop it afterwards."""
    with log.open("w") as output:
        server = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        wait_until_listening(name, port, server, log)
        yield server.pid
    finally:
        server.terminate()
        server.wait(timeout=60)


def user_classes(plan: Plan, samples: Samples, pause: tuple[float, float]) -> list[type]:
    """The three kinds of simulated people, each signing in with an account of their own.

    Locust's FastHttpUser costs a fraction of the CPU of its requests-based HttpUser; on a
    two-core machine the load generator competes with the server it measures.
    """
    from locust import FastHttpUser, between, task

    coordinators = itertools.cycle(plan.coordinators)
    respondents = iter(plan.respondents)

    class Person(FastHttpUser):
        abstract = True
        wait_time = between(*pause)

        def cookie(self, name: str) -> str:
            return next((c.value or "" for c in self.client.cookiejar if c.name == name), "")

        def post_form(self, path: str, form: dict[str, Any], name: str, **headers: str) -> Any:
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "X-CSRFToken": self.cookie("csrftoken"),
            }
            body = urlencode(form, doseq=True)
            return self.client.post(
                path, data=body, headers=headers, name=name, catch_response=True
            )

        def sign_in(self, username: str) -> None:
            self.client.get("/accounts/login/", name=SIGN_IN)
            form = {"username": username, "password": PASSWORD}
            with self.post_form("/accounts/login/", form, SIGN_IN) as response:
                if not self.cookie("sessionid"):
                    response.failure(f"{username} could not sign in")
            samples.signed_in += 1

    class Coordinator(Person):
        weight = 2

        def on_start(self) -> None:
            username, self.city = next(coordinators)
            self.sign_in(username)

        @task
        def city_dashboard(self) -> None:
            self.client.get(f"/cities/{self.city}/", name="city dashboard")

    class Secretariat(Person):
        weight = 1

        def on_start(self) -> None:
            self.sign_in("secretariat")

        @task
        def cohort_overview(self) -> None:
            self.client.get(plan.cohort_url, name="secretariat overview")

    class Respondent(Person):
        weight = 2

        def on_start(self) -> None:
            account = next(respondents)
            self.answers: list[dict[str, Any]] = account["answers"]
            self.current = self.answers[0]
            self.edits = 0
            self.sign_in(account["username"])

        @task
        def indicator_page(self) -> None:
            self.current = self.answers[(self.answers.index(self.current) + 1) % len(self.answers)]
            self.client.get(f"/answers/{self.current['id']}/", name="indicator page")

        @task(3)
        def autosave(self) -> None:
            self.edits += 1
            answer = self.current
            form = {key: answer[key] for key in ("value", "link", "confidence", "importance")}
            form |= {"comment": answer["comment"], "support": answer["support"]}
            form["evidence"] = f"{answer['evidence']} (checked again, edit {self.edits})".strip()
            form["base_version"] = answer["version"]
            path = f"/answers/{answer['id']}/"
            with self.post_form(path, form, AUTOSAVE, **{"HX-Request": "true"}) as response:
                if response.status_code == 200:
                    answer["version"] = int(response.headers["X-Answer-Version"])
                else:
                    response.failure(f"autosave answered {response.status_code}")

    return [Coordinator, Secretariat, Respondent]


def drive(
    base_url: str,
    plan: Plan,
    users: int,
    seconds: float,
    meter: CpuMeter,
    pause: tuple[float, float],
    arrivals: float,
) -> tuple[Samples, float, dict[str, float]]:
    """Sign ``users`` people in, then let them work for ``seconds``; return the samples, the
    measured time and the CPU seconds each part used meanwhile (with the load average as
    measuring started, under ``load_average``)."""
    import gevent
    from locust.env import Environment

    samples = Samples()
    environment = Environment(user_classes=user_classes(plan, samples, pause), host=base_url)

    def on_request(name: str, response_time: float, exception: object, **_: Any) -> None:
        samples.record(name, response_time, failed=exception is not None)

    environment.events.request.add_listener(on_request)
    runner = environment.create_local_runner()
    runner.start(users, spawn_rate=arrivals)
    deadline = time.monotonic() + 600
    while samples.signed_in < users and time.monotonic() < deadline:
        gevent.sleep(0.2)
    samples.measuring = True
    started, cpu_before, load = time.monotonic(), meter.read(), os.getloadavg()[0]
    gevent.sleep(seconds)
    samples.measuring = False
    measured, cpu_after = time.monotonic() - started, meter.read()
    runner.quit()
    used = {key: cpu_after[key] - cpu_before[key] for key in cpu_before}
    return samples, measured, used | {"load_average": load}


def _percentile(values: list[float], share: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


def figures(samples: Samples, measured: float, cpu: dict[str, float]) -> list[Figure]:
    """One run's figures, in the order they are printed."""
    found = [Figure("load_average", cpu.pop("load_average"), "processes")]
    found.append(Figure("measured_s", measured, "s"))
    for name in (*PAGES, AUTOSAVE, SIGN_IN):
        times = samples.times.get(name, [])
        key = name.replace(" ", "_")
        found.append(Figure(f"{key}_requests", len(times), "requests"))
        if times:
            found.append(Figure(f"{key}_p50_ms", _percentile(times, 0.50), "ms"))
            found.append(Figure(f"{key}_p95_ms", _percentile(times, 0.95), "ms"))
    measured_requests = sum(len(samples.times[name]) for name in (*PAGES, AUTOSAVE))
    found.append(Figure("throughput", measured_requests / measured, "requests/s"))
    found.append(Figure("errors", sum(samples.failures.values()), "requests"))
    machine_busy, machine_all = cpu.pop("machine_busy"), cpu.pop("machine_all")
    for part, seconds in cpu.items():
        per_request = 1000 * seconds / max(measured_requests, 1)
        found.append(Figure(f"{part}_cpu_per_request_ms", per_request, "ms"))
    found.append(Figure("machine_cpu_busy", 100 * machine_busy / machine_all, "%"))
    others = machine_busy - sum(cpu.values())
    found.append(Figure("others_cpu_busy", 100 * max(others, 0.0) / machine_all, "%"))
    return found


def report(runs: list[list[Figure]], prefix: str = "") -> None:
    """The median of every figure over the runs (errors: their sum, since any error is one too
    many), then each run's p95 and errors so that the spread can be seen."""
    by_name: dict[str, list[Figure]] = defaultdict(list)
    for run in runs:
        for figure in run:
            by_name[figure.name].append(figure)
    for name, found in by_name.items():
        values = [figure.value for figure in found]
        value = sum(values) if name == "errors" else statistics.median(values)
        print(f"{prefix}{name}: {_shown(value, found[0].unit)} {found[0].unit}")
    if len(runs) > 1:
        for number, run in enumerate(runs, start=1):
            for figure in run:
                if figure.name.endswith("_p95_ms") or figure.name in ("errors", "load_average"):
                    shown = _shown(figure.value, figure.unit)
                    print(f"{prefix}run_{number}_{figure.name}: {shown} {figure.unit}")


def _shown(value: float, unit: str) -> str:
    return f"{value:.0f}" if unit in ("requests", "%") else f"{value:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", nargs="?", choices=["plan"], help=argparse.SUPPRESS)
    parser.add_argument("--cities", type=int, default=1000)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument(
        "--runs",
        type=int,
        default=3,
        help="measurements of --seconds each on the one seeded network; figures are medians",
    )
    parser.add_argument(
        "--pause",
        type=float,
        nargs=2,
        action="append",
        metavar=("MIN", "MAX"),
        help="seconds each person waits between actions, drawn evenly between MIN and MAX; "
        "give it again to measure several paces (default: 5 15, then 1 3)",
    )
    parser.add_argument(
        "--arrivals",
        type=float,
        default=2.0,
        help="people signing in per second before measuring starts (default 2)",
    )
    parser.add_argument(
        "--cache",
        choices=["redis", "memory"],
        default="redis",
        help="one Redis shared by every process (default), or each process's own memory",
    )
    args = parser.parse_args()
    args.pause = args.pause or [(5.0, 15.0), (1.0, 3.0)]
    if any(low < 0 or high < low for low, high in args.pause):
        parser.error("--pause takes MIN MAX with 0 <= MIN <= MAX")
    if args.arrivals <= 0:
        parser.error("--arrivals must be more than 0")
    if args.command == "plan":
        print(json.dumps(plan_from_database()))
        return
    # A plain ``kill`` unwinds like Ctrl-C, so the servers started below are stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    print(f"load_average_at_start: {os.getloadavg()[0]:.1f} processes", flush=True)
    with tempfile.TemporaryDirectory() as data, ExitStack() as servers:
        database = servers.enter_context(PostgresServer(durable=True))
        pids = {"app": 0, "database": _postmaster_pid(database)}
        cache_url = ""
        if args.cache == "redis":
            cache_url, pids["cache"] = servers.enter_context(redis_server(Path(data)))
        env = _env(database.url, cache_url, Path(data))
        paces = measure(args, env, pids, servers, Path(data))
    for (low, high), runs in paces.items():
        report(runs, prefix=f"pace_{low:g}_to_{high:g}_s_" if len(paces) > 1 else "")


def measure(
    args: argparse.Namespace,
    env: dict[str, str],
    pids: dict[str, int],
    servers: ExitStack,
    data: Path,
) -> dict[tuple[float, float], list[list[Figure]]]:
    """Seed, start the application and the task worker, then measure ``args.runs`` times at
    each pace."""
    for figure in prepare(env, args.cities, pids["database"]):
        print(f"{figure.name}: {_shown(figure.value, figure.unit)} {figure.unit}")
    plan = read_plan(env)
    for name, count in plan.counts.items():
        print(f"{name}: {count} rows")
    base_url, pids["app"] = servers.enter_context(gunicorn(env, args.workers, data / "web.log"))
    if worker := servers.enter_context(task_worker(env, data / "tasks.log")):
        pids["tasks"] = worker
    print(f"gunicorn_workers: {args.workers} processes")
    print(f"task_workers: {int(worker is not None)} processes")
    print(f"cache: {args.cache}")
    print(f"users: {args.users} people")
    for low, high in args.pause:
        print(f"pause: {low:g} to {high:g} s between one person's actions")
    print(f"arrivals: {args.arrivals:g} people/s")
    print(f"runs: {args.runs} runs of {args.seconds:.0f} s per pace", flush=True)
    meter = CpuMeter(pids)
    paces: dict[tuple[float, float], list[list[Figure]]] = {}
    for low, high in args.pause:
        runs = paces.setdefault((low, high), [])
        for _ in range(args.runs):
            # Read again each time: the answers' versions moved on in the previous run.
            plan = read_plan(env)
            samples, measured, cpu = drive(
                base_url, plan, args.users, args.seconds, meter, (low, high), args.arrivals
            )
            runs.append(figures(samples, measured, cpu))
    if env["CACHE_URL"]:
        print(f"cache_memory_peak_mb: {_redis_peak_mb(env['CACHE_URL']):.1f} MB")
    return paces


def _redis_peak_mb(url: str) -> float:
    """The most memory Redis used since it started, in megabytes (its own ``INFO`` figure)."""
    import redis

    peak: int = redis.Redis.from_url(url).info("memory")["used_memory_peak"]
    return peak / 1e6


if __name__ == "__main__":
    main()
