from __future__ import annotations

from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError
from django.utils import timezone

from jastar.core.models import AuditEvent
from jastar.jobs.models import Job, JobStatus
from jastar.jobs.progress import JobProgress
from jastar.jobs.selectors import job_progress
from jastar.jobs.services import (
    LEASE,
    job_cancel,
    job_retry,
    job_run,
    job_submit,
    jobs_recover,
    worker_name,
)
from jastar.jobs.tests.kinds import COUNT, RUNS

pytestmark = pytest.mark.django_db

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def queue_only(settings: Any) -> None:
    """Jobs wait in the queue (nobody runs them) until the test runs them."""
    settings.TASKS = DUMMY


def running_elsewhere(job: Job, *, worker: str, beat_ago: timedelta) -> Job:
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING,
        worker=worker,
        attempts=1,
        started_at=timezone.now() - beat_ago,
        heartbeat_at=timezone.now() - beat_ago,
    )
    job.refresh_from_db()
    return job


class SubmitAndRunTests:
    def test_a_submitted_job_runs_and_records_its_progress_and_result(self) -> None:
        job = job_submit(kind=COUNT, params={"n": 4})
        assert job.status == JobStatus.DONE
        assert (job.done, job.total, job.attempts) == (4, 4, 1)
        assert job.result == {"counted": 4}
        assert job.worker == worker_name()
        assert job.seconds is not None and job.peak_memory_kb
        assert job.finished_at is not None

    def test_an_unknown_kind_is_refused_before_anything_is_queued(self) -> None:
        with pytest.raises(LookupError):
            job_submit(kind="no.such.kind")
        assert not Job.objects.exists()

    def test_a_failing_handler_leaves_its_error_on_the_job(self) -> None:
        job = job_submit(kind=COUNT, params={"n": 5, "fail_at": 3})
        assert job.status == JobStatus.FAILED
        assert job.error == "step 3 went wrong"
        assert job.done == 2

    def test_a_finished_job_is_not_run_again(self, queue_only: None) -> None:
        job = job_submit(kind=COUNT, params={"n": 2})
        job_run(job_id=job.pk)
        RUNS.clear()
        again = job_run(job_id=job.pk)
        assert again.status == JobStatus.DONE and again.attempts == 1
        assert RUNS == []

    def test_a_job_a_live_worker_holds_is_left_to_it(self, queue_only: None) -> None:
        job = job_submit(kind=COUNT)
        running_elsewhere(job, worker="other-host:42", beat_ago=timedelta(seconds=5))
        RUNS.clear()
        assert job_run(job_id=job.pk).status == JobStatus.RUNNING
        assert RUNS == []

    def test_a_handler_that_must_wait_goes_back_to_the_queue(self, queue_only: None) -> None:
        job = job_submit(kind=COUNT, params={"busy": True})
        for _ in range(5):  # waiting, however often, uses up no attempt
            job = job_run(job_id=job.pk)
        assert job.status == JobStatus.QUEUED and job.attempts == 0
        assert job.error == "the data is busy" and job.task_id == ""

    def test_progress_reports_rate_and_time_left(self) -> None:
        job = Job(
            kind=COUNT,
            status=JobStatus.RUNNING,
            done=300,
            done_at_start=100,
            total=1000,
            started_at=timezone.now() - timedelta(seconds=20),
        )
        view = job_progress(job, now=timezone.now())
        assert view.percent == 30
        assert view.rate == pytest.approx(10.0)
        assert view.seconds_left == pytest.approx(70.0)


class CancelTests:
    def test_a_queued_job_is_cancelled_at_once_and_never_runs(self, queue_only: None) -> None:
        job = job_submit(kind=COUNT)
        job = job_cancel(actor=None, job=job)
        assert job.status == JobStatus.CANCELLED
        RUNS.clear()
        assert job_run(job_id=job.pk).status == JobStatus.CANCELLED
        assert RUNS == []
        assert AuditEvent.objects.filter(target_id=str(job.pk), summary="cancelled").exists()

    def test_a_running_job_stops_at_its_next_progress_report(self, queue_only: None) -> None:
        job = job_submit(kind=COUNT, params={"n": 5, "check": True})
        original = JobProgress.advance

        def advance_then_cancel(self: JobProgress, count: int = 1) -> None:
            original(self, count)
            if self.job.done == 2:
                Job.objects.filter(pk=self.job.pk).update(cancel_requested=True)

        with mock.patch.object(JobProgress, "advance", advance_then_cancel):
            job = job_run(job_id=job.pk)
        assert job.status == JobStatus.CANCELLED
        assert job.done == 2

    def test_an_ended_job_cannot_be_cancelled(self) -> None:
        job = job_submit(kind=COUNT)
        with pytest.raises(ValidationError):
            job_cancel(actor=None, job=job)


class RetryTests:
    def test_a_failed_job_runs_again_from_the_start_of_its_attempts(self) -> None:
        job = job_submit(kind=COUNT, params={"n": 3, "fail_at": 2})
        Job.objects.filter(pk=job.pk).update(params={"n": 3})
        job.refresh_from_db()
        job = job_retry(actor=None, job=job)
        assert job.status == JobStatus.DONE
        assert job.attempts == 1 and job.error == ""

    def test_only_failed_or_cancelled_jobs_run_again(self) -> None:
        job = job_submit(kind=COUNT)
        with pytest.raises(ValidationError):
            job_retry(actor=None, job=job)


class RecoverTests:
    def test_a_job_whose_worker_went_silent_is_run_again(self, queue_only: None) -> None:
        job = running_elsewhere(
            job_submit(kind=COUNT), worker="other-host:42", beat_ago=LEASE + timedelta(seconds=1)
        )
        assert jobs_recover() == [job.pk]
        job.refresh_from_db()
        assert job.status == JobStatus.QUEUED and job.task_id
        job = job_run(job_id=job.pk)
        assert job.status == JobStatus.DONE and job.attempts == 2

    def test_a_job_whose_process_is_gone_is_run_again_at_once(self, queue_only: None) -> None:
        import socket

        gone = 2**22 + 12345  # beyond the kernel's largest process id
        job = running_elsewhere(
            job_submit(kind=COUNT),
            worker=f"{socket.gethostname()}:{gone}",
            beat_ago=timedelta(seconds=1),
        )
        assert jobs_recover() == [job.pk]

    def test_a_job_with_a_live_worker_is_left_alone(self, queue_only: None) -> None:
        running_elsewhere(
            job_submit(kind=COUNT), worker="other-host:42", beat_ago=timedelta(seconds=10)
        )
        assert jobs_recover() == []

    def test_a_job_that_keeps_killing_its_workers_ends_as_failed(self, queue_only: None) -> None:
        job = job_submit(kind=COUNT)
        Job.objects.filter(pk=job.pk).update(attempts=3, max_attempts=3)
        job = job_run(job_id=job.pk)
        assert job.status == JobStatus.FAILED
        assert "3" in job.error

    def test_a_queued_job_missing_from_the_queue_is_queued_again(self, queue_only: None) -> None:
        job = job_submit(kind=COUNT)
        Job.objects.filter(pk=job.pk).update(
            task_id="", updated_at=timezone.now() - timedelta(minutes=5)
        )
        assert jobs_recover() == [job.pk]
        job.refresh_from_db()
        assert job.task_id


class RecordingTests:
    # Reconnecting closes the connection: outside the test's transaction.
    @pytest.mark.django_db(transaction=True)
    def test_the_outcome_is_written_even_if_the_database_drops_once(self, queue_only: None) -> None:
        from django.db.models.query import QuerySet

        job = job_submit(kind=COUNT, params={"n": 1})
        real_update = QuerySet.update
        calls = {"n": 0}

        def flaky(self: Any, **fields: Any) -> int:
            if "finished_at" in fields and calls["n"] == 0:
                calls["n"] += 1
                raise OperationalError("server closed the connection unexpectedly")
            return int(real_update(self, **fields))

        with (
            mock.patch("django.db.models.query.QuerySet.update", flaky),
            mock.patch("jastar.core.outage.time.sleep") as slept,
        ):
            job = job_run(job_id=job.pk)
        assert calls["n"] == 1 and slept.called
        assert job.status == JobStatus.DONE
