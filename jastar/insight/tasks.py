"""Background tasks of insight: training the risk model, scoring everyone, measuring
program impact (django.tasks: a worker runs them; `jastar db_worker`)."""

from __future__ import annotations

from django_tasks import task

from jastar.insight.services import program_impact_compute, risk_model_train, risk_scores_refresh


@task()
def risk_model_train_task(seed: int = 2025) -> int:
    """Train and test a new risk model version, then score everyone with it; returns the
    version's id."""
    version = risk_model_train(actor=None, seed=seed)
    risk_scores_refresh(version=version)
    return version.pk


@task()
def program_impact_task(year: int) -> int:
    """Measure the impact of the year's program editions; returns the estimates stored."""
    return len(program_impact_compute(actor=None, year=year))
