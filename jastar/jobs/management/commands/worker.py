"""``jastar worker``: run background jobs from the database queue.

Start as many as the machines allow, on any number of machines sharing the database; each
takes one job at a time. ``--processes N`` starts N worker processes from one command.
Every worker keeps the leases of the jobs it runs and queues again the jobs of workers
that died (``jastar.jobs.services.jobs_recover``).
"""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, InterfaceError, OperationalError, connection

from jastar.jobs.services import (
    HEARTBEAT_SECONDS,
    RUNNING_HERE,
    job_heartbeat,
    jobs_recover,
    worker_name,
)

RECOVER_SECONDS = 30.0
OUTAGE_PAUSE_SECONDS = 5.0
# A worker gives up (and its service manager restarts it) after this long without a database.
OUTAGE_LIMIT_SECONDS = 300.0


class Command(BaseCommand):
    help = "Run background jobs (imports, matching shards, reports) from the database queue."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--processes", type=int, default=1, help="Worker processes to start (default 1)."
        )
        parser.add_argument("--batch", action="store_true", help="Run what is queued, then stop.")
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds between looks at an empty queue."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        backend = str(settings.TASKS["default"]["BACKEND"])
        if not backend.startswith("django_tasks_db."):
            raise CommandError(
                "JASTAR_TASKS_BACKEND is not 'database': jobs run where they are asked for, "
                "and there is nothing for a worker to do."
            )
        if options["processes"] < 1:
            raise CommandError("--processes must be 1 or more.")
        if options["processes"] > 1:
            self._supervise(options)
            return
        self._work(batch=options["batch"], interval=options["interval"])

    def _work(self, *, batch: bool, interval: float) -> None:
        from django_tasks_db.management.commands.db_worker import Worker

        name = worker_name()
        self.stderr.write(f"jastar worker {name}: waiting for jobs")
        stop = threading.Event()
        beating = threading.Thread(target=_lifeline, args=(stop,), daemon=True, name="lease")
        beating.start()
        worker = Worker(
            queue_names=["default"],
            interval=interval,
            batch=batch,
            backend_name="default",
            startup_delay=not batch,
            max_tasks=None,
            worker_id=name[:64],
            excluded_queue_names=[],
        )
        worker.configure_signals()
        try:
            self._run_through_outages(worker)
        finally:
            stop.set()
            beating.join(timeout=5)
        self.stderr.write(f"jastar worker {name}: stopped")

    def _run_through_outages(self, worker: Any) -> None:
        """Run the worker loop; when the database goes away (a restart), wait and go on,
        for up to :data:`OUTAGE_LIMIT_SECONDS` in a row."""
        since: float | None = None
        while True:
            try:
                worker.run()
                return
            except (OperationalError, InterfaceError) as error:
                now = time.monotonic()
                since = now if since is None else since
                if (
                    not worker.running
                    or connection.in_atomic_block
                    or now - since > OUTAGE_LIMIT_SECONDS
                ):
                    raise
                self.stderr.write(f"database unavailable ({error}); trying again in 5 s")
                connection.close()
                time.sleep(OUTAGE_PAUSE_SECONDS)

    def _supervise(self, options: dict[str, Any]) -> None:
        """Start the worker processes and pass a stop signal on to them."""
        command = [
            sys.executable,
            "-m",
            "jastar.cli",
            "worker",
            f"--interval={options['interval']}",
        ]
        if options["batch"]:
            command.append("--batch")
        children = [subprocess.Popen(command) for _ in range(options["processes"])]  # noqa: S603

        def forward(signum: int, _frame: object) -> None:
            for child in children:
                if child.poll() is None:
                    child.send_signal(signum)

        signal.signal(signal.SIGINT, forward)
        signal.signal(signal.SIGTERM, forward)
        codes = [child.wait() for child in children]
        if any(codes):
            raise CommandError(f"a worker process ended with {max(codes)}")


def _lifeline(stop: threading.Event) -> None:
    """Keep the leases of this process's jobs, and queue again the jobs of dead workers."""
    last_recovery = -RECOVER_SECONDS
    while True:
        try:
            job_heartbeat(sorted(RUNNING_HERE))
            if time.monotonic() - last_recovery >= RECOVER_SECONDS:
                last_recovery = time.monotonic()
                jobs_recover()
        except DatabaseError:
            connection.close()  # the next round opens a fresh connection
        if stop.wait(timeout=min(HEARTBEAT_SECONDS, RECOVER_SECONDS)):
            break
    connection.close()
