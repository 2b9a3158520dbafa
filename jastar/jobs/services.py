"""Submitting, running, cancelling, retrying and recovering background jobs.

The job row is the truth about a piece of work; the task queue only carries "run job N".
A job is *claimed* by one process at a time (a locked row); a claimed job whose worker
stopped giving signs of life for :data:`LEASE` (or whose process is gone) is put back in
the queue by :func:`jobs_recover`, which every ``jastar worker`` calls regularly. Handlers
are written so that such a re-run gives the result one clean run gives.
"""

from __future__ import annotations

import logging
import os
import resource
import socket
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, Final

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jastar.core.audit import Actor, audit_record
from jastar.core.models import AuditAction
from jastar.core.outage import through_outage
from jastar.jobs.models import Job, JobStatus
from jastar.jobs.progress import JobCancelled, JobProgress
from jastar.jobs.registry import kind_of
from jastar.registry.models import District

logger = logging.getLogger(__name__)

# A running job whose worker gave no sign of life for this long is run again elsewhere.
LEASE: Final = timedelta(seconds=90)
# How often a worker writes a sign of life while a job runs (well inside the lease).
HEARTBEAT_SECONDS: Final = 15.0
# A queued job not in the task queue this long after it changed is queued again.
ENQUEUE_GRACE: Final = timedelta(seconds=60)


class JobRetryLater(Exception):
    """Raised by a handler that cannot run yet (its data is busy): the job waits in the
    queue and :func:`jobs_recover` queues it again after a while."""


# Jobs this process is running now (its beating thread keeps their leases).
RUNNING_HERE: set[int] = set()


def worker_name() -> str:
    """``host:pid`` of this process, as recorded on the jobs it runs."""
    return f"{socket.gethostname()}:{os.getpid()}"


# --- Submitting -------------------------------------------------------------------------


def job_submit(
    *,
    kind: str,
    params: dict[str, Any] | None = None,
    actor: Actor = None,
    district: District | None = None,
    total: int | None = None,
    max_attempts: int = 3,
) -> Job:
    """Record a job and put it in the task queue.

    On the database queue both rows are written in the caller's transaction: they commit
    (or vanish) together, so no job is left without its queue entry.
    """
    kind_of(kind)  # an unknown kind fails here, not in a worker
    job = Job.objects.create(
        kind=kind,
        params=params or {},
        created_by=actor if actor is not None and actor.is_authenticated else None,
        district=district,
        total=total,
        max_attempts=max_attempts,
    )
    _enqueue(job.pk)
    job.refresh_from_db()
    return job


def _enqueue(job_id: int) -> None:
    from jastar.jobs.tasks import run_job_task

    result = run_job_task.enqueue(job_id)
    Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(task_id=str(result.id)[:64])


# --- Running ----------------------------------------------------------------------------


def job_run(*, job_id: int, progress: Callable[[Job], None] | None = None) -> Job:
    """Run job ``job_id`` here, unless it is finished or another live worker has it.

    ``progress`` is called with the job after each write of its counts (the terminal's
    progress bar). Returns the job as it ended (or as it was, when not run).
    """
    job = _claim(job_id)
    if job.status != JobStatus.RUNNING or job.worker != worker_name():
        return job
    kind = kind_of(job.kind)
    reporter = _Reporter(job, progress)
    started = time.perf_counter()
    RUNNING_HERE.add(job.pk)
    try:
        result = kind.run(job, reporter) or {}
    except JobCancelled:
        return _end(job, JobStatus.CANCELLED, started)
    except JobRetryLater as wait:
        # Waiting is not a failed attempt: the attempt is given back.
        _record(
            job.pk,
            status=JobStatus.QUEUED,
            task_id="",
            worker="",
            error=str(wait),
            attempts=max(job.attempts - 1, 0),
        )
        job.refresh_from_db()
        return job
    except Exception as error:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        return _end(job, JobStatus.FAILED, started, error=str(error) or error.__class__.__name__)
    except BaseException:
        # The worker is being stopped: leave the job for another one.
        _record(job.pk, status=JobStatus.QUEUED, task_id="", worker="")
        raise
    finally:
        RUNNING_HERE.discard(job.pk)
    if Job.objects.filter(pk=job.pk, cancel_requested=True).exists():
        return _end(job, JobStatus.CANCELLED, started, result=result)
    return _end(job, JobStatus.DONE, started, result=result)


class _Reporter(JobProgress):
    def __init__(self, job: Job, hook: Callable[[Job], None] | None) -> None:
        super().__init__(job)
        self.hook = hook

    def _maybe_write(self, *, force: bool) -> None:
        super()._maybe_write(force=force)
        if self.hook is not None:
            self.hook(self.job)


@transaction.atomic
def _claim(job_id: int) -> Job:
    job = Job.objects.select_for_update().get(pk=job_id)
    now = timezone.now()
    if job.finished:
        return job
    if job.status == JobStatus.RUNNING and job.worker != worker_name() and worker_alive(job, now):
        return job
    if job.cancel_requested:
        job.status, job.finished_at = JobStatus.CANCELLED, now
        job.save(update_fields=["status", "finished_at", "updated_at"])
        return job
    if job.attempts >= job.max_attempts:
        job.status, job.finished_at = JobStatus.FAILED, now
        job.error = _("The job was started %(count)d times and never finished.") % {
            "count": job.attempts
        }
        job.save(update_fields=["status", "finished_at", "error", "updated_at"])
        return job
    job.status = JobStatus.RUNNING
    job.attempts += 1
    job.worker = worker_name()
    job.started_at = job.heartbeat_at = now
    job.done_at_start = job.done
    job.error = ""
    job.save(
        update_fields=[
            "status",
            "attempts",
            "worker",
            "started_at",
            "heartbeat_at",
            "done_at_start",
            "error",
            "updated_at",
        ]
    )
    return job


def _end(
    job: Job,
    status: JobStatus,
    started: float,
    *,
    result: dict[str, Any] | None = None,
    error: str = "",
) -> Job:
    fields: dict[str, Any] = {
        "status": status,
        "finished_at": timezone.now(),
        "seconds": time.perf_counter() - started,
        "peak_memory_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "error": error[:4000],
    }
    if result is not None:
        fields["result"] = result
    # The last counts the handler reached (progress writes are spaced out).
    fields["total"] = job.total
    fields["done"] = job.done
    if job.total is not None and status == JobStatus.DONE:
        fields["done"] = max(job.done, job.total)
    _record(job.pk, **fields)
    job.refresh_from_db()
    return job


def _record(job_id: int, **fields: Any) -> None:
    """Write the job's state, waiting out a database that is briefly away (a restart)."""
    fields.setdefault("updated_at", timezone.now())
    through_outage(lambda: Job.objects.filter(pk=job_id).update(**fields))


def worker_alive(job: Job, now: datetime) -> bool:
    """Whether the worker that claimed ``job`` may still be running it."""
    host, _sep, pid = job.worker.partition(":")
    if host == socket.gethostname() and pid.isdigit() and int(pid) != os.getpid():
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            pass
    return job.heartbeat_at is not None and now - job.heartbeat_at < LEASE


def job_heartbeat(job_ids: list[int]) -> None:
    """Record that this worker is still running these jobs (a worker's beating thread)."""
    if not job_ids:
        return
    Job.objects.filter(pk__in=job_ids, status=JobStatus.RUNNING, worker=worker_name()).update(
        heartbeat_at=timezone.now()
    )


# --- Cancelling and retrying -------------------------------------------------------------


def job_cancel(*, actor: Actor, job: Job) -> Job:
    """Stop a job: a queued one at once, a running one at its next progress report."""
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk)
        if job.finished:
            raise ValidationError(_("This job has already ended."))
        job.cancel_requested = True
        fields = ["cancel_requested", "updated_at"]
        if job.status == JobStatus.QUEUED:
            job.status, job.finished_at = JobStatus.CANCELLED, timezone.now()
            fields += ["status", "finished_at"]
        job.save(update_fields=fields)
        audit_record(actor=actor, action=AuditAction.UPDATE, target=job, summary="cancelled")
    hook = kind_of(job.kind).on_cancel
    if hook is not None:
        hook(job)
    return job


@transaction.atomic
def job_retry(*, actor: Actor, job: Job) -> Job:
    """Run a failed or cancelled job again (its handler continues or redoes its work)."""
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.status not in (JobStatus.FAILED, JobStatus.CANCELLED):
        raise ValidationError(_("Only a failed or cancelled job can be run again."))
    job.status = JobStatus.QUEUED
    job.attempts = 0
    job.cancel_requested = False
    job.finished_at = None
    job.error = ""
    job.task_id = ""
    job.save(
        update_fields=[
            "status",
            "attempts",
            "cancel_requested",
            "finished_at",
            "error",
            "task_id",
            "updated_at",
        ]
    )
    audit_record(actor=actor, action=AuditAction.UPDATE, target=job, summary="run again")
    _enqueue(job.pk)
    job.refresh_from_db()
    return job


# --- Recovering -------------------------------------------------------------------------


def jobs_recover(*, now: datetime | None = None) -> list[int]:
    """Queue again the jobs nobody is running: those whose worker died or went silent
    (past :data:`LEASE`), and queued ones missing from the task queue. Returns their ids.
    """
    now = now or timezone.now()
    requeued = [
        job.pk for job in Job.objects.filter(status=JobStatus.RUNNING) if _release(job.pk, now)
    ]
    for job in Job.objects.filter(status=JobStatus.QUEUED, updated_at__lt=now - ENQUEUE_GRACE):
        if not _queued(job):
            _enqueue(job.pk)
            requeued.append(job.pk)
    return requeued


@transaction.atomic
def _release(job_id: int, now: datetime) -> bool:
    job = Job.objects.select_for_update().get(pk=job_id)
    if job.status != JobStatus.RUNNING or worker_alive(job, now):
        return False
    logger.warning("job %s: worker %s stopped; queueing it again", job.pk, job.worker)
    job.status, job.task_id = JobStatus.QUEUED, ""
    job.save(update_fields=["status", "task_id", "updated_at"])
    _enqueue(job_id)
    return True


def _queued(job: Job) -> bool:
    """Whether a task to run ``job`` waits in (or was just taken from) the queue."""
    if not job.task_id:
        return False
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - the package is a dependency
        return True
    try:
        return DBTaskResult.objects.filter(id=job.task_id, status="READY").exists()
    except (DatabaseError, ValidationError):
        return True
