"""Program test data, made through the services: editions shipped by migration 0004,
quotas, and participations walked to any status along the lifecycle."""

from __future__ import annotations

from datetime import date
from typing import Any

from jastar.programs import services
from jastar.programs.lifecycle import ParticipationStatus
from jastar.programs.models import Participation, ProgramEdition, ProgramQuota
from jastar.registry.models import EducationLevel, Person
from jastar.registry.tests.factories import aigerim_neet_graduate, district, make_employer

# The days each step is taken on by ``participation_at`` (today is frozen at 2026-06-15).
APPLIED_ON = date(2026, 6, 1)
DECIDED_ON = date(2026, 6, 2)
ENROLLED_ON = date(2026, 6, 3)
PLACED_ON = date(2026, 6, 5)
ENDED_ON = date(2026, 6, 10)
NEXT_STEP_ON = date(2026, 6, 12)
S = ParticipationStatus


def edition(code: str = "youth_practice", year: int = 2026) -> ProgramEdition:
    """A shipped edition (created by migration 0004)."""
    return ProgramEdition.objects.select_related("program").get(program__code=code, year=year)


def open_edition(code: str, year: int = 2026) -> ProgramEdition:
    """A shipped edition with its rules replaced by an age range only (for programs whose
    rules need data the registry lacks, such as vulnerable groups)."""
    rules = [{"type": "age_range", "params": {"min": 14, "max": 35}}]
    return services.edition_update(actor=None, edition=edition(code, year), data={"rules": rules})


def quota(
    edition: ProgramEdition,
    places: int = 10,
    budget_tenge: int = 100_000_000,
    code: str = "karasai",
) -> ProgramQuota:
    return services.quota_set(
        actor=None,
        edition=edition,
        district=district(code),
        places=places,
        budget_tenge=budget_tenge,
    )


def graduate(**overrides: Any) -> Person:
    """Aigerim with her bachelor's degree recorded: eligible for Youth Practice 2026."""
    values: dict[str, Any] = {"education_level": EducationLevel.objects.get(code="bachelor")}
    values.update(overrides)
    return aigerim_neet_graduate(**values)


def applied(
    person: Person | None = None, in_edition: ProgramEdition | None = None, on: date = APPLIED_ON
) -> Participation:
    return services.participation_apply(
        actor=None, person=person or graduate(), edition=in_edition or edition(), on=on
    )


def participation_at(status: str, *, months: int = 6, **kwargs: Any) -> Participation:
    """A participation brought to ``status`` through the services (with a quota if needed)."""
    participation = applied(**kwargs)
    quotas = ProgramQuota.objects.filter(edition=participation.edition)
    if not quotas.filter(district=participation.district).exists():
        quota(participation.edition, code=participation.district.code)
    if status == S.APPLIED:
        return participation
    if status == S.REJECTED:
        return services.participation_decide(
            actor=None,
            participation=participation,
            approve=False,
            reason="Incomplete documents",
            on=DECIDED_ON,
        )
    services.participation_decide(
        actor=None, participation=participation, approve=True, on=DECIDED_ON
    )
    if status == S.APPROVED:
        return participation
    services.participation_enrol(
        actor=None, participation=participation, on=ENROLLED_ON, months=months
    )
    if status == S.DROPPED_OUT:
        return services.participation_drop(
            actor=None, participation=participation, reason="Moved away", on=ENDED_ON
        )
    if status == S.ENROLLED:
        return participation
    place(participation, PLACED_ON)
    if status == S.COMPLETED:
        return services.participation_complete(actor=None, participation=participation, on=ENDED_ON)
    return participation


def place(participation: Participation, start_date: date = NEXT_STEP_ON) -> Participation:
    """Place the participant with a new employer (the placement is recorded by the service)."""
    return services.participation_place(
        actor=None, participation=participation, employer=make_employer(), start_date=start_date
    )
