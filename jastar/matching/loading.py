"""Registry records as the engine's plain inputs (the only module here that reads Django).

Bulk reads: a district's people are three queries (people, their occupation links, program
eligibility through ``jastar.programs``), whatever their number; the open vacancies are
one. The occupation lookup and the geography are reference data, read once per process
and re-read when the reference rows change.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from functools import lru_cache
from typing import Any, Final

from django.db.models import Max, Q, QuerySet

from jastar.matching.features import Geography, PersonInput, VacancyInput
from jastar.matching.occupations import OccupationLookup, OccupationNames
from jastar.programs.eligibility_display import person_eligibility
from jastar.programs.facts import program_histories
from jastar.programs.selectors import edition_list, eligible_not_enrolled
from jastar.registry.models import District, Occupation, Person, Vacancy, VacancyStatus
from jastar.registry.refdata import read_items

_PERSON_FIELDS: Final = (
    "id",
    "district__code",
    "settlement_id",
    "skills",
    "education_level__order",
    "experience_months",
    "expected_salary",
)
_VACANCY_FIELDS: Final = (
    "id",
    "district__code",
    "settlement_id",
    "settlement__is_district_centre",
    "occupation__code",
    "title_kk",
    "title_ru",
    "description_kk",
    "description_ru",
    "education_required__order",
    "experience_months_required",
    "salary_min",
    "salary_max",
    "employment_type",
    "program__code",
    "places",
)


def open_vacancies(on: date) -> QuerySet[Vacancy]:
    """Vacancies that can still be filled on ``on``: open, posted, not past closing."""
    return Vacancy.objects.filter(status=VacancyStatus.OPEN, posted_on__lte=on).filter(
        Q(closes_on__isnull=True) | Q(closes_on__gte=on)
    )


def vacancy_input(row: dict[str, Any]) -> VacancyInput:
    """A VacancyInput from one ``values(*_VACANCY_FIELDS)`` row."""
    return VacancyInput(
        id=row["id"],
        district=row["district__code"],
        settlement=row["settlement_id"],
        at_district_centre=bool(row["settlement__is_district_centre"]),
        occupation=row["occupation__code"] or "",
        title=" ".join(t for t in (row["title_kk"], row["title_ru"]) if t),
        text=" ".join(t for t in (row["description_kk"], row["description_ru"]) if t),
        education_order=row["education_required__order"],
        experience_months=row["experience_months_required"],
        salary_min=row["salary_min"],
        salary_max=row["salary_max"],
        employment_type=row["employment_type"] or "",
        program=row["program__code"] or "",
        places=row["places"],
    )


def vacancy_inputs(vacancies: QuerySet[Vacancy]) -> list[VacancyInput]:
    """The engine's view of ``vacancies``, in id order."""
    rows = vacancies.order_by("id").values(*_VACANCY_FIELDS)
    return [vacancy_input(row) for row in rows.iterator(chunk_size=5000)]


def _occupation_links(people: QuerySet[Person]) -> dict[int, list[str]]:
    """Each person's occupation codes: desired ones first, then those of their skills."""
    found: defaultdict[int, list[str]] = defaultdict(list)
    ids = people.values("id")
    for relation in (Person.desired_occupations, Person.skill_occupations):
        links = relation.through.objects.filter(person_id__in=ids).order_by("person_id", "id")
        for person_id, code in links.values_list("person_id", "occupation__code"):
            if code not in found[person_id]:
                found[person_id].append(code)
    return found


def _names(codes: Iterable[str], names: dict[str, str]) -> str:
    return " ".join(names.get(code, "") for code in codes)


def eligible_programs(
    programs: Sequence[str],
    on: date,
    district: District | None = None,
    *,
    people: Sequence[Person] | None = None,
) -> dict[int, frozenset[str]]:
    """The ``programs`` each person may join on ``on`` (and is not taking part in now).

    For a district (or the region): the programs' rules in bulk, one pass per program.
    For a few ``people``: each one's eligibility as their page shows it.
    """
    if people is not None:
        return _eligible_people(programs, on, people)
    found: defaultdict[int, set[str]] = defaultdict(set)
    for edition in edition_list(year=on.year).filter(program__code__in=programs):
        for person_id in eligible_not_enrolled(edition, on, district):
            found[person_id].add(edition.program.code)
    return {person_id: frozenset(codes) for person_id, codes in found.items()}


def _eligible_people(
    programs: Sequence[str], on: date, people: Sequence[Person]
) -> dict[int, frozenset[str]]:
    wanted = set(programs)
    found: dict[int, frozenset[str]] = {}
    for person in people:
        active = program_histories(on, person=person).get(person.pk)
        taking = active.active if active else frozenset()
        found[person.pk] = frozenset(
            outcome.program_code
            for outcome in person_eligibility(person, on)
            if outcome.eligible and outcome.program_code in wanted - taking
        )
    return found


def person_inputs(
    people: QuerySet[Person], *, eligible: dict[int, frozenset[str]] | None = None
) -> list[PersonInput]:
    """The engine's view of ``people``, in id order; ``eligible`` gives program codes."""
    links = _occupation_links(people)
    eligible = eligible or {}
    names = occupation_names()
    result = []
    for row in people.order_by("id").values(*_PERSON_FIELDS).iterator(chunk_size=5000):
        codes = tuple(links.get(row["id"], ()))
        result.append(
            PersonInput(
                id=row["id"],
                district=row["district__code"],
                settlement=row["settlement_id"],
                occupations=codes,
                text=" ".join(t for t in (row["skills"], _names(codes, names)) if t),
                skills=row["skills"],
                education_order=row["education_level__order"],
                experience_months=row["experience_months"],
                expected_salary=row["expected_salary"],
                eligible_programs=eligible.get(row["id"], frozenset()),
            )
        )
    return result


def reference_version() -> tuple[object, ...]:
    """Changes whenever occupations or districts change (for caches)."""
    occupations = Occupation.objects.aggregate(n=Max("id"), at=Max("updated_at"))
    districts = District.objects.aggregate(n=Max("id"), at=Max("updated_at"))
    return (occupations["n"], occupations["at"], districts["n"], districts["at"])


@lru_cache(maxsize=2)
def _occupation_data(version: tuple[object, ...]) -> tuple[dict[str, str], OccupationLookup]:
    synonyms: defaultdict[str, list[str]] = defaultdict(list)
    for item in read_items("occupation_synonyms.json"):
        synonyms[item["code"]].extend(item["terms"])
    names: dict[str, str] = {}
    entries = []
    for occupation in Occupation.objects.filter(level__gte=4).order_by("code"):
        titles = [occupation.name_kk, occupation.name_ru, occupation.name_en]
        names[occupation.code] = " ".join(t for t in titles[:2] if t)
        all_names = tuple(t for t in (*titles, *synonyms.get(occupation.code, ())) if t)
        entries.append(OccupationNames(occupation.code, all_names))
    return names, OccupationLookup(entries)


def occupation_names() -> dict[str, str]:
    """Unit-group code -> its Kazakh and Russian titles (for a person's text)."""
    return _occupation_data(reference_version())[0]


def occupation_lookup() -> OccupationLookup:
    """The lookup over every unit group's titles and synonyms (cached per process)."""
    return _occupation_data(reference_version())[1]


def geography() -> Geography:
    """Which district borders which."""
    links = District.neighbours.through.objects.values_list(
        "from_district__code", "to_district__code"
    )
    found: defaultdict[str, set[str]] = defaultdict(set)
    for source, target in links:
        found[source].add(target)
    return Geography({code: frozenset(others) for code, others in found.items()})
