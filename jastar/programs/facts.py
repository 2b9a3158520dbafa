"""Loading what the eligibility rules may know about people (:class:`PersonFacts`).

One person for an application (:func:`person_facts`), or many in bulk for lists
(:func:`facts_from_row` over ``Person.objects.values(*PERSON_FACT_FIELDS)`` plus
:func:`program_histories`), so a region-wide check is three queries, not one per person:
people, participations, and the person–vulnerable-group links.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from jastar.programs.eligibility import PersonFacts
from jastar.programs.lifecycle import ACTIVE_STATUSES, ParticipationStatus
from jastar.programs.models import Participation
from jastar.registry.models import District, Person

# The Person columns a PersonFacts is built from, for ``values()``.
PERSON_FACT_FIELDS: Final = (
    "id",
    "birth_date",
    "sex",
    "status",
    "status_since",
    "area",
    "district__code",
    "education_level__code",
    "education_level__order",
    "graduation_year",
    "field_of_study__code",
    "experience_months",
)

NO_GROUPS: Final[frozenset[str]] = frozenset()


@dataclass(frozen=True)
class ProgramHistory:
    """The program codes a person has completed, and those they are taking part in now.

    It also carries the person's vulnerable-group codes: like the history, they are not
    columns of the Person row and are loaded in bulk alongside it.
    """

    completed: frozenset[str] = frozenset()
    active: frozenset[str] = frozenset()
    groups: frozenset[str] = frozenset()


_NO_HISTORY: Final = ProgramHistory()


def facts_from_row(row: Mapping[str, Any], history: ProgramHistory | None = None) -> PersonFacts:
    """PersonFacts from one ``values(*PERSON_FACT_FIELDS)`` row and the program history."""
    history = history or _NO_HISTORY
    return PersonFacts(
        birth_date=row["birth_date"],
        sex=row["sex"],
        status=row["status"],
        status_since=row["status_since"],
        area=row["area"],
        district_code=row["district__code"],
        education_level_code=row["education_level__code"],
        education_order=row["education_level__order"],
        graduation_year=row["graduation_year"],
        field_code=row["field_of_study__code"],
        experience_months=row["experience_months"],
        groups=history.groups,
        completed_programs=history.completed,
        active_programs=history.active,
    )


def _history_on(status: str, ended_on: date | None, decided_on: date | None, on: date) -> str:
    """Whether a participation applied for by ``on`` is "completed" or "active" on ``on``
    ("" when neither)."""
    if status == ParticipationStatus.COMPLETED and ended_on is not None and ended_on <= on:
        return "completed"
    # A participation that ended (or was rejected) after ``on`` was still running then.
    end = decided_on if status == ParticipationStatus.REJECTED else ended_on
    if status in ACTIVE_STATUSES or (end is not None and end > on):
        return "active"
    return ""


def _participation_kinds(
    on: date, person: Person | None, district: District | None
) -> dict[str, defaultdict[int, set[str]]]:
    rows = Participation.objects.filter(applied_on__lte=on)
    if person is not None:
        rows = rows.filter(person=person)
    if district is not None:
        rows = rows.filter(person__district=district)
    found: dict[str, defaultdict[int, set[str]]] = {
        "completed": defaultdict(set),
        "active": defaultdict(set),
    }
    for person_id, code, status, ended_on, decided_on in rows.values_list(
        "person_id", "edition__program__code", "status", "ended_on", "decided_on"
    ):
        kind = _history_on(status, ended_on, decided_on, on)
        if kind:
            found[kind][person_id].add(code)
    return found


def group_codes(
    *, person: Person | None = None, district: District | None = None
) -> dict[int, frozenset[str]]:
    """Each person's vulnerable-group codes (people in no group are left out).

    One query over the many-to-many table, limited to ``person`` or to people now living
    in ``district`` when given.
    """
    links = Person.vulnerable_groups.through.objects.all()
    if person is not None:
        links = links.filter(person=person)
    if district is not None:
        links = links.filter(person__district=district)
    found: defaultdict[int, set[str]] = defaultdict(set)
    for person_id, code in links.values_list("person_id", "vulnerablegroup__code"):
        found[person_id].add(code)
    return {person_id: frozenset(codes) for person_id, codes in found.items()}


def program_histories(
    on: date, *, person: Person | None = None, district: District | None = None
) -> dict[int, ProgramHistory]:
    """Each person's program history on ``on``, with their vulnerable groups (people with
    neither are left out).

    A program is completed when a participation was completed by ``on``, and active when
    one had been applied for by ``on`` and had not ended (nor been rejected) by then. Two
    queries (participations, group links), limited to ``person`` or to people now living
    in ``district`` when given. Groups are the person's as recorded now.
    """
    found = _participation_kinds(on, person, district)
    completed, active = found["completed"], found["active"]
    groups = group_codes(person=person, district=district)
    return {
        person_id: ProgramHistory(
            frozenset(completed.get(person_id, ())),
            frozenset(active.get(person_id, ())),
            groups.get(person_id, NO_GROUPS),
        )
        for person_id in completed.keys() | active.keys() | groups.keys()
    }


def person_facts(person: Person, on: date) -> PersonFacts:
    """What the rules know about ``person`` on ``on``: the registry record as it is now
    (vulnerable groups included), and the programs completed or active on ``on``."""
    row = Person.objects.filter(pk=person.pk).values(*PERSON_FACT_FIELDS).get()
    return facts_from_row(row, program_histories(on, person=person).get(person.pk))
