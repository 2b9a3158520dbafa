"""Reads of brigades: a month's payroll and a year's figures for the yearly report."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from jastar.programs.brigades.models import Brigade, BrigadeMember, WorkLog
from jastar.registry.models import NEET_STATUSES, District
from jastar.registry.selectors import person_status_on

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def brigade_list(*, year: int | None = None, district: District | None = None) -> QuerySet[Brigade]:
    """Brigades with their edition, district, settlement, employer and leader."""
    rows = Brigade.objects.select_related(
        "edition__program", "district", "settlement", "employer", "leader"
    )
    if year is not None:
        rows = rows.filter(edition__year=year)
    return rows if district is None else rows.filter(district=district)


def _tenge(amount: Decimal) -> int:
    return int(amount.to_integral_value(ROUND_HALF_UP))


@dataclass(frozen=True)
class PayrollRow:
    """One member's pay for a month: days in the brigade, confirmed hours, pay in tenge,
    and the note on social contributions."""

    member: BrigadeMember
    days: int
    hours: Decimal
    pay_tenge: int
    note: StrOrPromise


def _days_in(member: BrigadeMember, first: date, last: date) -> int:
    start = max(member.joined_on, first)
    end = min(member.left_on or member.brigade.ends_on, last)
    return max((end - start).days + 1, 0)


def _contributions_note(member: BrigadeMember, on: date) -> StrOrPromise:
    # Brigade work is paid employment: full social contributions are due from age 14.
    return _(
        "Aged %(age)d: social contributions are due in full on this pay, as for every "
        "worker from age 14."
    ) % {"age": member.participation.person.age_on(on)}


def brigade_payroll(brigade: Brigade, month: date) -> list[PayrollRow]:
    """Each member's pay for the month of ``month`` (any day of it), in joining order.

    With an hourly rate, pay is the confirmed hours × the rate; unconfirmed hours do not
    count. With a monthly pay, it is pro-rated by the member's days in the brigade that
    month over the month's days. Members not in the brigade that month have no row.
    """
    first = month.replace(day=1)
    last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
    hours = dict(
        WorkLog.objects.filter(
            member__brigade=brigade,
            worked_on__range=(first, last),
            confirmed_on__isnull=False,
        )
        .values("member")
        .annotate(total=Sum("hours"))
        .values_list("member", "total")
    )
    rows = []
    members = brigade.members.select_related("brigade", "participation__person").order_by(
        "joined_on", "id"
    )
    for member in members:
        days = _days_in(member, first, last)
        if not days:
            continue
        worked = hours.get(member.pk) or Decimal(0)
        if brigade.hourly_rate_tenge is not None:
            pay = _tenge(worked * brigade.hourly_rate_tenge)
        else:
            monthly = Decimal(brigade.monthly_pay_tenge or 0)
            pay = _tenge(monthly * days / last.day)
        note = _contributions_note(member, max(member.joined_on, first))
        rows.append(PayrollRow(member=member, days=days, hours=worked, pay_tenge=pay, note=note))
    return rows


@dataclass(frozen=True)
class BrigadeFigures:
    """A year's brigades: how many, the people in them (and how many were NEET when they
    joined), confirmed hours and pay in tenge."""

    brigades: int
    members: int
    neet_members: int
    hours: Decimal
    pay_tenge: int


def _months(brigade: Brigade) -> list[date]:
    day, months = brigade.starts_on.replace(day=1), []
    while day <= brigade.ends_on:
        months.append(day)
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return months


def brigade_figures(year: int, district: District | None = None) -> BrigadeFigures:
    """Brigades of the editions of ``year`` (optionally of one district) and their figures.

    Members are people (one who joined two brigades counts once); a member is NEET who was
    unemployed or inactive on the day they joined (``person_status_on``). Hours are the
    confirmed ones; pay is the sum of the brigades' monthly payrolls.
    """
    brigades = list(brigade_list(year=year, district=district))
    members = BrigadeMember.objects.filter(brigade__in=brigades).select_related(
        "participation__person"
    )
    people: set[int] = set()
    neet: set[int] = set()
    for member in members:
        person = member.participation.person
        people.add(person.pk)
        if person_status_on(person, member.joined_on) in NEET_STATUSES:
            neet.add(person.pk)
    hours = WorkLog.objects.filter(
        member__brigade__in=brigades, confirmed_on__isnull=False
    ).aggregate(total=Sum("hours"))["total"]
    pay = sum(
        row.pay_tenge
        for brigade in brigades
        for month in _months(brigade)
        for row in brigade_payroll(brigade, month)
    )
    return BrigadeFigures(
        brigades=len(brigades),
        members=len(people),
        neet_members=len(neet),
        hours=hours or Decimal(0),
        pay_tenge=pay,
    )
