"""The published figures the demo region reproduces, and how they scale with its size.

Every count here is for the full region (432,000 young people). A smaller demo region
scales each by ``f = people / FULL_PEOPLE`` and rounds, so that a 1% region shows 1% of
the office's figures. Sources: the office's domain reference (§1, districts and figures)
and the source articles it cites.
"""

from __future__ import annotations

from datetime import date
from typing import Final

# "More than 432 thousand under 35" (baq.kz, Dec 2025).
FULL_PEOPLE: Final = 432_000

# The registry's history starts with the initial load of the akimat lists in Q1 2023.
HISTORY_START: Final = date(2023, 1, 1)
INITIAL_LOAD_END: Final = date(2023, 3, 31)

# Youth as the Law on State Youth Policy defines it (Art. 1 p. 3); mirrors the settings
# JASTAR_YOUTH_MIN_AGE / JASTAR_YOUTH_MAX_AGE, which this pure module cannot read.
YOUTH_MIN_AGE: Final = 14
YOUTH_MAX_AGE: Final = 35

# NEET count on a date (baq.kz: 45,994 in 2024 -> 27,074 in 2025).
NEET_TARGETS: Final[dict[date, int]] = {
    date(2024, 12, 31): 45_994,
    date(2025, 12, 31): 27_074,
}

# 2025 placements by channel (baq.kz); 91 business grants of 400 MRP (baq.kz, Almaty
# region); self-employment is the remainder of the published total of 27,360.
PLACEMENTS_2025_TOTAL: Final = 27_360
PLACEMENTS_2025: Final[dict[str, int]] = {
    "enbek": 6_927,
    "program": 3_852,
    "own_initiative": 14_094,
    "grant": 91,
}
SELF_EMPLOYMENT: Final = "self_employment"

# Totals of other years. 2024: "over 12 thousand" (the office, March 2025); 2023 is an
# assumption of the same order. Years after 2025 keep the 2025 pace.
PLACEMENT_TOTALS: Final[dict[int, int]] = {2023: 11_300, 2024: 12_400, 2025: 27_360}
CALIBRATED_PLACEMENT_YEAR: Final = 2025

# How program placements divide among programs (an assumption, not a published split).
PROGRAM_SHARES: Final[dict[str, float]] = {
    "youth_practice": 0.30,
    "first_job": 0.25,
    "zhasyl_el": 0.20,
    "social_jobs": 0.10,
    "public_works": 0.10,
    "generations_contract": 0.05,
}
GRANT_PROGRAM: Final = "business_grant"
SEASONAL_PROGRAM: Final = "zhasyl_el"

# Share of young people living in towns and cities: 66,227 of 426,117 (nur.kz, 2023).
URBAN_SHARE: Final = 66_227 / 426_117

# About 0.14 vacancies per young person over the whole period (~60,000 at full scale).
VACANCIES_PER_PERSON: Final = 0.14
# About one employer per 20 young people, never fewer than this.
PEOPLE_PER_EMPLOYER: Final = 20
MIN_EMPLOYERS: Final = 30


def scale_factor(people: int) -> float:
    """The fraction of the full region a demo region of ``people`` represents."""
    return people / FULL_PEOPLE


def scaled(count: int, people: int) -> int:
    """A full-region count scaled to a region of ``people`` and rounded."""
    return round(count * scale_factor(people))


def neet_targets(people: int, until: date) -> dict[date, int]:
    """NEET counts the region must show on each calibrated date up to ``until``."""
    return {on: scaled(n, people) for on, n in NEET_TARGETS.items() if on <= until}


def apportion(total: int, shares: dict[str, float]) -> dict[str, int]:
    """Split ``total`` by ``shares`` into whole numbers that add up to it exactly.

    Largest-remainder method: floors first, then one more to the largest remainders.
    """
    weight = sum(shares.values())
    exact = {key: total * share / weight for key, share in shares.items()}
    result = {key: int(value) for key, value in exact.items()}
    left = total - sum(result.values())
    by_remainder = sorted(exact, key=lambda key: (result[key] - exact[key], key))
    for key in by_remainder[:left]:
        result[key] += 1
    return result


def channel_targets(people: int) -> dict[str, int]:
    """2025 placements per channel for a region of ``people``.

    Each published channel is scaled and rounded on its own; self-employment takes the
    rest of the scaled total, as it does in the published figures.
    """
    targets = {channel: scaled(n, people) for channel, n in PLACEMENTS_2025.items()}
    targets[SELF_EMPLOYMENT] = scaled(PLACEMENTS_2025_TOTAL, people) - sum(targets.values())
    return targets


def year_channel_counts(year: int, people: int, until: date) -> dict[str, int]:
    """Placements per channel in ``year`` (only the part of the year up to ``until``).

    Only 2025 is calibrated (``channel_targets``). The other years keep the 2025 channel
    mix: no published channel split exists for them, so they are plausible, not exact.
    """
    if year < HISTORY_START.year or year > until.year:
        return {}
    full_year = PLACEMENT_TOTALS.get(year, PLACEMENT_TOTALS[CALIBRATED_PLACEMENT_YEAR])
    year_start = date(year, 1, 1)
    year_end = min(date(year, 12, 31), until)
    fraction = ((year_end - year_start).days + 1) / ((date(year, 12, 31) - year_start).days + 1)
    if year == CALIBRATED_PLACEMENT_YEAR and fraction == 1:
        return channel_targets(people)
    shares = {key: float(value) for key, value in channel_targets(FULL_PEOPLE).items()}
    return apportion(scaled(round(full_year * fraction), people), shares)


def program_counts(program_placements: int) -> dict[str, int]:
    """How ``program_placements`` divide among the programs (exact sum)."""
    return apportion(program_placements, PROGRAM_SHARES)
