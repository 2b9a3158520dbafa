"""The imports pages: upload a file, check its preview and mapping, follow the progress.

Views parse the input, call the bulk services and selectors, and render. Who may do what
is asked of :mod:`jastar.core.access`; every job is looked up in
:func:`jastar.bulk.selectors.import_jobs_for_user`, so another user's job is a 404.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from math import ceil
from pathlib import Path
from typing import IO, Any, Final, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jastar.bulk.exports import CONTENT_TYPES
from jastar.bulk.forms import ImportUploadForm, MappingForm
from jastar.bulk.models import ImportJob, ImportStatus
from jastar.bulk.registry import schema_for
from jastar.bulk.report import rejections_write
from jastar.bulk.selectors import column_mappings, import_job_progress, import_jobs_for_user
from jastar.bulk.services import (
    column_mapping_save,
    import_job_cancel,
    import_job_create,
    import_job_enqueue,
    import_job_set_mapping,
    import_preview,
)
from jastar.core.access import can_import, can_see_imports
from jastar.jobs.text import duration_text
from jastar.web.templatetags.humanize_kk import intspace

RECENT_JOBS: Final = 50
PREVIEW_ROWS: Final = 10


def _actor(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _job(request: HttpRequest, pk: int) -> ImportJob:
    """The job, if the user may see it: 403 without access to imports, 404 if not theirs."""
    _require(can_see_imports(request.user))
    return get_object_or_404(import_jobs_for_user(request.user), pk=pk)


def _add_errors(form: forms.Form, err: ValidationError) -> None:
    """Show a service's error on the field it names, or above the form."""
    if hasattr(err, "error_dict"):
        for field, errors in err.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, err)


def _redirect_to(job: ImportJob) -> HttpResponse:
    return redirect("bulk:job", pk=job.pk)


# --- The list and the upload form ---------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def import_list(request: HttpRequest) -> HttpResponse:
    """Recent imports, and the form to upload a file (for users who may import)."""
    _require(can_see_imports(request.user))
    form = None
    if can_import(request.user):
        data = (request.POST, request.FILES) if request.method == "POST" else (None, None)
        form = ImportUploadForm(*data, mappings=column_mappings())
    if request.method == "POST":
        _require(form is not None)
        job = _create(request, cast(ImportUploadForm, form))
        if job is not None:
            return _redirect_to(job)
    jobs = import_jobs_for_user(request.user)[:RECENT_JOBS]
    return render(request, "bulk/import_list.html", {"form": form, "jobs": jobs})


def _create(request: HttpRequest, form: ImportUploadForm) -> ImportJob | None:
    if not form.is_valid():
        return None
    data = form.cleaned_data
    upload: UploadedFile = data["file"]
    try:
        return import_job_create(
            actor=_actor(request),
            kind=data["kind"],
            upload=cast(IO[bytes], upload),
            file_name=upload.name or "",
            dry_run=data["dry_run"],
            mapping_name=data["mapping_name"],
        )
    except ValidationError as err:
        _add_errors(form, err)
        return None


# --- One job: the preview while it waits, then its progress --------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def import_job_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A job waiting for confirmation: the preview and mapping. Any other: its progress."""
    job = _job(request, pk)
    if job.status != ImportStatus.PENDING:
        if request.method == "POST":
            return _redirect_to(job)  # a preview form sent again after the job started
        context = {
            "job": job,
            "progress": _progress(job),
            "separator": _separator_label(job.delimiter),
            "can_import": can_import(request.user),
        }
        return render(request, "bulk/import_progress.html", context)
    form = _mapping_form(job, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        _require(can_import(request.user))
        if form.is_valid() and _apply_mapping(request, job, form):
            return _redirect_to(job)
    return _preview_page(request, job, form)


def _mapping_form(job: ImportJob, data: Any) -> MappingForm:
    return MappingForm(
        data, headers=job.headers, schema=schema_for(job.kind), mapping=job.column_keys()
    )


def _apply_mapping(request: HttpRequest, job: ImportJob, form: MappingForm) -> bool:
    """Apply the chosen columns, save them under a name, and start the import on "Confirm".

    A confirmation with changed columns only applies them: the import starts after the
    user has seen the preview of the columns it will use.
    """
    columns, name = form.columns(), form.cleaned_data["save_as"].strip()
    changed = columns != job.column_keys()
    try:
        if changed:
            import_job_set_mapping(job=job, columns=columns)
        if name:
            column_mapping_save(actor=_actor(request), job=job, name=name)
        if form.confirmed() and not changed:
            import_job_enqueue(job=job)
    except ValidationError as err:
        job.refresh_from_db()  # the service may have changed it in memory before refusing
        _add_errors(form, err)
        return False
    if name:
        messages.success(request, _("The mapping is saved as “%(name)s”.") % {"name": name})
    if changed and form.confirmed():
        messages.warning(
            request,
            _("The columns changed, so the import has not started: check the preview again."),
        )
    elif changed:
        messages.success(request, _("The columns are applied; check the preview."))
    return True


@dataclass(frozen=True)
class PreviewLine:
    line: int
    cells: list[str]
    # (column label, or "" for the whole row; message)
    problems: list[tuple[str, str]]


def _preview_page(request: HttpRequest, job: ImportJob, form: MappingForm) -> HttpResponse:
    schema = schema_for(job.kind)
    lines = []
    for row in import_preview(job=job, limit=PREVIEW_ROWS):
        problems = [
            (str(schema.column(p.column).label) if p.column in schema.keys else "", str(p.message))
            for p in row.problems
        ]
        cells = [*row.cells, *[""] * (len(job.headers) - len(row.cells))]
        lines.append(PreviewLine(row.line, cells, problems))
    context = {
        "job": job,
        "form": form,
        "lines": lines,
        "bad_lines": sum(1 for line in lines if line.problems),
        "separator": _separator_label(job.delimiter),
        "can_import": can_import(request.user),
    }
    return render(request, "bulk/import_preview.html", context)


def _separator_label(delimiter: str) -> str:
    names = {
        ";": _("semicolon (;)"),
        ",": _("comma (,)"),
        "\t": _("tab"),
        "|": _("vertical bar (|)"),
    }
    return names.get(delimiter, f"«{delimiter}»") if delimiter else "—"


# --- Progress ----------------------------------------------------------------------------


@login_required
@require_GET
@never_cache
def import_job_progress_json(request: HttpRequest, pk: int) -> JsonResponse:
    """The numbers of the progress page, for its script to refresh them."""
    return JsonResponse(_progress(_job(request, pk)))


def _progress(job: ImportJob) -> dict[str, Any]:
    """Numbers, and the same numbers as text in the page's language, for page and JSON."""
    progress = import_job_progress(job, now=timezone.now())
    counts = {
        "read": job.read,
        "created": job.created,
        "updated": job.updated,
        "unchanged": job.unchanged,
        "rejected": job.rejected,
        "duplicates": job.duplicates_flagged,
    }
    status = ImportStatus(job.status)
    return {
        "status": job.status,
        "status_label": str(status.label),
        "finished": job.finished,
        "total": progress.total,
        "done": progress.done,
        "percent": progress.percent,
        # <progress> needs a positive max: an empty file is 0 of 1 until it is done.
        "bar": {
            "max": progress.total or 1,
            "value": progress.done if progress.total else progress.percent // 100,
        },
        "rate": None if progress.rate is None else round(progress.rate, 1),
        "seconds_left": None if progress.seconds_left is None else ceil(progress.seconds_left),
        "counts": counts,
        "error": job.error,
        "show": {
            "active": progress.active,
            "waiting": progress.waiting_for_worker,
            "done": status == ImportStatus.DONE,
            "failed": status == ImportStatus.FAILED,
            "cancelled": status == ImportStatus.CANCELLED,
            "report": bool(job.rejected) and not progress.active,
        },
        "text": {
            "done": _("%(done)s of %(total)s rows")
            % {"done": intspace(progress.done), "total": intspace(progress.total)},
            "percent": f"{progress.percent}%",
            "rate": _rate_text(progress.rate),
            "left": duration_text(progress.seconds_left),
            "counts": {name: intspace(value) for name, value in counts.items()},
        },
    }


def _rate_text(rate: float | None) -> str:
    if rate is None:
        return "—"
    number = intspace(round(rate)) if rate >= 10 else formats.number_format(rate, 1)
    return _("%(rate)s rows/s") % {"rate": number}


# --- Actions on a job --------------------------------------------------------------------


@login_required
@require_POST
def import_job_cancel_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel a job waiting for confirmation, queued or running (committed rows stay)."""
    _require(can_import(request.user))
    job = _job(request, pk)
    was_pending = job.status == ImportStatus.PENDING
    try:
        import_job_cancel(actor=_actor(request), job=job)
    except ValidationError as err:
        messages.error(request, " ".join(err.messages))
        return _redirect_to(job)
    messages.success(request, _("The import is cancelled."))
    return redirect("bulk:list") if was_pending else _redirect_to(job)


@login_required
@require_POST
def import_job_resume_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue a failed job again; it continues after its last committed line."""
    _require(can_import(request.user))
    job = _job(request, pk)
    if job.status == ImportStatus.FAILED:
        try:
            import_job_enqueue(job=job)
        except ValidationError as err:
            messages.error(request, " ".join(err.messages))
    return _redirect_to(job)


@login_required
@require_GET
def import_job_errors(request: HttpRequest, pk: int, fmt: str) -> FileResponse:
    """The rejected rows with line, column and reason, as CSV or XLSX."""
    job = _job(request, pk)
    if not job.rejected:
        raise Http404(_("This import rejected no rows."))
    out = tempfile.TemporaryFile()  # FileResponse closes it
    rejections_write(job=job, out=out, fmt=fmt)
    out.seek(0)
    return FileResponse(
        out,
        as_attachment=True,
        filename=f"{Path(job.file_name).stem}.errors.{fmt}",
        content_type=CONTENT_TYPES[fmt],
    )
