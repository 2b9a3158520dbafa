"""The yearly report behind the dashboard's download button, in the request's language.

Open to office staff only, as the dashboard (``jastar.analytics.views``).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils import translation
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from jastar.analytics.report.forms import UNKNOWN_DISTRICT, ReportForm
from jastar.analytics.report.render import report_file
from jastar.analytics.views import require_staff_side


@login_required
@require_GET
def report_download(request: HttpRequest) -> HttpResponse:
    """``?year=2025&district=karasai&format=pdf``: the report as a file to save (HTML is
    shown in the browser, ready to print)."""
    require_staff_side(request)
    form = ReportForm(request.GET)
    if not form.is_valid():
        if form.has_error("district", UNKNOWN_DISTRICT):
            raise Http404(form.errors["district"][0])
        return HttpResponseBadRequest(
            form.errors.as_text(), content_type="text/plain; charset=utf-8"
        )
    data = form.cleaned_data
    report = report_file(
        year=data["year"],
        lang=translation.get_language() or settings.LANGUAGE_CODE,
        format=data["format"],
        district=data["district"],
    )
    response = HttpResponse(report.content, content_type=report.content_type)
    disposition = content_disposition_header(
        as_attachment=data["format"] != "html", filename=report.filename
    )
    if disposition:
        response["Content-Disposition"] = disposition
    return response
