"""Export buttons on the admin's lists: the rows the list shows, as CSV or XLSX.

The admin's change lists are the registry's lists today, so an export takes the list's
own queryset (its filters, search, date drill-down and order) from the ModelAdmin's
``ChangeList``, not a copy of its filtering. The file is in the language of the page.
"""

from __future__ import annotations

import tempfile
from typing import Any, Generic, TypeVar

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.urls import URLPattern, path, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from jastar.bulk.exports import (
    CONTENT_TYPES,
    FORMATS,
    export_filename,
    export_kind_for,
    list_export,
    list_export_stream,
)
from jastar.core.audit import client_ip

M = TypeVar("M", bound=models.Model)

EXPORT_LABELS = {"csv": _("Export CSV"), "xlsx": _("Export XLSX")}


class ExportMixin(admin.ModelAdmin[M], Generic[M]):
    """Adds "Export CSV" and "Export XLSX" to a change list; put it first in the bases."""

    change_list_template = "bulk/admin/change_list.html"

    def get_urls(self) -> list[URLPattern]:
        # Before the ModelAdmin's own URLs, whose last pattern takes any path as an id.
        name = f"{self.opts.app_label}_{self.opts.model_name}_export"
        export = path("export/<str:fmt>/", self.admin_site.admin_view(self.export_view), name=name)
        return [export, *super().get_urls()]

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        return super().changelist_view(
            request, {**(extra_context or {}), "export_links": self.export_links(request)}
        )

    def export_links(self, request: HttpRequest) -> list[dict[str, Any]]:
        """The export buttons, each carrying the list's current query string."""
        query = request.GET.urlencode()
        name = f"admin:{self.opts.app_label}_{self.opts.model_name}_export"
        links = []
        for fmt, label in EXPORT_LABELS.items():
            url = reverse(name, args=[fmt], current_app=self.admin_site.name)
            links.append({"label": label, "url": f"{url}?{query}" if query else url})
        return links

    def export_view(self, request: HttpRequest, fmt: str) -> HttpResponseBase:
        if fmt not in FORMATS:
            raise Http404
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        try:
            queryset = self.get_changelist_instance(request).get_queryset(request)
        except IncorrectLookupParameters:
            # The list itself redirects such requests with an error flag; so does this.
            list_url = reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist",
                current_app=self.admin_site.name,
            )
            return HttpResponseRedirect(f"{list_url}?e=1")
        return _download(request, fmt, export_kind_for(self.model), queryset)


def _download(
    request: HttpRequest, fmt: str, kind: str, queryset: QuerySet[Any]
) -> HttpResponseBase:
    """The file of one export: CSV streamed as it is written, XLSX once it is complete."""
    options: dict[str, Any] = {
        "actor": request.user,
        "kind": kind,
        "queryset": queryset,
        "language": get_language() or "kk",
        # The rows stream after the request's middleware is done: the address is given here.
        "ip_address": client_ip(request),
        "filters": request.GET.dict(),
    }
    filename = export_filename(kind, fmt)
    if fmt == "csv":
        response = StreamingHttpResponse(
            list_export_stream(**options), content_type=CONTENT_TYPES[fmt]
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    # A workbook is a zip written at the end: built in a temporary file, then sent.
    file = tempfile.TemporaryFile()  # closed, and so deleted, by FileResponse
    list_export(fmt=fmt, out=file, **options)
    file.seek(0)
    return FileResponse(
        file, as_attachment=True, filename=filename, content_type=CONTENT_TYPES[fmt]
    )
