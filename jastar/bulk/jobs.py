"""Imports as background jobs: the job runs (or continues) an import file."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jastar.bulk.models import UNFINISHED, ImportJob, ImportStatus
from jastar.bulk.services import IMPORT_JOB, ImportBusy, import_job_run
from jastar.jobs.models import Job
from jastar.jobs.progress import JobProgress
from jastar.jobs.registry import job_kind
from jastar.jobs.services import JobRetryLater


def _file(job: Job) -> str:
    name = ImportJob.objects.filter(pk=int(job.params.get("import_job", 0))).values_list(
        "file_name", flat=True
    )
    return next(iter(name), "")


def _stop(job: Job) -> None:
    ImportJob.objects.filter(pk=int(job.params.get("import_job", 0)), status__in=UNFINISHED).update(
        status=ImportStatus.CANCELLED, finished_at=timezone.now()
    )


def _page(job: Job) -> str | None:
    return (
        reverse("bulk:job", args=[job.params["import_job"]]) if "import_job" in job.params else None
    )


@job_kind(
    IMPORT_JOB, label=_("Import"), unit=_("rows"), describe=_file, on_cancel=_stop, link=_page
)
def run_import(job: Job, progress: JobProgress) -> dict[str, Any]:
    """Import the file from its last committed line (a re-run continues, never repeats)."""

    def report(imported: ImportJob) -> None:
        progress.update(done=imported.rows_done, total=imported.total_rows)

    try:
        imported = import_job_run(job_id=int(job.params["import_job"]), progress=report)
    except ImportBusy as busy:
        raise JobRetryLater(str(busy)) from busy
    return {
        "status": imported.status,
        "created": imported.created,
        "updated": imported.updated,
        "unchanged": imported.unchanged,
        "rejected": imported.rejected,
    }
