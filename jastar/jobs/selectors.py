"""Reading jobs: who may see which, and how far each has got."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet

from jastar.core.access import AnyUser, district_filter, is_administrator, scope_of, sees_region
from jastar.jobs.models import Job, JobStatus


def jobs_for(user: AnyUser) -> QuerySet[Job]:
    """The jobs ``user`` may see: all for administrators and regional staff; otherwise
    the ones they started and those of their districts."""
    jobs = Job.objects.select_related("district", "created_by")
    if is_administrator(user) or sees_region(user):
        return jobs
    if user is None or not user.is_authenticated:
        return jobs.none()
    scope = scope_of(user)
    mine = Q(created_by=user)
    if scope.is_staff_side:
        return jobs.filter(mine | (district_filter(scope) & Q(district__isnull=False)))
    return jobs.filter(mine)


def job_for(user: AnyUser, job_id: int | str) -> Job:
    """The job, if ``user`` may see it (Job.DoesNotExist otherwise)."""
    return jobs_for(user).get(pk=job_id)


def can_control_job(user: AnyUser, job: Job) -> bool:
    """Whether ``user`` may cancel or re-run ``job``: who started it, or an administrator."""
    if user is None or not user.is_authenticated:
        return False
    return is_administrator(user) or (
        job.created_by_id is not None and job.created_by_id == user.pk
    )


@dataclass(frozen=True)
class JobProgressView:
    """How far a job has got at a moment: numbers for a page, a bar or a terminal."""

    done: int
    total: int | None
    percent: int | None
    rate: float | None  # per second, this attempt
    seconds_left: float | None
    elapsed: float | None


def job_progress(job: Job, *, now: datetime) -> JobProgressView:
    """The progress of ``job`` at ``now``, from its own fields (no query)."""
    total = max(job.total, job.done) if job.total is not None else None
    percent = None
    if total:
        percent = min(100, job.done * 100 // total)
    elif job.status == JobStatus.DONE:
        percent = 100
    elapsed = None
    if job.started_at is not None:
        end = now if job.status == JobStatus.RUNNING else (job.finished_at or job.heartbeat_at)
        elapsed = max(((end or now) - job.started_at).total_seconds(), 0.0)
    rate = None
    worked = job.done - job.done_at_start
    if elapsed and worked > 0:
        rate = worked / elapsed
    left = None
    if job.status == JobStatus.RUNNING and rate and total is not None:
        left = (total - job.done) / rate
    return JobProgressView(job.done, total, percent, rate, left, elapsed)
