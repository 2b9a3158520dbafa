"""Admin for the job-creation map's targets: edit one, or import a spreadsheet of them.

Saves and deletions go through the target services, so the admin validates and audits like
the import and the command do. The import is shown as a dry run first (the counts and
every rejected row); only the confirm step writes.
"""

from __future__ import annotations

import base64
import binascii
from io import BytesIO
from typing import Any, Final

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template import engines
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _

from jastar.analytics.models import Target
from jastar.analytics.services.targets import (
    TargetImport,
    target_delete,
    target_set,
    targets_import_xlsx,
)
from jastar.core.admin_services import ServiceAdmin
from jastar.core.errors import ApplicationError

DIMENSIONS: Final = ("year", "month", "district", "indicator", "channel", "program")
SESSION_KEY: Final = "analytics_target_import"
MAX_UPLOAD_BYTES: Final = 5 * 1024 * 1024

CHANGE_LIST: Final = """{% extends "admin/change_list.html" %}
{% block object-tools-items %}
<li><a href="{{ import_url }}">{{ import_label }}</a></li>{{ block.super }}
{% endblock %}"""

IMPORT_PAGE: Final = """{% extends "admin/base_site.html" %}{% load i18n %}
{% block breadcrumbs %}<div class="breadcrumbs">
<a href="{% url 'admin:index' %}">{% translate 'Home' %}</a>
&rsaquo; <a href="{% url 'admin:app_list' app_label=opts.app_label %}">
{{ opts.app_config.verbose_name }}</a>
&rsaquo; <a href="{{ changelist_url }}">{{ opts.verbose_name_plural|capfirst }}</a>
&rsaquo; {{ title }}</div>{% endblock %}
{% block content %}<div id="content-main">
<p>{{ text.help }}</p>
<form method="post" enctype="multipart/form-data">{% csrf_token %}
{{ form.as_p }}
<div class="submit-row"><input type="submit" name="check" value="{{ text.check }}"></div>
</form>
{% if result %}
<h2>{{ text.preview }}</h2>
<table>
<tr><th>{{ text.read }}</th><td>{{ result.read }}</td></tr>
<tr><th>{{ text.created }}</th><td>{{ result.created }}</td></tr>
<tr><th>{{ text.updated }}</th><td>{{ result.updated }}</td></tr>
<tr><th>{{ text.unchanged }}</th><td>{{ result.unchanged }}</td></tr>
<tr><th>{{ text.rejected }}</th><td>{{ result.rejected_rows }}</td></tr>
</table>
{% if result.rejected %}
<h2>{{ text.rejected }}</h2>
<table id="rejected-rows">
<thead><tr><th>{{ text.line }}</th><th>{{ text.column }}</th><th>{{ text.reason }}</th></tr></thead>
<tbody>{% for row in result.rejected %}
<tr><td>{{ row.line }}</td><td>{{ row.column }}</td><td>{{ row.reason }}</td></tr>
{% endfor %}</tbody></table>
{% endif %}
<form method="post">{% csrf_token %}
<p>{{ text.confirm_help }}</p>
<div class="submit-row"><input type="submit" class="default" name="confirm"
 value="{{ text.confirm }}"></div>
</form>
{% endif %}
</div>{% endblock %}"""

TEXT: Final = {
    "help": _(
        "Upload an Excel workbook (.xlsx). Its first row names the columns in Kazakh, "
        "Russian or English: year and target are required; month, district, indicator, "
        "channel, program and note are optional. Nothing is saved until you confirm."
    ),
    "check": _("Check the file"),
    "preview": _("What the import will do"),
    "read": _("Rows read"),
    "created": _("New targets"),
    "updated": _("Changed targets"),
    "unchanged": _("Unchanged targets"),
    "rejected": _("Rejected rows"),
    "line": _("Line"),
    "column": _("Column"),
    "reason": _("Reason"),
    "confirm_help": _("Rejected rows are skipped; the other rows are saved."),
    "confirm": _("Import the accepted rows"),
}


class TargetImportForm(forms.Form):
    file = forms.FileField(label=_("Workbook (.xlsx)"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


def _stored_file(request: HttpRequest) -> bytes | None:
    encoded = request.session.get(SESSION_KEY)
    if not isinstance(encoded, str):
        return None
    try:
        return base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        return None


@admin.register(Target)
class TargetAdmin(ServiceAdmin[Target]):
    list_display = [
        "year",
        "month",
        "district",
        "indicator",
        "channel",
        "program",
        "value",
        "note",
    ]
    list_filter = ["year", "indicator", "district", "channel"]
    list_select_related = ["district", "program"]
    search_fields = ["note"]

    def get_readonly_fields(self, request: HttpRequest, obj: Target | None = None) -> list[str]:
        # A target is identified by these; set another one instead of moving this one.
        return list(DIMENSIONS) if obj is not None else []

    def call_service(
        self, request: HttpRequest, obj: Target, form: ModelForm[Target], change: bool
    ) -> Target:
        data = form.cleaned_data
        dimensions = (
            {name: getattr(obj, name) for name in DIMENSIONS}
            if change
            else {name: data.get(name) for name in DIMENSIONS}
        )
        return target_set(
            actor=request.user,
            year=dimensions["year"] if dimensions["year"] is not None else 0,
            month=dimensions["month"] or 0,
            district=dimensions["district"],
            indicator=dimensions["indicator"] or "",
            channel=dimensions["channel"] or "",
            program=dimensions["program"],
            value=data["value"],
            note=data.get("note") or "",
        )

    def delete_model(self, request: HttpRequest, obj: Target) -> None:
        target_delete(actor=request.user, target=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Target]) -> None:
        for target in queryset:
            target_delete(actor=request.user, target=target)

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view(self.import_view)
        extra = [path("import/", view, name="analytics_target_import")]
        return [*extra, *super().get_urls()]

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        context = {
            "import_url": reverse("admin:analytics_target_import"),
            "import_label": _("Import from Excel"),
            **(extra_context or {}),
        }
        response = super().changelist_view(request, context)
        if isinstance(response, TemplateResponse) and self.has_add_permission(request):
            response.template_name = engines["django"].from_string(CHANGE_LIST)
        return response

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Upload a workbook, see the dry run, then confirm to save the accepted rows."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        if request.method == "POST" and "confirm" in request.POST:
            return self._import_confirm(request)
        form = TargetImportForm(request.POST or None, request.FILES or None)
        result: TargetImport | None = None
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data["file"].read()
            try:
                result = targets_import_xlsx(actor=request.user, file=BytesIO(data), commit=False)
            except ApplicationError as err:
                form.add_error("file", str(err.message))
            else:
                request.session[SESSION_KEY] = base64.b64encode(data).decode("ascii")
        return self._render_import(request, form, result)

    def _import_confirm(self, request: HttpRequest) -> HttpResponse:
        data = _stored_file(request)
        if data is None:
            messages.error(request, _("Upload the file again: the checked file was not found."))
            return HttpResponseRedirect(reverse("admin:analytics_target_import"))
        try:
            result = targets_import_xlsx(actor=request.user, file=BytesIO(data), commit=True)
        except ApplicationError as err:
            messages.error(request, str(err.message))
            return HttpResponseRedirect(reverse("admin:analytics_target_import"))
        del request.session[SESSION_KEY]
        messages.success(
            request,
            _(
                "Targets imported. New: %(created)d; changed: %(updated)d; "
                "unchanged: %(unchanged)d; rows rejected: %(rejected)d."
            )
            % {
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "rejected": result.rejected_rows,
            },
        )
        return HttpResponseRedirect(reverse("admin:analytics_target_changelist"))

    def _render_import(
        self, request: HttpRequest, form: TargetImportForm, result: TargetImport | None
    ) -> HttpResponse:
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import targets"),
            "changelist_url": reverse("admin:analytics_target_changelist"),
            "form": form,
            "result": result,
            "text": TEXT,
        }
        template = engines["django"].from_string(IMPORT_PAGE)
        return HttpResponse(template.render(context, request))
