"""Allocating subsidised places: who should get which program place, region-wide.

Reads the candidate lists of the last batch for open program places, the quotas left per
program and district, and each candidate's priority (NEET, rural, unemployed a year or
more), and solves the assignment exactly (``jastar.matching.allocation``). The greedy
baseline, what an officer would do by hand, is solved alongside so the office sees how
many more priority-group youth the optimum places. The result is a proposal: places are
then filled through each program's own application and enrolment steps.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from django.db.models import Q
from django.utils import timezone

from jastar.matching.allocation import (
    AllocationProblem,
    GroupCount,
    PriorityWeights,
    allocate,
    allocate_greedy,
    compare,
    priority_weights,
)
from jastar.matching.loading import open_vacancies
from jastar.matching.models import Match, MatchKind
from jastar.matching.services.common import chunks
from jastar.programs.models import ProgramQuota
from jastar.programs.selectors import quota_usage
from jastar.registry.models import Area, District, Person, PersonStatus
from jastar.registry.rules import years_before

LONG_TERM_YEARS = 1


@dataclass(frozen=True)
class Assignment:
    person_id: int
    vacancy_id: int
    score: float


@dataclass(frozen=True)
class AllocationResult:
    """The optimal proposal, and how it compares with the greedy baseline."""

    on: date
    candidates: int  # people with at least one candidate pair
    places: int  # program places on offer
    pairs: int
    assignments: list[Assignment]
    greedy_placed: int
    objective: float
    greedy_objective: float
    groups: list[GroupCount]
    seconds: float


def _pairs(on: date, district: District | None) -> list[tuple[int, int, float]]:
    vacancies = open_vacancies(on).filter(program__isnull=False)
    if district is not None:
        vacancies = vacancies.filter(district=district)
    rows = Match.objects.filter(kind=MatchKind.CANDIDATE, vacancy__in=vacancies, score__gt=0)
    return list(rows.values_list("person_id", "vacancy_id", "score"))


def _quota_groups(
    on: date, vacancy_ids: Sequence[int]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each vacancy's quota group, the places left per group and each group's program."""
    rows = open_vacancies(on).filter(id__in=vacancy_ids)
    info = dict(rows.values_list("id", "program_id"))
    district_of = dict(rows.values_list("id", "district_id"))
    quotas = ProgramQuota.objects.filter(edition__year=on.year).select_related(
        "edition", "district"
    )
    index: dict[tuple[int, int], int] = {}
    places: list[int] = []
    programs: list[int] = []
    for quota in quotas:
        used = quota_usage(quota.edition, quota.district, today=on).places_used
        index[(quota.edition.program_id, quota.district_id)] = len(places)
        places.append(max(quota.places - used, 0))
        programs.append(quota.edition.program_id)
    group = [index.get((info[v], district_of[v]), -1) for v in vacancy_ids]
    program_ids = sorted(set(programs))
    program_index = [program_ids.index(p) for p in programs]
    return np.array(group), np.array(places, dtype=np.int64), np.array(program_index)


def _priorities(on: date, person_ids: Sequence[int]) -> dict[str, np.ndarray]:
    long_since = years_before(on, LONG_TERM_YEARS)
    flags: dict[str, set[int]] = {"neet": set(), "rural": set(), "long_term": set()}
    for part in chunks(person_ids):
        rows = Person.objects.filter(pk__in=part)
        flags["neet"] |= set(rows.filter(is_neet=True).values_list("pk", flat=True))
        flags["rural"] |= set(rows.filter(area=Area.RURAL).values_list("pk", flat=True))
        flags["long_term"] |= set(
            rows.filter(
                Q(status=PersonStatus.UNEMPLOYED) & Q(status_since__lte=long_since)
            ).values_list("pk", flat=True)
        )
    return {name: np.array([p in ids for p in person_ids]) for name, ids in flags.items()}


def allocation_run(
    *,
    on: date | None = None,
    district: District | None = None,
    weights: PriorityWeights | None = None,
) -> AllocationResult:
    """The best assignment of open program places to their candidates (a proposal)."""
    started = time.perf_counter()
    on = on or timezone.localdate()
    pairs = _pairs(on, district)
    person_ids = sorted({p for p, _, _ in pairs})
    vacancy_ids = sorted({v for _, v, _ in pairs})
    person_at = {p: i for i, p in enumerate(person_ids)}
    vacancy_at = {v: i for i, v in enumerate(vacancy_ids)}
    groups, group_places, group_program = _quota_groups(on, vacancy_ids)
    flags = _priorities(on, person_ids)
    places = dict(open_vacancies(on).filter(id__in=vacancy_ids).values_list("id", "places"))
    problem = AllocationProblem(
        person=np.array([person_at[p] for p, _, _ in pairs], dtype=np.int64),
        vacancy=np.array([vacancy_at[v] for _, v, _ in pairs], dtype=np.int64),
        score=np.clip(np.array([s for _, _, s in pairs], dtype=np.float64), 0, 1),
        priority=priority_weights(
            flags["neet"], flags["rural"], flags["long_term"], weights or PriorityWeights()
        ),
        vacancy_places=np.array([places[v] for v in vacancy_ids], dtype=np.int64),
        vacancy_group=groups.astype(np.int64),
        group_places=group_places,
        group_program=group_program.astype(np.int64),
        program_places=np.full(len(set(group_program.tolist())), -1, dtype=np.int64),
    )
    best, greedy = allocate(problem), allocate_greedy(problem)
    return AllocationResult(
        on=on,
        candidates=len(person_ids),
        places=int(problem.vacancy_places.sum()),
        pairs=len(pairs),
        assignments=[
            Assignment(person_ids[p], vacancy_ids[v], float(s))
            for p, v, s in zip(best.person, best.vacancy, best.score, strict=True)
        ],
        greedy_placed=len(greedy.person),
        objective=best.objective,
        greedy_objective=greedy.objective,
        groups=compare(problem, best, greedy, flags),
        seconds=time.perf_counter() - started,
    )
