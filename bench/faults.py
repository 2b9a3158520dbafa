"""Real faults on real processes, run by hand (they restart the PostgreSQL server).

    .venv/bin/python bench/faults.py                  # 60,000 people, restart at a third
    .venv/bin/python bench/faults.py --rows 20000

The automated tests (``jastar/jobs/tests/test_faults.py``) cut one connection and kill a
forked worker; this script does the same to a running installation:

1. A fresh PostgreSQL database (``--database``, dropped and created) is migrated, and a
   seeded people CSV of ``--rows`` good rows is generated (``bench/import_people.py``).
2. **PostgreSQL restarted during an import.** A ``jastar worker`` process is started and
   ``jastar import people FILE --queue`` hands the file to it. When about a third of the
   rows are in, the server is restarted (``pg_ctlcluster VERSION main restart``). The
   import must report the failure (job *failed*, its error saying why); then
   ``jastar jobs retry N`` must complete it with every row imported exactly once.
3. **A worker killed mid-job.** A second import of another file is queued, the worker is
   killed with SIGKILL halfway, a new worker is started: it must notice the dead worker
   (same machine: at once), run the job again and finish it with nothing lost or doubled.

Prints what happened at each step and PASS or FAIL. Needs root (to restart the server).
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.import_people import generate  # noqa: E402


def localdate() -> date:
    from django.utils import timezone

    return timezone.localdate()


def jastar() -> str:
    local = Path(sys.executable).with_name("jastar")
    return str(local if local.exists() else ROOT / ".venv" / "bin" / "jastar")


def fresh_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(("postgresql", parts.netloc, "/postgres", "", ""))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def query(url: str, sql_text: str, *args: object) -> list[tuple[object, ...]]:
    """One query on a fresh connection (survives the server's restart between calls)."""
    import psycopg

    for _ in range(60):
        try:
            with psycopg.connect(url, autocommit=True) as conn:
                return list(conn.execute(sql_text.encode(), args).fetchall())
        except psycopg.OperationalError:
            time.sleep(0.5)
    raise RuntimeError("the database did not come back within 30 s")


def job_state(url: str, job_id: int) -> tuple[str, int, int | None, str, int]:
    row = query(
        url, "SELECT status, done, total, error, attempts FROM jobs_job WHERE id = %s", job_id
    )[0]
    status, done, total, error, attempts = (str(value) for value in row)
    return status, int(done), None if total == "None" else int(total), error, int(attempts)


def wait_for(url: str, job_id: int, until: str, limit: float = 900.0) -> tuple[str, int, str, int]:
    """Poll the job until it ends ('end') or has done a share ('third', 'half')."""
    started = time.monotonic()
    while time.monotonic() - started < limit:
        status, done, total, error, attempts = job_state(url, job_id)
        share = {"third": 1 / 3, "half": 1 / 2}.get(until)
        if share is not None and total and done >= total * share:
            return status, done, error, attempts
        if status in ("done", "failed", "cancelled"):
            return status, done, error, attempts
        time.sleep(0.2)
    raise RuntimeError(f"job {job_id} did not reach {until} in {limit:.0f} s")


def restart_postgres() -> float:
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    started = time.monotonic()
    subprocess.run(  # noqa: S603
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"],  # noqa: S607
        check=True,
    )
    return time.monotonic() - started


def queue_import(env: dict[str, str], path: Path) -> int:
    out = subprocess.run(  # noqa: S603
        [jastar(), "import", "people", str(path), "--queue", "--lang", "en"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # "Import 1 is queued as background job 1 (jastar jobs watch 1)."
    return int(out.split("background job ")[1].split()[0])


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    handle = log.open("ab")
    return subprocess.Popen(  # noqa: S603
        [jastar(), "worker", "--interval=0.2"], env=env, stdout=handle, stderr=handle
    )


def people(url: str) -> tuple[int, int]:
    total, distinct = query(url, "SELECT count(*), count(DISTINCT iin) FROM registry_person")[0]
    return int(total), int(distinct)  # type: ignore[call-overload]


def import_counts(url: str) -> tuple[int, int, int]:
    """Created, updated and rejected rows of the latest import."""
    row = query(url, "SELECT created, updated, rejected FROM bulk_importjob ORDER BY id DESC")[0]
    created, updated, rejected = (int(str(value)) for value in row)
    return created, updated, rejected


def check(label: str, ok: bool) -> bool:
    print(f"  {'PASS' if ok else 'FAIL'}  {label}")
    return ok


def restart_during_import(url: str, env: dict[str, str], work: Path, rows: int) -> bool:
    print(f"\n2. PostgreSQL restarted during an import of {rows:,} people")
    path = work / "people.csv"
    generate(path, rows, 0.0, 11, localdate(), False)
    worker = start_worker(env, work / "worker.log")
    try:
        job = queue_import(env, path)
        status, done, _error, _n = wait_for(url, job, "third")
        print(f"  job {job}: {status}, {done:,} rows in; restarting PostgreSQL")
        print(f"  restart took {restart_postgres():.1f} s")
        status, done, error, _n = wait_for(url, job, "end")
        print(f"  job {job}: {status} at {done:,} rows; error: {error[:120]!r}")
        ok = check("the import reports the failure", status == "failed" and bool(error))
        before = people(url)[0]
        print(f"  people in the registry after the failure: {before:,}")
        subprocess.run(  # noqa: S603
            [jastar(), "jobs", "retry", str(job)], env=env, check=True, stdout=subprocess.DEVNULL
        )
        status, done, error, _n = wait_for(url, job, "end")
        total, distinct = people(url)
        print(
            f"  after `jastar jobs retry {job}`: {status}; people {total:,}, distinct IINs "
            f"{distinct:,}"
        )
        ok &= check("the re-run completes it", status == "done")
        ok &= check("nothing lost or duplicated", total == distinct == rows)
        return ok
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def killed_worker(url: str, env: dict[str, str], work: Path, rows: int) -> bool:
    print(f"\n3. A worker killed (SIGKILL) halfway through an import of {rows:,} more people")
    path = work / "more.csv"
    generate(path, rows, 0.0, 12, localdate(), False)
    before = people(url)[0]
    worker = start_worker(env, work / "worker.log")
    job = queue_import(env, path)
    status, done, _error, _n = wait_for(url, job, "half")
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait()
    print(f"  job {job}: {status} at {done:,} rows; worker {worker.pid} killed")
    replacement = start_worker(env, work / "worker.log")
    try:
        started = time.monotonic()
        status, done, error, attempts = wait_for(url, job, "end")
        total, distinct = people(url)
        created, updated, rejected = import_counts(url)
        print(
            f"  new worker finished it in {time.monotonic() - started:.1f} s: {status}, "
            f"attempts {attempts}; created {created:,}, updated {updated:,} (IINs already in "
            f"the registry from the first file), rejected {rejected:,}; people {total:,}, "
            f"distinct IINs {distinct:,}"
        )
        ok = check("another worker completes the job", status == "done" and attempts == 2)
        ok &= check(
            "nothing lost or duplicated",
            created + updated == rows and total - before == created and total == distinct,
        )
        return ok
    finally:
        replacement.terminate()
        replacement.wait(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=60_000)
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/jastar_faults")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="jastar-faults-"))
    env = {
        **os.environ,
        "DATABASE_URL": args.database,
        "JASTAR_TASKS_BACKEND": "database",
        "JASTAR_MEDIA_ROOT": str(work / "media"),
        "JASTAR_SECRET_KEY": secrets.token_urlsafe(32),
        "DJANGO_SETTINGS_MODULE": "jastar.config.settings",
    }
    os.environ.update(DJANGO_SETTINGS_MODULE="jastar.config.settings")
    import django

    django.setup()  # the generator reads the reference catalogue
    print(f"1. Fresh database {args.database}; files in {work}")
    fresh_database(args.database)
    subprocess.run([jastar(), "migrate", "--verbosity", "0"], env=env, check=True)  # noqa: S603
    ok = restart_during_import(args.database, env, work, args.rows)
    ok &= killed_worker(args.database, env, work, args.rows // 2)
    print(f"\n{'PASS' if ok else 'FAIL'} (worker log: {work / 'worker.log'})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
