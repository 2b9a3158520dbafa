"""Two ways to count the same figures: from the aggregate tables, or from the raw records.

:class:`AggregateSource` reads the small tables kept by
:mod:`jastar.analytics.services.facts`; it is what pages and reports use.
:class:`RawSource` counts the registry's own tables with plain ORM queries on each call;
it is the reference the tests and ``bench/dashboard.py`` hold the aggregates against.
Both answer the same three questions with the same numbers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from functools import reduce
from operator import or_
from typing import Any, Final, Protocol

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncMonth

from jastar.analytics.facts import PROGRAM_MEASURES, age_band, month_start, subsidy_paid_on
from jastar.analytics.models import PlacementMonth, ProgramMonth, YouthDay, YouthMonth
from jastar.analytics.services.facts import participations_data
from jastar.programs.models import FollowUp, GrantApplication, Participation
from jastar.registry.models import NEET_STATUSES, Placement
from jastar.registry.selectors import youth_on

# The dimensions placements can be grouped by (PlacementMonth's columns).
PLACEMENT_DIMENSIONS: Final = (
    "month",
    "district_id",
    "channel",
    "program",
    "sex",
    "area",
    "age_band",
)

YouthCounts = dict[int, tuple[int, int]]  # district id → (youth, NEET)


class FigureSource(Protocol):
    def placements(
        self, *, start: date, end: date, group: Sequence[str], district_id: int | None = None
    ) -> dict[tuple[Any, ...], int]:
        """Placements that started in the months from ``start`` up to ``end`` (excluded)."""

    def youth(
        self, *, days: Sequence[date], district_id: int | None = None
    ) -> dict[date, YouthCounts]:
        """Youth in the registry and NEET youth on each day, by district."""

    def programs(
        self, *, start: date, end: date, district_id: int | None = None
    ) -> dict[str, tuple[int, ...]]:
        """The :data:`PROGRAM_MEASURES` of the months from ``start`` to ``end``, by program."""


def is_month_end(day: date) -> bool:
    return (day + timedelta(days=1)).day == 1


class AggregateSource:
    """Figures from the aggregate tables: a few small grouped queries."""

    def placements(
        self, *, start: date, end: date, group: Sequence[str], district_id: int | None = None
    ) -> dict[tuple[Any, ...], int]:
        rows = PlacementMonth.objects.filter(month__gte=start, month__lt=end)
        if district_id is not None:
            rows = rows.filter(district_id=district_id)
        grouped = rows.values(*group).annotate(n=Sum("placed")).order_by()
        return {tuple(row[g] for g in group): row["n"] for row in grouped if row["n"]}

    def youth(
        self, *, days: Sequence[date], district_id: int | None = None
    ) -> dict[date, YouthCounts]:
        days = sorted(set(days))
        if not days:
            return {}
        scope = {} if district_id is None else {"district_id": district_id}
        first, last = month_start(days[0]), month_start(days[-1])
        base: defaultdict[int, list[int]] = defaultdict(lambda: [0, 0])
        before = YouthMonth.objects.filter(month__lt=first, **scope).values("district_id")
        for row in before.annotate(y=Sum("youth"), n=Sum("neet")).order_by():
            base[row["district_id"]] = [row["y"], row["n"]]
        months = YouthMonth.objects.filter(month__gte=first, month__lte=last, **scope)
        in_months = list(months.values_list("district_id", "month", "youth", "neet"))
        partial = [d for d in days if not is_month_end(d)]
        in_days = []
        if partial:
            ranges = reduce(or_, (Q(day__gte=month_start(d), day__lte=d) for d in partial))
            rows = YouthDay.objects.filter(ranges, **scope)
            in_days = list(rows.values_list("district_id", "day", "youth", "neet"))
        return {day: _youth_on(day, base, in_months, in_days) for day in days}

    def programs(
        self, *, start: date, end: date, district_id: int | None = None
    ) -> dict[str, tuple[int, ...]]:
        rows = ProgramMonth.objects.filter(month__gte=start, month__lt=end)
        if district_id is not None:
            rows = rows.filter(district_id=district_id)
        sums = {m: Sum(m) for m in PROGRAM_MEASURES}
        grouped = rows.values("program").annotate(**sums).order_by()
        return {row["program"]: tuple(row[m] for m in PROGRAM_MEASURES) for row in grouped}


def _youth_on(
    day: date,
    base: dict[int, list[int]],
    months: list[tuple[int, date, int, int]],
    days: list[tuple[int, date, int, int]],
) -> YouthCounts:
    counts = {district: list(values) for district, values in base.items()}
    this_month = month_start(day)
    whole = [m for m in months if m[1] < this_month or (m[1] == this_month and is_month_end(day))]
    part = [] if is_month_end(day) else [d for d in days if this_month <= d[1] <= day]
    for district, _, youth, neet in whole + part:
        current = counts.setdefault(district, [0, 0])
        current[0] += youth
        current[1] += neet
    return {district: (v[0], v[1]) for district, v in counts.items() if any(v)}


class RawSource:
    """The same figures counted from the registry's own tables on every call."""

    def placements(
        self, *, start: date, end: date, group: Sequence[str], district_id: int | None = None
    ) -> dict[tuple[Any, ...], int]:
        rows = Placement.objects.filter(start_date__gte=start, start_date__lt=end)
        if district_id is not None:
            rows = rows.filter(district_id=district_id)
        rows = rows.annotate(
            month=TruncMonth("start_date"),
            code=F("program__code"),
            sex=F("person__sex"),
            area=F("person__area"),
        )
        columns = {"program": "code"}
        if "age_band" not in group:
            fields = [columns.get(g, g) for g in group]
            grouped = rows.values(*fields).annotate(n=Count("id")).order_by()
            return {tuple(_none_to_blank(r[f]) for f in fields): r["n"] for r in grouped}
        counts: defaultdict[tuple[Any, ...], int] = defaultdict(int)
        fields = [columns.get(g, g) for g in group if g != "age_band"]
        for row in rows.values(*fields, "start_date", "person__birth_date"):
            band = age_band(row["person__birth_date"], row["start_date"])
            values = {g: _none_to_blank(row[columns.get(g, g)]) for g in group if g != "age_band"}
            counts[tuple(band if g == "age_band" else values[g] for g in group)] += 1
        return dict(counts)

    def youth(
        self, *, days: Sequence[date], district_id: int | None = None
    ) -> dict[date, YouthCounts]:
        neet = Q(status_on__in=[s.value for s in NEET_STATUSES])
        result = {}
        for day in sorted(set(days)):
            people = youth_on(day)
            if district_id is not None:
                people = people.filter(district_id=district_id)
            grouped = (
                people.values("district_id")
                .annotate(youth=Count("id"), neet=Count("id", filter=neet))
                .order_by()
            )
            result[day] = {r["district_id"]: (r["youth"], r["neet"]) for r in grouped}
        return result

    def programs(
        self, *, start: date, end: date, district_id: int | None = None
    ) -> dict[str, tuple[int, ...]]:
        sums: defaultdict[str, list[int]] = defaultdict(lambda: [0] * len(PROGRAM_MEASURES))

        def count(model: Any, prefix: str, date_field: str, measure: str, **extra: Any) -> None:
            where = {} if district_id is None else {f"{prefix}district_id": district_id}
            rows = model.objects.filter(
                **where, **{f"{date_field}__gte": start, f"{date_field}__lt": end}, **extra
            )
            grouped = rows.values(code=F(f"{prefix}edition__program__code"))
            for row in grouped.annotate(n=Count("id")).order_by():
                sums[row["code"]][PROGRAM_MEASURES.index(measure)] += row["n"]

        count(Participation, "", "applied_on", "applied")
        count(Participation, "", "enrolled_on", "enrolled")
        count(Participation, "", "placed_on", "placed")
        count(Participation, "", "ended_on", "completed", status="completed")
        count(Participation, "", "ended_on", "dropped_out", status="dropped_out")
        for months in (6, 12):
            kind = f"{months}m"
            count(FollowUp, "participation__", "done_on", f"followed_{months}", kind=kind)
            count(
                FollowUp,
                "participation__",
                "done_on",
                f"retained_{months}",
                kind=kind,
                still_employed=True,
            )
        count(GrantApplication, "participation__", "disbursed_on", "grants")
        self._money(sums, start, end, district_id)
        return {code: tuple(values) for code, values in sums.items() if any(values)}

    @staticmethod
    def _money(
        sums: defaultdict[str, list[int]], start: date, end: date, district_id: int | None
    ) -> None:
        grants = GrantApplication.objects.filter(disbursed_on__gte=start, disbursed_on__lt=end)
        if district_id is not None:
            grants = grants.filter(participation__district_id=district_id)
        grant_index = PROGRAM_MEASURES.index("grant_tenge")
        rows = grants.values(code=F("participation__edition__program__code"))
        for row in rows.annotate(total=Sum("awarded_tenge")).order_by():
            sums[row["code"]][grant_index] += row["total"] or 0
        # Subsidy: each month's payment falls due on its last day (programs.selectors).
        paying = Participation.objects.filter(enrolled_on__isnull=False, enrolled_on__lt=end)
        if district_id is not None:
            paying = paying.filter(district_id=district_id)
        ids = list(paying.values_list("id", flat=True))
        index = PROGRAM_MEASURES.index("subsidy_tenge")
        for p in participations_data(ids).values():
            paid = sum(1 for day in subsidy_paid_on(p) if start <= day < end)
            one_off = p.one_off_tenge if p.enrolled_on and start <= p.enrolled_on < end else 0
            sums[p.program][index] += paid * p.monthly_subsidy_tenge + one_off


def _none_to_blank(value: Any) -> Any:
    return "" if value is None else value
