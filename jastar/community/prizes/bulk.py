"""Export lists of youth prizes and grants (jastar.bulk.registry); nothing is imported.

- ``prize_applicants``: applications with their jury results (mean score, jurors, rank,
  amount when won);
- ``prize_winners``: the winners with their amounts in MRP and tenge and payment dates.

Names and IINs are personal columns: without personal data the person's record id is
written instead. Rows are those of the people the user reaches.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from jastar.bulk.exports import (
    PERSON_RECORD_ID,
    Getter,
    KindSpec,
    Names,
    field_getter,
)
from jastar.bulk.registry import BulkKind
from jastar.bulk.schema import Column, Schema
from jastar.community.prizes.models import Application, Award, Prize, PrizeApplicationStatus
from jastar.core.access import AnyUser, related_to_people_for
from jastar.registry.models import District

APPLICANTS = "prize_applicants"
WINNERS = "prize_winners"

_IIN = Column("iin", _("IIN"), ("ИИН", "ЖСН"), personal=True)
_NAME = Column("full_name", _("Full name"), ("ФИО", "Аты-жөні"), personal=True)
_DISTRICT = Column("district", _("District"), ("Район", "Аудан"))
_PRIZE = Column("prize", _("Prize or grant"), ("Премия", "Сыйлық"))
_YEAR = Column("year", _("Year"), ("Год", "Жыл"))
_PROJECT = Column("project_title", _("Project title"), ("Название проекта", "Жоба атауы"))
_RANK = Column("rank", _("Rank"), ("Место", "Орын"))
_TENGE = Column("amount_tenge", _("Amount, ₸"), ("Сумма, ₸", "Сомасы, ₸"))

APPLICANTS_SCHEMA = Schema(
    APPLICANTS,
    (
        _IIN,
        _NAME,
        _DISTRICT,
        _PRIZE,
        _YEAR,
        _PROJECT,
        Column("category", _("Nomination"), ("Номинация", "Номинация")),
        Column("submitted_on", _("Submitted on"), ("Дата подачи", "Берілген күні")),
        Column("status", _("Status"), ("Статус", "Мәртебесі")),
        Column("reject_reason", _("Reason for rejection"), ("Причина отказа", "Бас тарту себебі")),
        Column("score_mean", _("Mean score"), ("Средний балл", "Орташа балл")),
        Column("jurors", _("Jurors who scored"), ("Членов жюри", "Қазылар саны")),
        _RANK,
        _TENGE,
    ),
)

WINNERS_SCHEMA = Schema(
    WINNERS,
    (
        _IIN,
        _NAME,
        _DISTRICT,
        _PRIZE,
        _YEAR,
        _PROJECT,
        _RANK,
        Column("amount_mrp", _("Amount, MRP"), ("Сумма, МРП", "Сомасы, АЕК")),
        _TENGE,
        Column("decided_on", _("Decided on"), ("Дата решения", "Шешім күні")),
        Column("paid_on", _("Paid on"), ("Дата выплаты", "Төленген күні")),
    ),
)


def _person(path: str) -> dict[str, Getter]:
    """The person's columns, reached through ``path`` (``""`` or ``"application__"``)."""

    def person_of(obj: Any) -> Any:
        return obj.application.person if path else obj.person

    return {
        PERSON_RECORD_ID.key: Getter(
            (f"{path}person",), lambda obj, names: person_of(obj).pk, (f"{path}person",)
        ),
        "iin": Getter((f"{path}person__iin",), lambda o, n: person_of(o).iin, (f"{path}person",)),
        "full_name": Getter(
            (f"{path}person__last_name", f"{path}person__first_name", f"{path}person__patronymic"),
            lambda obj, names: person_of(obj).full_name,
            (f"{path}person",),
        ),
    }


def _call(path: str) -> dict[str, Getter]:
    def call_of(obj: Any) -> Any:
        return obj.application.call if path else obj.call

    related = (f"{path}call",)
    return {
        "prize": Getter(
            (f"{path}call__prize",), lambda o, names: names.of(Prize, call_of(o).prize_id), related
        ),
        "year": Getter((f"{path}call__year",), lambda o, names: call_of(o).year, related),
    }


def _award_value(application: Application, field: str) -> Any:
    award = getattr(application, "award", None)
    return None if award is None else getattr(award, field)


def _status(application: Application, names: Names) -> str:
    return names.label(PrizeApplicationStatus, application.status)


def _decimal(value: Any) -> str | None:
    return None if value is None else str(value)


_APPLICANTS: dict[str, Getter] = {
    **_person(""),
    **_call(""),
    "district": Getter(("district",), lambda o, names: names.of(District, o.district_id)),
    **{key: field_getter(key) for key in ("project_title", "category", "submitted_on", "jurors")},
    "reject_reason": field_getter("reject_reason"),
    "status": Getter(("status",), _status),
    "score_mean": Getter(("score_mean",), lambda o, names: _decimal(o.score_mean)),
    "rank": Getter(("award__rank",), lambda o, names: _award_value(o, "rank"), ("award",)),
    "amount_tenge": Getter(
        ("award__amount_tenge",), lambda o, names: _award_value(o, "amount_tenge"), ("award",)
    ),
}

_WINNERS: dict[str, Getter] = {
    **_person("application__"),
    **_call("application__"),
    "district": Getter(
        ("application__district",),
        lambda o, names: names.of(District, o.application.district_id),
        ("application",),
    ),
    "project_title": Getter(
        ("application__project_title",), lambda o, n: o.application.project_title, ("application",)
    ),
    **{key: field_getter(key) for key in ("rank", "amount_tenge", "decided_on", "paid_on")},
    "amount_mrp": Getter(("amount_mrp",), lambda o, names: _decimal(o.amount_mrp)),
}


def _application_person(application: Application) -> tuple[int, str]:
    return application.person_id, application.person.iin


def _award_person(award: Award) -> tuple[int, str]:
    return award.application.person_id, award.application.person.iin


def _awards_in_scope(user: AnyUser, rows: QuerySet[Any]) -> QuerySet[Any]:
    return related_to_people_for(user, rows, "application__person__")


BULK_KINDS: tuple[BulkKind, ...] = (
    BulkKind(
        kind=APPLICANTS,
        label=_("Prize and grant applications"),
        schema=APPLICANTS_SCHEMA,
        export=KindSpec(
            APPLICANTS_SCHEMA,
            Application,
            _APPLICANTS,
            pseudonym=PERSON_RECORD_ID,
            person=_application_person,
            date_field="submitted_on",
            scope=related_to_people_for,
        ),
        personal=True,
    ),
    BulkKind(
        kind=WINNERS,
        label=_("Prize and grant winners"),
        schema=WINNERS_SCHEMA,
        export=KindSpec(
            WINNERS_SCHEMA,
            Award,
            _WINNERS,
            pseudonym=PERSON_RECORD_ID,
            person=_award_person,
            date_field="decided_on",
            district_field="application__district",
            scope=_awards_in_scope,
        ),
        personal=True,
    ),
)
