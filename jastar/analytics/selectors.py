"""The figures of a year, for the region or one district: what dashboards and reports show.

:func:`dashboard` gathers them with a handful of grouped queries on the aggregate tables
(or, given ``source=RawSource()``, on the raw records: same numbers, much slower).
Definitions of every figure are in ``docs/indicators.md``.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from django.conf import settings
from django.utils import timezone

from jastar.analytics.facts import AGE_BANDS, OTHER_AGE, PROGRAM_MEASURES
from jastar.analytics.forecast import (
    Forecast,
    forecast_year_end,
    outlook,
    seasonal_profile,
)
from jastar.analytics.sources import AggregateSource, FigureSource
from jastar.analytics.targets import district_targets, program_targets, target_plan
from jastar.programs.models import Program
from jastar.registry.models import Area, District, PlacementChannel, Sex

# Earlier years whose monthly pattern the forecast learns from.
HISTORY_YEARS: Final = 3


@dataclass(frozen=True)
class Period:
    """A year's figures up to a day: the whole year once it is over, else up to today."""

    year: int
    on: date

    @property
    def complete(self) -> bool:
        return self.on >= date(self.year, 12, 31)

    @property
    def elapsed_months(self) -> float:
        """Months of the year gone by on ``on`` (5.5 in mid-June)."""
        days = calendar.monthrange(self.year, self.on.month)[1]
        return self.on.month - 1 + self.on.day / days

    @property
    def end(self) -> date:
        """The first day of the month after ``on``: months before it are counted."""
        month = self.on.month
        return date(self.year + 1, 1, 1) if month == 12 else date(self.year, month + 1, 1)


def period_of(year: int, today: date | None = None) -> Period:
    """The period of ``year`` as far as it has gone on ``today``."""
    today = today or timezone.localdate()
    return Period(year=year, on=min(date(year, 12, 31), today))


@dataclass(frozen=True)
class NeetPoint:
    on: date
    youth: int
    neet: int

    @property
    def rate(self) -> float | None:
        """NEET youth as a percentage of the registry's youth (SDG 8.6.1 style)."""
        return 100 * self.neet / self.youth if self.youth else None


@dataclass(frozen=True)
class MonthFigures:
    month: date
    placed: int | None  # None for months still to come
    previous: int  # the same month of the previous year
    plan: int | None


@dataclass(frozen=True)
class Outcome:
    """Placements so far against the target, with the year-end forecast."""

    placed: int
    previous: int  # the same months of the previous year
    target: int | None
    forecast: Forecast | None
    outlook: str | None

    @property
    def progress(self) -> float | None:
        return 100 * self.placed / self.target if self.target else None

    @property
    def change(self) -> float | None:
        """Percentage change on the same months of the previous year."""
        return 100 * (self.placed - self.previous) / self.previous if self.previous else None


@dataclass(frozen=True)
class DistrictFigures:
    district: District
    outcome: Outcome
    neet_start: NeetPoint
    neet_now: NeetPoint


@dataclass(frozen=True)
class ProgramFigures:
    code: str
    program: Program | None
    placements: int  # placements recorded through the program's channel
    measures: Mapping[str, int]
    target: int | None = None  # participants planned for the year

    @property
    def retention_6(self) -> float | None:
        return _share(self.measures.get("retained_6", 0), self.measures.get("followed_6", 0))

    @property
    def retention_12(self) -> float | None:
        return _share(self.measures.get("retained_12", 0), self.measures.get("followed_12", 0))

    @property
    def cost_per_placement(self) -> int | None:
        placed = self.measures.get("placed", 0)
        return round(self.measures.get("subsidy_tenge", 0) / placed) if placed else None


def _share(part: int, whole: int) -> float | None:
    return 100 * part / whole if whole else None


@dataclass(frozen=True)
class Dashboard:
    period: Period
    district: District | None
    outcome: Outcome
    previous_year_total: int
    months: tuple[MonthFigures, ...]
    channels: dict[str, int]
    by_sex: dict[str, int]
    by_area: dict[str, int]
    by_age_band: dict[str, int]
    neet: tuple[NeetPoint, ...]  # the previous year's end, then each month end, then `on`
    districts: tuple[DistrictFigures, ...]
    programs: tuple[ProgramFigures, ...]

    @property
    def neet_start(self) -> NeetPoint:
        return self.neet[0]

    @property
    def neet_now(self) -> NeetPoint:
        return self.neet[-1]

    def program_total(self, measure: str) -> int:
        return sum(p.measures.get(measure, 0) for p in self.programs)


def region_districts() -> list[District]:
    """The districts of the region the office serves, in their usual order."""
    rows = District.objects.filter(region__code=settings.JASTAR_REGION_CODE)
    return list(rows.order_by("kind", "name_kk"))


def dashboard(
    *,
    year: int,
    district: District | None = None,
    today: date | None = None,
    source: FigureSource | None = None,
) -> Dashboard:
    """All figures of ``year`` (up to today) for the region, or for one ``district``."""
    source = source or AggregateSource()
    period = period_of(year, today)
    district_id = district.pk if district else None
    monthly = _monthly_by_district(source, period, district_id)
    districts = [district] if district else region_districts()
    neet = _neet(source, period, district_id)
    targets = district_targets(year=year)
    rows = tuple(_district_figures(d, period, monthly, neet, targets) for d in districts)
    region_months = _sum_districts(monthly)
    profile = seasonal_profile(_history(region_months, year))
    plan = target_plan(year=year, district_id=district_id, profile=profile)
    outcome = _outcome(period, region_months, plan.annual)
    mix = _mix(source, period, district_id)
    return Dashboard(
        period=period,
        district=district,
        outcome=outcome,
        previous_year_total=sum(region_months.get(year - 1, [])),
        months=_months(period, region_months, plan.monthly),
        channels=_ordered(mix["channel"], PlacementChannel.values),
        by_sex=_ordered(mix["sex"], Sex.values),
        by_area=_ordered(mix["area"], Area.values),
        by_age_band=_ordered(mix["age_band"], [b for b, *_ in AGE_BANDS] + [OTHER_AGE]),
        neet=tuple(_neet_points(neet, district_id)),
        districts=rows,
        programs=_programs(source, period, district_id, mix["program"]),
    )


# --- Placements by month ----------------------------------------------------------------

Monthly = dict[int, dict[int, list[int]]]  # district id → year → 12 monthly counts


def _monthly_by_district(source: FigureSource, period: Period, district_id: int | None) -> Monthly:
    counts = source.placements(
        start=date(period.year - HISTORY_YEARS, 1, 1),
        end=period.end,
        group=("month", "district_id"),
        district_id=district_id,
    )
    monthly: Monthly = defaultdict(lambda: defaultdict(lambda: [0] * 12))
    for (month, district), n in counts.items():
        monthly[district][month.year][month.month - 1] += n
    return monthly


def _sum_districts(monthly: Monthly) -> dict[int, list[int]]:
    total: defaultdict[int, list[int]] = defaultdict(lambda: [0] * 12)
    for years in monthly.values():
        for year, months in years.items():
            total[year] = [a + b for a, b in zip(total[year], months, strict=True)]
    return total


def _history(months_by_year: Mapping[int, list[int]], year: int) -> dict[int, list[int]]:
    return {y: months_by_year[y] for y in range(year - HISTORY_YEARS, year) if y in months_by_year}


def _outcome(
    period: Period, months_by_year: Mapping[int, list[int]], target: int | None
) -> Outcome:
    year, upto = period.year, period.on.month
    placed = sum(months_by_year.get(year, [0] * 12)[:upto])
    previous = sum(months_by_year.get(year - 1, [0] * 12)[:upto])
    forecast = None
    if not period.complete:
        history = _history(months_by_year, year)
        forecast = forecast_year_end(
            actual=placed, elapsed_months=period.elapsed_months, history=history
        )
    judged = forecast or Forecast(point=placed, low=placed, high=placed, years_used=0)
    verdict = str(outlook(target, judged)) if target else None
    return Outcome(placed, previous, target, forecast, verdict)


def _months(
    period: Period, months_by_year: Mapping[int, list[int]], plan: Sequence[int] | None
) -> tuple[MonthFigures, ...]:
    year = period.year
    current = months_by_year.get(year, [0] * 12)
    previous = months_by_year.get(year - 1, [0] * 12)
    return tuple(
        MonthFigures(
            month=date(year, m, 1),
            placed=current[m - 1] if m <= period.on.month else None,
            previous=previous[m - 1],
            plan=plan[m - 1] if plan else None,
        )
        for m in range(1, 13)
    )


def _district_figures(
    district: District,
    period: Period,
    monthly: Monthly,
    neet: dict[date, dict[int, Any]],
    targets: Mapping[int, int],
) -> DistrictFigures:
    points = [NeetPoint(day, *neet[day].get(district.pk, (0, 0))) for day in (min(neet), max(neet))]
    return DistrictFigures(
        district=district,
        outcome=_outcome(period, monthly.get(district.pk, {}), targets.get(district.pk)),
        neet_start=points[0],
        neet_now=points[1],
    )


# --- NEET ---------------------------------------------------------------------------------


def _neet_days(period: Period) -> list[date]:
    year = period.year
    ends = [date(year, m, calendar.monthrange(year, m)[1]) for m in range(1, period.on.month)]
    return [date(year - 1, 12, 31), *ends, period.on]


def _neet(
    source: FigureSource, period: Period, district_id: int | None
) -> dict[date, dict[int, Any]]:
    return dict(source.youth(days=_neet_days(period), district_id=district_id))


def _neet_points(
    neet: Mapping[date, Mapping[int, Any]], district_id: int | None
) -> Iterable[NeetPoint]:
    for day in sorted(neet):
        counts = neet[day].values() if district_id is None else [neet[day].get(district_id, (0, 0))]
        yield NeetPoint(day, sum(c[0] for c in counts), sum(c[1] for c in counts))


# --- Who was placed, and programs -------------------------------------------------------

_MIX_DIMENSIONS: Final = ("channel", "program", "sex", "area", "age_band")


def _mix(
    source: FigureSource, period: Period, district_id: int | None
) -> dict[str, dict[str, int]]:
    counts = source.placements(
        start=date(period.year, 1, 1),
        end=period.end,
        group=_MIX_DIMENSIONS,
        district_id=district_id,
    )
    mix: dict[str, defaultdict[str, int]] = {d: defaultdict(int) for d in _MIX_DIMENSIONS}
    for key, n in counts.items():
        for dimension, value in zip(_MIX_DIMENSIONS, key, strict=True):
            mix[dimension][value] += n
    return {d: dict(values) for d, values in mix.items()}


def _ordered(counts: Mapping[str, int], order: Iterable[str]) -> dict[str, int]:
    return {value: counts.get(value, 0) for value in order}


def _programs(
    source: FigureSource, period: Period, district_id: int | None, placements: Mapping[str, int]
) -> tuple[ProgramFigures, ...]:
    measures = source.programs(
        start=date(period.year, 1, 1), end=period.end, district_id=district_id
    )
    targets = program_targets(year=period.year, district_id=district_id)
    codes = (set(measures) | set(placements) | set(targets)) - {""}
    programs = {p.code: p for p in Program.objects.filter(code__in=codes)}
    rows = [
        ProgramFigures(
            code=code,
            program=programs.get(code),
            placements=placements.get(code, 0),
            measures=dict(zip(PROGRAM_MEASURES, measures.get(code, ()), strict=False)),
            target=targets.get(code),
        )
        for code in codes
    ]
    return tuple(
        sorted(rows, key=lambda r: (-r.placements, -r.measures.get("enrolled", 0), r.code))
    )


def dashboard_years(today: date | None = None) -> list[int]:
    """The years with placements or registry history, newest first, up to this one."""
    today = today or timezone.localdate()
    from jastar.analytics.models import PlacementMonth, YouthMonth

    first = PlacementMonth.objects.order_by("month").values_list("month", flat=True).first()
    since = YouthMonth.objects.filter(month__lte=today).exclude(youth=0).order_by("month")
    first_youth = since.values_list("month", flat=True).first()
    starts = [d.year for d in (first, first_youth) if d is not None]
    start = max(min(starts), today.year - 10) if starts else today.year
    return list(range(today.year, start - 1, -1))


def dashboard_differences(*, year: int, district: District | None = None) -> list[str]:
    """The dashboard fields whose figures differ between the aggregates and the raw tables.

    Empty when the aggregate tables are exact (they should always be).
    """
    from dataclasses import fields

    from jastar.analytics.sources import RawSource

    fast = dashboard(year=year, district=district)
    slow = dashboard(year=year, district=district, source=RawSource())
    return [f.name for f in fields(Dashboard) if getattr(fast, f.name) != getattr(slow, f.name)]
