"""Shared test data of the talent reserve: an intake with two criteria, and the officers."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.models import User

from jastar.accounts.models import Role
from jastar.accounts.services import account_assign
from jastar.community.talent import services
from jastar.community.talent.models import Criterion, Intake, Membership, Nomination
from jastar.registry.models import Person
from jastar.registry.tests.factories import district, make_person


def make_user(username: str, role: str | None = None, **links: Any) -> User:
    """As ``jastar.accounts.tests.factories.make_user``, without a password (tests log in
    with ``force_login``): hashing one takes most of a test's time."""
    user = User.objects.create(username=username)
    if role is not None:
        account_assign(actor=None, user=user, role=role, **links)
    return user


def officer(username: str = "talgat") -> User:
    return make_user(username, Role.REGIONAL_OFFICER)


def case_worker(username: str = "aliya", code: str = "karasai") -> User:
    return make_user(username, Role.CASE_WORKER, district=district(code))


def analyst(username: str = "dana") -> User:
    return make_user(username, Role.ANALYST)


def intake_2025(places: int = 25) -> Intake:
    return services.intake_create(
        actor=None,
        year=2025,
        title="Talent reserve 2025",
        opens_on=date(2025, 2, 1),
        closes_on=date(2025, 3, 31),
        places=places,
    )


def criteria(intake: Intake) -> tuple[Criterion, Criterion]:
    leadership = services.criterion_add(
        actor=None,
        intake=intake,
        name_kk="Көшбасшылық",
        name_ru="Лидерство",
        name_en="Leadership",
        weight=2,
        max_score=10,
    )
    education = services.criterion_add(
        actor=None,
        intake=intake,
        name_kk="Білімі",
        name_ru="Образование",
        name_en="Education",
        weight=1,
        max_score=5,
    )
    return leadership, education


def nominee(intake: Intake, person: Person | None = None, **overrides: Any) -> Nomination:
    values: dict[str, Any] = {
        "nominated_by": "Қарасай ауданының әкімдігі",
        "nominated_on": date(2025, 2, 10),
        "position": "Бас маман",
    }
    values.update(overrides)
    return services.nominate(actor=None, intake=intake, person=person or make_person(), **values)


def member(code: str = "karasai") -> Membership:
    intake = intake_2025()
    leadership, _education = criteria(intake)
    nomination = nominee(intake, make_person(district=district(code)))
    services.score_record(actor=None, nomination=nomination, criterion=leadership, score=8)
    (membership,) = services.selection_decide(actor=None, intake=intake, starts_on=date(2025, 5, 1))
    return membership
