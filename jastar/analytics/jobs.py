"""Analytics' background jobs: rebuilding the aggregate tables, and writing the yearly
report to a file (kept with the job, for download)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from jastar.analytics.report.render import report_file
from jastar.analytics.services.facts import facts_rebuild
from jastar.jobs.models import Job
from jastar.jobs.progress import JobProgress
from jastar.jobs.registry import job_kind
from jastar.registry.models import District

AGGREGATES_JOB = "analytics.aggregates"
REPORT_JOB = "analytics.report"


@job_kind(AGGREGATES_JOB, label=_("Rebuild the aggregate tables"), unit=_("steps"))
def run_aggregates(job: Job, progress: JobProgress) -> dict[str, Any]:
    """Recompute every aggregate table from the records (one transaction: safe to re-run)."""
    stats = facts_rebuild()
    progress.update(done=1, total=1)
    return {"people": stats.people, "participations": stats.participations, "rows": stats.rows}


def _report(job: Job) -> str:
    params = job.params
    parts = [
        str(params.get("year", "")),
        str(params.get("lang", "")),
        str(params.get("format", "")),
    ]
    return " · ".join(p for p in parts if p)


def report_path(job: Job, filename: str) -> Path:
    """Where the report of ``job`` is written (under the media folder)."""
    return Path(settings.MEDIA_ROOT) / "reports" / f"job-{job.pk}" / filename


@job_kind(REPORT_JOB, label=_("Yearly report"), unit=_("files"), describe=_report)
def run_report(job: Job, progress: JobProgress) -> dict[str, Any]:
    """Write the report to a file (a re-run writes the same file again)."""
    params = job.params
    district = District.objects.filter(pk=job.district_id).first() if job.district_id else None
    arguments: dict[str, Any] = {
        "year": int(params["year"]),
        "lang": str(params["lang"]),
        "format": str(params["format"]),
        "district": district,
    }
    progress.update(done=0, total=1)
    report = report_file(**arguments)
    name = report.filename
    path = report_path(job, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(report.content)
    progress.update(done=1)
    return {"file": name, "bytes": len(report.content), "content_type": report.content_type}
