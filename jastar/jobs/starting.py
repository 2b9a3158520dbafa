"""Starting the jobs offered on the jobs page: each choice of the form, as a service."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from jastar.core.access import AnyUser, is_administrator, scope_of
from jastar.core.audit import Actor
from jastar.jobs import forms as choices
from jastar.jobs.models import Job
from jastar.jobs.services import job_submit


def startable_for(user: AnyUser) -> frozenset[str]:
    """The jobs ``user`` may start: regional officers and administrators all of them,
    regional analysts the report; nobody else any."""
    scope = scope_of(user)
    if is_administrator(user) or (scope.all_districts and scope.edits_people):
        return frozenset(value for value, _label in choices.WHAT)
    if scope.all_districts and scope.is_staff_side:
        return choices.READ_ONLY
    return frozenset()


def job_start(*, actor: Actor, what: str, data: dict[str, Any]) -> Job:
    """Start the job the form describes; returns it (for a batch run, its first shard's
    job is not what the user wants to watch, so the run's jobs are listed instead)."""
    from jastar.analytics.jobs import AGGREGATES_JOB, REPORT_JOB
    from jastar.insight.jobs import IMPACT_JOB, RISK_MODEL_JOB
    from jastar.matching.services import match_run_start
    from jastar.matching.services.runs import SHARD_JOB

    if what == choices.MATCHING:
        run = match_run_start(actor=actor, on=timezone.localdate())
        first = Job.objects.filter(kind=SHARD_JOB, params__run=run.pk).order_by("pk").first()
        if first is not None:
            return first
        return Job.objects.filter(params__run=run.pk).latest("pk")
    if what == choices.REPORT:
        params = {"year": data["year"], "lang": data["lang"], "format": data["format"]}
        return job_submit(
            kind=REPORT_JOB, params=params, actor=actor, district=data["district"], total=1
        )
    if what == choices.AGGREGATES:
        return job_submit(kind=AGGREGATES_JOB, actor=actor, total=1)
    if what == choices.RISK_MODEL:
        return job_submit(kind=RISK_MODEL_JOB, actor=actor, total=2)
    if what == choices.IMPACT:
        return job_submit(kind=IMPACT_JOB, params={"year": data["year"]}, actor=actor, total=1)
    raise ValueError(f"unknown job {what!r}")
