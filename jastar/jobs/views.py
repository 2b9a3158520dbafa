"""The jobs pages: the list (with a form to start one), a job's page with live progress,
cancel, run again, and the download of a job's file (the yearly report)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jastar.core.access import scope_of
from jastar.core.audit import audit_record
from jastar.core.models import AuditAction
from jastar.jobs.forms import StartJobForm
from jastar.jobs.models import Job, JobStatus
from jastar.jobs.registry import KINDS
from jastar.jobs.selectors import can_control_job, job_for, job_progress, jobs_for
from jastar.jobs.services import job_cancel, job_retry
from jastar.jobs.starting import job_start, startable_for
from jastar.jobs.text import duration_text, job_title, job_unit, rate_text
from jastar.web.templatetags.humanize_kk import intspace

LISTED = 100


def _job(request: HttpRequest, pk: int) -> Job:
    try:
        return job_for(request.user, pk)
    except Job.DoesNotExist:
        raise Http404 from None


@login_required
@require_http_methods(["GET", "POST"])
def job_list(request: HttpRequest) -> HttpResponse:
    """The latest jobs the user may see, and (for regional staff) the form to start one."""
    if not scope_of(request.user).is_staff_side:
        raise PermissionDenied
    allowed = startable_for(request.user)
    form = StartJobForm(request.POST or None, allowed=allowed) if allowed else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            job = job_start(
                actor=request.user, what=form.cleaned_data["what"], data=form.cleaned_data
            )
            messages.success(request, _("The job is queued."))
            return redirect("jobs:detail", pk=job.pk)
    jobs = jobs_for(request.user)
    status = request.GET.get("status", "")
    if status in JobStatus.values:
        jobs = jobs.filter(status=status)
    now = timezone.now()
    rows = [_row(job, now) for job in jobs[:LISTED]]
    return render(
        request,
        "jobs/list.html",
        {"form": form, "rows": rows, "status": status, "statuses": JobStatus.choices},
    )


def _row(job: Job, now: Any) -> dict[str, Any]:
    view = job_progress(job, now=now)
    return {"job": job, "title": job_title(job), "progress": view, "text": _texts(job, view)}


def _texts(job: Job, view: Any) -> dict[str, str]:
    unit = job_unit(job)
    total = "?" if view.total is None else intspace(view.total)
    return {
        "done": _("%(done)s of %(total)s %(unit)s")
        % {"done": intspace(view.done), "total": total, "unit": unit},
        "rate": rate_text(view.rate, unit),
        "left": duration_text(view.seconds_left),
        "elapsed": duration_text(view.elapsed),
        "percent": "" if view.percent is None else f"{view.percent}%",
        "memory": ""
        if job.peak_memory_kb is None
        else _("%(size)s MiB") % {"size": intspace(round(job.peak_memory_kb / 1024))},
    }


def _context(request: HttpRequest, job: Job) -> dict[str, Any]:
    kind = KINDS.get(job.kind)
    row = _row(job, timezone.now())
    steps = []
    if "run" in job.params:
        steps = [
            _row(step, timezone.now())
            for step in jobs_for(request.user).filter(params__run=job.params["run"]).order_by("pk")
        ]
    return {
        **row,
        "can_control": can_control_job(request.user, job),
        "link": kind.link(job) if kind is not None and kind.link is not None else None,
        "steps": steps,
        "has_file": job.status == JobStatus.DONE and bool(job.result.get("file")),
    }


@login_required
@require_GET
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A job's page: its progress (refreshed while it runs), its outcome, its actions."""
    job = _job(request, pk)
    return render(request, "jobs/detail.html", _context(request, job))


@login_required
@require_GET
@never_cache
def job_progress_part(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress panel alone, which the page fetches every two seconds while active."""
    job = _job(request, pk)
    return render(request, "jobs/_progress.html", _context(request, job))


def _act(request: HttpRequest, pk: int, action: Any, done: str) -> HttpResponse:
    """Cancel or re-run the job for whoever may control it; back to its page."""
    job = _job(request, pk)
    if not can_control_job(request.user, job):
        raise PermissionDenied
    try:
        action(actor=request.user, job=job)
        messages.success(request, done)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("jobs:detail", pk=job.pk)


@login_required
@require_POST
def job_cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Stop a job (a running one stops at its next progress report)."""
    return _act(request, pk, job_cancel, _("The job will stop at its next step."))


@login_required
@require_POST
def job_retry_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Run a failed or cancelled job again."""
    return _act(request, pk, job_retry, _("The job is queued again."))


@login_required
@require_GET
def job_file(request: HttpRequest, pk: int) -> FileResponse:
    """The file a job wrote (the yearly report); each download is audited."""
    from jastar.analytics.jobs import report_path

    job = _job(request, pk)
    name = job.result.get("file")
    if job.status != JobStatus.DONE or not name:
        raise Http404
    path = report_path(job, str(name))
    if not path.is_file():
        raise Http404
    audit_record(actor=request.user, action=AuditAction.EXPORT, target=job, summary=str(name))
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=str(name),
        content_type=str(job.result.get("content_type") or "application/octet-stream"),
    )
