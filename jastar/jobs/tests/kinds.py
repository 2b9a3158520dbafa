"""A job kind for the tests: counts to ``n``, reporting each step; can fail or wait."""

from __future__ import annotations

from typing import Any

from jastar.jobs.models import Job
from jastar.jobs.progress import JobProgress
from jastar.jobs.registry import job_kind
from jastar.jobs.services import JobRetryLater

COUNT = "tests.count"
RUNS: list[int] = []  # the job ids each call ran, in order


@job_kind(COUNT, label="Counting", unit="steps", describe=lambda job: str(job.params.get("n")))
def count(job: Job, progress: JobProgress) -> dict[str, Any]:
    RUNS.append(job.pk)
    n = int(job.params.get("n", 3))
    progress.update(done=0, total=n)
    for step in range(1, n + 1):
        if job.params.get("fail_at") == step:
            raise ValueError(f"step {step} went wrong")
        if job.params.get("busy"):
            raise JobRetryLater("the data is busy")
        progress.check() if job.params.get("check") else None
        progress.advance()
    return {"counted": n}
