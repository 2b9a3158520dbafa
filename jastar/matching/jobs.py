"""Matching's background jobs: one district of a batch run, and the run's final step."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from jastar.jobs.models import Job
from jastar.jobs.progress import JobProgress
from jastar.jobs.registry import job_kind
from jastar.matching.services.runs import (
    FINISH_JOB,
    SHARD_JOB,
    match_run_finish,
    match_run_shard,
    match_run_shards_done,
)


def _district(job: Job) -> str:
    return job.district.name if job.district is not None else str(job.params.get("district", ""))


@job_kind(SHARD_JOB, label=_("Batch matching of a district"), unit=_("people"), describe=_district)
def run_shard(job: Job, progress: JobProgress) -> dict[str, Any]:
    """Match the district's people and replace its lists (safe to run again)."""
    progress.update(done=0)
    written = match_run_shard(
        run_id=job.params["run"], district_code=job.params["district"], progress=progress.advance
    )
    match_run_shards_done(run_id=job.params["run"], actor=job.created_by)
    return {"matches": written}


def _run(job: Job) -> str:
    return str(job.params.get("run", ""))


@job_kind(
    FINISH_JOB, label=_("Batch matching: figures and allocation"), unit=_("steps"), describe=_run
)
def run_finish(job: Job, progress: JobProgress) -> dict[str, Any]:
    """Sum the shards' figures and propose the program places (safe to run again)."""
    run = match_run_finish(run_id=job.params["run"])
    progress.update(done=1)
    return {"people": run.people, "matches": run.matches, "allocation": run.allocation}
