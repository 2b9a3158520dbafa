"""Reads of volunteering: lists for pages and the API, sums for the figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from jastar.community.volunteering.models import (
    Award,
    AwardStatus,
    Certificate,
    HoursLog,
    HoursStatus,
    Organisation,
    Volunteer,
    VolunteerEvent,
)
from jastar.registry.models import District

ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=10, decimal_places=2))


def organisation_list() -> QuerySet[Organisation]:
    return Organisation.objects.select_related("district").annotate(
        volunteer_count=Count("volunteers", distinct=True)
    )


def event_list() -> QuerySet[VolunteerEvent]:
    return VolunteerEvent.objects.select_related("organisation", "district")


def hours_list() -> QuerySet[HoursLog]:
    return HoursLog.objects.select_related(
        "volunteer__person", "event__organisation", "task", "confirmed_by"
    )


def volunteer_list() -> QuerySet[Volunteer]:
    return Volunteer.objects.select_related("person__district").prefetch_related("organisations")


def certificate_list() -> QuerySet[Certificate]:
    return Certificate.objects.select_related("volunteer__person", "issued_by")


def award_list() -> QuerySet[Award]:
    return Award.objects.select_related("organisation", "volunteer__person", "district")


@dataclass(frozen=True)
class PublicEvent:
    """An upcoming public event as anyone may see it: no personal data."""

    id: int
    title: str
    organisation: str
    starts_at: datetime
    ends_at: datetime
    place: str
    district: str
    free_places: int | None


def public_events(*, now: datetime | None = None) -> list[PublicEvent]:
    """Public events that have not ended yet, soonest first, with their free places
    (places less the volunteers who logged hours there)."""
    now = now or timezone.now()
    rows = (
        event_list()
        .filter(is_public=True, ends_at__gte=now)
        .annotate(taken=Count("hours__volunteer", distinct=True))
        .order_by("starts_at", "id")
    )
    return [
        PublicEvent(
            id=event.pk,
            title=event.title,
            organisation=event.organisation.name,
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            place=event.place,
            district=event.district.name,
            free_places=None if event.places is None else max(event.places - event.taken, 0),
        )
        for event in rows
    ]


def volunteer_hours(volunteer: Volunteer) -> dict[str, Decimal]:
    """The volunteer's hours by status (logged, confirmed, rejected)."""
    rows = (
        HoursLog.objects.filter(volunteer=volunteer).values("status").annotate(total=Sum("hours"))
    )
    totals = {status.value: Decimal(0) for status in HoursStatus}
    totals.update({row["status"]: row["total"] for row in rows})
    return totals


# --- Figures of a year -------------------------------------------------------------------


def year_bounds(year: int, today: date) -> tuple[date, date]:
    """From 1 January to the end of the year or ``today``, whichever is earlier."""
    return date(year, 1, 1), min(date(year, 12, 31), today)


def _aware(day: date, end: bool = False) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max if end else time.min))


def hours_of_year(year: int, today: date, district: District | None) -> QuerySet[HoursLog]:
    """Hours worked in the year up to ``today`` (not rejected), at events of ``district``."""
    start, end = year_bounds(year, today)
    rows = HoursLog.objects.filter(worked_on__gte=start, worked_on__lte=end).exclude(
        status=HoursStatus.REJECTED
    )
    return rows if district is None else rows.filter(event__district=district)


def events_of_year(year: int, today: date, district: District | None) -> QuerySet[VolunteerEvent]:
    start, end = year_bounds(year, today)
    rows = VolunteerEvent.objects.filter(
        starts_at__gte=_aware(start), starts_at__lte=_aware(end, True)
    )
    return rows if district is None else rows.filter(district=district)


def certificates_of_year(
    year: int, today: date, district: District | None
) -> QuerySet[Certificate]:
    start, end = year_bounds(year, today)
    rows = Certificate.objects.filter(issued_on__gte=start, issued_on__lte=end)
    return rows if district is None else rows.filter(volunteer__person__district=district)


def awards_of_year(year: int, district: District | None) -> QuerySet[Award]:
    rows = award_list().filter(year=year)
    return rows if district is None else rows.filter(district=district)


def organisations_in(district: District | None) -> QuerySet[Organisation]:
    rows = Organisation.objects.all()
    return rows if district is None else rows.filter(district=district)


def year_totals(year: int, today: date, district: District | None) -> dict[str, Any]:
    """The counts and sums the figures show."""
    hours = hours_of_year(year, today, district)
    sums = hours.aggregate(
        logged=Coalesce(Sum("hours"), ZERO),
        confirmed=Coalesce(Sum("hours", filter=Q(status=HoursStatus.CONFIRMED)), ZERO),
        volunteers=Count("volunteer", distinct=True),
    )
    awards = awards_of_year(year, district).aggregate(
        nominated=Count("pk"), granted=Count("pk", filter=Q(status=AwardStatus.AWARDED))
    )
    return {
        "organisations": organisations_in(district).count(),
        "volunteers_active": sums["volunteers"],
        "events_held": events_of_year(year, today, district).count(),
        "hours_logged": sums["logged"],
        "hours_confirmed": sums["confirmed"],
        "certificates_issued": certificates_of_year(year, today, district).count(),
        "awards_nominated": awards["nominated"],
        "awards_granted": awards["granted"],
    }


def by_district(year: int, today: date, district: District | None) -> list[dict[str, Any]]:
    """Per district of the events: active volunteers and confirmed hours."""
    rows = (
        hours_of_year(year, today, district)
        .values("event__district")
        .annotate(
            volunteers=Count("volunteer", distinct=True),
            confirmed=Coalesce(Sum("hours", filter=Q(status=HoursStatus.CONFIRMED)), ZERO),
        )
    )
    districts = District.objects.in_bulk([row["event__district"] for row in rows])
    found = [
        {
            "district": districts[row["event__district"]],
            "volunteers": row["volunteers"],
            "confirmed": row["confirmed"],
        }
        for row in rows
    ]
    return sorted(found, key=lambda row: row["district"].name)
