"""Background tasks of bulk imports (django.tasks: a worker process runs them)."""

from __future__ import annotations

from django_tasks import task

from jastar.bulk.services import import_job_run


@task()
def import_job_task(job_id: int) -> dict[str, int]:
    """Run (or continue) an import job; returns its counts."""
    job = import_job_run(job_id=job_id)
    return {
        "created": job.created,
        "updated": job.updated,
        "unchanged": job.unchanged,
        "rejected": job.rejected,
    }
