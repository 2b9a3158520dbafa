"""The figures of youth centres and coworking for a year (jastar.community.figures).

- centres open: open at the end of the year (or on ``today`` in the current year);
- planned: registered and not yet open on that day; the target of "centres open" is
  open + planned (every planned centre opened);
- events, visits, participants and NEET reached count the year up to ``today``: a named
  visit counts one, a count of unnamed visitors its number, plus the events' unnamed
  participants; participants are distinct registered people; NEET reached are those of
  them who were NEET on the day of a visit.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Aggregate, Count, QuerySet, Sum
from django.utils.translation import gettext as _

from jastar.analytics.report.document import Column, Kind, Table, Value, display, table
from jastar.community.centres.models import Centre, CentreKind
from jastar.community.centres.selectors import (
    centre_list,
    events_in,
    neet_visits,
    open_on,
    planned_on,
    visit_totals,
    visits_in,
)
from jastar.community.figures import Figure, ModuleFigures
from jastar.registry.models import District


def module_figures(*, year: int, district: District | None, today: date) -> ModuleFigures:
    """The centres' figures of ``year`` (up to ``today``), of ``district`` or the region."""
    on = min(today, date(year, 12, 31))
    centres = centre_list(district=district)
    opened = open_on(centres, on)
    planned = planned_on(centres, on).count()
    events = events_in(year=year, today=on, district=district)
    totals = visit_totals(visits_in(year=year, today=on, district=district), events)
    open_count = opened.count()
    figures = (
        Figure("centres_open", _("Youth centres open"), open_count, target=open_count + planned),
        Figure("centres_planned", _("Centres planned"), planned),
        Figure(
            "coworking_open",
            _("Coworking spaces open"),
            opened.filter(kind=CentreKind.COWORKING).count(),
        ),
        Figure("capacity_open", _("Places in open centres"), _capacity(opened)),
        Figure("events_held", _("Events held"), events.count()),
        Figure("visits", _("Visits"), totals.visits),
        Figure("participants", _("Registered young people who came"), totals.participants),
        Figure("neet_reached", _("NEET young people reached"), totals.neet_reached),
    )
    return ModuleFigures(
        key="centres",
        title=_("Youth centres and coworking"),
        figures=figures,
        tables=(_by_district(centres, year=year, on=on),),
        paragraphs=(_summary(figures),),
    )


def _capacity(rows: QuerySet[Centre]) -> int:
    return int(rows.aggregate(n=Sum("capacity"))["n"] or 0)


def _by_district(centres: QuerySet[Centre], *, year: int, on: date) -> Table:
    # One grouped query per column, whatever the number of districts.
    districts = list(District.objects.filter(pk__in=centres.values("district")).order_by("code"))
    ids = [d.pk for d in districts]
    visits = visits_in(year=year, today=on).filter(centre__district__in=ids)
    events = events_in(year=year, today=on).filter(centre__district__in=ids)
    by_centre = "centre__district"
    open_ = _per_district(open_on(centres, on), "district", Count("id"))
    planned = _per_district(planned_on(centres, on), "district", Count("id"))
    held = _per_district(events, by_centre, Count("id"))
    at_events = _per_district(events, by_centre, Sum("anonymous_participants"))
    named = _per_district(visits.filter(person__isnull=False), by_centre, Count("id"))
    unnamed = _per_district(visits, by_centre, Sum("anonymous_count"))
    neet = _per_district(neet_visits(visits), by_centre, Count("person_id", distinct=True))
    rows: list[list[Value]] = []
    sums = [0, 0, 0, 0, 0]
    for district in districts:
        pk = district.pk
        visit_count = named.get(pk, 0) + unnamed.get(pk, 0) + at_events.get(pk, 0)
        counts = [open_.get(pk, 0), planned.get(pk, 0), held.get(pk, 0), visit_count]
        counts.append(neet.get(pk, 0))
        sums = [a + b for a, b in zip(sums, counts, strict=True)]
        rows.append([district.name, *counts])
    columns = (
        Column(_("District"), Kind.TEXT),
        Column(_("Open")),
        Column(_("Planned")),
        Column(_("Events")),
        Column(_("Visits")),
        Column(_("NEET reached")),
    )
    total: list[Value] = [_("Total"), *sums]
    return table("centres_by_district", _("Youth centres by district"), columns, rows, total)


def _per_district(rows: QuerySet[Any], field: str, measure: Aggregate) -> dict[int, int]:
    """``measure`` of ``rows`` by district id (``field`` leads to the district)."""
    grouped = rows.order_by().values(field).annotate(n=measure)
    return {row[field]: int(row["n"] or 0) for row in grouped}


def _summary(figures: tuple[Figure, ...]) -> str:
    values = {f.key: display(f.kind, f.value) for f in figures}
    return _(
        "%(open)s youth centres and coworking spaces were open and %(planned)s more were "
        "planned; they held %(events)s events with %(visits)s visits and reached "
        "%(neet)s NEET young people."
    ) % {
        "open": values["centres_open"],
        "planned": values["centres_planned"],
        "events": values["events_held"],
        "visits": values["visits"],
        "neet": values["neet_reached"],
    }
