"""The regional dashboard: a year's figures for the region, or one district's drill-down.

Office staff only (``scope_of(user).is_staff_side``): an employer's or a young person's
login gets 403. A case worker opens their own district's dashboard; since the page holds
aggregates only (no person is named), they may switch to the region or another district,
as the public home page shows the region's figures to everyone.

The view parses the filters, calls :func:`jastar.analytics.selectors.dashboard` once and
renders. The charts get their data as JSON (``json_script``) with every label already
translated here, so ``dashboard.js`` only draws and formats numbers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jastar.analytics.models import AgeBand
from jastar.analytics.selectors import (
    Dashboard,
    DistrictFigures,
    dashboard,
    dashboard_years,
    region_districts,
)
from jastar.community.modules import community_figures, module_link
from jastar.core.access import scope_of
from jastar.registry.models import Area, District, PlacementChannel, Sex


class DashboardFilters(forms.Form):
    """The year and the district ("" for the whole region) of the page."""

    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int)
    district = forms.ChoiceField(label=gettext_lazy("District"), required=False)

    def __init__(self, data: Mapping[str, str], *, years: list[int], districts: list[District]):
        super().__init__(data)
        self.districts = {d.code: d for d in districts}
        year_field = cast(forms.ChoiceField, self.fields["year"])
        district_field = cast(forms.ChoiceField, self.fields["district"])
        year_field.choices = [(year, str(year)) for year in years]
        district_field.choices = [
            ("", gettext_lazy("Whole region")),
            *((d.code, d.name) for d in districts),
        ]

    def selected_district(self) -> District | None:
        return self.districts.get(self.cleaned_data["district"])


def require_staff_side(request: HttpRequest) -> None:
    """Dashboards and reports are office work: 403 for employers and young people."""
    if not scope_of(request.user).is_staff_side:
        raise PermissionDenied


def _own_district(request: HttpRequest, districts: list[District]) -> str:
    """A case worker's district code, for the page opened without any filter."""
    own = scope_of(request.user).district_id
    if request.GET or own is None:
        return ""
    return next((d.code for d in districts if d.pk == own), "")


@login_required
def dashboard_page(request: HttpRequest) -> HttpResponse:
    """The dashboard of ``?year=`` (this year by default) for ``?district=`` or the region;
    without filters, a case worker's own district."""
    require_staff_side(request)
    years = dashboard_years()
    districts = region_districts()
    query = {
        "year": request.GET.get("year") or str(years[0]),
        "district": request.GET.get("district", _own_district(request, districts)),
    }
    form = DashboardFilters(query, years=years, districts=districts)
    if not form.is_valid():
        raise Http404(_("There is no dashboard for this year or district."))
    figures = dashboard(year=form.cleaned_data["year"], district=form.selected_district())
    mix = who_was_placed(figures)
    community = community_figures(year=figures.period.year, district=figures.district)
    context = {
        "form": form,
        "dash": figures,
        "mix": mix,
        "charts": chart_data(figures, mix),
        "community": [(module, module_link(module)) for module in community],
    }
    return render(request, "analytics/dashboard.html", context)


# --- Chart data ---------------------------------------------------------------------------


Shares = list[tuple[str, int]]  # (translated label, count)


def who_was_placed(dash: Dashboard) -> dict[str, Shares]:
    """Placements by channel, sex, urban/rural and age band, with translated labels."""
    return {
        "channels": _labelled(dash.channels, PlacementChannel),
        "sex": _labelled(dash.by_sex, Sex),
        "area": _labelled(dash.by_area, Area),
        # "Not of youth age" only when someone was.
        "age": _labelled(dash.by_age_band, AgeBand, keep_empty=False),
    }


def chart_data(dash: Dashboard, mix: Mapping[str, Shares]) -> dict[str, Any]:
    """What the charts draw, with translated labels; numbers stay numbers."""
    charts: dict[str, Any] = {
        "months": _months_chart(dash),
        **{name: _shares_chart(shares) for name, shares in mix.items()},
        "neet_trend": _neet_trend(dash),
    }
    if dash.district is None:
        charts["districts"] = _districts_chart(dash.districts)
        charts["neet_districts"] = _neet_districts_chart(dash.districts)
    return {
        "charts": charts,
        "text": {
            "neet": _("NEET young people"),
            "youth": _("Young people in the registry"),
            "rate": _("NEET rate"),
            "share": _("Share"),
        },
    }


def _months_chart(dash: Dashboard) -> dict[str, Any]:
    year = dash.period.year
    series = [
        {
            "label": _("Placed in %(year)s") % {"year": year},
            "data": [m.placed for m in dash.months],
            "role": "actual",
        },
        {
            "label": _("Placed in %(year)s") % {"year": year - 1},
            "data": [m.previous for m in dash.months],
            "role": "previous",
        },
    ]
    if any(m.plan is not None for m in dash.months):
        series.append(
            {
                "label": _("Plan for %(year)s") % {"year": year},
                "data": [m.plan for m in dash.months],
                "role": "plan",
            }
        )
    labels = [formats.date_format(m.month, "N") for m in dash.months]
    return {"labels": labels, "series": series}


def _districts_chart(rows: Iterable[DistrictFigures]) -> dict[str, Any]:
    rows = list(rows)
    return {
        "labels": [row.district.name for row in rows],
        "series": [
            {
                "label": _("Placed"),
                "data": [row.outcome.placed for row in rows],
                "role": "actual",
            },
            {
                "label": _("Target for the year"),
                "data": [row.outcome.target for row in rows],
                "role": "target",
            },
        ],
    }


def _neet_districts_chart(rows: Iterable[DistrictFigures]) -> dict[str, Any]:
    rows = sorted(rows, key=lambda row: -(row.neet_now.rate or 0))
    return {
        "labels": [row.district.name for row in rows],
        "rate": [_rounded(row.neet_now.rate) for row in rows],
        "neet": [row.neet_now.neet for row in rows],
        "youth": [row.neet_now.youth for row in rows],
    }


def _neet_trend(dash: Dashboard) -> dict[str, Any]:
    return {
        "labels": [formats.date_format(p.on, "SHORT_DATE_FORMAT") for p in dash.neet],
        "rate": [_rounded(p.rate) for p in dash.neet],
        "neet": [p.neet for p in dash.neet],
        "youth": [p.youth for p in dash.neet],
    }


def _labelled(counts: Mapping[str, int], choices: Any, *, keep_empty: bool = True) -> Shares:
    """Counts by a choice field's values, labelled with the choices' translated names."""
    names = dict(choices.choices)
    return [(str(names.get(value, value)), n) for value, n in counts.items() if keep_empty or n]


def _shares_chart(shares: Shares) -> dict[str, Any]:
    return {"labels": [label for label, _n in shares], "values": [n for _label, n in shares]}


def _rounded(rate: float | None) -> float | None:
    return None if rate is None else round(rate, 1)
