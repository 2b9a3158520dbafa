"""Prizes, calls, applications and jurors for the tests of youth prizes and grants."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User

from jastar.accounts.models import Role
from jastar.accounts.tests.factories import make_user
from jastar.community.prizes.models import Application, Call, Prize, PrizeKind
from jastar.community.prizes.services import (
    application_screen,
    application_submit,
    call_open,
    jury_score_record,
    prize_create,
)
from jastar.registry.models import Person

OPENS = date(2025, 3, 1)
CLOSES = date(2025, 4, 30)
APPLIED = date(2025, 3, 10)
SCREENED = date(2025, 5, 2)
SCORED = date(2025, 5, 10)
DECIDED = date(2025, 5, 20)


def zangar() -> Prize:
    return prize_create(
        actor=None,
        code="zangar",
        name_kk="«Заңғар» жастар сыйлығы",
        name_ru="Молодёжная премия «Заңғар»",
        name_en="Zañğar youth prize",
        kind=PrizeKind.PRIZE,
    )


def zangar_2025(**overrides: Any) -> Call:
    values: dict[str, Any] = {
        "prize": overrides.pop("prize", None) or zangar(),
        "year": 2025,
        "opens_on": OPENS,
        "closes_on": CLOSES,
        "places": 2,
        "amount_mrp": Decimal("100"),
    }
    values.update(overrides)
    return call_open(actor=None, **values)


def apply(call: Call, person: Person, on: date = APPLIED, title: str = "Жоба") -> Application:
    return application_submit(
        actor=None, call=call, person=person, on=on, project_title=title, summary="Қысқаша"
    )


def eligible(call: Call, person: Person, on: date = APPLIED) -> Application:
    application = apply(call, person, on)
    return application_screen(actor=None, application=application, eligible=True, on=SCREENED)


def jurors(count: int = 2) -> list[User]:
    return [make_user(f"juror{i}", Role.REGIONAL_OFFICER) for i in range(count)]


def score(application: Application, marks: list[int], panel: list[User]) -> None:
    for juror, mark in zip(panel, marks, strict=False):
        jury_score_record(actor=juror, application=application, score=mark, on=SCORED)
