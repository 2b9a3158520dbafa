"""Faults a production installation meets, on PostgreSQL (several processes share it):
a worker killed in the middle of a matching shard, the database connection lost in the
middle of an import, and a real ``jastar worker`` process taking jobs from the queue."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any
from unittest import mock

import psycopg
import pytest
from django.db import connection, connections
from django.utils import timezone

from jastar.bulk.models import ImportJob, ImportStatus
from jastar.bulk.services import import_job_create, import_job_enqueue
from jastar.bulk.tests.files import PEOPLE_HEADERS_KK, write_csv
from jastar.jobs.models import Job, JobStatus
from jastar.jobs.services import job_retry, job_run, job_submit, jobs_recover
from jastar.jobs.tests.kinds import COUNT
from jastar.matching.engines import forget_engine
from jastar.matching.models import Match, MatchRun, MatchShard, RunStatus
from jastar.matching.services import match_run_start
from jastar.matching.services.runs import FINISH_JOB, SHARD_JOB
from jastar.registry.models import Occupation, Person
from jastar.registry.tests.factories import centre_of, district, make_person, make_vacancy, new_iin

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="several processes need a database server"
    ),
    pytest.mark.django_db(transaction=True),
]

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
OCCUPATIONS = ["8322", "5120", "5223", "7411", "2512"]
DISTRICTS = ["karasai", "talgar", "kegen"]


@pytest.fixture(autouse=True)
def _fresh_engine() -> Any:
    forget_engine()
    yield
    forget_engine()


def small_region() -> None:
    """People and vacancies in three districts, with different occupations and places."""
    occupations = {code: Occupation.objects.get(code=code) for code in OCCUPATIONS}
    for n in range(36):
        where = DISTRICTS[n % 3]
        person = make_person(district=district(where), settlement=centre_of(where))
        person.desired_occupations.set([occupations[OCCUPATIONS[n % 5]]])
    for n in range(12):
        where = DISTRICTS[n % 3]
        make_vacancy(
            title_ru=f"Вакансия {n}",
            title_kk=f"Бос орын {n}",
            occupation=occupations[OCCUPATIONS[n % 5]],
            district=district(where),
            settlement=centre_of(where),
        )


def lists() -> list[tuple[Any, ...]]:
    rows = Match.objects.values_list("kind", "person_id", "vacancy_id", "rank", "score")
    return sorted(rows)


def figures(run: MatchRun) -> tuple[Any, ...]:
    run.refresh_from_db()
    return (run.status, run.shards_done, run.shards_total, run.people, run.matches)


def fork_and_kill(job_id: int, when: str) -> tuple[int, int]:
    """Run the job in a child process that kills itself (SIGKILL) at ``when``."""
    connections.close_all()
    pid = os.fork()
    if pid == 0:  # the doomed worker
        try:
            die = lambda *args, **kwargs: os.kill(os.getpid(), signal.SIGKILL)  # noqa: E731
            if when == "while computing":
                job_run(job_id=job_id, progress=lambda job: die() if job.done > 0 else None)
            else:
                with mock.patch("jastar.matching.jobs.match_run_shards_done", die):
                    job_run(job_id=job_id)
        finally:
            os._exit(3)  # reached only if it did not die
    _pid, status = os.waitpid(pid, 0)
    return pid, status


class KilledWorkerTests:
    @pytest.mark.parametrize("when", ["while computing", "after writing its lists"])
    def test_a_shard_whose_worker_is_killed_is_run_again_with_the_same_result(
        self, settings: Any, when: str
    ) -> None:
        small_region()
        on = date(2026, 6, 15)
        clean = match_run_start(actor=None, on=on)  # run at once, undisturbed
        expected, expected_figures = lists(), figures(clean)
        assert expected_figures[0] == RunStatus.DONE and expected

        settings.TASKS = DUMMY  # jobs wait in the queue
        run = match_run_start(actor=None, on=on)
        shards = list(Job.objects.filter(kind=SHARD_JOB, params__run=run.pk).order_by("pk"))
        victim = shards[0]
        pid, status = fork_and_kill(victim.pk, when)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL

        victim.refresh_from_db()
        assert victim.status == JobStatus.RUNNING and victim.worker.endswith(f":{pid}")
        settings.TASKS = IMMEDIATE  # another worker: this process
        assert jobs_recover() == [victim.pk]
        for shard in shards[1:]:
            job_run(job_id=shard.pk)

        victim.refresh_from_db()
        assert (victim.status, victim.attempts) == (JobStatus.DONE, 2)
        assert lists() == expected
        assert figures(run)[1:] == expected_figures[1:]
        assert figures(run)[0] == RunStatus.DONE
        assert MatchShard.objects.filter(run=run).count() == len(DISTRICTS)
        assert Job.objects.filter(kind=FINISH_JOB, params__run=run.pk).count() == 1


def import_file(tmp_path: Path, rows: int) -> ImportJob:
    body = [
        [
            new_iin(date(2001, 1, 1 + i % 28), "F"),
            "Сапарова",
            f"Дана{i}",
            "",
            "Талғар",
            "",
            "жұмыссыз",
            "",
        ]
        for i in range(rows)
    ]
    path = write_csv(tmp_path / "list.csv", PEOPLE_HEADERS_KK, body)
    with path.open("rb") as handle:
        return import_job_create(actor=None, kind="people", upload=handle, file_name="list.csv")


def terminate_own_connection() -> None:
    """What a database restart does to a client: its connection is cut by the server."""
    pid = connection.connection.info.backend_pid
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


class LostDatabaseTests:
    def test_an_import_cut_off_from_the_database_reports_it_and_a_rerun_completes_it(
        self, settings: Any, tmp_path: Path
    ) -> None:
        settings.MEDIA_ROOT = str(tmp_path / "media")
        settings.JASTAR_IMPORT_BATCH_SIZE = 10
        settings.TASKS = DUMMY
        imported = import_job_enqueue(job=import_file(tmp_path, 45))
        background = Job.objects.get(pk=int(imported.task_id))

        def cut_after_two_batches(job: Job) -> None:
            if job.done >= 20:
                terminate_own_connection()

        with mock.patch("jastar.core.outage.time.sleep"):
            background = job_run(job_id=background.pk, progress=cut_after_two_batches)
        assert background.status == JobStatus.FAILED
        assert "terminat" in background.error or "connection" in background.error
        imported.refresh_from_db()
        assert imported.status == ImportStatus.FAILED  # its page says so too
        assert 20 <= Person.objects.count() < 45

        settings.TASKS = IMMEDIATE
        background = job_retry(actor=None, job=background)
        assert background.status == JobStatus.DONE, background.error
        imported.refresh_from_db()
        assert imported.status == ImportStatus.DONE
        assert Person.objects.count() == 45
        assert Person.objects.values("iin").distinct().count() == 45
        assert (imported.created, imported.rejected) == (45, 0)


def worker_environment() -> dict[str, str]:
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return {**os.environ, "DATABASE_URL": url, "JASTAR_TASKS_BACKEND": "database"}


class WorkerProcessTests:
    def test_jastar_worker_runs_queued_jobs_in_its_own_process(self, settings: Any) -> None:
        settings.TASKS = DATABASE
        jobs = [job_submit(kind=COUNT, params={"n": 3}) for _ in range(2)]
        # The test job kind lives in the tests: the worker imports it like any app's jobs.
        code = (
            "import os, sys, django; "
            "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'jastar.config.settings'); "
            "django.setup(); import jastar.jobs.tests.kinds; "
            "from jastar.cli import main; main(sys.argv[1:])"
        )
        started = time.monotonic()
        done = subprocess.run(  # noqa: S603
            [sys.executable, "-c", code, "worker", "--batch", "--interval=0.1"],
            env=worker_environment(),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        for job in jobs:
            job.refresh_from_db()
            assert job.status == JobStatus.DONE, job.error
            assert job.worker and not job.worker.endswith(f":{os.getpid()}")
            assert job.result == {"counted": 3}
        assert time.monotonic() - started < 120
        assert timezone.now()  # the worker ran under the real clock; the test's is frozen
