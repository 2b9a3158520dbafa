"""The one task the queue carries: "run job N" (django.tasks; any worker may take it)."""

from __future__ import annotations

from django_tasks import task

from jastar.jobs.services import job_run


@task()
def run_job_task(job_id: int) -> str:
    """Run (or continue) job ``job_id``; returns how it ended."""
    return str(job_run(job_id=job_id).status)
