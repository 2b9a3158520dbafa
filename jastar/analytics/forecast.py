"""Year-end forecasts and monthly plans from the seasonal pattern of earlier years.

Pure functions over plain numbers (no database), so the method can be read and tested on
its own. A year's *profile* is the share of its total that fell in each month; the
forecast divides what was achieved so far by the share of a typical year done by now.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

MONTHS: Final = 12
# Two-sided 95% quantile of the normal distribution.
Z_95: Final = 1.96
UNIFORM: Final = tuple(1 / MONTHS for _ in range(MONTHS))
# A share of the year this small counts as none (dividing by it would explode).
MIN_SHARE: Final = 1e-9


def _checked(counts: Sequence[int], year: int) -> Sequence[int]:
    if len(counts) != MONTHS:
        raise ValueError(f"year {year}: expected 12 monthly counts, got {len(counts)}")
    return counts


def _year_profiles(history: Mapping[int, Sequence[int]]) -> dict[int, tuple[float, ...]]:
    """The monthly shares of each earlier year whose total is above zero."""
    profiles: dict[int, tuple[float, ...]] = {}
    for year, counts in sorted(history.items()):
        total = sum(_checked(counts, year))
        if total > 0:
            profiles[year] = tuple(count / total for count in counts)
    return profiles


def seasonal_profile(history: Mapping[int, Sequence[int]]) -> tuple[float, ...]:
    """The average share of a year's total that falls in each month.

    Each earlier year with a non-zero total counts equally, whatever its size, so a busy
    year does not outweigh a quiet one. With no such year every month gets 1/12.
    """
    profiles = list(_year_profiles(history).values())
    if not profiles:
        return UNIFORM
    return tuple(sum(p[month] for p in profiles) / len(profiles) for month in range(MONTHS))


def cumulative_share(profile: Sequence[float], elapsed_months: float) -> float:
    """The share of the year done after ``elapsed_months`` (0 to 12).

    Whole months add their full share; a fraction of a month adds that fraction of the
    month's share (the month is assumed to progress evenly).
    """
    elapsed = min(max(elapsed_months, 0.0), float(MONTHS))
    whole = int(elapsed)
    share = sum(profile[:whole])
    if whole < MONTHS:
        share += (elapsed - whole) * profile[whole]
    return min(share, 1.0)


@dataclass(frozen=True)
class Forecast:
    """The expected year-end figure (``point``) and its likely range (``low``–``high``).

    ``years_used`` is the number of earlier years whose pattern the forecast rests on.
    """

    point: int
    low: int
    high: int
    years_used: int


def _before_any_progress(actual: int, totals: Sequence[int]) -> Forecast:
    """Nothing of the year has elapsed: earlier years' totals are the only evidence."""
    if not totals:
        return Forecast(point=actual, low=actual, high=actual, years_used=0)
    point = max(actual, round(sum(totals) / len(totals)))
    low, high = max(actual, min(totals)), max(actual, max(totals))
    return Forecast(point=point, low=min(low, point), high=max(high, point), years_used=len(totals))


def forecast_year_end(
    *, actual: int, elapsed_months: float, history: Mapping[int, Sequence[int]]
) -> Forecast:
    """Forecast the year-end count from ``actual`` after ``elapsed_months``.

    The point forecast is ``actual`` divided by the share of the year that the average
    seasonal profile says is done by now. The range runs from the lowest to the highest
    such estimate made with each earlier year's own profile, widened on each side by
    1.96 × √(point − actual): the random (Poisson) variation of the count still to come.
    Without earlier years the profile is uniform and only that variation is used. At the
    start of the year the forecast is the mean of earlier years' totals, their minimum
    and maximum the range; at 12 months it is ``actual`` exactly. Never below ``actual``.
    """
    profiles = _year_profiles(history)
    totals = [sum(history[year]) for year in profiles]
    if elapsed_months >= MONTHS:
        return Forecast(point=actual, low=actual, high=actual, years_used=len(profiles))
    share = cumulative_share(seasonal_profile(history), elapsed_months)
    if elapsed_months <= 0 or share < MIN_SHARE:
        return _before_any_progress(actual, totals)
    point = actual / share
    noise = Z_95 * math.sqrt(max(point - actual, 0.0))
    # A year with nothing done by now cannot scale ``actual``; it only shaped the profile.
    estimates = [
        actual / year_share
        for year_share in (cumulative_share(p, elapsed_months) for p in profiles.values())
        if year_share >= MIN_SHARE
    ]
    low = min([point, *estimates]) - noise
    high = max([point, *estimates]) + noise
    return Forecast(
        point=max(actual, round(point)),
        low=max(actual, round(low)),
        high=max(actual, round(high)),
        years_used=len(profiles),
    )


def monthly_plan(annual: int, profile: Sequence[float]) -> list[int]:
    """Spread an annual target over the 12 months in proportion to ``profile``.

    Each month gets the whole part of its share; the units left over go to the months
    with the largest remainders (earlier months first on ties), so the months add up to
    ``annual`` exactly. A profile of zeros is treated as uniform.
    """
    if annual < 0:
        raise ValueError("the annual target cannot be negative")
    weights = [float(weight) for weight in profile]
    if len(weights) != MONTHS or min(weights) < 0:
        raise ValueError("expected 12 monthly shares, none negative")
    total = sum(weights)
    if total <= 0:
        weights, total = list(UNIFORM), 1.0
    exact = [annual * (weight / total) for weight in weights]
    plan = [math.floor(value) for value in exact]
    left = annual - sum(plan)
    by_remainder = sorted(range(MONTHS), key=lambda month: (plan[month] - exact[month], month))
    for month in by_remainder[:left]:
        plan[month] += 1
    return plan


class Outlook(StrEnum):
    """Whether a target will be met, judged from the forecast."""

    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    WILL_MISS = "will_miss"


def outlook(target: int, forecast: Forecast) -> Outlook:
    """On track when the point forecast reaches ``target``; at risk when only the upper end
    of the range does; will miss when even the upper end falls short."""
    if forecast.high < target:
        return Outlook.WILL_MISS
    if forecast.point < target:
        return Outlook.AT_RISK
    return Outlook.ON_TRACK
