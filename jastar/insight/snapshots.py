"""What the registry knew about every young person on a date, for the risk model.

Builds :class:`~jastar.insight.risk.Snapshot` rows in bulk from the status histories (one
query), the people (one), and the program histories (two): the status in force on the
reference date and since when, how long since the person last worked or studied, their
programs, and, when the date twelve months later has passed, whether they were NEET then
(the label). Nothing here decides anything about a person; it only reads.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import Final

from django.db.models import Count

from jastar.core.dates import add_months, months_between
from jastar.insight.models import ContactAttempt
from jastar.insight.risk import Snapshot
from jastar.programs.facts import ProgramHistory, program_histories
from jastar.registry.models import Area, Person, PersonStatusChange
from jastar.registry.models.people import NEET_STATUSES
from jastar.registry.rules import age_on, years_before

HORIZON_MONTHS: Final = 12
_ACTIVE: Final = frozenset({"employed", "in_education", "in_training"})
_NEET: Final = frozenset(str(s) for s in NEET_STATUSES)

History = list[tuple[date, str]]


def histories(until: date) -> dict[int, History]:
    found: defaultdict[int, History] = defaultdict(list)
    rows = PersonStatusChange.objects.filter(valid_from__lte=until).order_by(
        "person_id", "valid_from", "id"
    )
    for person_id, valid_from, status in rows.values_list("person_id", "valid_from", "status"):
        found[person_id].append((valid_from, status))
    return found


def status_on(history: History, on: date) -> tuple[str, date] | None:
    """The status in force on ``on`` and the day that run of it began."""
    position = bisect_right([day for day, _ in history], on) - 1
    if position < 0:
        return None
    status = history[position][1]
    start = position
    while start > 0 and history[start - 1][1] == status:
        start -= 1
    return status, history[start][0]


def _last_active(history: History, on: date) -> date | None:
    """The last day on or before ``on`` the person was employed or studying."""
    last = None
    for index, (day, status) in enumerate(history):
        if day > on:
            break
        if status in _ACTIVE:
            following = history[index + 1][0] if index + 1 < len(history) else None
            last = on if following is None or following > on else following
    return last


def _contacts(on: date) -> dict[int, int]:
    """Contact attempts per person in the year up to ``on``."""
    rows = ContactAttempt.objects.filter(on__gt=years_before(on, 1), on__lte=on)
    return dict(rows.values("person_id").annotate(n=Count("id")).values_list("person_id", "n"))


def snapshots(
    on: date,
    *,
    today: date,
    district_id: int | None = None,
    known: Mapping[int, History] | None = None,
) -> Iterator[Snapshot]:
    """Every person of youth age registered by ``on``, as the registry knew them then.

    The label (NEET twelve months later) is set only when that date is not after ``today``.
    ``known`` are the status histories up to ``today`` when the caller has read them.
    """
    later = add_months(on, HORIZON_MONTHS)
    if known is None:  # a caller taking several snapshots passes the histories it read
        known = histories(max(on, later) if later <= today else on)
    programs = program_histories(on)
    contacts = _contacts(on)
    people = Person.objects.filter(
        registered_on__lte=on,
        birth_date__gt=years_before(on, 36),
        birth_date__lte=years_before(on, 14),
    )
    if district_id is not None:
        people = people.filter(district_id=district_id)
    fields = (
        "id", "birth_date", "sex", "education_level__order", "field_of_study__code",
        "district__code", "area",
    )  # fmt: skip
    for row in people.order_by("id").values_list(*fields).iterator(chunk_size=10_000):
        snapshot = _snapshot(row, known.get(row[0], []), programs, on, later, today)
        if snapshot is not None and row[0] in contacts:
            snapshot = replace(snapshot, contacts_last_year=contacts[row[0]])
        if snapshot is not None:
            yield snapshot


def _snapshot(
    row: Sequence[object],
    history: History,
    programs: Mapping[int, ProgramHistory],
    on: date,
    later: date,
    today: date,
) -> Snapshot | None:
    person_id, birth, sex, order, field, district, area = row
    assert isinstance(person_id, int) and isinstance(birth, date)  # noqa: S101 (typed values)
    now = status_on(history, on)
    if now is None:
        return None
    status, since = now
    last = _last_active(history, on)
    then = status_on(history, later) if later <= today else None
    history_of = programs.get(person_id)
    return Snapshot(
        person_id=person_id,
        age=age_on(birth, on),
        sex=str(sex),
        education_order=order if isinstance(order, int) else None,
        field_broad=str(field or "")[:2],
        district=str(district),
        rural=area == Area.RURAL,
        status=status,
        months_in_status=months_between(since, on),
        months_since_work_or_study=None if last is None else months_between(last, on),
        programs_completed=len(history_of.completed) if history_of else 0,
        programs_active=len(history_of.active) if history_of else 0,
        contacts_last_year=0,
        neet=status in _NEET,
        label=None if then is None else then[0] in _NEET,
    )
