"""The community page: every part's figures of the year, with links into each part."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from jastar.analytics.views import require_staff_side
from jastar.community.modules import community_figures, module_link
from jastar.core.access import scope_of
from jastar.registry.models import District

YEARS_SHOWN = 10


@login_required
def community_home(request: HttpRequest) -> HttpResponse:
    """The figures of each part in ``?year=`` (this year by default): a case worker's
    district, else the region."""
    require_staff_side(request)
    scope = scope_of(request.user)
    district = District.objects.filter(pk=scope.district_id).first() if scope.district_id else None
    # Community work is recorded apart from placements: the last ten years are offered.
    this_year = timezone.localdate().year
    years = list(range(this_year, this_year - YEARS_SHOWN, -1))
    asked = request.GET.get("year", "")
    year = int(asked) if asked.isdigit() and int(asked) in years else this_year
    modules = community_figures(year=year, district=district)
    context = {
        "modules": [(module, module_link(module)) for module in modules],
        "year": str(year),
        "years": [str(y) for y in years],
        "district": district,
    }
    return render(request, "community/home.html", context)
