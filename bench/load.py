"""Load test: gunicorn on PostgreSQL with the demo region, under mixed read requests.

Run by hand (not in the test suite), on an otherwise idle machine::

    .venv/bin/python bench/load.py                    # full region, 20 users, 60 s
    .venv/bin/python bench/load.py --scale small --duration 10 \\
        --database-url postgres://postgres@127.0.0.1:5432/jastar_load_small   # a quick try

What it does:

1. Prepares the database of ``--database-url`` (default
   ``postgres://postgres@127.0.0.1:5432/jastar_load``): creates it when missing, runs
   ``jastar migrate``, loads the demo region (``jastar demo --scale SCALE --seed SEED``,
   about 432,000 people at ``full``; long, with progress) unless a ``DemoDataset`` of that
   size is there, and runs ``jastar match --batch`` once when no region-wide batch run
   has finished (the stored lists that vacancies' candidates are read from). It creates
   (or resets the passwords of) two benchmark users, a case worker of one district
   (``--district``, default the largest) and a regional officer, each with an API token.
2. Samples person ids and search texts (name prefixes, names, IIN prefixes): of the case
   worker's district for the case worker, of the region for the officer.
3. Starts ``gunicorn jastar.config.wsgi:application`` on 127.0.0.1:``--port`` with
   ``--workers`` processes (default 2 × cores + 1), plain-HTTP cookies and a random secret
   key, and waits until it answers.
4. Warms the matching engine of every worker: a person's recommendations are computed live
   against the worker's own engine, which its first such request builds. Recommendation
   requests are sent until gunicorn's access log shows each worker has answered one; each
   worker's first one is reported (the engine build), outside the measured figures.
   A kind whose page answers 404 (a page not written yet) is left out, with a note.
5. In a second process, ``--users`` simulated users (half case workers, half officers)
   sign in through ``/login/`` and send a weighted mix (``--mix``) of person searches,
   person pages, recommendations (``GET /api/v1/people/<id>/recommendations/`` with the
   user's API token) and the dashboard, for ``--warmup`` seconds and then ``--duration``
   measured seconds. The paths are options (``--search-path`` and so on); the person
   page loads its eligibility and recommendation panels in later requests, so
   ``--recommendations-path /people/{id}/recommendations/`` measures the page's panel
   (with the session) instead of the API. Recommendations are for today's open vacancies.
6. Prints, per kind and in total, requests, requests/s, p50/p95/p99/max latency (ms,
   nearest-rank percentiles of the requests started in the window) and errors (no answer,
   a status outside 2xx/3xx, or a redirect to the sign-in page), for the measured window
   and the warm-up; the server's configuration and the machine. Exits
   with 1 when there was any error (target: none). ``--json FILE`` also writes the figures.
   gunicorn is stopped at the end, on an error and on Ctrl+C.

Traffic goes to the loopback address only, and the run is bounded in time (warm-up plus
duration) and in count (``--max-requests``).
"""

from __future__ import annotations

import argparse
import http.client
import importlib
import json
import multiprocessing
import os
import platform
import random
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load_client import (  # noqa: E402
    DEFAULT_MIX,
    DEFAULT_PATHS,
    KINDS,
    Client,
    Login,
    Outcome,
    Plan,
    Pool,
    Row,
    parse_mix,
    request_path,
    rows_table,
    run_load,
    search_queries,
    sign_in,
    summarise,
    uses_token,
)

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/jastar_load"
SCALE_NAMES = ("small", "medium", "full")
CASE_WORKER = "bench-case-worker"
OFFICER = "bench-officer"
ACCESS_FORMAT = '%(p)s %(s)s %(M)s "%(r)s"'
Users = dict[str, tuple[str, str]]  # username → (password, API token)


# --- Command line ---------------------------------------------------------------------------


def default_workers() -> int:
    """gunicorn's rule of thumb: two workers per core, and one."""
    return 2 * (os.cpu_count() or 2) + 1


def _scale(value: str) -> str:
    if value in SCALE_NAMES or (value.isdigit() and int(value) >= 100):
        return value
    raise argparse.ArgumentTypeError(f"one of {', '.join(SCALE_NAMES)} or a number ≥ 100")


def _bounded(low: float, high: float, kind: type[int] | type[float] = int) -> Any:
    def check(value: str) -> int | float:
        try:
            number = kind(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
        if not low <= number <= high:
            raise argparse.ArgumentTypeError(f"must be from {low:g} to {high:g}")
        return number

    return check


def _mix(value: str) -> dict[str, float]:
    try:
        return parse_mix(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    add = parser.add_argument
    add("--database-url", default=DEFAULT_DATABASE_URL)
    add("--scale", type=_scale, default="full", help="small, medium, full or a number")
    add("--seed", type=int, default=2025, help="demo region seed, and of the request mix")
    add("--users", type=_bounded(1, 500), default=20, help="concurrent users")
    add("--duration", type=_bounded(1, 3600, float), default=60.0, help="measured seconds")
    add("--warmup", type=_bounded(0, 600, float), default=10.0, help="seconds before it")
    workers = default_workers()
    add("--workers", type=_bounded(1, 64), default=workers, help=f"gunicorn's (default {workers})")
    add("--threads", type=_bounded(1, 64), default=1, help="threads per worker (gthread)")
    add("--port", type=_bounded(1024, 65535), default=8765)
    add("--district", default="", help="the case worker's district code (default: largest)")
    add("--mix", type=_mix, default=parse_mix(DEFAULT_MIX), help=f"weights: {DEFAULT_MIX}")
    for kind in KINDS:
        add(f"--{kind}-path", default=DEFAULT_PATHS[kind], help=f"default {DEFAULT_PATHS[kind]}")
    add("--sample", type=_bounded(1, 100_000), default=500, help="people sampled per scope")
    add("--max-requests", type=_bounded(1, 10_000_000), default=500_000)
    add(
        "--timeout",
        type=_bounded(1, 600, float),
        # A worker's first recommendations build its engine: ~50 s at full scale with five
        # workers building at once on two cores, too close to gunicorn's usual 30 or 60 s.
        default=120.0,
        help="seconds a request may take (the client's and gunicorn's worker timeout)",
    )
    add("--json", type=Path, help="also write the figures to this file")
    return parser.parse_args(argv)


def paths_of(args: argparse.Namespace) -> dict[str, str]:
    """The request path templates by kind, from the options."""
    return {kind: getattr(args, f"{kind}_path") for kind in KINDS}


def masked_url(url: str) -> str:
    """The database URL without its password."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(netloc=f"{parts.username}:***@{host}"))


# --- The database -------------------------------------------------------------------------


def database_create(url: str) -> None:
    """Create the PostgreSQL database of ``url`` when it does not exist."""
    if not url.startswith(("postgres://", "postgresql://")):
        return
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        if connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        print(f"created database {name}")


def jastar(*args: str) -> float:
    """Run ``jastar ARGS`` (output shown as it comes); its wall time in seconds."""
    started = time.perf_counter()
    print(f"$ jastar {' '.join(args)}", flush=True)
    done = subprocess.run([str(BIN / "jastar"), *args], check=False, cwd=ROOT)  # noqa: S603
    if done.returncode:
        raise SystemExit(f"jastar {' '.join(args)} failed (exit {done.returncode})")
    seconds = time.perf_counter() - started
    print(f"  ({seconds:.1f} s)", flush=True)
    return seconds


def demo_ensure(scale: str, seed: int) -> dict[str, float]:
    """Load the demo region, and run the batch matching unless a region-wide run has
    finished (or is under way); the time each step took."""
    from jastar.core.models import DemoDataset
    from jastar.matching.models import MatchRun, RunStatus
    from jastar.registry.management.commands.demo import SCALES

    people = SCALES.get(scale) or int(scale)
    took: dict[str, float] = {}
    loaded = DemoDataset.objects.first()
    if loaded is not None and loaded.people != people:
        raise SystemExit(
            f"The database holds a demo region of {loaded.people:,} people, not {people:,}: "
            "use another --database-url."
        )
    if loaded is None:
        took["demo"] = jastar("demo", "--scale", scale, "--seed", str(seed))
    runs = MatchRun.objects.filter(district__isnull=True)
    if runs.filter(status=RunStatus.RUNNING).exists():
        print("A batch matching run is under way: the stored lists may be incomplete.")
    elif not runs.filter(status=RunStatus.DONE).exists():
        took["match"] = jastar("match", "--batch")
    return took


def users_ensure(district_code: str) -> tuple[Users, str]:
    """The benchmark users with fresh passwords and their API tokens (username →
    (password, token)), and the case worker's district code."""
    from django.contrib.auth.models import User
    from django.db.models import Count
    from rest_framework.authtoken.models import Token

    from jastar.accounts.models import Role
    from jastar.accounts.services import account_assign
    from jastar.registry.models import District

    if district_code:
        district = District.objects.get(code=district_code)
    else:
        district = District.objects.annotate(n=Count("people")).order_by("-n", "code")[0]
    users = {}
    for username, role in ((CASE_WORKER, Role.CASE_WORKER), (OFFICER, Role.REGIONAL_OFFICER)):
        user, _created = User.objects.get_or_create(username=username)
        password = secrets.token_urlsafe(18)
        user.set_password(password)
        user.save(update_fields=["password"])
        account_assign(actor=None, user=user, role=role, district=district)
        token, _created = Token.objects.get_or_create(user=user)
        users[username] = (password, token.key)
    return users, district.code


def pools_sample(district_code: str, size: int, seed: int) -> dict[str, Pool]:
    """People to ask about: of the case worker's district, and of the whole region."""
    from jastar.registry.models import Person

    rng = random.Random(seed)
    pools = {}
    for name, people in (
        ("district", Person.objects.filter(district__code=district_code)),
        ("region", Person.objects.all()),
    ):
        ids = list(people.values_list("id", flat=True))
        chosen = rng.sample(ids, min(size, len(ids)))
        rows = Person.objects.filter(pk__in=chosen).values_list("iin", "last_name", "first_name")
        pools[name] = Pool(ids=chosen, queries=search_queries(list(rows)))
    return pools


def database_facts() -> dict[str, Any]:
    """What the server works on: people, open vacancies today, stored list entries."""
    from django.utils import timezone

    from jastar.core.models import DemoDataset
    from jastar.matching.loading import open_vacancies
    from jastar.matching.models import Match
    from jastar.registry.models import Person

    demo = DemoDataset.objects.first()
    return {
        "demo": str(demo) if demo else "",
        "people": Person.objects.count(),
        "open_vacancies_today": open_vacancies(timezone.localdate()).count(),
        "stored_matches": Match.objects.count(),
    }


# --- The server -----------------------------------------------------------------------------


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    workers: int
    access_log: Path
    error_log: Path


def server_command(args: argparse.Namespace, access_log: Path, error_log: Path) -> list[str]:
    """The gunicorn command line."""
    command = [
        str(BIN / "gunicorn"),
        "jastar.config.wsgi:application",
        f"--bind=127.0.0.1:{args.port}",
        f"--workers={args.workers}",
        f"--timeout={int(args.timeout)}",
        f"--access-logfile={access_log}",
        f"--access-logformat={ACCESS_FORMAT}",
        f"--error-logfile={error_log}",
    ]
    if args.threads > 1:
        command.append(f"--threads={args.threads}")
    if _has_control_socket():  # newer gunicorn: keep clear of other servers' socket
        command.append("--no-control-socket")
    return command


def _has_control_socket() -> bool:
    return hasattr(importlib.import_module("gunicorn.config"), "ControlSocketDisable")


def server_start(args: argparse.Namespace, logs: Path) -> Server:
    """Start gunicorn on the loopback address and wait until it answers."""
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", args.port)) == 0:
            raise SystemExit(f"Port {args.port} is taken: choose another with --port.")
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "DJANGO_SETTINGS_MODULE": "jastar.config.settings",
        "JASTAR_SECRET_KEY": secrets.token_urlsafe(50),
        "JASTAR_SECURE_COOKIES": "0",
        "JASTAR_DEBUG": "0",
        "JASTAR_ALLOWED_HOSTS": "127.0.0.1",
        "JASTAR_TASKS_BACKEND": "immediate",
    }
    access_log, error_log = logs / "access.log", logs / "error.log"
    command = server_command(args, access_log, error_log)
    print(f"$ {' '.join(command[1:])}", flush=True)
    output = (logs / "output.log").open("wb")
    # A session of its own: Ctrl+C reaches this script, which then stops the server.
    process = subprocess.Popen(  # noqa: S603
        command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
    )
    server = Server(process, args.port, args.workers, access_log, error_log)
    _wait_ready(server)
    return server


def _wait_ready(server: Server, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise SystemExit(f"gunicorn stopped at start; see {server.error_log}")
        try:
            if Client("127.0.0.1", server.port, 5).send("GET", "/login/").status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer within {seconds:.0f} s; see {server.error_log}")


def server_stop(server: Server) -> None:
    """Stop gunicorn gracefully, or kill it after 30 s."""
    if server.process.poll() is None:
        server.process.terminate()
        try:
            server.process.wait(30)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait()
    print(f"gunicorn stopped (logs in {server.access_log.parent})")


def first_by_worker(lines: Sequence[str], marker: str) -> dict[int, float]:
    """Each worker's first successful logged request whose line contains ``marker``:
    worker pid → server time (ms), from access-log lines in ``ACCESS_FORMAT``."""
    first: dict[int, float] = {}
    for line in lines:
        pid, status, ms, request = (line.split(" ", 3) + ["", "", ""])[:4]
        if marker in request and pid.startswith("<") and status.startswith("2") and ms.isdigit():
            first.setdefault(int(pid.strip("<>")), float(ms))
    return first


def engines_warm(
    server: Server, plan: Plan, cookies: dict[str, str], budget: float = 900
) -> tuple[dict[int, float], int]:
    """Send recommendation requests (with the officer's token or session ``cookies``), a
    worker's worth at a time, until every worker has answered one (so has built its
    engine); each worker's first time, and the errors."""
    rng = random.Random(plan.seed)
    template = plan.paths["recommendations"]
    deadline = time.monotonic() + budget
    workers: dict[int, float] = {}
    failures: list[bool] = []

    def one(path: str) -> None:
        client = Client("127.0.0.1", server.port, plan.timeout)
        client.cookies = dict(cookies)
        token = plan.api_token if uses_token(path) else ""
        try:
            failures.append(not 200 <= client.send("GET", path, token=token).status < 300)
        except (OSError, http.client.HTTPException):
            failures.append(True)

    while len(workers) < server.workers and time.monotonic() < deadline:
        paths = [
            request_path("recommendations", template, plan.pools["region"], rng)
            for _ in range(server.workers)
        ]
        threads = [threading.Thread(target=one, args=(path,)) for path in paths]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        lines = server.access_log.read_text(encoding="utf-8").splitlines()
        workers = first_by_worker(lines, template.split("{id}")[-1] or template)
    return workers, sum(failures)


def preflight(plan: Plan, client: Client) -> tuple[dict[str, float], list[str]]:
    """Ask for one page of each kind as the officer (``client``, signed in); a page
    answering 404 (not written yet) is left out of the mix. The weights to use, and notes
    for the report."""
    weights, notes = dict(plan.weights), []
    rng = random.Random(plan.seed)
    for kind in (k for k, w in plan.weights.items() if w > 0):
        path = request_path(kind, plan.paths[kind], plan.pools["region"], rng)
        token = plan.api_token if uses_token(path) else ""
        status = client.send("GET", path, token=token).status
        if status == 404 and not token:
            weights[kind] = 0.0
            notes.append(f"{kind} left out: {plan.paths[kind]} answers 404 (not there yet?)")
        elif not 200 <= status < 400:
            notes.append(f"{kind}: {path} answers {status} before the run")
    if not any(weights.values()):
        raise SystemExit("No request kind answers: " + "; ".join(notes))
    return weights, notes


# --- The run --------------------------------------------------------------------------------


def load_run(plan: Plan) -> Outcome:
    """Run the simulated users in a second process and wait for their records."""
    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        pending = pool.apply_async(run_load, (plan,))
        # Sign-in of every user comes first; the margin covers it and the last answers.
        return pending.get(timeout=plan.warmup + plan.duration + plan.timeout + 300)


@dataclass
class Results:
    """Everything the report shows (and ``--json`` writes)."""

    config: dict[str, Any]
    machine: dict[str, Any]
    data: dict[str, Any]
    setup_seconds: dict[str, float]
    engines: dict[int, float]  # worker pid → its first recommendations, server ms
    engine_errors: int
    engine_seconds: float
    notes: list[str]
    warmup: list[Row]
    measured: list[Row]
    signed_in: int
    sign_in_errors: list[str]
    examples: list[str]

    def errors(self) -> int:
        """Errors anywhere: sign-in, engine warm-up, warm-up and measured window."""
        window_errors = sum(r.errors for r in (*self.warmup, *self.measured) if r.kind == "total")
        return len(self.sign_in_errors) + self.engine_errors + window_errors


def report(results: Results) -> str:
    """The printed report."""
    c, m, d = results.config, results.machine, results.data
    engines = ", ".join(f"{ms:,.0f}" for _pid, ms in sorted(results.engines.items()))
    lines = [
        "",
        f"Jastar load test: {c['duration']:g} s measured after {c['warmup']:g} s of warm-up",
        f"users:   {c['users']} concurrent ({c['case_workers']} as the case worker of "
        f"{c['district']}, {c['users'] - c['case_workers']} as the regional officer)",
        f"server:  gunicorn, {c['workers']} workers × {c['threads']} thread(s), on {c['database']}",
        f"data:    {d['demo']}; {d['people']:,} people, {d['open_vacancies_today']:,} vacancies "
        f"open today, {d['stored_matches']:,} stored list entries",
        f"machine: {m['cores']} cores, {m['system']}, Python {m['python']}; the load "
        "generator runs on the same machine, in its own process",
        "mix:     " + ", ".join(f"{k} {w:g}" for k, w in c["mix"].items() if w > 0),
        *(f"note:    {n}" for n in results.notes),
        "",
        "setup:   "
        + (", ".join(f"{k} {v:,.1f} s" for k, v in results.setup_seconds.items()) or "-"),
        f"engine warm-up: {len(results.engines)} of {c['workers']} workers; each one's first "
        f"recommendations (server ms): {engines or '-'}; {results.engine_seconds:.1f} s in all, "
        f"{results.engine_errors} errors",
        f"users signed in: {results.signed_in} of {c['users']}",
        *(f"  sign-in error: {e}" for e in results.sign_in_errors),
        "",
        f"warm-up ({c['warmup']:g} s, not in the figures below):",
        rows_table(results.warmup),
        "",
        f"measured ({c['duration']:g} s):",
        rows_table(results.measured),
        "",
        f"errors: {results.errors()} (target: none)",
        *(f"  {e}" for e in results.examples),
    ]
    return "\n".join(lines)


def results_write(results: Results, path: Path) -> None:
    """The figures as JSON."""
    data = asdict(results)
    data["errors"] = results.errors()
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


# --- Main -----------------------------------------------------------------------------------


def prepare(args: argparse.Namespace) -> tuple[dict[str, float], Users, str]:
    """Database, demo region, lists and users: the setup times, the users, the district."""
    database_create(args.database_url)
    os.environ["DATABASE_URL"] = args.database_url  # for the jastar commands
    took = {"migrate": jastar("migrate")}
    from bench.common import setup_django

    setup_django(args.database_url, "jastar-load.sqlite3")
    took |= demo_ensure(args.scale, args.seed)
    users, district = users_ensure(args.district)
    return took, users, district


def plan_of(args: argparse.Namespace, users: Users, pools: dict[str, Pool]) -> Plan:
    """The load process's plan: users alternate between the case worker and the officer."""
    logins = [
        Login(CASE_WORKER, *users[CASE_WORKER], "district")
        if i % 2 == 0
        else Login(OFFICER, *users[OFFICER], "region")
        for i in range(args.users)
    ]
    return Plan(
        port=args.port,
        logins=logins,
        api_token=users[OFFICER][1],
        pools=pools,
        weights=args.mix,
        paths=paths_of(args),
        warmup=args.warmup,
        duration=args.duration,
        max_requests=args.max_requests,
        timeout=args.timeout,
        seed=args.seed,
    )


@dataclass
class Warmed:
    """The engine warm-up: each worker's first recommendations (ms), errors, seconds."""

    engines: dict[int, float]
    errors: int
    seconds: float


def serve_and_load(
    args: argparse.Namespace, plan: Plan, officer_password: str
) -> tuple[Plan, Warmed, list[str], Outcome]:
    """Start the server, warm it, check the pages, run the load, stop the server."""
    server = server_start(args, Path(tempfile.mkdtemp(prefix="jastar-load-")))
    try:
        officer = Client("127.0.0.1", server.port, plan.timeout)
        sign_in(officer, OFFICER, officer_password)
        started = time.perf_counter()
        engines, errors = (
            engines_warm(server, plan, officer.cookies)
            if plan.weights["recommendations"]
            else ({}, 0)
        )
        warmed = Warmed(engines, errors, time.perf_counter() - started)
        weights, notes = preflight(plan, officer)
        officer.close()
        plan = replace(plan, weights=weights)
        print(
            f"load: {len(plan.logins)} users, {plan.warmup:g} s + {plan.duration:g} s", flush=True
        )
        return plan, warmed, notes, load_run(plan)
    finally:
        server_stop(server)


def results_of(
    args: argparse.Namespace,
    plan: Plan,
    setup: tuple[dict[str, float], str, dict[str, Any]],
    warmed: Warmed,
    notes: list[str],
    outcome: Outcome,
) -> Results:
    """The figures of a run, with the configuration they were measured in."""
    took, district, data = setup
    return Results(
        config={
            "users": args.users,
            "case_workers": sum(login.username == CASE_WORKER for login in plan.logins),
            "district": district,
            "duration": args.duration,
            "warmup": args.warmup,
            "workers": args.workers,
            "threads": args.threads,
            "database": masked_url(args.database_url),
            "scale": args.scale,
            "mix": plan.weights,
            "paths": plan.paths,
        },
        machine={
            "cores": os.cpu_count(),
            "system": f"{platform.system()} {platform.release()}",
            "python": platform.python_version(),
        },
        data=data,
        setup_seconds=took,
        engines=warmed.engines,
        engine_errors=warmed.errors,
        engine_seconds=warmed.seconds,
        notes=notes,
        warmup=summarise(outcome.records, 0, args.warmup),
        measured=summarise(outcome.records, args.warmup, args.warmup + args.duration),
        signed_in=outcome.signed_in,
        sign_in_errors=outcome.sign_in_errors,
        examples=outcome.examples,
    )


def _terminated(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)  # unwinds like Ctrl+C, so gunicorn is stopped


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _terminated)
    took, users, district = prepare(args)
    from django.db import connections

    pools = pools_sample(district, args.sample, args.seed)
    data = database_facts()
    connections.close_all()  # the server and the load run need no connection of ours
    try:
        plan, warmed, notes, outcome = serve_and_load(
            args, plan_of(args, users, pools), users[OFFICER][0]
        )
    except KeyboardInterrupt:
        print("interrupted")
        return 130
    results = results_of(args, plan, (took, district, data), warmed, notes, outcome)
    print(report(results))
    if args.json:
        results_write(results, args.json)
    return 1 if results.errors() else 0


if __name__ == "__main__":
    sys.exit(main())
