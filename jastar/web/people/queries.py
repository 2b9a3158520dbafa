"""Reads behind the young people pages, each narrowed to what the user may reach.

The registry's selectors do the searching (``person_list``) and the access layer the
scoping (``jastar.core.access``); these add the list's extra filters, the rows an analyst
may see, and the person's record with its history in a few queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from jastar.core.access import (
    can_see_personal_data,
    people_for,
    related_to_people_for,
    scope_of,
)
from jastar.insight.admin import can_see_risk
from jastar.insight.display import reason_sentences, risk_band
from jastar.insight.models import RiskScore
from jastar.insight.selectors import person_risk
from jastar.programs.eligibility_display import eligibility_rows
from jastar.programs.lifecycle import ACTIVE_STATUSES
from jastar.programs.models import FollowUp, Participation, ParticipationEvent, ProgramEdition
from jastar.registry.models import District, Person, PersonStatusChange, Placement, Settlement
from jastar.registry.rules import years_before
from jastar.registry.selectors import person_list

User = AbstractBaseUser | AnonymousUser

# Age bands of the list's filter: (youngest, oldest) in whole years, both included.
AGE_BANDS: Final[dict[str, tuple[int, int]]] = {
    "14-17": (14, 17),
    "18-24": (18, 24),
    "25-29": (25, 29),
    "30-35": (30, 35),
}
AGE_BAND_LABELS: Final = {
    "14-17": _("14–17 years"),
    "18-24": _("18–24 years"),
    "25-29": _("25–29 years"),
    "30-35": _("30–35 years"),
}


@dataclass(frozen=True)
class PeopleFilters:
    """The list's filters, already checked by the search form."""

    query: str = ""
    district: District | None = None
    settlement: Settlement | None = None
    status: str = ""
    neet: bool | None = None
    sex: str = ""
    age_band: str = ""


def people_search(user: User, filters: PeopleFilters, today: date) -> QuerySet[Person]:
    """The people ``user`` may reach that match ``filters``, in the registry's order.

    Users who may not see personal data search by no name or IIN (``query`` is ignored:
    a hit would tell them who is in the registry) and get the rows in id order.
    """
    named = can_see_personal_data(user)
    people = person_list(
        district=filters.district,
        status=filters.status or None,
        neet=filters.neet,
        query=filters.query if named else "",
    )
    if filters.settlement is not None:
        people = people.filter(settlement=filters.settlement)
    if filters.sex:
        people = people.filter(sex=filters.sex)
    if filters.age_band in AGE_BANDS:
        youngest, oldest = AGE_BANDS[filters.age_band]
        people = people.filter(
            birth_date__gt=years_before(today, oldest + 1),
            birth_date__lte=years_before(today, youngest),
        )
    people = people_for(user, people)
    return people if named else people.order_by("id")


@dataclass(frozen=True)
class PersonRow:
    """One line of the list: the name and masked IIN only for those who may see them."""

    person: Person
    age: int
    name: str | None
    masked_iin: str | None


def person_rows(user: User, people: list[Person], today: date) -> list[PersonRow]:
    """The list's lines for one page of ``people``."""
    named = can_see_personal_data(user)
    return [
        PersonRow(
            person,
            person.age_on(today),
            person.full_name if named else None,
            person.masked_iin if named else None,
        )
        for person in people
    ]


def own_district(user: User) -> District | None:
    """The district a case worker is bound to; None for region-wide users."""
    district_id = scope_of(user).district_id
    if district_id is None:
        return None
    return District.objects.filter(pk=district_id).first()


def settlements_of(district: District | None) -> QuerySet[Settlement]:
    """Settlements to choose from: the district's, or every one (with its district)."""
    settlements = Settlement.objects.select_related("district")
    return settlements if district is None else settlements.filter(district=district)


# --- One person ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonRecord:
    """What the person's page shows besides the facts on the person row."""

    status_history: list[PersonStatusChange]
    participations: list[Participation]
    placements: list[Placement]


def participations_of(person: Person) -> QuerySet[Participation]:
    """The person's participations with their steps and follow-ups, newest first."""
    return (
        Participation.objects.filter(person=person)
        .select_related("edition__program", "district", "placement__employer")
        .prefetch_related(
            Prefetch("events", queryset=ParticipationEvent.objects.select_related("actor")),
            Prefetch("followups", queryset=FollowUp.objects.order_by("due_on", "id")),
        )
    )


def person_record(person: Person) -> PersonRecord:
    """The person's status history, participations (with steps) and placements."""
    history = PersonStatusChange.objects.filter(person=person).select_related("recorded_by")
    placements = Placement.objects.filter(person=person).select_related(
        "employer", "vacancy", "program"
    )
    return PersonRecord(
        status_history=list(history.order_by("-valid_from")),
        participations=list(participations_of(person)),
        placements=list(placements),
    )


def participation_for(user: User, person: Person, participation_id: int) -> Participation:
    """One participation of ``person`` that ``user`` may reach, or 404."""
    rows = related_to_people_for(user, participations_of(person))
    found = rows.filter(pk=participation_id).first()
    if found is None:
        raise Http404
    return found


def followup_for(participation: Participation, followup_id: int) -> FollowUp:
    """One follow-up of ``participation``, or 404."""
    found = FollowUp.objects.filter(participation=participation, pk=followup_id).first()
    if found is None:
        raise Http404
    return found


def editions_to_apply(person: Person, on: date) -> list[ProgramEdition]:
    """The current editions ``person`` is eligible for and not already taking part in."""
    active = set(
        Participation.objects.filter(person=person, status__in=ACTIVE_STATUSES).values_list(
            "edition_id", flat=True
        )
    )
    return [
        row.edition
        for row in eligibility_rows(person, on)
        if row.outcome.eligible and row.edition.pk not in active
    ]


@dataclass(frozen=True)
class Risk:
    """The person's risk of staying NEET as the page shows it."""

    score: RiskScore
    band: int
    reasons: list[str]


def risk_of(user: User, person: Person) -> Risk | None:
    """The person's latest risk score, for users who may see scores (None otherwise)."""
    if not can_see_risk(user):
        return None
    score = person_risk(person)
    if score is None:
        return None
    return Risk(score, risk_band(score.percentile), reason_sentences(score.reasons))
