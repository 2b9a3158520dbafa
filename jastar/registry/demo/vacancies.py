"""Vacancies, and the employers and wages of placements.

Placements through Enbek.kz or a program fill a vacancy of that source posted a few
weeks before; the other vacancies (to about 0.14 per young person in all) were closed,
filled outside the registry, or are still open.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from itertools import groupby
from typing import Final

import numpy as np

from jastar.registry.demo.catalog import LEVELS, Catalog, OccupationInfo
from jastar.registry.demo.employers import Employers
from jastar.registry.demo.placements import PROGRAM_EMPLOYMENT, PlacementPlan
from jastar.registry.demo.population import People, choice
from jastar.registry.demo.records import VacancyRecord
from jastar.registry.demo.targets import (
    CALIBRATED_PLACEMENT_YEAR,
    HISTORY_START,
    PROGRAM_SHARES,
    VACANCIES_PER_PERSON,
    apportion,
)

SOURCE_SHARES: Final = {"enbek": 0.60, "own": 0.25, "program": 0.15}
OWN_INITIATIVE_WITH_EMPLOYER: Final = 0.7
OPEN_SHARE_RECENT: Final = 0.5  # of vacancies posted in the last RECENT_DAYS
RECENT_DAYS: Final = 90
OPEN_UNTIL_FILLED: Final = 0.5  # of open vacancies: no closing date
WAGE_GROWTH: Final = 0.08  # salaries of earlier years are ~8% a year lower than 2025's
YOUTH_PRACTICE_MRP: Final = 30  # monthly pay of Youth Practice (domain.md §3)
# Vacancies filled by one placement, two or three: (enbek, program).
_GROUP_SIZES: Final = {"enbek": (0.7, 0.2, 0.1), "program": (0.4, 0.3, 0.3)}
_EXPERIENCE: Final = ((0, 6, 12, 24), (0.65, 0.15, 0.12, 0.08))


def year_factor(year: int) -> float:
    """Salary level of ``year`` relative to the 2025 ranges of the data file."""
    return float((1 - WAGE_GROWTH) ** (CALIBRATED_PLACEMENT_YEAR - year))


def mrp(catalog: Catalog, year: int) -> int:
    known = max((y for y in catalog.mrp if y <= year), default=min(catalog.mrp))
    return catalog.mrp[known]


def _round(value: float, step: int) -> int:
    return int(round(value / step) * step)


@dataclass(frozen=True)
class _Draft:
    """A vacancy before its external id is known."""

    employer: int
    occupation: int
    program: str
    source: str
    employment_type: str
    posted: int
    closes: int | None
    places: int
    status: str


def _salary(
    rng: np.random.Generator, catalog: Catalog, draft: _Draft, year: int
) -> tuple[int | None, int | None]:
    if draft.program == "youth_practice":
        pay = YOUTH_PRACTICE_MRP * mrp(catalog, year)
        return pay, pay
    info = catalog.occupations[draft.occupation]
    u = rng.random()
    if u < 0.05:
        return None, None
    low = _round(info.salary_low * year_factor(year) * rng.uniform(0.9, 1.1), 5_000)
    high = _round(info.salary_high * year_factor(year) * rng.uniform(0.9, 1.1), 5_000)
    return low, (max(low, high) if u >= 0.13 else None)


def _education(rng: np.random.Generator, info: OccupationInfo) -> str | None:
    u = rng.random()
    level = info.level if u < 0.7 else info.level - 1 if u < 0.8 else 0
    code = LEVELS[max(level, 0)]
    return None if code in ("none", "primary") else code


def _texts(rng: np.random.Generator, info: OccupationInfo) -> tuple[str, str, str, str]:
    """Title and description in Kazakh and Russian; ~15% of vacancies have one language."""
    t = int(rng.integers(0, min(len(info.titles_kk), len(info.titles_ru))))
    u = rng.random()
    kazakh, russian = u < 0.925, u < 0.85 or u >= 0.925
    return (
        info.titles_kk[t] if kazakh else "",
        info.titles_ru[t] if russian else "",
        info.description_kk if kazakh else "",
        info.description_ru if russian else "",
    )


def _record(
    rng: np.random.Generator,
    catalog: Catalog,
    employers: Employers,
    draft: _Draft,
    index: int,
    external_id: str,
) -> VacancyRecord:
    info = catalog.occupations[draft.occupation]
    employer = employers.records[draft.employer]
    posted = date.fromordinal(draft.posted)
    salary_min, salary_max = _salary(rng, catalog, draft, posted.year)
    title_kk, title_ru, description_kk, description_ru = _texts(rng, info)
    experience = 0 if draft.program else int(rng.choice(_EXPERIENCE[0], p=_EXPERIENCE[1]))
    return VacancyRecord(
        index=index,
        employer=draft.employer,
        title_kk=title_kk,
        title_ru=title_ru,
        description_kk=description_kk,
        description_ru=description_ru,
        occupation=info.code,
        district=employer.district,
        settlement=employer.settlement,
        salary_min=salary_min,
        salary_max=salary_max,
        employment_type=draft.employment_type,
        education_required=_education(rng, info),
        experience_months_required=experience,
        places=draft.places,
        status=draft.status,
        source=draft.source,
        external_id=external_id,
        program=draft.program or None,
        posted_on=posted,
        closes_on=date.fromordinal(draft.closes) if draft.closes else None,
    )


def _size(rng: np.random.Generator, source: str) -> int:
    cumulative = np.cumsum(_GROUP_SIZES[source])
    return 1 + int(np.searchsorted(cumulative, rng.random() * cumulative[-1], side="right"))


def _linked(
    rng: np.random.Generator,
    catalog: Catalog,
    people: People,
    employers: Employers,
    plans: list[PlacementPlan],
) -> list[_Draft]:
    """Vacancies filled by Enbek.kz and program placements, one to three each.

    Placements of the same channel, program, district, occupation and year share a
    vacancy (a brigade of Zhasyl El, three cashiers of one shop); its employer becomes
    theirs and it was posted 5-45 days before the first of them started.
    """

    def key(plan: PlacementPlan) -> tuple[str, str, int, int, int]:
        year = date.fromordinal(plan.start).year
        return plan.channel, plan.program, int(people.district[plan.person]), plan.occupation, year

    linked = sorted(
        (p for p in plans if p.channel in ("enbek", "program")),
        key=lambda p: (*key(p), p.start, p.person),
    )
    drafts: list[_Draft] = []
    for (channel, _, district, _, _), items in groupby(linked, key=key):
        group_list = list(items)
        while group_list:
            size = _size(rng, channel)
            group, group_list = group_list[:size], group_list[size:]
            _fill(rng, catalog, employers, district, group, drafts)
    return drafts


def _fill(
    rng: np.random.Generator,
    catalog: Catalog,
    employers: Employers,
    district: int,
    group: list[PlacementPlan],
    drafts: list[_Draft],
) -> None:
    """Add the vacancy ``group`` filled; they take its employer and employment type."""
    first = group[0]
    employer = employers.pick(rng, district, catalog.occupations[first.occupation].industry)
    posted = max(HISTORY_START.toordinal(), first.start - int(rng.integers(5, 46)))
    source = "enbek" if first.channel == "enbek" else "program"
    kind = first.employment_type
    drafts.append(
        _Draft(
            employer,
            first.occupation,
            first.program,
            source,
            kind,
            posted,
            group[-1].start,
            len(group),
            "filled",
        )
    )
    for plan in group:
        plan.employer, plan.vacancy, plan.employment_type = employer, len(drafts) - 1, kind


def _occupation_for(rng: np.random.Generator, catalog: Catalog, industry: str) -> int:
    pool = [i for i, o in enumerate(catalog.occupations) if o.industry == industry]
    return (
        pool[int(rng.integers(0, len(pool)))]
        if pool
        else int(rng.integers(0, len(catalog.occupations)))
    )


def _unlinked_kind(
    rng: np.random.Generator, catalog: Catalog, occupation: int, program: str
) -> str:
    if program:
        return PROGRAM_EMPLOYMENT[program]
    u = rng.random()
    if u < 0.12:
        return "temporary"
    return "seasonal" if u < 0.2 and catalog.occupations[occupation].seasonal else "permanent"


def _unlinked_counts(linked: list[_Draft], people: int) -> dict[str, int]:
    """Unlinked vacancies per source, so that all vacancies number 0.14 per person.

    A source whose placements alone need more vacancies than its share (program places
    in a small region) takes the excess from the other sources, largest first.
    """
    total = max(round(VACANCIES_PER_PERSON * people), len(linked))
    counts = {
        source: max(0, quota - sum(d.source == source for d in linked))
        for source, quota in apportion(total, SOURCE_SHARES).items()
    }
    excess = len(linked) + sum(counts.values()) - total
    for _ in range(excess):
        counts[max(counts, key=lambda source: counts[source])] -= 1
    return counts


def _unlinked(
    rng: np.random.Generator,
    catalog: Catalog,
    employers: Employers,
    linked: list[_Draft],
    people: int,
    until: date,
) -> list[_Draft]:
    """Vacancies no placement in the registry filled, up to each source's share of all."""
    start, end = HISTORY_START.toordinal(), until.toordinal()
    programs = list(PROGRAM_SHARES)
    drafts: list[_Draft] = []
    for source, count in _unlinked_counts(linked, people).items():
        for _ in range(count):
            employer = int(rng.integers(0, len(employers.records)))
            occupation = _occupation_for(rng, catalog, employers.records[employer].industry)
            program = (
                programs[int(choice(rng, 1, list(PROGRAM_SHARES.values()))[0])]
                if source == "program"
                else ""
            )
            posted = int(rng.integers(start, end + 1))
            kind = _unlinked_kind(rng, catalog, occupation, program)
            drafts.append(
                _Draft(
                    employer, occupation, program, source, kind, posted, 0, _size(rng, "enbek"), ""
                )
            )
    return _with_status(rng, drafts, linked, until)


def _with_status(
    rng: np.random.Generator, drafts: list[_Draft], linked: list[_Draft], until: date
) -> list[_Draft]:
    """Old vacancies are closed or filled; about half of those of the last 90 days are open,
    half of these until filled (no closing date), so the region has vacancies to match."""
    end = until.toordinal()
    recent = [d.posted > end - RECENT_DAYS for d in drafts]
    recent_all = sum(recent) + sum(d.posted > end - RECENT_DAYS for d in linked)
    p_open = min(1.0, OPEN_SHARE_RECENT * recent_all / max(1, sum(recent)))
    result: list[_Draft] = []
    for draft, is_recent in zip(drafts, recent, strict=True):
        u = rng.random()
        if is_recent and u < p_open:
            status = "open"
            until_filled = rng.random() < OPEN_UNTIL_FILLED
            closes = None if until_filled else draft.posted + int(rng.integers(60, 121))
        else:
            status = "closed" if rng.random() < 0.55 else "filled"
            closes = min(draft.posted + int(rng.integers(14, 76)), end)
        result.append(replace(draft, status=status, closes=closes))
    return result


def _external_ids(rng: np.random.Generator, drafts: list[_Draft]) -> list[str]:
    """Enbek.kz numbers "ENB-<8 digits>", increasing with the posting day, unique."""
    enbek = sorted((d.posted, i) for i, d in enumerate(drafts) if d.source == "enbek")
    numbers = 10_000_000 + np.cumsum(rng.integers(1, 40, len(enbek)))
    ids = [""] * len(drafts)
    for (_, i), number in zip(enbek, numbers.tolist(), strict=True):
        ids[i] = f"ENB-{number}"
    return ids


def build_vacancies(
    rng: np.random.Generator,
    catalog: Catalog,
    people: People,
    employers: Employers,
    plans: list[PlacementPlan],
    until: date,
) -> list[VacancyRecord]:
    """All vacancies; links the Enbek.kz and program placements to theirs."""
    linked = _linked(rng, catalog, people, employers, plans)
    drafts = linked + _unlinked(rng, catalog, employers, linked, people.count, until)
    ids = _external_ids(rng, drafts)
    return [_record(rng, catalog, employers, draft, i, ids[i]) for i, draft in enumerate(drafts)]


def _wage(
    rng: np.random.Generator, catalog: Catalog, plan: PlacementPlan, vacancy: VacancyRecord | None
) -> int:
    year = date.fromordinal(plan.start).year
    if plan.program == "youth_practice":
        return YOUTH_PRACTICE_MRP * mrp(catalog, year)
    if vacancy is not None and vacancy.salary_min is not None:
        high = vacancy.salary_max or round(vacancy.salary_min * 1.2)
        return _round(rng.uniform(vacancy.salary_min, high), 1_000)
    info = catalog.occupations[plan.occupation]
    factor = year_factor(year)
    return _round(rng.uniform(info.salary_low * factor, info.salary_high * factor), 1_000)


def finish_placements(
    rng: np.random.Generator,
    catalog: Catalog,
    people: People,
    employers: Employers,
    plans: list[PlacementPlan],
    vacancies: list[VacancyRecord],
) -> None:
    """Employers of own-initiative jobs (~70% known) and everyone's monthly wage.

    Business grants and self-employment have neither an employer nor a wage on record.
    """
    for plan in plans:
        if plan.channel == "own_initiative" and rng.random() < OWN_INITIATIVE_WITH_EMPLOYER:
            industry = catalog.occupations[plan.occupation].industry
            plan.employer = employers.pick(rng, int(people.district[plan.person]), industry)
        if plan.channel in ("grant", "self_employment"):
            continue
        vacancy = vacancies[plan.vacancy] if plan.vacancy >= 0 else None
        plan.wage = _wage(rng, catalog, plan, vacancy)
