"""Reads of matching: a person's best vacancies and programs, a vacancy's best candidates,
occupations by name, and batch runs.

A person's vacancies are computed live against this process's engine (tens of
milliseconds), so a page always reflects the records as they are; a vacancy's candidates
come from the stored lists (kept current by ``services.refresh``) and are explained afresh.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
from django.db.models import QuerySet
from django.utils.translation import gettext, ngettext

from jastar.matching.batch import recommend
from jastar.matching.engine import Engine, People
from jastar.matching.engines import current_engine
from jastar.matching.loading import eligible_programs, occupation_lookup, person_inputs
from jastar.matching.models import Match, MatchKind, MatchRun
from jastar.matching.occupations import OccupationHit
from jastar.matching.programs import ProgramOption, rank_programs
from jastar.matching.reasons import Reason, reasons
from jastar.matching.scoring import explain
from jastar.programs.eligibility import ProgramEligibility
from jastar.programs.eligibility_display import display_editions, person_eligibility
from jastar.programs.facts import program_histories
from jastar.programs.models import ProgramEdition, ProgramQuota
from jastar.programs.selectors import quota_usage
from jastar.registry.models import Occupation, Person, Vacancy


@dataclass(frozen=True)
class VacancyMatch:
    """A vacancy recommended to a person, with its score (0..1) and reasons."""

    vacancy: Vacancy
    score: float
    reasons: list[Reason]


@dataclass(frozen=True)
class CandidateMatch:
    """A person recommended for a vacancy, with their score (0..1) and reasons."""

    person: Person
    score: float
    reasons: list[Reason]


def _encoded(
    engine: Engine,
    people: QuerySet[Person],
    on: date,
    eligible: dict[int, frozenset[str]] | None = None,
) -> tuple[list[int], People]:
    if eligible is None:
        eligible = (
            eligible_programs(engine.programs, on, people=list(people)) if engine.programs else {}
        )
    inputs = person_inputs(people, eligible=eligible)
    return [p.id for p in inputs], engine.encode_people(inputs)


def person_recommendations(
    person: Person, on: date, *, limit: int = 10, eligible: frozenset[str] | None = None
) -> list[VacancyMatch]:
    """The vacancies open on ``on`` that suit ``person`` best, best first, with reasons."""
    engine = current_engine(on)
    known = None if eligible is None else {person.pk: eligible}
    ids, encoded = _encoded(engine, Person.objects.filter(pk=person.pk), on, known)
    if not ids:
        return []
    rows, scores = recommend(engine, encoded, 0, limit)
    vacancy_ids = [int(engine.vacancies.ids[r]) for r in rows]
    found = Vacancy.objects.select_related(
        "employer", "district", "settlement", "occupation", "program"
    ).in_bulk(vacancy_ids)
    explained = explain(engine, encoded, 0, rows)
    return [
        VacancyMatch(found[v], round(float(s), 4), reasons(items))
        for v, s, items in zip(vacancy_ids, scores.tolist(), explained, strict=True)
        if v in found
    ]


def vacancy_candidates(vacancy: Vacancy, on: date, *, limit: int = 10) -> list[CandidateMatch]:
    """The best candidates for ``vacancy`` from the stored lists, explained afresh (empty
    before a first batch run, or when the vacancy is not open)."""
    engine = current_engine(on)
    row = engine.row_of.get(vacancy.pk)
    if row is None:
        return []
    stored = Match.objects.filter(kind=MatchKind.CANDIDATE, vacancy=vacancy).order_by(
        "-score", "person_id"
    )
    person_ids = list(stored.values_list("person_id", flat=True)[:limit])
    people = Person.objects.filter(pk__in=person_ids)
    ids, encoded = _encoded(engine, people, on)
    found = people.select_related("district", "settlement", "education_level").in_bulk(ids)
    result = []
    for position, person_id in enumerate(ids):
        items = explain(engine, encoded, position, np.array([row]))[0]
        score = sum(i.contribution for i in items)
        result.append(CandidateMatch(found[person_id], round(score, 4), reasons(items)))
    return sorted(result, key=lambda c: (-c.score, c.person.pk))


@dataclass(frozen=True)
class OccupationResult:
    """An occupation a text names: the classifier entry and the lookup's hit."""

    occupation: Occupation
    score: float
    matched: str


def occupation_search(text: str, *, limit: int = 5) -> list[OccupationResult]:
    """Occupations whose names are closest to ``text`` (any language or script)."""
    hits: list[OccupationHit] = occupation_lookup().lookup(text, limit=limit)
    found = Occupation.objects.in_bulk([h.code for h in hits], field_name="code")
    return [OccupationResult(found[h.code], h.score, h.matched) for h in hits if h.code in found]


def run_list() -> QuerySet[MatchRun]:
    """Batch runs, newest first."""
    return MatchRun.objects.select_related("district").order_by("-created_at")


@dataclass(frozen=True)
class ProgramMatch:
    """A program suggested to a person: score, eligibility outcome and reasons."""

    edition: ProgramEdition
    score: float
    eligibility: ProgramEligibility
    places_left: int | None
    program_places_nearby: int
    reasons: list[str]
    may_join: bool = False  # eligible and not taking part already


def _places_left(edition: ProgramEdition, person: Person, on: date) -> int | None:
    quota = ProgramQuota.objects.filter(edition=edition, district_id=person.district_id).first()
    if quota is None:
        return None
    return max(quota.places - quota_usage(edition, person.district, today=on).places_used, 0)


def _program_reason(code: str, option: ProgramOption) -> str:
    if code == "eligible":
        return gettext("Meets every condition of the program")
    if code == "places_left":
        count = option.places_left or 0
        return ngettext(
            "%(count)s place left in the person's district",
            "%(count)s places left in the person's district",
            count,
        ) % {"count": count}
    if code == "no_quota":
        return gettext("No quota limit is set for the person's district")
    if code == "no_places_left":
        return gettext("No places left in the person's district this year")
    count = option.program_places_nearby
    return ngettext(
        "%(count)s program place nearby suits the person (best %(share)s)",
        "%(count)s program places nearby suit the person (best %(share)s)",
        count,
    ) % {"count": count, "share": f"{round(option.best_place_score * 100)}%"}


def eligible_codes(matches: list[ProgramMatch]) -> frozenset[str]:
    """The programs a person may join now, from their :func:`program_recommendations`."""
    return frozenset(m.edition.program.code for m in matches if m.may_join)


def program_recommendations(person: Person, on: date) -> list[ProgramMatch]:
    """The current programs for ``person``, the ones to suggest first at the top."""
    editions = {e.program.code: e for e in display_editions(on)}
    outcomes = {
        o.program_code: o for o in person_eligibility(person, on, editions=list(editions.values()))
    }
    taking = program_histories(on, person=person).get(person.pk)
    eligible = frozenset(
        code
        for code, outcome in outcomes.items()
        if outcome.eligible and not (taking and code in taking.active)
    )
    nearby = _program_places(person, on, eligible)
    options = [
        ProgramOption(
            code,
            outcomes[code].eligible,
            _places_left(edition, person, on),
            len(nearby.get(code, [])),
            max(nearby.get(code, [0.0])),
        )
        for code, edition in editions.items()
        if code in outcomes
    ]
    return [
        ProgramMatch(
            editions[r.option.code],
            r.score,
            outcomes[r.option.code],
            r.option.places_left,
            r.option.program_places_nearby,
            [_program_reason(code, r.option) for code in r.reasons],
            may_join=r.option.code in eligible,
        )
        for r in rank_programs(options)
    ]


def _program_places(person: Person, on: date, eligible: frozenset[str]) -> dict[str, list[float]]:
    """Scores of the open program places ``person`` may be offered, by program code."""
    engine = current_engine(on)
    if not engine.programs:
        return {}
    people = Person.objects.filter(pk=person.pk)
    ids, encoded = _encoded(engine, people, on, {person.pk: eligible})
    if not ids:
        return {}
    rows, scores = recommend(engine, encoded, 0, len(engine.row_of))
    found: dict[str, list[float]] = {}
    for row, score in zip(rows.tolist(), scores.tolist(), strict=True):
        code = engine.records[int(engine.vacancies.ids[row])].program
        if code:
            found.setdefault(code, []).append(round(float(score), 4))
    return found
