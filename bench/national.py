"""Batch matching at a country's size: a sample of district shards on 1 and 2 workers.

Run by hand (not in the test suite), against the PostgreSQL server on this machine::

    .venv/bin/python bench/national.py                       # 5.8 million people, 8 shards
    .venv/bin/python bench/national.py --people 200000 --vacancies 5000 \\
        --db jastar_national_small                            # a quicker try
    .venv/bin/python bench/national.py --direct               # shards in forked processes

1. The country (``bench/national_data.py``): its own database (``--db``, created if missing
   and migrated), about 20 regions of about 200 districts, ``--people`` young people and
   ``--vacancies`` vacancies open on ``--on``, written with COPY. A database already holding
   the same generation is reused (``--regenerate`` starts afresh).
2. The engine: built once here over every open vacancy, to time it apart from the shards
   (each worker builds its own at its first shard).
3. The run, for each ``--workers`` count, after vacuuming the lists' table so that every
   run starts alike: ``match_run_start`` over a sample of districts (``--sample`` of
   average size, chosen deterministically; ``--all`` for every one) and ``jastar worker
   --processes N --batch`` until the queue is empty; or, with ``--direct``,
   ``match_run_shard`` in N forked processes and ``match_run_finish`` here. Wall time;
   per shard the job's seconds (commit included) and ``MatchShard.seconds`` (until the
   lists are written), people per second; each worker's peak memory; the final step; the
   CPU of the workers and of the database's backends, WAL, checkpoints and disk writes.
4. The extrapolation to every district (clearly marked as such): worker-seconds = the sum
   over districts of people x measured job seconds per person, and the wall time on W
   workers.
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.national_data import Spec, generate  # noqa: E402

SERVER = "postgres://postgres@127.0.0.1:5432"
EXTRAPOLATE_WORKERS = (1, 2, 8, 32, 128)
# The bench's database is marked by its comment: "fresh" once created, "loading" while rows
# are written, and the generation's label once complete. A later run reuses a complete
# one; a broken load starts again from an empty database; others are never touched.
MARKER = "jastar national benchmark"
FRESH = f"{MARKER}: fresh"
LOADING = f"{MARKER}: loading"


@dataclass(frozen=True)
class Shard:
    """One district's shard as measured."""

    district: str
    people: int
    matches: int
    seconds: float  # the whole job: matching, writing the lists and committing them
    listed: float  # MatchShard.seconds: the same until the lists are written, before commit
    worker: str
    peak_kb: int  # the worker's peak RSS at the end of the shard
    started: float  # seconds since the epoch
    first: bool = False  # the worker's first shard: it built the worker's engine too


@dataclass(frozen=True)
class Run:
    """One run of the sample on ``workers`` processes."""

    workers: int
    run_id: int
    wall: float  # from starting the workers until they stopped
    busy: float  # from the first shard's start to the last job's end
    final: float  # the final step (figures and allocation)
    cpu: float  # user + system seconds of the worker processes
    shards: list[Shard]
    database: dict[str, float]  # what _Sampler saw


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--db", default="jastar_national", help="database name")
    parser.add_argument("--server", default=SERVER, help="PostgreSQL server URL, no database")
    parser.add_argument("--people", type=int, default=5_800_000)
    parser.add_argument("--vacancies", type=int, default=120_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--on", type=date.fromisoformat, default=date(2026, 3, 2))
    parser.add_argument("--regenerate", action="store_true", help="generate the data again")
    parser.add_argument("--generate-only", action="store_true", help="stop after the data")
    parser.add_argument("--sample", type=int, default=8, help="districts of average size")
    parser.add_argument("--all", action="store_true", help="every district (hours at scale)")
    parser.add_argument("--workers", default="1,2", help="worker counts to run, e.g. 1,2")
    parser.add_argument(
        "--direct", action="store_true", help="forked processes instead of `jastar worker`"
    )
    return parser.parse_args()


# --- The database --------------------------------------------------------------------------


def database_url(server: str, name: str) -> str:
    """The URL of database ``name`` on ``server`` (``postgres://user@host:port``)."""
    return f"{server.rstrip('/')}/{name}"


def _admin(server: str, statement: sql.Composed | sql.SQL, params: Sequence[Any] = ()) -> Any:
    """Run one statement on the server's maintenance database; its first row, if any."""
    with psycopg.connect(database_url(server, "postgres"), autocommit=True) as admin:
        cursor = admin.execute(statement, params)
        return cursor.fetchone() if cursor.description else None


def _comment(server: str, name: str) -> str | None:
    """The comment of database ``name`` ("" without one), or None when it does not exist."""
    row = _admin(
        server,
        sql.SQL(
            "SELECT coalesce(shobj_description(oid, 'pg_database'), '') "
            "FROM pg_database WHERE datname = %s"
        ),
        [name],
    )
    return None if row is None else str(row[0])


def _mark(server: str, name: str, text: str) -> None:
    statement = sql.SQL("COMMENT ON DATABASE {} IS {}")
    _admin(server, statement.format(sql.Identifier(name), sql.Literal(text)))


def _create(server: str, name: str) -> None:
    _admin(server, sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    _mark(server, name, FRESH)


def _prepare_database(server: str, name: str, spec: Spec, *, regenerate: bool) -> bool:
    """Make sure database ``name`` exists; True when the country must be generated."""
    comment = _comment(server, name)
    if comment is None:
        print(f"creating database {name}")
        _create(server, name)
        return True
    if not comment.startswith(MARKER):
        raise SystemExit(
            f"database {name} exists and was not created by this benchmark "
            f"(its comment is {comment!r}); choose another --db"
        )
    if comment == f"{MARKER} {spec.label()}" and not regenerate:
        return False
    if comment != FRESH:
        print(f"database {name} holds {comment!r}: dropping it and starting afresh")
        _admin(server, sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
        _create(server, name)
    return True


def _setup(args: argparse.Namespace, spec: Spec) -> None:
    """Database, Django, migrations and the data."""
    fresh = _prepare_database(args.server, args.db, spec, regenerate=args.regenerate)
    os.environ["DATABASE_URL"] = database_url(args.server, args.db)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jastar.config.settings")
    os.environ.setdefault("JASTAR_SECURE_COOKIES", "0")
    import django

    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrations: {time.perf_counter() - started:.1f} s")
    if fresh:
        print(f"generating {spec.people:,} people and {spec.vacancies:,} vacancies")
        _mark(args.server, args.db, LOADING)
        generate(spec, print)
        _mark(args.server, args.db, f"{MARKER} {spec.label()}")
    else:
        _check_reused(spec)


def _check_reused(spec: Spec) -> None:
    from jastar.matching.loading import open_vacancies
    from jastar.registry.models import Person

    people, vacancies = Person.objects.count(), open_vacancies(spec.on).count()
    print(f"reusing the data: {people:,} people, {vacancies:,} open vacancies on {spec.on}")
    if (people, vacancies) != (spec.people, spec.vacancies):
        raise SystemExit("the database does not hold what its mark says: use --regenerate")


def _sizes() -> dict[str, int]:
    """People per district code."""
    from django.db.models import Count

    from jastar.registry.models import Person

    rows = Person.objects.values_list("district__code").annotate(n=Count("id"))
    return {code: n for code, n in rows}


def _nearby_vacancies(on: date) -> dict[str, int]:
    """Open vacancies each district's people may be offered (their own and neighbours')."""
    from django.db.models import Count

    from jastar.matching.loading import geography, open_vacancies

    own = dict(open_vacancies(on).values_list("district__code").annotate(n=Count("id")))
    places = geography()
    codes = set(own) | set(places.neighbours)
    return {code: sum(own.get(d, 0) for d in places.near(code)) for code in codes}


def _sample(sizes: dict[str, int], count: int) -> list[str]:
    """``count`` districts closest to the average size (ties by code), largest first."""
    mean = sum(sizes.values()) / len(sizes)
    chosen = sorted(sizes, key=lambda code: (abs(sizes[code] - mean), code))[:count]
    return sorted(chosen, key=lambda code: (-sizes[code], code))


def _engine_build(on: date) -> tuple[float, int]:
    """Seconds to build the engine over the open vacancies (as each worker does once)."""
    from jastar.matching.engines import build_engine

    started = time.perf_counter()
    engine = build_engine(on)
    seconds, count = time.perf_counter() - started, len(engine.row_of)
    del engine
    gc.collect()
    return seconds, count


# --- Runs ----------------------------------------------------------------------------------


class _Sampler(threading.Thread):
    """What the database did during a run, looked at every second: the CPU seconds of
    its backends (when the server runs on this machine), the WAL it wrote, the
    checkpoints it had to make, and the machine's disk writes."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.connection = psycopg.connect(url, autocommit=True)
        self.cpu: dict[int, float] = {}
        self.done = threading.Event()
        self.start_state = self._state()

    def _query(self, text: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self.connection.execute(sql.SQL(text), params).fetchall()

    def _state(self) -> tuple[Any, int, int]:
        row = self._query("SELECT pg_current_wal_lsn(), checkpoints_req FROM pg_stat_bgwriter")
        return row[0][0], int(row[0][1]), _disk_written()

    def _sample(self) -> None:
        tick = os.sysconf("SC_CLK_TCK")
        for (pid,) in self._query(
            "SELECT pid FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ):
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            self.cpu[pid] = (int(fields[11]) + int(fields[12])) / tick

    def run(self) -> None:
        while not self.done.wait(1.0):
            self._sample()

    def finish(self) -> dict[str, float]:
        self.done.set()
        self.join()
        self._sample()
        lsn, checkpoints, disk = self._state()
        wal = self._query("SELECT pg_wal_lsn_diff(%s, %s)", [lsn, self.start_state[0]])[0][0]
        self.connection.close()
        return {
            "cpu": sum(self.cpu.values()),
            "wal": float(wal),
            "checkpoints": checkpoints - self.start_state[1],
            "disk": disk - self.start_state[2],
        }


def _disk_written() -> int:
    """Bytes written to this machine's disks so far (/proc/diskstats, whole disks only)."""
    disks = {p.name for p in Path("/sys/block").iterdir() if not p.name.startswith(("loop", "ram"))}
    total = 0
    for line in Path("/proc/diskstats").read_text().splitlines():
        fields = line.split()
        if fields[2] in disks:
            total += int(fields[9]) * 512
    return total


def _mark_first(shards: list[Shard]) -> list[Shard]:
    seen: set[str] = set()
    marked = []
    for shard in sorted(shards, key=lambda s: s.started):
        marked.append(Shard(**{**shard.__dict__, "first": shard.worker not in seen}))
        seen.add(shard.worker)
    return marked


def _worker_run(codes: Sequence[str], workers: int, on: date) -> Run:
    """``match_run_start`` over ``codes`` and ``jastar worker --batch`` until done."""
    from jastar.jobs.models import Job, JobStatus
    from jastar.matching.models import MatchShard
    from jastar.matching.services import match_run_start
    from jastar.registry.models import District

    if Job.objects.filter(status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).exists():
        raise SystemExit("background jobs are queued or running in this database already")
    run = match_run_start(
        actor=None, on=on, districts=list(District.objects.filter(code__in=codes))
    )
    command = [str(Path(sys.executable).parent / "jastar"), "worker", "--batch"]
    command += ["--processes", str(workers)]
    env = {**os.environ, "JASTAR_SECURE_COOKIES": "0"}
    log = Path(tempfile.gettempdir()) / f"jastar-national-worker-{run.pk}.log"
    sampler = _Sampler(os.environ["DATABASE_URL"])
    sampler.start()
    started, cpu = time.perf_counter(), _children_cpu()
    with log.open("w") as out:
        code = subprocess.run(command, env=env, stdout=out, stderr=out, check=False).returncode  # noqa: S603
    wall, cpu = time.perf_counter() - started, _children_cpu() - cpu
    database = sampler.finish()
    if code:
        print(log.read_text()[-3000:])
        raise SystemExit(f"jastar worker ended with {code} (log: {log})")
    jobs = {j.params.get("district"): j for j in Job.objects.filter(params__run=run.pk)}
    final = jobs.get(None)
    shards = [
        Shard(
            district=row.district.code,
            people=row.people,
            matches=row.matches,
            seconds=jobs[row.district.code].seconds or float("nan"),
            listed=row.seconds,
            worker=jobs[row.district.code].worker,
            peak_kb=jobs[row.district.code].peak_memory_kb or 0,
            started=_epoch(jobs[row.district.code].started_at),
        )
        for row in MatchShard.objects.filter(run=run).select_related("district")
    ]
    ends = [_epoch(j.finished_at) for j in jobs.values()]
    busy = max(ends) - min(s.started for s in shards) if shards else 0.0
    final_s = final.seconds or 0.0 if final is not None else float("nan")
    return Run(workers, run.pk, wall, busy, final_s, cpu, _mark_first(shards), database)


def _children_cpu() -> float:
    """User and system seconds of this process's finished children."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _epoch(moment: Any) -> float:
    return float(moment.timestamp()) if moment is not None else float("nan")


def _direct_shard(task: tuple[int, str]) -> tuple[str, float, float, int, int, int]:
    """In a forked process: one shard as a worker runs it."""
    from jastar.matching.services.runs import match_run_shard

    run_id, code = task
    started = time.time()
    begun = time.perf_counter()
    written = match_run_shard(run_id=run_id, district_code=code)
    seconds = time.perf_counter() - begun
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return code, started, seconds, written, os.getpid(), peak


def _direct_run(codes: Sequence[str], workers: int, on: date, sizes: dict[str, int]) -> Run:
    """``match_run_shard`` over ``codes`` in ``workers`` forked processes, then the final step."""
    from django.db import connections

    from jastar.matching.models import MatchShard
    from jastar.matching.services import match_run_create, match_run_finish

    run = match_run_create(actor=None, on=on)
    connections.close_all()  # each forked process opens its own
    context = multiprocessing.get_context("fork")
    sampler = _Sampler(os.environ["DATABASE_URL"])
    sampler.start()
    started, cpu = time.perf_counter(), _children_cpu()
    with context.Pool(workers) as pool:
        done = list(pool.imap_unordered(_direct_shard, [(run.pk, c) for c in codes], chunksize=1))
        pool.close()
        pool.join()
    busy, cpu = time.perf_counter() - started, _children_cpu() - cpu
    final_started = time.perf_counter()
    match_run_finish(run_id=run.pk)
    final = time.perf_counter() - final_started
    database = sampler.finish()
    seconds = dict(MatchShard.objects.filter(run=run).values_list("district__code", "seconds"))
    shards = [
        Shard(code, sizes[code], written, took, seconds.get(code, took), f"pid {pid}", peak, begun)
        for code, begun, took, written, pid, peak in done
    ]
    return Run(workers, run.pk, busy + final, busy, final, cpu, _mark_first(shards), database)


# --- Report --------------------------------------------------------------------------------


def _show_run(run: Run, nearby: dict[str, int]) -> None:
    print(f"  {run.workers} worker(s), run #{run.run_id}")
    print(
        f"  {'district':<14} {'people':>8} {'nearby vac.':>11} {'matches':>10} {'job s':>7} "
        f"{'listed s':>8} {'people/s':>9}  {'worker':<16} {'peak RSS':>9}"
    )
    for s in sorted(run.shards, key=lambda s: s.started):
        note = "  (+ engine build)" if s.first else ""
        print(
            f"  {s.district:<14} {s.people:>8,} {nearby.get(s.district, 0):>11,} {s.matches:>10,} "
            f"{s.seconds:>7.1f} {s.listed:>8.1f} {s.people / s.seconds:>9,.0f}  "
            f"{s.worker[-16:]:<16} {s.peak_kb / 1024 / 1024:>7.2f} GB{note}"
        )
    times = [s.seconds for s in run.shards]
    people = sum(s.people for s in run.shards)
    print(
        f"  job seconds min {min(times):.1f} / median {statistics.median(times):.1f} / "
        f"max {max(times):.1f}; {people:,} people in {sum(times):.1f} job-seconds "
        f"({people / sum(times):,.0f} people/s per worker)"
    )
    peaks: dict[str, int] = {}
    for s in run.shards:
        peaks[s.worker] = max(peaks.get(s.worker, 0), s.peak_kb)
    shown = ", ".join(f"{w}: {kb / 1024 / 1024:.2f} GB" for w, kb in sorted(peaks.items()))
    print(f"  peak memory per worker: {shown}")
    print(
        f"  wall {run.wall:.1f} s (first shard start to last job end {run.busy:.1f} s), "
        f"final step {run.final:.1f} s; {people / run.wall:,.0f} people/s overall"
    )
    db = run.database
    print(
        f"  CPU: worker processes {run.cpu:.1f} s ({run.cpu / run.wall:.2f} cores on average), "
        f"database backends {db['cpu']:.1f} s ({db['cpu'] / run.wall:.2f} cores)"
    )
    print(
        f"  database wrote {db['wal'] / 1e9:.2f} GB of WAL, {db['checkpoints']:.0f} requested "
        f"checkpoints; the machine's disks took {db['disk'] / 1e9:.2f} GB "
        f"({db['disk'] / 1e6 / run.wall:.0f} MB/s)"
    )


def _rate(run: Run, engine_s: float) -> float:
    """Seconds per person of shards that did not build their worker's engine (else all
    shards, less one engine build per worker)."""
    steady = [s for s in run.shards if not s.first]
    if steady:
        return sum(s.seconds for s in steady) / sum(s.people for s in steady)
    workers = len({s.worker for s in run.shards})
    total = sum(s.seconds for s in run.shards) - workers * engine_s
    return max(total, 0.0) / sum(s.people for s in run.shards)


def _extrapolate(
    runs: list[Run], sizes: dict[str, int], nearby: dict[str, int], engine_s: float
) -> None:
    base = min(runs, key=lambda r: r.workers)
    rate = _rate(base, engine_s)
    steady = [s for s in base.shards if not s.first] or base.shards
    pair_rate = sum(s.seconds for s in steady) / sum(
        s.people * max(nearby.get(s.district, 0), 1) for s in steady
    )
    total = sum(sizes.values()) * rate
    by_pairs = sum(n * max(nearby.get(c, 0), 1) for c, n in sizes.items()) * pair_rate
    largest = max(sizes, key=lambda c: sizes[c])
    print(
        f"\nEXTRAPOLATED from the {base.workers}-worker run (not measured): "
        f"{len(sizes)} districts, {sum(sizes.values()):,} people"
    )
    print(f"  job seconds per person {rate * 1000:.3f} ms (shards that did not build an engine)")
    print(f"  worker-seconds for every district = sum(people x rate): {total:,.0f} s")
    print(
        f"  same, scaled by people x nearby vacancies instead: {by_pairs:,.0f} s "
        "(cities' people see more vacancies; the truth likely lies between)"
    )
    longest = sizes[largest] * rate
    print(
        f"  largest district {largest}: {sizes[largest]:,} people, ~{longest:,.0f} s alone "
        "(a shard is not split: no run is shorter)"
    )
    print(f"  plus engine build {engine_s:.1f} s (each worker, at once) and the final step")
    print(f"  {'workers':>8} {'wall, per person':>18} {'wall, per pair':>16}")
    for w in EXTRAPOLATE_WORKERS:
        one = max(total / w, longest) + engine_s + base.final
        two = max(by_pairs / w, sizes[largest] * nearby.get(largest, 1) * pair_rate)
        print(f"  {w:>8} {_hours(one):>18} {_hours(two + engine_s + base.final):>16}")


def _vacuum_lists() -> str:
    """Vacuum the ranked lists' table, so that every run starts from the same state.

    Each run deletes and rewrites about 20 rows per person; autovacuum would clean up after
    it between nightly runs, if it is on (and on this machine's server it may be off).
    """
    from django.db import connection

    from jastar.matching.models import Match

    table = Match._meta.db_table
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SHOW autovacuum")
        row = cursor.fetchone()
        cursor.execute(f"VACUUM (ANALYZE) {table}")
    took = time.perf_counter() - started
    return f"{table} vacuumed in {took:.1f} s (autovacuum {row[0] if row else '?'})"


def _load() -> str:
    """The machine's load averages (1, 5, 15 minutes): others' work skews the timings."""
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def _hours(seconds: float) -> str:
    if seconds >= 3600:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 60:.1f} min" if seconds >= 120 else f"{seconds:.0f} s"


def main() -> int:
    args = _arguments()
    spec = Spec(args.people, args.vacancies, args.seed, args.on)
    _setup(args, spec)
    if args.generate_only:
        return 0
    sizes = _sizes()
    nearby = _nearby_vacancies(args.on)
    codes = sorted(sizes, key=lambda c: (-sizes[c], c)) if args.all else _sample(sizes, args.sample)
    engine_s, vacancies = _engine_build(args.on)
    print(f"\nMEASURED ({spec.people:,} people, {len(sizes)} districts, on {args.on})")
    print(f"  engine over {vacancies:,} open vacancies: {engine_s:.1f} s (once per worker)")
    print(f"  {len(codes)} districts: {', '.join(f'{c} ({sizes[c]:,})' for c in codes)}")
    runs: list[Run] = []
    for workers in [int(w) for w in args.workers.split(",")]:
        print(f"\n  load average before this run: {_load()}; {_vacuum_lists()}")
        if args.direct:
            runs.append(_direct_run(codes, workers, args.on, sizes))
        else:
            runs.append(_worker_run(codes, workers, args.on))
        _show_run(runs[-1], nearby)
    if len(runs) > 1:
        one, most = min(runs, key=lambda r: r.workers), max(runs, key=lambda r: r.workers)
        print(
            f"\n  speed-up {most.workers} vs {one.workers} workers: {one.wall / most.wall:.2f}x "
            f"on the wall clock, {one.busy / most.busy:.2f}x from first shard to last job"
        )
    _extrapolate(runs, sizes, nearby, engine_s)
    return 0


if __name__ == "__main__":
    sys.exit(main())
