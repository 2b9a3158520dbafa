from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from jastar.jobs.models import Job, JobStatus
from jastar.jobs.services import job_submit
from jastar.jobs.tests.kinds import COUNT

pytestmark = pytest.mark.django_db

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    with translation.override("en"):
        call_command("jobs", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


class JobsCommandTests:
    def test_lists_the_latest_jobs_with_their_counts(self) -> None:
        done = job_submit(kind=COUNT, params={"n": 1234})
        out, _err = run()
        line = next(row for row in out.splitlines() if row.strip().startswith(str(done.pk)))
        assert "done" in line and "1,234/1,234" in line and "Counting: 1234" in line

    def test_watch_draws_a_bar_until_the_job_ends(self) -> None:
        job = job_submit(kind=COUNT, params={"n": 5})
        out, err = run("watch", str(job.pk))
        assert "100%" in err and "5/5" in err
        assert out.strip() == f"job {job.pk}: Done"

    def test_watch_fails_for_a_failed_job(self) -> None:
        job = job_submit(kind=COUNT, params={"n": 2, "fail_at": 1})
        with pytest.raises(CommandError, match="step 1 went wrong"):
            run("watch", str(job.pk))

    def test_cancel_and_retry(self, settings: Any) -> None:
        settings.TASKS = DUMMY
        job = job_submit(kind=COUNT)
        out, _err = run("cancel", str(job.pk))
        assert out.strip() == f"job {job.pk}: Cancelled"
        out, _err = run("retry", str(job.pk))
        assert out.strip() == f"job {job.pk}: Queued"
        with pytest.raises(CommandError, match="Only a failed or cancelled job"):
            run("retry", str(job.pk))

    def test_an_unknown_job_or_a_missing_number_is_an_error(self) -> None:
        with pytest.raises(CommandError, match="There is no job 999"):
            run("cancel", "999")
        with pytest.raises(CommandError, match="needs a job number"):
            run("watch")

    def test_recover_says_what_it_queued_again(self) -> None:
        out, _err = run("recover")
        assert out.strip() == "queued again: none"
        assert not Job.objects.filter(status=JobStatus.QUEUED).exists()


class WorkerCommandTests:
    def test_a_worker_needs_the_database_queue(self) -> None:
        with pytest.raises(CommandError, match="JASTAR_TASKS_BACKEND is not 'database'"):
            call_command("worker", "--batch")

    def test_processes_must_be_one_or_more(self, settings: Any) -> None:
        settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
        with pytest.raises(CommandError, match="--processes"):
            call_command("worker", "--processes=0")

    # The worker's loop closes connections left inside a transaction, as between requests:
    # it runs outside the test's transaction.
    @pytest.mark.django_db(transaction=True)
    def test_a_batch_worker_runs_what_is_queued_and_stops(self, settings: Any) -> None:
        settings.TASKS = {
            "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
        }
        job = job_submit(kind=COUNT, params={"n": 2})
        err = StringIO()
        call_command("worker", "--batch", "--interval=0", stderr=err)
        job.refresh_from_db()
        assert job.status == JobStatus.DONE and job.result == {"counted": 2}
        assert "waiting for jobs" in err.getvalue() and "stopped" in err.getvalue()
