"""The access layer: each role reaches exactly its own people, employers and vacancies."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.http import Http404

from jastar.accounts.models import Role
from jastar.accounts.services import account_assign
from jastar.core import access
from jastar.registry.models import (
    EmploymentType,
    Person,
    Placement,
    PlacementChannel,
    VacancyStatus,
)
from jastar.registry.services import placement_record
from jastar.registry.tests.factories import (
    aigerim_neet_graduate,
    district,
    make_employer,
    make_vacancy,
    nurlan_student,
)

pytestmark = pytest.mark.django_db


def user_with(role: str, **scope: object) -> User:
    user = User.objects.create_user(f"{role}-{User.objects.count()}", password="x-Long-pass-1")
    account_assign(actor=None, user=user, role=role, **scope)  # type: ignore[arg-type]
    return user


@pytest.fixture
def people() -> tuple[Person, Person]:
    # Aigerim lives in Karasai, Nurlan in Enbekshikazakh.
    return aigerim_neet_graduate(), nurlan_student()


class PeopleScopeTests:
    def test_case_worker_reaches_only_their_district(self, people: tuple[Person, Person]) -> None:
        aigerim, nurlan = people
        worker = user_with(Role.CASE_WORKER, district=district("karasai"))
        assert list(access.people_for(worker)) == [aigerim]
        assert access.person_for(worker, aigerim.pk) == aigerim
        with pytest.raises(Http404):
            access.person_for(worker, nurlan.pk)
        assert access.can_edit_person(worker, aigerim)
        assert not access.can_edit_person(worker, nurlan)
        assert not access.can_see_personal_data(worker, nurlan)

    def test_regional_officer_reaches_every_district(self, people: tuple[Person, Person]) -> None:
        officer = user_with(Role.REGIONAL_OFFICER)
        assert set(access.people_for(officer)) == set(people)
        assert access.can_see_personal_data(officer, people[1])

    def test_analyst_reaches_everyone_but_sees_no_personal_data(
        self, people: tuple[Person, Person]
    ) -> None:
        analyst = user_with(Role.ANALYST)
        assert set(access.people_for(analyst)) == set(people)
        assert not access.can_see_personal_data(analyst)
        assert not access.can_see_personal_data(analyst, people[0])
        assert not access.can_edit_person(analyst, people[0])

    def test_young_person_reaches_only_their_own_record(
        self, people: tuple[Person, Person]
    ) -> None:
        aigerim, nurlan = people
        youth = user_with(Role.YOUTH, person=aigerim)
        assert list(access.people_for(youth)) == [aigerim]
        assert access.can_see_personal_data(youth, aigerim)
        assert not access.can_see_personal_data(youth)  # no one else's
        assert not access.can_edit_person(youth, aigerim)  # through their own pages only

    def test_employer_and_strangers_reach_no_one(self, people: tuple[Person, Person]) -> None:
        employer_user = user_with(Role.EMPLOYER, employer=make_employer())
        plain = User.objects.create_user("plain", password="x-Long-pass-1")
        for user in (employer_user, plain, AnonymousUser(), None):
            assert not access.people_for(user).exists()

    def test_related_rows_follow_the_person(self, people: tuple[Person, Person]) -> None:
        placement = placement_record(
            actor=None,
            person=people[0],
            start_date=date(2026, 6, 1),
            channel=PlacementChannel.OWN_INITIATIVE,
            employment_type=EmploymentType.PERMANENT,
        )
        there = user_with(Role.CASE_WORKER, district=district("enbekshikazakh"))
        here = user_with(Role.CASE_WORKER, district=district("karasai"))
        assert not access.related_to_people_for(there, Placement.objects.all()).exists()
        assert list(access.related_to_people_for(here, Placement.objects.all())) == [placement]


class LegacyStaffTests:
    def test_superuser_without_account_is_an_administrator(
        self, people: tuple[Person, Person]
    ) -> None:
        admin = User.objects.create_superuser("root", password="x-Long-pass-1")
        assert access.is_administrator(admin)
        assert set(access.people_for(admin)) == set(people)

    def test_staff_without_account_needs_the_personal_data_permission(self) -> None:
        staff = User.objects.create_user("staff", password="x-Long-pass-1", is_staff=True)
        assert access.scope_of(staff).all_districts
        assert not access.can_see_personal_data(staff)


class VacancyScopeTests:
    def test_employer_sees_and_edits_only_own_vacancies(self) -> None:
        own = make_vacancy()
        other = make_vacancy()
        user = user_with(Role.EMPLOYER, employer=own.employer)
        assert list(access.vacancies_for(user)) == [own]
        assert list(access.employers_for(user)) == [own.employer]
        with pytest.raises(Http404):
            access.vacancy_for(user, other.pk)
        assert access.can_edit_vacancy(user, own)
        assert not access.can_edit_vacancy(user, other)
        assert access.can_see_candidates(user, own)
        assert not access.can_see_candidates(user, other)

    def test_young_person_sees_open_vacancies_only(self) -> None:
        open_one = make_vacancy()
        closed = make_vacancy(status=VacancyStatus.CLOSED)
        youth = user_with(Role.YOUTH, person=aigerim_neet_graduate())
        assert list(access.vacancies_for(youth)) == [open_one]
        assert closed not in access.vacancies_for(youth)
        assert not access.can_see_candidates(youth, open_one)

    def test_case_worker_edits_vacancies_of_their_district_only(self) -> None:
        here = make_vacancy()  # the employer's district: Karasai
        there = make_vacancy(employer=make_employer(district=district("enbekshikazakh")))
        worker = user_with(Role.CASE_WORKER, district=district("karasai"))
        assert set(access.vacancies_for(worker)) == {here, there}
        assert access.can_edit_vacancy(worker, here)
        assert not access.can_edit_vacancy(worker, there)
