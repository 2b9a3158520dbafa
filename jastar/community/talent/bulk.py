"""Import and export lists of this part (jastar.bulk.registry): export only.

- ``talent_members``: reserve members, with their trainings' hours and appointments;
- ``talent_nominees``: nominations, with their weighted scores.

IIN and name are personal columns: users who may not see personal data (analysts) get the
person's record id instead.
"""

from __future__ import annotations

from typing import Any, Final

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jastar.bulk.exports import (
    PERSON_RECORD_ID,
    Getter,
    KindSpec,
    Names,
    choice_getter,
    field_getter,
    related_getter,
)
from jastar.bulk.registry import BulkKind
from jastar.bulk.schema import Column, Schema
from jastar.community.talent import ranking
from jastar.community.talent.models import (
    Membership,
    MembershipStatus,
    Nomination,
    NominationStatus,
)
from jastar.core.access import related_to_people_for
from jastar.registry.models import District

MEMBERS = "talent_members"
NOMINEES = "talent_nominees"

_IIN = Column("iin", _("IIN"), ("ИИН", "ЖСН"), personal=True)
_NAME = Column("full_name", _("Full name"), ("ФИО", "Аты-жөні"), personal=True)
_DISTRICT = Column("district", _("District"), ("Район", "Аудан"))
_INTAKE = Column("intake", _("Intake year"), ("Год набора", "Іріктеу жылы"))

MEMBERS_SCHEMA: Final = Schema(
    MEMBERS,
    (
        _IIN,
        _NAME,
        _DISTRICT,
        _INTAKE,
        Column("starts_on", _("Member from"), ("Член резерва с", "Резерв мүшесі")),
        Column("ends_on", _("Member until"), ("Член резерва до", "Мүшелік аяқталады")),
        Column("status", _("Status"), ("Статус", "Мәртебесі")),
        Column("training_hours", _("Training hours"), ("Часы обучения", "Оқу сағаттары")),
        Column("appointments", _("Appointments"), ("Назначения", "Тағайындаулар")),
        Column("leading_post", _("Appointed to a leading post"), ("Руководящая должность",)),
    ),
)

NOMINEES_SCHEMA: Final = Schema(
    NOMINEES,
    (
        _IIN,
        _NAME,
        _DISTRICT,
        _INTAKE,
        Column("nominated_by", _("Nominated by"), ("Кем выдвинут", "Ұсынған ұйым")),
        Column("nominated_on", _("Nominated on"), ("Дата выдвижения", "Ұсынылған күні")),
        Column("position", _("Current post"), ("Должность", "Лауазымы")),
        Column("status", _("Status"), ("Статус", "Мәртебесі")),
        Column("score", _("Weighted score, %"), ("Взвешенный балл, %", "Салмақталған балл, %")),
        Column("scorers", _("Scores given"), ("Оценок", "Бағалар саны")),
    ),
)


def _person_district(obj: Any, names: Names) -> str:
    return names.of(District, obj.person.district_id)


def _yes_no(value: bool, names: Names) -> str:
    from django.utils import translation

    with translation.override(names.language):
        return gettext("yes") if value else gettext("no")


def _appointments(membership: Membership) -> str:
    return "; ".join(
        f"{a.post}, {a.organisation}, {a.appointed_on:%d.%m.%Y}"
        for a in membership.appointments.order_by("appointed_on", "pk")
    )


def _score(nomination: Nomination) -> str:
    scores = nomination.scores.select_related("criterion")
    terms = {
        s.criterion_id: ranking.CriterionTerms(
            s.criterion_id, s.criterion.weight, s.criterion.max_score
        )
        for s in scores
    }
    given = [ranking.ScoreGiven(s.criterion_id, s.score) for s in scores]
    found = ranking.weighted_score(given, terms)
    return "" if found is None else f"{found:.2f}"


_PERSON: Final[dict[str, Getter]] = {
    PERSON_RECORD_ID.key: Getter(("person",), lambda obj, names: obj.person_id),
    "iin": related_getter("person__iin", lambda person: person.iin),
    "full_name": Getter(
        ("person__last_name", "person__first_name", "person__patronymic"),
        lambda obj, names: obj.person.full_name,
        ("person",),
    ),
    "district": Getter(("person__district",), _person_district, ("person",)),
    "intake": related_getter("intake__year", lambda intake: intake.year),
}

_MEMBERS: Final[dict[str, Getter]] = {
    **_PERSON,
    "starts_on": field_getter("starts_on"),
    "ends_on": field_getter("ends_on"),
    "status": choice_getter("status", MembershipStatus),
    "training_hours": Getter((), lambda m, names: sum(m.trainings.values_list("hours", flat=True))),
    "appointments": Getter((), lambda m, names: _appointments(m)),
    "leading_post": Getter(
        (), lambda m, names: _yes_no(m.appointments.filter(leading_post=True).exists(), names)
    ),
}

_NOMINEES: Final[dict[str, Getter]] = {
    **_PERSON,
    "nominated_by": field_getter("nominated_by"),
    "nominated_on": field_getter("nominated_on"),
    "position": field_getter("position"),
    "status": choice_getter("status", NominationStatus),
    "score": Getter(("intake",), lambda n, names: _score(n)),
    "scorers": Getter((), lambda n, names: n.scores.count()),
}


def _person_of(obj: Any) -> tuple[int, str]:
    return obj.person_id, obj.person.iin


BULK_KINDS: tuple[BulkKind, ...] = (
    BulkKind(
        kind=MEMBERS,
        label=_("Talent reserve members"),
        schema=MEMBERS_SCHEMA,
        export=KindSpec(
            MEMBERS_SCHEMA,
            Membership,
            _MEMBERS,
            pseudonym=PERSON_RECORD_ID,
            person=_person_of,
            date_field="starts_on",
            district_field="person__district",
            scope=related_to_people_for,
        ),
        personal=True,
    ),
    BulkKind(
        kind=NOMINEES,
        label=_("Talent reserve nominations"),
        schema=NOMINEES_SCHEMA,
        export=KindSpec(
            NOMINEES_SCHEMA,
            Nomination,
            _NOMINEES,
            pseudonym=PERSON_RECORD_ID,
            person=_person_of,
            date_field="nominated_on",
            district_field="person__district",
            scope=related_to_people_for,
        ),
        personal=True,
    ),
)
