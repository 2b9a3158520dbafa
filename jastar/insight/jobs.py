"""Insight's background jobs: training the risk model (then scoring everyone), and
measuring program impact. Both replace their earlier results, so a re-run is safe."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from jastar.insight.services import program_impact_compute, risk_model_train, risk_scores_refresh
from jastar.jobs.models import Job
from jastar.jobs.progress import JobProgress
from jastar.jobs.registry import job_kind

RISK_MODEL_JOB = "insight.risk_model"
IMPACT_JOB = "insight.impact"


@job_kind(RISK_MODEL_JOB, label=_("Risk model: train and score everyone"), unit=_("steps"))
def run_risk_model(job: Job, progress: JobProgress) -> dict[str, Any]:
    """Train and test a new model version, then score every young person with it."""
    progress.update(done=0, total=2)
    version = risk_model_train(actor=job.created_by, seed=int(job.params.get("seed", 2025)))
    progress.update(done=1)
    scored = risk_scores_refresh(version=version)
    progress.update(done=2)
    return {"version": version.pk, "scored": scored}


def _year(job: Job) -> str:
    return str(job.params.get("year", ""))


@job_kind(IMPACT_JOB, label=_("Program impact"), unit=_("steps"), describe=_year)
def run_impact(job: Job, progress: JobProgress) -> dict[str, Any]:
    """Measure the impact of the year's program editions (replacing earlier estimates)."""
    estimates = program_impact_compute(actor=job.created_by, year=int(job.params["year"]))
    progress.update(done=1, total=1)
    return {"estimates": len(estimates)}
