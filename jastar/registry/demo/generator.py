"""The synthetic demo region, generated from a seed. Pure: numpy and the standard library.

``generate(seed=..., people=..., until=...)`` returns plain records (people with their
status histories, employers, vacancies, placements, and the program participations
behind the program and grant placements) that refer to reference data by code. The same
seed and size always give the same region, whatever the machine or process.

What is calibrated (exact at any size, after scaling by ``people / 432,000`` and
rounding): the NEET count on 2024-12-31 and 2025-12-31, and the 2025 placements per
channel. Everything else (the other years' placements, vacancies, employers, names,
education) is plausible by construction, not calibrated; see ``targets``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields
from datetime import date
from typing import Final

import numpy as np

from jastar.registry.demo.catalog import LEVELS, Catalog, SettlementInfo, load_catalog
from jastar.registry.demo.dates import BoolArray
from jastar.registry.demo.employers import generate_employers
from jastar.registry.demo.history import (
    EMP,
    NEET,
    STATUSES,
    Changes,
    Timeline,
    build_changes,
    calibrate,
    experience_months,
    sample_states,
    youth_on,
)
from jastar.registry.demo.participations import (
    EditionTerms,
    ProgramRecords,
    generate_programs,
    shipped_editions,
)
from jastar.registry.demo.placements import PlacementPlan, plan_placements, spells_of
from jastar.registry.demo.population import FIELDS, People, sample_people
from jastar.registry.demo.records import (
    EmployerRecord,
    PersonRecord,
    PlacementRecord,
    StatusChangeRecord,
    VacancyRecord,
)
from jastar.registry.demo.targets import HISTORY_START, neet_targets
from jastar.registry.demo.vacancies import build_vacancies, finish_placements

DESIRES_SECOND_SHARE: Final = 0.5
# Youth Practice lasts up to 12 months (domain.md §3); here 6 to 12.
_PRACTICE_MONTHS: Final = (6, 12)


@dataclass(frozen=True)
class DemoRegion:
    """A generated region: people as columns (records on demand), the rest as records."""

    seed: int
    until: date
    catalog: Catalog
    people: People
    changes: Changes
    desires_second: BoolArray
    employers: list[EmployerRecord]
    vacancies: list[VacancyRecord]
    placements: list[PlacementRecord]
    neet_flips: dict[date, int]  # people flipped to hit each NEET target (+: made employed)
    job_changes: int  # placements given to people already employed, for want of entrants
    programs: ProgramRecords  # participations, follow-ups, grants and quotas

    @property
    def person_count(self) -> int:
        return self.people.count

    @property
    def settlements(self) -> tuple[SettlementInfo, ...]:
        """Every settlement the records may name."""
        return self.catalog.settlements

    def person(self, i: int) -> PersonRecord:
        """Person ``i`` as a plain record with its status history."""
        return _person_record(self, i)

    def iter_people(self, start: int = 0, stop: int | None = None) -> Iterator[PersonRecord]:
        """People ``start`` to ``stop`` (exclusive) in order, one record at a time."""
        for i in range(start, self.person_count if stop is None else stop):
            yield _person_record(self, i)

    def neet_on(self, on: date) -> int:
        """NEET youth on ``on`` by the generated histories (the selectors' definition)."""
        eligible = np.flatnonzero(youth_on(self.people, on))
        return sum(self._status_on(int(i), on) in NEET for i in eligible)

    def _status_on(self, i: int, on: date) -> int:
        rows = self.changes.of(i)
        days = self.changes.day[rows]
        position = int(np.searchsorted(days, on.toordinal(), side="right")) - 1
        return int(self.changes.status[rows][position]) if position >= 0 else -1

    def digest(self) -> str:
        """A fingerprint of everything generated but the programs (``programs.digest()``):
        equal digests, equal regions."""
        h = hashlib.sha256()
        for f in fields(self.people):
            value = getattr(self.people, f.name)
            if isinstance(value, np.ndarray):
                h.update(np.ascontiguousarray(value).tobytes())
            elif isinstance(value, list):
                h.update("\x1f".join(map(str, value)).encode())
        for array in (self.changes.person, self.changes.day, self.changes.status):
            h.update(array.tobytes())
        h.update(self.desires_second.tobytes())
        for records in (self.employers, self.vacancies, self.placements):
            h.update(repr(records).encode())
        return h.hexdigest()


def generate(
    *, seed: int, people: int, until: date, editions: Sequence[EditionTerms] | None = None
) -> DemoRegion:
    """Generate the demo region of ``people`` young people with history up to ``until``.

    Participations are in the program ``editions`` given (the loader passes the
    database's), by default the shipped ones.
    """
    if people < 1:
        raise ValueError(f"people must be at least 1, got {people}")
    if until < HISTORY_START:
        raise ValueError(f"until must be on or after {HISTORY_START}, got {until}")
    rng = np.random.default_rng(seed)
    catalog = load_catalog()
    crowd = sample_people(rng, catalog, people, until)
    timeline = Timeline.for_until(until)
    states = sample_states(rng, crowd, timeline)
    flips = calibrate(rng, crowd, timeline, states, neet_targets(people, until))
    placed = plan_placements(rng, catalog, crowd, timeline, states)
    changes = build_changes(rng, crowd, timeline, states, spells_of(placed.plans))
    crowd.experience_months = experience_months(rng, crowd, changes, until)
    employers = generate_employers(rng, catalog, people)
    vacancies = build_vacancies(rng, catalog, crowd, employers, placed.plans, until)
    finish_placements(rng, catalog, crowd, employers, placed.plans, vacancies)
    desires_second = rng.random(people) < DESIRES_SECOND_SHARE  # drawn in this order
    placements = _placement_records(rng, catalog, crowd, changes, placed.plans)
    programs = generate_programs(
        seed=seed,
        until=until,
        catalog=catalog,
        people=crowd,
        changes=changes,
        placements=placements,
        editions=shipped_editions(catalog) if editions is None else editions,
    )
    return DemoRegion(
        seed=seed,
        until=until,
        catalog=catalog,
        people=crowd,
        changes=changes,
        desires_second=desires_second,
        employers=employers.records,
        vacancies=vacancies,
        placements=placements,
        neet_flips=flips,
        job_changes=placed.job_changes,
        programs=programs,
    )


def _history(region: DemoRegion, i: int) -> tuple[StatusChangeRecord, ...]:
    rows = region.changes.of(i)
    days = region.changes.day[rows].tolist()
    statuses = region.changes.status[rows].tolist()
    return tuple(
        StatusChangeRecord(date.fromordinal(d), STATUSES[s])
        for d, s in zip(days, statuses, strict=True)
    )


def _person_record(region: DemoRegion, i: int) -> PersonRecord:
    p, catalog = region.people, region.catalog
    settlement = catalog.settlements[int(p.settlement[i])]
    occupations = tuple(
        catalog.occupations[int(o)].code
        for o in (p.occupation[i], p.second_occupation[i])
        if o >= 0
    )
    desired = occupations if region.desires_second[i] else occupations[:1]
    return PersonRecord(
        index=i,
        iin=p.iin[i],
        last_name=p.last_name[i],
        first_name=p.first_name[i],
        patronymic=p.patronymic[i],
        birth_date=date.fromordinal(int(p.birth[i])),
        sex="M" if p.male[i] else "F",
        district=settlement.district,
        settlement=(settlement.district, settlement.name_kk),
        area="urban" if settlement.is_urban else "rural",
        education_level=LEVELS[int(p.level[i])],
        graduation_year=int(p.graduation_year[i]) or None,
        field_of_study=FIELDS[int(p.study_field[i])] if p.study_field[i] >= 0 else None,
        experience_months=int(p.experience_months[i]),
        expected_salary=int(p.expected_salary[i]) or None,
        languages=p.languages[i],
        skills=p.skills[i],
        skill_occupations=occupations,
        desired_occupations=desired,
        phone=p.phone[i],
        email=p.email[i],
        consent_given_on=date.fromordinal(int(p.consent[i])) if p.consent[i] else None,
        registered_on=date.fromordinal(int(p.registered[i])),
        status_changes=_history(region, i),
    )


def _end_day(
    rng: np.random.Generator, plan: PlacementPlan, later: PlacementPlan | None, changes: Changes
) -> int:
    """The day before the person leaves employment or starts the next placement (0: none)."""
    if plan.end:
        return plan.end
    rows = changes.of(plan.person)
    ends = [
        day - 1
        for day, status in zip(
            changes.day[rows].tolist(), changes.status[rows].tolist(), strict=True
        )
        if day > plan.start and status != EMP
    ][:1]
    if later is not None:
        ends.append(later.start - 1)
    if plan.program == "youth_practice":
        months = int(rng.integers(_PRACTICE_MONTHS[0], _PRACTICE_MONTHS[1] + 1))
        ends.append(plan.start + round(months * 30.44))
    return min(ends) if ends else 0


def _placement_records(
    rng: np.random.Generator,
    catalog: Catalog,
    people: People,
    changes: Changes,
    plans: list[PlacementPlan],
) -> list[PlacementRecord]:
    ordered = sorted(plans, key=lambda p: (p.person, p.start))
    records: list[PlacementRecord] = []
    for n, plan in enumerate(ordered):
        following = ordered[n + 1] if n + 1 < len(ordered) else None
        later = following if following is not None and following.person == plan.person else None
        end = _end_day(rng, plan, later, changes)
        records.append(
            PlacementRecord(
                person=plan.person,
                employer=plan.employer if plan.employer >= 0 else None,
                vacancy=plan.vacancy if plan.vacancy >= 0 else None,
                start_date=date.fromordinal(plan.start),
                end_date=date.fromordinal(end) if end else None,
                employment_type=plan.employment_type,
                channel=plan.channel,
                program=plan.program or None,
                district=catalog.districts[int(people.district[plan.person])],
                monthly_wage=plan.wage or None,
            )
        )
    return records
