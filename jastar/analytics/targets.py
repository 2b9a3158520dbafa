"""Reads of the job-creation map's targets: a year's plan, in total and by month."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import QuerySet

from jastar.analytics.forecast import MONTHS, monthly_plan
from jastar.analytics.models import Target, TargetIndicator

YEAR: int = 0  # the ``month`` of a whole-year target


@dataclass(frozen=True)
class TargetPlan:
    """A year's target (``annual``) and how it divides over the months (``monthly``).

    Either is None when no target was set.
    """

    annual: int | None
    monthly: tuple[int, ...] | None


def _targets(*, year: int, indicator: str, channel: str, program_code: str) -> QuerySet[Target]:
    """The targets of one indicator, channel and program ("" for all of them) in a year."""
    targets = Target.objects.filter(year=year, indicator=indicator, channel=channel)
    # A grants target is the business-grant program's and is stored without a program.
    if program_code and indicator != TargetIndicator.GRANTS:
        return targets.filter(program__code=program_code)
    return targets.filter(program__isnull=True)


def target_plan(
    *,
    year: int,
    district_id: int | None = None,
    indicator: str = TargetIndicator.PLACED,
    channel: str = "",
    program_code: str = "",
    profile: Sequence[float],
) -> TargetPlan:
    """The plan of a district, or of the region when ``district_id`` is None.

    The annual figure is the target set for the whole year; failing that, the sum of the
    twelve monthly targets when all are set; for the region, failing both, the sum of the
    districts' annual targets. The months are the monthly targets when all twelve are set,
    otherwise the annual figure spread by ``profile`` (the seasonal pattern). Channel ""
    and program "" read the targets set for all channels and all programs. One query.
    """
    targets = _targets(year=year, indicator=indicator, channel=channel, program_code=program_code)
    if district_id is not None:
        targets = targets.filter(district_id=district_id)
    rows = list(targets.values_list("district_id", "month", "value"))
    own = {month: value for district, month, value in rows if district == district_id}
    months = range(1, MONTHS + 1)
    has_months = all(month in own for month in months)
    annual = own.get(YEAR)
    if annual is None and has_months:
        annual = sum(own[month] for month in months)
    if annual is None and district_id is None:
        of_districts = [v for district, month, v in rows if district is not None and month == YEAR]
        annual = sum(of_districts) if of_districts else None
    if has_months:
        monthly: tuple[int, ...] | None = tuple(own[month] for month in months)
    elif annual is not None:
        monthly = tuple(monthly_plan(annual, profile))
    else:
        monthly = None
    return TargetPlan(annual=annual, monthly=monthly)


def district_targets(*, year: int, indicator: str = TargetIndicator.PLACED) -> dict[int, int]:
    """Each district's annual target (all channels, all programs): district id → target."""
    rows = Target.objects.filter(
        year=year,
        indicator=indicator,
        month=YEAR,
        channel="",
        program__isnull=True,
        district__isnull=False,
    ).values_list("district_id", "value")
    return {district_id: value for district_id, value in rows if district_id is not None}


def program_targets(*, year: int, district_id: int | None = None) -> dict[str, int]:
    """Annual targets of participants per program (code → target), of a district or the region.

    For the region, a program's own region row, or else the sum of its district rows.
    """
    rows = Target.objects.filter(
        year=year, indicator=TargetIndicator.PARTICIPANTS, month=YEAR, program__isnull=False
    )
    if district_id is not None:
        rows = rows.filter(district_id=district_id)
    own: dict[str, int] = {}
    of_districts: dict[str, int] = {}
    for code, district, value in rows.values_list("program__code", "district_id", "value"):
        if district == district_id:
            own[code] = value
        else:
            of_districts[code] = of_districts.get(code, 0) + value
    return {**of_districts, **own}
