"""Who the demo region's young people are: place, age, names, IIN, education, skills.

Columns of numpy arrays (and lists of strings), one row per person, in the order the
random generator draws them, so the same seed always gives the same people.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Final

import numpy as np

from jastar.registry.demo import dates, naming
from jastar.registry.demo.catalog import LEVELS, Catalog
from jastar.registry.demo.dates import BoolArray, IntArray
from jastar.registry.demo.targets import (
    HISTORY_START,
    INITIAL_LOAD_END,
    URBAN_SHARE,
    YOUTH_MAX_AGE,
    YOUTH_MIN_AGE,
)

NONE, PRIMARY, BASIC, GENERAL, TVET, BACHELOR, MASTER = range(len(LEVELS))
FIELDS: Final = tuple(f"{n:02d}" for n in range(11))  # ISCED-F 2013 broad fields
# Final level of education and its share (an assumption in line with national patterns).
FINAL_LEVEL_SHARES: Final = {
    NONE: 0.01,
    BASIC: 0.07,
    GENERAL: 0.30,
    TVET: 0.32,
    BACHELOR: 0.26,
    MASTER: 0.04,
}
# Age at which each level is completed (inclusive range), on 30 June.
GRADUATION_AGES: Final = {
    BASIC: (15, 16),
    GENERAL: (17, 18),
    TVET: (19, 20),
    BACHELOR: (21, 23),
    MASTER: (23, 25),
}
INITIAL_LOAD_SHARE: Final = 0.70
MALE_SHARE: Final = 0.51
EMAIL_SHARE: Final = 0.40
EXPECTED_SALARY_SHARE: Final = 0.60
SECOND_OCCUPATION_SHARE: Final = 0.40
# Graduation years further ahead than this are not plausible plans (rules.py says six).
PLANNING_YEARS: Final = 6
_NEVER: Final = 10**7  # an ordinal after every date the generator uses


@dataclass
class People:
    """One row per young person; dates are ordinals, categories are indexes."""

    count: int
    district: IntArray
    settlement: IntArray
    male: BoolArray
    group: IntArray
    birth: IntArray
    registered: IntArray
    consent: IntArray  # 0: no consent recorded yet
    final_level: IntArray
    level: IntArray  # highest level completed by ``until``
    graduation: IntArray  # leaves education (final level) on this day; 0: long before
    graduation_year: IntArray  # 0: none
    study_field: IntArray  # index into FIELDS, -1: none
    occupation: IntArray
    second_occupation: IntArray  # -1: none
    expected_salary: IntArray  # 0: not given
    last_name: list[str] = field(default_factory=list)
    first_name: list[str] = field(default_factory=list)
    patronymic: list[str] = field(default_factory=list)
    iin: list[str] = field(default_factory=list)
    phone: list[str] = field(default_factory=list)
    email: list[str] = field(default_factory=list)
    languages: list[tuple[str, ...]] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    experience_months: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))


def choice(rng: np.random.Generator, n: int, weights: np.typing.ArrayLike) -> IntArray:
    """``n`` category indexes drawn with the given (unnormalised) weights."""
    p = np.asarray(weights, dtype=np.float64)
    return rng.choice(len(p), size=n, p=p / p.sum()).astype(np.int64)


def choice_rows(rng: np.random.Generator, probabilities: np.typing.NDArray[np.float64]) -> IntArray:
    """One category per row of a (rows x categories) probability matrix."""
    cumulative = np.cumsum(probabilities / probabilities.sum(axis=1, keepdims=True), axis=1)
    draws = rng.random(len(probabilities))[:, None]
    picked = (draws > cumulative[:, :-1]).sum(axis=1)
    return np.asarray(picked, dtype=np.int64)


def urban_weight_factor(catalog: Catalog) -> float:
    """The factor on town and city weights that makes URBAN_SHARE of youth urban.

    The settlement weights are relative sizes for sampling, not statistics; one factor on
    all urban weights keeps their order while matching the region's published urban share.
    """
    low, high = 1e-4, 1.0
    for _ in range(50):
        mid = (low + high) / 2
        share = 0.0
        for code, district_share in zip(catalog.districts, catalog.district_shares, strict=True):
            items = [catalog.settlements[i] for i in catalog.settlement_indexes(code)]
            urban = sum(s.weight for s in items if s.is_urban) * mid
            rural = sum(s.weight for s in items if not s.is_urban)
            share += district_share * urban / (urban + rural)
        low, high = (mid, high) if share < URBAN_SHARE else (low, mid)
    return (low + high) / 2


def settlement_weights(catalog: Catalog, urban_factor: float) -> dict[str, list[float]]:
    """Sampling weight of each settlement of each district, towns scaled by the factor."""
    return {
        code: [
            s.weight * (urban_factor if s.is_urban else 1.0)
            for s in (catalog.settlements[i] for i in catalog.settlement_indexes(code))
        ]
        for code in catalog.districts
    }


def sample_places(
    rng: np.random.Generator, catalog: Catalog, n: int, urban_factor: float
) -> tuple[IntArray, IntArray]:
    """District (by youth share) and settlement (by weight) of ``n`` people or employers."""
    district = choice(rng, n, catalog.district_shares)
    settlement = np.zeros(n, dtype=np.int64)
    weights = settlement_weights(catalog, urban_factor)
    for d, code in enumerate(catalog.districts):
        rows = np.flatnonzero(district == d)
        indexes = np.array(catalog.settlement_indexes(code), dtype=np.int64)
        settlement[rows] = indexes[choice(rng, len(rows), weights[code])]
    return district, settlement


def _ages(rng: np.random.Generator, n: int, until: date) -> IntArray:
    """Age on ``until``: 14 up to the oldest who was 35 or younger when the registry began."""
    oldest = (
        YOUTH_MAX_AGE
        + (until.year - HISTORY_START.year)
        - ((until.month, until.day) < (HISTORY_START.month, HISTORY_START.day))
    )
    ages = np.arange(YOUTH_MIN_AGE, oldest + 1)
    # More young adults (18-30) than teenagers or people past 30.
    weights = np.where((ages >= 18) & (ages <= 30), 1.35, 0.8)
    return ages[choice(rng, n, weights)]


def sample_birth_dates(rng: np.random.Generator, n: int, until: date) -> IntArray:
    """Birth dates such that everyone is 14 or older on ``until``."""
    ages = _ages(rng, n, until)
    until_ord = np.full(n, until.toordinal(), dtype=np.int64)
    latest = dates.add_years(until_ord, -ages)  # born on or before: already that age
    earliest = dates.add_years(until_ord, -(ages + 1)) + 1
    return dates.uniform_dates(rng, earliest, latest)


def sample_registration(rng: np.random.Generator, birth: IntArray, until: date) -> IntArray:
    """Registration day: ~70% in the initial load of Q1 2023, the rest up to ``until``.

    Never before the 14th birthday nor after the day before the 36th, so everyone is
    14-35 when registered. Those who turn 14 during the period register soon after.
    """
    n = len(birth)
    first = np.maximum(dates.add_years(birth, YOUTH_MIN_AGE), HISTORY_START.toordinal())
    last = np.minimum(dates.add_years(birth, YOUTH_MAX_AGE + 1) - 1, until.toordinal())
    load_end = INITIAL_LOAD_END.toordinal()
    can_initial = first <= load_end
    p_initial = min(1.0, INITIAL_LOAD_SHARE * n / max(1, int(can_initial.sum())))
    initial = can_initial & (rng.random(n) < p_initial)
    turned_14 = dates.add_years(birth, YOUTH_MIN_AGE) > HISTORY_START.toordinal()
    soon = first + rng.exponential(120.0, n).astype(np.int64)
    registered = dates.uniform_dates(rng, first, last)
    registered = np.where(turned_14, np.minimum(soon, last), registered)
    initial_day = dates.uniform_dates(rng, first, np.minimum(last, load_end))
    return np.where(initial, initial_day, registered)


def sample_consent(rng: np.random.Generator, registered: IntArray, until: date) -> IntArray:
    """Consent on the registration day for ~90%; the rest later, or not yet (0)."""
    later = registered + rng.integers(1, 120, len(registered))
    later = np.where(later <= until.toordinal(), later, 0)
    return np.where(rng.random(len(registered)) < 0.9, registered, later)


@dataclass
class Education:
    final_level: IntArray
    level: IntArray
    graduation: IntArray
    graduation_year: IntArray


def _stage_done(rng: np.random.Generator, birth_year: IntArray, level: int) -> IntArray:
    low, high = GRADUATION_AGES[level]
    ages = rng.integers(low, high + 1, len(birth_year))
    return dates.day_of_year(birth_year + ages, 6, 30)


def sample_education(rng: np.random.Generator, birth: IntArray, until: date) -> Education:
    """Final level, the level completed by ``until`` and the day of leaving education."""
    n = len(birth)
    final = np.array(list(FINAL_LEVEL_SHARES))[choice(rng, n, list(FINAL_LEVEL_SHARES.values()))]
    year = dates.years_of(birth)
    done = {lvl: np.full(n, _NEVER, dtype=np.int64) for lvl in (BASIC, GENERAL, TVET, BACHELOR)}
    done[MASTER] = np.where(final == MASTER, _stage_done(rng, year, MASTER), _NEVER)
    done[BACHELOR] = np.where(final == BACHELOR, _stage_done(rng, year, BACHELOR), _NEVER)
    # A master's degree follows a bachelor's two years earlier.
    done[BACHELOR] = np.where(final == MASTER, dates.add_years(done[MASTER], -2), done[BACHELOR])
    done[TVET] = np.where(final == TVET, _stage_done(rng, year, TVET), _NEVER)
    general_age = np.where(final == GENERAL, rng.integers(17, 19, n), 17)
    done[GENERAL] = np.where(
        np.isin(final, (GENERAL, BACHELOR, MASTER)),
        dates.day_of_year(year + general_age, 6, 30),
        _NEVER,
    )
    basic_age = np.where(final == BASIC, rng.integers(15, 17, n), 15)
    done[BASIC] = np.where(final != NONE, dates.day_of_year(year + basic_age, 6, 30), _NEVER)
    level = np.where(final == NONE, NONE, PRIMARY)
    for lvl in (BASIC, GENERAL, TVET, BACHELOR, MASTER):
        level = np.where(done[lvl] <= until.toordinal(), np.maximum(level, lvl), level)
    graduation = np.zeros(n, dtype=np.int64)
    for lvl in (BASIC, GENERAL, TVET, BACHELOR, MASTER):
        graduation = np.where(final == lvl, done[lvl], graduation)
    return Education(final, level, graduation, _graduation_year(done, final, graduation, until))


def _graduation_year(
    done: dict[int, IntArray], final: IntArray, graduation: IntArray, until: date
) -> IntArray:
    """Year of the final level; for plans too far ahead, of the level now in progress."""
    years = np.where(final == NONE, 0, dates.years_of(np.maximum(graduation, 1)))
    next_done = np.full(len(final), _NEVER, dtype=np.int64)
    for stage in done.values():
        upcoming = (stage > until.toordinal()) & (stage < _NEVER)
        next_done = np.where(upcoming, np.minimum(next_done, stage), next_done)
    too_far = years > until.year + PLANNING_YEARS
    return np.where(too_far, dates.years_of(np.minimum(next_done, _NEVER - 1)), years)


# Occupations a person's skills come from, by final level: (education levels, chance).
_OCCUPATION_POOLS: Final[dict[int, tuple[tuple[tuple[str, ...], float], ...]]] = {
    NONE: ((("none", "basic_secondary"), 1.0),),
    BASIC: ((("none", "basic_secondary", "general_secondary"), 1.0),),
    GENERAL: ((("none", "basic_secondary", "general_secondary"), 1.0),),
    TVET: ((("tvet",), 0.9), (("general_secondary",), 0.1)),
    BACHELOR: ((("bachelor",), 0.7), (("tvet",), 0.3)),
    MASTER: ((("bachelor",), 0.8), (("tvet",), 0.2)),
}
# Chance that skills are written in Kazakh, by name group (otherwise Russian).
_SKILLS_IN_KAZAKH: Final = (0.6, 0.05, 0.2)


def _pool(catalog: Catalog, educations: tuple[str, ...]) -> IntArray:
    codes = [i for i, o in enumerate(catalog.occupations) if o.education in educations]
    return np.array(codes, dtype=np.int64)


def sample_occupations(
    rng: np.random.Generator, catalog: Catalog, final_level: IntArray
) -> tuple[IntArray, IntArray, IntArray]:
    """Main and second occupation of each person's skills, and the field of study.

    The main occupation fits the final level of education; the field of study (for
    TVET and higher) is the one whose graduates typically fill that occupation.
    """
    n = len(final_level)
    main = np.zeros(n, dtype=np.int64)
    for level, pools in _OCCUPATION_POOLS.items():
        rows = np.flatnonzero(final_level == level)
        which = choice(rng, len(rows), [chance for _, chance in pools])
        for p, (educations, _) in enumerate(pools):
            candidates = _pool(catalog, educations)
            chosen = rows[which == p]
            main[chosen] = candidates[rng.integers(0, len(candidates), len(chosen))]
    occupation_level = np.array([o.level for o in catalog.occupations])
    second = rng.integers(0, len(catalog.occupations), n)
    fits = occupation_level[second] <= np.maximum(final_level, GENERAL)
    second = np.where(
        fits & (second != main) & (rng.random(n) < SECOND_OCCUPATION_SHARE), second, -1
    )
    typical = np.array([FIELDS.index(o.field) for o in catalog.occupations])[main]
    field_ = np.where(rng.random(n) < 0.9, typical, rng.integers(0, len(FIELDS), n))
    return main, second, np.where(final_level >= TVET, field_, -1)


def _skill_list(skills: tuple[str, ...], start: int, count: int) -> list[str]:
    return [skills[(start + k) % len(skills)] for k in range(min(count, len(skills)))]


def skills_texts(
    rng: np.random.Generator, catalog: Catalog, main: IntArray, second: IntArray, group: IntArray
) -> list[str]:
    """2-4 skills of the main occupation and 1-2 of the second, in Kazakh or Russian."""
    n = len(main)
    kazakh = rng.random(n) < np.array(_SKILLS_IN_KAZAKH)[group]
    starts = rng.integers(0, 100, (n, 2)).tolist()
    counts = np.column_stack([rng.integers(2, 5, n), rng.integers(1, 3, n)]).tolist()
    texts: list[str] = []
    for m, s, kk, start, count in zip(
        main.tolist(), second.tolist(), kazakh.tolist(), starts, counts, strict=True
    ):
        occupations = [catalog.occupations[m]] + ([catalog.occupations[s]] if s >= 0 else [])
        skills: list[str] = []
        for occupation, begin, k in zip(occupations, start, count, strict=False):
            skills += _skill_list(occupation.skills_kk if kk else occupation.skills_ru, begin, k)
        texts.append(", ".join(skills))
    return texts


def expected_salaries(rng: np.random.Generator, catalog: Catalog, main: IntArray) -> IntArray:
    """A monthly wage ~60% of people state: near their occupation's range, in 10,000s."""
    middle = np.array([(o.salary_low + o.salary_high) / 2 for o in catalog.occupations])[main]
    wish = np.round(middle * rng.uniform(0.85, 1.3, len(main)) / 10_000) * 10_000
    return np.where(rng.random(len(main)) < EXPECTED_SALARY_SHARE, wish, 0).astype(np.int64)


def sample_people(rng: np.random.Generator, catalog: Catalog, n: int, until: date) -> People:
    """Everyone's attributes except the status history and work experience."""
    district, settlement = sample_places(rng, catalog, n, urban_weight_factor(catalog))
    male = rng.random(n) < MALE_SHARE
    group = choice_rows(rng, catalog.ethnic_mix[district])
    birth = sample_birth_dates(rng, n, until)
    registered = sample_registration(rng, birth, until)
    education = sample_education(rng, birth, until)
    main, second, field_ = sample_occupations(rng, catalog, education.final_level)
    last, first, patronymic = naming.person_names(rng, catalog, group, male)
    return People(
        count=n,
        district=district,
        settlement=settlement,
        male=male,
        group=group,
        birth=birth,
        registered=registered,
        consent=sample_consent(rng, registered, until),
        final_level=education.final_level,
        level=education.level,
        graduation=education.graduation,
        graduation_year=education.graduation_year,
        study_field=field_,
        occupation=main,
        second_occupation=second,
        expected_salary=expected_salaries(rng, catalog, main),
        last_name=last,
        first_name=first,
        patronymic=patronymic,
        iin=naming.unique_iins(rng, birth, male),
        phone=naming.phones(rng, n),
        email=naming.emails(rng, first, last, EMAIL_SHARE),
        languages=naming.languages(rng, group, education.level >= TVET),
        skills=skills_texts(rng, catalog, main, second, group),
    )
