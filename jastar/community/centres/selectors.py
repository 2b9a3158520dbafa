"""Reads of youth centres: lists in a user's reach, a centre's events and visits, counts.

"NEET young people reached" are the distinct registered people who visited a centre on a
day when their status (the registry's dated history) was NEET: unemployed or inactive.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404

from jastar.community.centres.models import Centre, CentreEvent, CentreStatus, Visit
from jastar.core.access import AnyUser, in_districts_for, people_for
from jastar.core.identifiers import only_digits
from jastar.registry.models import NEET_STATUSES, District, Person
from jastar.registry.selectors import status_on_subquery


def centre_list(
    *,
    district: District | None = None,
    status: str | None = None,
    kind: str | None = None,
) -> QuerySet[Centre]:
    """Centres, with their district, filtered."""
    rows = Centre.objects.select_related("district")
    if district is not None:
        rows = rows.filter(district=district)
    if status:
        rows = rows.filter(status=status)
    if kind:
        rows = rows.filter(kind=kind)
    return rows


def centres_for(user: AnyUser, rows: QuerySet[Centre] | None = None) -> QuerySet[Centre]:
    """The centres ``user`` may see: every district's for region-wide staff, a case
    worker's own district's, none for others."""
    return in_districts_for(user, rows if rows is not None else centre_list())


def centre_for(user: AnyUser, centre_id: int | str) -> Centre:
    """One centre ``user`` may see, or 404 (as for a missing one)."""
    found = centres_for(user).filter(pk=centre_id).first()
    if found is None:
        raise Http404
    return found


def _in_year(field: str, year: int, today: date) -> Q:
    return Q(**{f"{field}__gte": date(year, 1, 1), f"{field}__lte": min(today, date(year, 12, 31))})


def with_year_counts(rows: QuerySet[Centre], *, year: int, today: date) -> QuerySet[Centre]:
    """``rows`` annotated with the year's ``events_held``, ``named_visits`` and
    ``unnamed_visitors`` (up to ``today``); subqueries, so the counts do not multiply."""
    events = CentreEvent.objects.filter(_in_year("held_on", year, today), centre=OuterRef("pk"))
    visits = Visit.objects.filter(_in_year("visited_on", year, today), centre=OuterRef("pk"))

    def count(rows: QuerySet[Any]) -> Coalesce:
        counted = rows.order_by().values("centre").annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))

    def total(rows: QuerySet[Any], field: str) -> Coalesce:
        summed = rows.order_by().values("centre").annotate(n=Sum(field)).values("n")
        return Coalesce(Subquery(summed, output_field=IntegerField()), Value(0))

    return rows.annotate(
        events_held=count(events),
        named_visits=count(visits.filter(person__isnull=False)),
        unnamed_visitors=total(visits, "anonymous_count"),
        unnamed_participants=total(events, "anonymous_participants"),
    )


def centre_events(centre: Centre) -> QuerySet[CentreEvent]:
    """The centre's events, newest first, with how many named people came to each."""
    return centre.events.annotate(
        named_participants=Count("visits", filter=Q(visits__person__isnull=False))
    ).order_by("-held_on", "-id")


def centre_visits(centre: Centre) -> QuerySet[Visit]:
    """The centre's visits, newest first (the person is personal data: see the caller)."""
    return centre.visits.select_related("person", "event").order_by("-visited_on", "-id")


def visits_in(
    *, year: int, today: date, district: District | None = None, centre: Centre | None = None
) -> QuerySet[Visit]:
    """Visits of ``year`` up to ``today``, of a district's centres or one centre."""
    rows = Visit.objects.filter(_in_year("visited_on", year, today))
    if district is not None:
        rows = rows.filter(centre__district=district)
    if centre is not None:
        rows = rows.filter(centre=centre)
    return rows


def events_in(
    *, year: int, today: date, district: District | None = None, centre: Centre | None = None
) -> QuerySet[CentreEvent]:
    """Events held in ``year`` up to ``today``."""
    rows = CentreEvent.objects.filter(_in_year("held_on", year, today))
    if district is not None:
        rows = rows.filter(centre__district=district)
    if centre is not None:
        rows = rows.filter(centre=centre)
    return rows


def _status_then() -> Subquery:
    """The visitor's status on the visit date, from the registry's own subquery."""
    person = Person.objects.filter(pk=OuterRef("person_id")).annotate(
        status_then=status_on_subquery(OuterRef(OuterRef("visited_on")))  # type: ignore[arg-type]
    )
    return Subquery(person.values("status_then")[:1])


def neet_visits(visits: QuerySet[Visit]) -> QuerySet[Visit]:
    """The named visits made while the visitor was NEET on the visit date."""
    named = visits.filter(person__isnull=False).annotate(status_then=_status_then())
    return named.filter(status_then__in=[s.value for s in NEET_STATUSES])


def neet_reached(visits: QuerySet[Visit]) -> int:
    """How many distinct registered people visited while NEET on the visit date."""
    return neet_visits(visits).values("person_id").distinct().count()


@dataclass(frozen=True)
class VisitTotals:
    """Counts of a set of visits (and of the events' unnamed participants)."""

    named: int
    unnamed: int
    participants: int
    neet_reached: int

    @property
    def visits(self) -> int:
        return self.named + self.unnamed


def visit_totals(visits: QuerySet[Visit], events: QuerySet[CentreEvent]) -> VisitTotals:
    """Visits (a named visit counts one, a count its number, plus the events' unnamed
    participants), distinct named participants, and NEET young people reached."""
    named = visits.filter(person__isnull=False)
    unnamed = visits.aggregate(n=Coalesce(Sum("anonymous_count"), 0))["n"]
    at_events = events.aggregate(n=Coalesce(Sum("anonymous_participants"), 0))["n"]
    return VisitTotals(
        named=named.count(),
        unnamed=unnamed + at_events,
        participants=named.values("person_id").distinct().count(),
        neet_reached=neet_reached(visits),
    )


def open_on(rows: QuerySet[Centre], on: date) -> QuerySet[Centre]:
    """Centres open on ``on``: opened by then and not closed before it."""
    return rows.filter(opened_on__lte=on).exclude(closed_on__lt=on)


def planned_on(rows: QuerySet[Centre], on: date) -> QuerySet[Centre]:
    """Centres still planned on ``on`` (planned now, or opened only after ``on``)."""
    return rows.filter(Q(status=CentreStatus.PLANNED) | Q(opened_on__gt=on))


def visitor_find(user: AnyUser, iin: str) -> Person | None:
    """The registered person with this IIN among the people ``user`` may reach."""
    digits = only_digits(iin)
    if len(digits) != 12:
        return None
    return people_for(user).filter(iin=digits).first()
