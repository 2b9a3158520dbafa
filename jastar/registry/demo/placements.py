"""Who was placed in a job, when, and through which channel and program.

Each year's placements go to people who enter employment that year in the latent
history (not employed on the previous 31 December, employed on this one); their entry
into employment is dated on the placement's start. Zhasyl El's seasonal jobs go to
students instead, who return to education after the summer. The year counts come from
``targets``: 2025 is exact, other years keep the 2025 mix.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Final

import numpy as np

from jastar.registry.demo import dates
from jastar.registry.demo.catalog import Catalog
from jastar.registry.demo.dates import BoolArray, IntArray
from jastar.registry.demo.history import EDU, EMP, Spells, Timeline
from jastar.registry.demo.population import TVET, People
from jastar.registry.demo.targets import (
    GRANT_PROGRAM,
    SEASONAL_PROGRAM,
    SELF_EMPLOYMENT,
    YOUTH_MAX_AGE,
    program_counts,
    year_channel_counts,
)

# Employment type of a program placement follows the program.
PROGRAM_EMPLOYMENT: Final = {
    "youth_practice": "internship",
    "first_job": "subsidised",
    "generations_contract": "subsidised",
    "social_jobs": "subsidised",
    "public_works": "subsidised",
    "zhasyl_el": "seasonal",
    GRANT_PROGRAM: "permanent",
}
TEMPORARY_SHARE: Final = 0.15
MIN_WORKING_AGE: Final = 16
MIN_SEASONAL_AGE: Final = 14  # Zhasyl El brigades take youth from 14 (domain.md §3)
_SEASON: Final = ((6, 1), (7, 15), (8, 31))  # earliest start, latest start, last day


@dataclass
class PlacementPlan:
    """A placement before employers and vacancies are attached; dates are ordinals."""

    person: int
    start: int
    channel: str
    program: str
    employment_type: str
    occupation: int
    end: int = 0
    entry_interval: int = 0  # the interval whose entry into employment it dates; 0: none
    employer: int = -1
    vacancy: int = -1
    wage: int = 0


@dataclass
class PlacementResult:
    plans: list[PlacementPlan] = field(default_factory=list)
    job_changes: int = 0  # placements that had to go to people already employed


@dataclass(frozen=True)
class _Interval:
    k: int
    year: int
    first: int  # first day (ordinal)
    last: int  # last day (ordinal)


def _needs(counts: dict[str, int]) -> list[tuple[str, str, int]]:
    """(channel, program, count) in the order people are picked: programs first."""
    programs = program_counts(counts.get("program", 0))
    needs = [("program", code, n) for code, n in programs.items()]
    needs.append(("grant", GRANT_PROGRAM, counts.get("grant", 0)))
    for channel in ("enbek", "own_initiative", SELF_EMPLOYMENT):
        needs.append((channel, "", counts.get(channel, 0)))
    return [need for need in needs if need[2] > 0]


def _age_ok(people: People, span: _Interval, min_age: int) -> BoolArray:
    old_enough = dates.add_years(people.birth, min_age) <= span.first
    young_enough = dates.add_years(people.birth, YOUTH_MAX_AGE + 1) > span.last
    return np.asarray(old_enough & young_enough)


def _preferred(people: People, states: IntArray, span: _Interval, program: str) -> BoolArray:
    """Who a program favours: recent TVET or university graduates for Youth Practice,
    people never employed for First Job, adults for business grants."""
    if program == "youth_practice":
        recent = people.graduation > span.first - 3 * 365
        return np.asarray((people.final_level >= TVET) & recent)
    if program == "first_job":
        return np.asarray(~(states[: span.k] == EMP).any(axis=0))
    if program == GRANT_PROGRAM:
        return np.asarray(dates.add_years(people.birth, 18) <= span.first)
    return np.ones(people.count, dtype=bool)


def _take(order: IntArray, free: BoolArray, preferred: BoolArray, count: int) -> IntArray:
    """Up to ``count`` free people from ``order``, preferred ones first; marks them taken."""
    first = np.flatnonzero(free & preferred[order])[:count]
    rest = np.flatnonzero(free & ~preferred[order])[: count - len(first)]
    picked = np.concatenate([first, rest])
    free[picked] = False
    return np.asarray(order[picked], dtype=np.int64)


def _occupations(
    rng: np.random.Generator, catalog: Catalog, people: People, who: IntArray, program: str
) -> IntArray:
    if program in ("zhasyl_el", "public_works"):
        pool = [
            i
            for i, o in enumerate(catalog.occupations)
            if (
                o.seasonal if program == "zhasyl_el" else o.education in ("none", "basic_secondary")
            )
        ]
        return np.array(pool, dtype=np.int64)[rng.integers(0, len(pool), len(who))]
    second = people.second_occupation[who]
    use_second = (second >= 0) & (rng.random(len(who)) < 0.25)
    return np.where(use_second, second, people.occupation[who])


def _employment_types(rng: np.random.Generator, channel: str, program: str, n: int) -> list[str]:
    if program:
        return [PROGRAM_EMPLOYMENT[program]] * n
    if channel == SELF_EMPLOYMENT:
        return ["permanent"] * n
    temporary = rng.random(n) < TEMPORARY_SHARE
    return ["temporary" if t else "permanent" for t in temporary.tolist()]


def _entry_days(
    rng: np.random.Generator, people: People, states: IntArray, span: _Interval, who: IntArray
) -> IntArray:
    """Start days after registration and (for graduates) after graduation."""
    low = np.maximum(span.first, people.registered[who] + 1)
    from_school = states[span.k - 1, who] == EDU
    low = np.where(from_school, np.maximum(low, people.graduation[who] + 1), low)
    return dates.uniform_dates(rng, low, np.full(len(who), span.last))


def _season(span: _Interval) -> tuple[int, int, int] | None:
    (m1, d1), (m2, d2), (m3, d3) = _SEASON
    first = max(date(span.year, m1, d1).toordinal(), span.first)
    latest_start = date(span.year, m2, d2).toordinal()
    last = min(date(span.year, m3, d3).toordinal(), span.last - 1)
    return (
        (first, latest_start, last) if latest_start + 27 <= last and first <= latest_start else None
    )


def _seasonal(
    rng: np.random.Generator,
    catalog: Catalog,
    people: People,
    states: IntArray,
    span: _Interval,
    count: int,
) -> list[PlacementPlan]:
    """Zhasyl El summer jobs for students (in education on both year ends)."""
    window = _season(span)
    if window is None or count == 0:
        return []
    first, latest, last = window
    studying = (states[span.k - 1] == EDU) & (states[span.k] == EDU)
    old_enough = dates.add_years(people.birth, MIN_SEASONAL_AGE) <= first
    young_enough = dates.add_years(people.birth, YOUTH_MAX_AGE + 1) > last
    pool = np.flatnonzero(studying & old_enough & young_enough & (people.registered < latest))
    who = rng.choice(pool, min(count, len(pool)), replace=False)
    start = dates.uniform_dates(
        rng, np.maximum(first, people.registered[who] + 1), np.full(len(who), latest)
    )
    end = np.minimum(start + rng.integers(27, 62, len(who)), last)
    jobs = _occupations(rng, catalog, people, who, SEASONAL_PROGRAM)
    return [
        PlacementPlan(p, s, "program", SEASONAL_PROGRAM, "seasonal", o, end=e)
        for p, s, e, o in zip(
            who.tolist(), start.tolist(), end.tolist(), jobs.tolist(), strict=True
        )
    ]


def _pools(
    rng: np.random.Generator, people: People, states: IntArray, span: _Interval
) -> tuple[IntArray, IntArray]:
    """Shuffled entrants into employment in the interval, and people already employed."""
    before, after = states[span.k - 1], states[span.k]
    can_start = (people.registered < span.last) & _age_ok(people, span, MIN_WORKING_AGE)
    graduated_in_time = (before != EDU) | (people.graduation < span.last)
    entrants = (before != EMP) & (after == EMP) & can_start & graduated_in_time
    stayers = (before == EMP) & (after == EMP) & can_start
    return rng.permutation(np.flatnonzero(entrants)), rng.permutation(np.flatnonzero(stayers))


def _interval_plans(
    rng: np.random.Generator,
    catalog: Catalog,
    people: People,
    states: IntArray,
    span: _Interval,
    result: PlacementResult,
    counts: dict[str, int],
) -> None:
    needs = _needs(counts)
    seasonal_count = sum(n for _, program, n in needs if program == SEASONAL_PROGRAM)
    seasonal = _seasonal(rng, catalog, people, states, span, seasonal_count)
    result.plans += seasonal
    # Seasonal places no student could take go to Youth Practice, so the program total holds.
    shortfall = seasonal_count - len(seasonal)
    needs = [(c, p, n + (shortfall if p == "youth_practice" else 0)) for c, p, n in needs]
    entrants, stayers = _pools(rng, people, states, span)
    free_entrants = np.ones(len(entrants), dtype=bool)
    free_stayers = np.ones(len(stayers), dtype=bool)
    for channel, program, count in needs:
        if program == SEASONAL_PROGRAM:
            continue
        preferred = _preferred(people, states, span, program)
        who = _take(entrants, free_entrants, preferred, count)
        # Job changes only when the year has too few entrants (none at the default sizes).
        changers = _take(stayers, free_stayers, preferred, count - len(who))
        result.job_changes += len(changers)
        result.plans += _plans(
            rng, catalog, people, states, span, (channel, program), who, changers
        )


def _plans(
    rng: np.random.Generator,
    catalog: Catalog,
    people: People,
    states: IntArray,
    span: _Interval,
    channel_program: tuple[str, str],
    who: IntArray,
    changers: IntArray,
) -> list[PlacementPlan]:
    """Placements of entrants (dated entries into employment) and of job changers."""
    channel, program = channel_program
    changer_days = dates.uniform_dates(
        rng,
        np.maximum(span.first, people.registered[changers] + 1),
        np.full(len(changers), span.last),
    )
    starts = np.concatenate([_entry_days(rng, people, states, span, who), changer_days])
    everyone = np.concatenate([who, changers])
    jobs = _occupations(rng, catalog, people, everyone, program)
    kinds = _employment_types(rng, channel, program, len(everyone))
    entry = [span.k] * len(who) + [0] * len(changers)
    return [
        PlacementPlan(p, s, channel, program, t, o, entry_interval=e)
        for p, s, o, t, e in zip(
            everyone.tolist(), starts.tolist(), jobs.tolist(), kinds, entry, strict=True
        )
    ]


def plan_placements(
    rng: np.random.Generator, catalog: Catalog, people: People, timeline: Timeline, states: IntArray
) -> PlacementResult:
    """Every placement of every year from 2023 up to ``until``."""
    result = PlacementResult()
    for k in timeline.intervals:
        span = _Interval(k, timeline.year(k), int(timeline.days[k - 1]) + 1, int(timeline.days[k]))
        counts = year_channel_counts(span.year, people.count, timeline.until)
        _interval_plans(rng, catalog, people, states, span, result, counts)
    return result


def spells_of(plans: list[PlacementPlan]) -> Spells:
    """The status changes the placements impose on the history."""
    entries = [p for p in plans if p.entry_interval]
    seasons = [p for p in plans if p.program == SEASONAL_PROGRAM]

    def column(items: list[PlacementPlan], name: str) -> IntArray:
        return np.array([getattr(p, name) for p in items], dtype=np.int64)

    return Spells(
        entry_person=column(entries, "person"),
        entry_interval=column(entries, "entry_interval"),
        entry_day=column(entries, "start"),
        season_person=column(seasons, "person"),
        season_start=column(seasons, "start"),
        season_end=column(seasons, "end"),
    )
