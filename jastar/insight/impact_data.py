"""Participants of a program-year and comparable non-participants, as impact ``Unit`` rows.

Participants: everyone enrolled in the program's edition of the year; their features are
the registry as it was at the start of the quarter they applied in, their outcome whether
they were employed 6 and 12 months after they were enrolled. Possible controls: people NEET
at the start of each quarter of the year who never took part in the program, with their
features on that day and their outcome 6 and 12 months after it. An outcome whose date has
not passed yet is unknown (left out of that horizon). A participant registered after their
quarter began has no features for that day and is left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Final

from jastar.core.dates import add_months
from jastar.insight.impact import Unit
from jastar.insight.risk import Snapshot
from jastar.insight.snapshots import History, histories, snapshots, status_on
from jastar.programs.models import Participation, ProgramEdition
from jastar.registry.models import District

QUARTERS: Final = (1, 4, 7, 10)
CAP_MONTHS: Final = 60


def covariates(row: Snapshot, districts: Sequence[str]) -> tuple[float, ...]:
    """Numeric features of a snapshot, the same order for everyone (docs/profiling.md)."""
    since = row.months_since_work_or_study
    return (
        float(row.age),
        float((row.age - 24) ** 2),
        float(row.sex == "F"),
        float(row.education_order or 0),
        float(row.education_order is None),
        float(row.rural),
        float(min(row.months_in_status, CAP_MONTHS)),
        float(since is None),
        float(min(since if since is not None else CAP_MONTHS, CAP_MONTHS)),
        float(row.programs_completed),
        float(row.neet),
        *(float(row.district == code) for code in districts),
    )


def _employed(history: History, on: date, today: date) -> bool | None:
    if on > today:
        return None
    found = status_on(history, on)
    return found is not None and found[0] == "employed"


def _quarter_start(day: date) -> date:
    return date(day.year, ((day.month - 1) // 3) * 3 + 1, 1)


def impact_units(edition: ProgramEdition, today: date) -> list[Unit]:
    """The participants and possible controls of one program edition (see module docs)."""
    districts = list(District.objects.order_by("code").values_list("code", flat=True))
    enrolled = {
        person_id: (applied, started)
        for person_id, applied, started in Participation.objects.filter(
            edition=edition, enrolled_on__isnull=False
        ).values_list("person_id", "applied_on", "enrolled_on")
        if started is not None
    }
    ever = set(
        Participation.objects.filter(edition__program=edition.program).values_list(
            "person_id", flat=True
        )
    )
    known = histories(today)
    units: list[Unit] = []
    for month in QUARTERS:
        start = date(edition.year, month, 1)
        if start > today:
            break
        for row in snapshots(start, today=today, known=known):
            units.extend(_units_of(row, start, enrolled, ever, known, districts, today))
    return units


def _units_of(
    row: Snapshot,
    start: date,
    enrolled: dict[int, tuple[date, date]],
    ever: set[int],
    known: dict[int, History],
    districts: Sequence[str],
    today: date,
) -> list[Unit]:
    history = known.get(row.person_id, [])
    if row.person_id in enrolled:
        applied, started = enrolled[row.person_id]
        if _quarter_start(applied) != start:
            return []
        begin = started
    elif row.neet and row.person_id not in ever:
        begin = start
    else:
        return []
    return [
        Unit(
            person_id=row.person_id,
            treated=row.person_id in enrolled,
            covariates=covariates(row, districts),
            outcome_6=_employed(history, add_months(begin, 6), today),
            outcome_12=_employed(history, add_months(begin, 12), today),
        )
    ]
