"""Reading import jobs for the web pages: whose jobs a user sees, and how far a job got."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from jastar.bulk.models import PERSONAL_KINDS, ColumnMapping, ImportJob, ImportStatus
from jastar.bulk.services import STALE_AFTER
from jastar.core.access import can_see_all_imports, can_see_personal_data

# A job queued this long without a worker picking it up probably has no worker to go to.
WORKER_HINT_AFTER: Final = timedelta(seconds=30)
ACTIVE: Final = (ImportStatus.QUEUED, ImportStatus.RUNNING)


def import_jobs_for_user(user: AbstractBaseUser | AnonymousUser) -> QuerySet[ImportJob]:
    """The import jobs ``user`` may see: everyone's with ``bulk.view_importjob`` (and for
    superusers), otherwise only the ones they started; lists of people and placements only
    for those allowed to see personal data. The one scope of every imports page."""
    jobs = ImportJob.objects.select_related("created_by")
    if not user.is_authenticated or not user.is_active:
        return jobs.none()
    if not can_see_personal_data(user):
        # Previews and error reports of these lists show IINs and names.
        jobs = jobs.exclude(kind__in=PERSONAL_KINDS)
    if can_see_all_imports(user):
        return jobs
    return jobs.filter(created_by_id=user.pk)


def column_mappings() -> QuerySet[ColumnMapping]:
    """Saved column mappings, by list and name (they are shared by everyone who imports)."""
    return ColumnMapping.objects.order_by("kind", "name")


@dataclass(frozen=True)
class ImportProgress:
    """How far a job got, and how fast: what the progress page and its JSON show."""

    total: int
    done: int
    percent: int
    # Rows per second since the job started; None before it has done any rows.
    rate: float | None
    # Estimated seconds to the end, while the job is queued or running.
    seconds_left: float | None
    active: bool
    # Queued or running with no sign of a worker for a while: is `jastar worker` up?
    waiting_for_worker: bool


def import_job_progress(job: ImportJob, *, now: datetime) -> ImportProgress:
    """The progress of ``job`` at ``now``, from its own counters (no query)."""
    done = job.rows_done
    total = max(job.total_rows or 0, done)
    active = job.status in ACTIVE
    if total:
        percent = min(100, done * 100 // total)
    else:
        percent = 0 if active or job.status == ImportStatus.PENDING else 100
    rate = None
    if job.started_at is not None and done:
        seconds = (_end(job, now) - job.started_at).total_seconds()
        rate = done / seconds if seconds > 0 else None
    left = (total - done) / rate if active and rate else None
    return ImportProgress(
        total=total,
        done=done,
        percent=percent,
        rate=rate,
        seconds_left=left,
        active=active,
        waiting_for_worker=_waiting_for_worker(job, now),
    )


def _end(job: ImportJob, now: datetime) -> datetime:
    """When the job stopped working: now while it runs, its last batch once it failed."""
    if job.status in ACTIVE:
        return now
    return job.finished_at or job.heartbeat_at or now


def _waiting_for_worker(job: ImportJob, now: datetime) -> bool:
    if job.status == ImportStatus.QUEUED:
        return now - job.updated_at >= WORKER_HINT_AFTER
    if job.status == ImportStatus.RUNNING and job.heartbeat_at is not None:
        return now - job.heartbeat_at >= STALE_AFTER
    return False
