"""The audit log search page and its CSV export: administrators only.

Who may see the log is asked of :func:`jastar.core.access.is_administrator`; visitors who
are not signed in go to the sign-in page, other users get 403.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    QueryDict,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers
from django_htmx.middleware import HtmxDetails

from jastar.core.access import is_administrator
from jastar.core.models import AuditEvent
from jastar.web.audit.export import audit_log_export
from jastar.web.audit.forms import AuditSearchForm
from jastar.web.audit.search import AuditPage, audit_page, masked_summary

CURSORS = ("before", "after")


@dataclass(frozen=True)
class AuditRow:
    """One event as the page shows it: IINs masked, the record named and linked."""

    event: AuditEvent
    summary: str
    record_type: str
    changed: list[str]
    record_url: str


def _require_administrator(request: HttpRequest) -> None:
    if not is_administrator(request.user):
        raise PermissionDenied


def _cursor(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() else None


def _filters(request: HttpRequest) -> QueryDict:
    """The search's own parameters, without the page cursor."""
    filters = request.GET.copy()
    for name in CURSORS:
        filters.pop(name, None)
    return filters


def _record_url(event: AuditEvent) -> str:
    """The record's page in the administration, when it has one."""
    app_label, _dot, model = event.target_type.partition(".")
    if not event.target_id.isdigit():
        return ""
    try:
        return reverse(f"admin:{app_label}_{model}_change", args=[event.target_id])
    except NoReverseMatch:
        return ""


def _rows(page: AuditPage) -> list[AuditRow]:
    names = {m._meta.label_lower: capfirst(m._meta.verbose_name) for m in apps.get_models()}
    return [
        AuditRow(
            event=event,
            summary=masked_summary(event.summary),
            record_type=str(names.get(event.target_type, event.target_type)),
            # Only the names of the fields: the values may be personal data.
            changed=sorted(event.changes) if isinstance(event.changes, dict) else [],
            record_url=_record_url(event),
        )
        for event in page.events
    ]


@login_required
@require_GET
@vary_on_headers("HX-Request")
def audit_log(request: HttpRequest) -> HttpResponse:
    """Search the audit log: newest first, a page at a time (``?before=`` / ``?after=``)."""
    _require_administrator(request)
    form = AuditSearchForm(request.GET, user=request.user)
    page = None
    if form.is_valid():
        page = audit_page(
            form.query(),
            before=_cursor(request.GET.get("before")),
            after=_cursor(request.GET.get("after")),
        )
    context = {
        "form": form,
        "page": page,
        "rows": _rows(page) if page is not None else [],
        "filters": _filters(request).urlencode(),
    }
    # django-htmx's middleware sets request.htmx; a history restore wants the whole page.
    htmx: HtmxDetails | None = getattr(request, "htmx", None)
    partial = htmx is not None and bool(htmx) and not htmx.history_restore_request
    template = "web/audit/_search.html" if partial else "web/audit/log.html"
    return render(request, template, context)


@login_required
@require_GET
def audit_export(request: HttpRequest) -> HttpResponseBase:
    """The events of the search (all pages) as CSV; the export is audited."""
    _require_administrator(request)
    form = AuditSearchForm(request.GET, user=request.user)
    filters = _filters(request)
    if not form.is_valid():
        return redirect(f"{reverse('web:audit')}?{filters.urlencode()}")
    stream = audit_log_export(
        actor=request.user if isinstance(request.user, User) else None,
        query=form.query(),
        filters={key: filters.get(key, "") for key in filters},
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    response = StreamingHttpResponse(stream, content_type="text/csv; charset=utf-8")
    filename = f"jastar-audit-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
