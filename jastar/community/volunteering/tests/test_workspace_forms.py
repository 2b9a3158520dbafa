"""The workspace forms: organisations, events, tasks, volunteers, awards."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

import pytest
from django.urls import reverse

from jastar.accounts.tests.factories import make_user
from jastar.community.volunteering import services
from jastar.community.volunteering.models import (
    Award,
    AwardLevel,
    AwardStatus,
    Organisation,
    Volunteer,
    VolunteerEvent,
)
from jastar.community.volunteering.tests.helpers import (
    aigerim_volunteer,
    at,
    clean_up,
    kind_hearts,
)
from jastar.registry.tests.factories import aigerim_neet_graduate, district

pytestmark = pytest.mark.django_db

URL = "community:volunteering:"


def page(name: str, **kwargs: int) -> str:
    return reverse(URL + name, kwargs=kwargs)


def karasai_worker():
    return make_user("w", "case_worker", district=district("karasai"))


class OrganisationNewTests:
    def test_a_case_worker_registers_an_organisation_of_her_district(self, client):
        client.force_login(karasai_worker())
        assert page("organisation-new") in client.get(page("organisations")).content.decode()
        data = {"name": "Жас қыран", "district": district("karasai").pk, "contact": "+7 701"}
        response = client.post(page("organisation-new"), data)
        created = Organisation.objects.get(name="Жас қыран")
        assert response.status_code == 302
        assert response["Location"] == page("organisation", organisation_id=created.pk)

    def test_a_case_worker_may_not_choose_another_district(self, client):
        client.force_login(karasai_worker())
        data = {"name": "Жас қыран", "district": district("talgar").pk}
        assert client.post(page("organisation-new"), data).status_code == 200
        assert not Organisation.objects.exists()

    def test_an_analyst_is_refused_and_sees_no_button(self, client):
        client.force_login(make_user("a", "analyst"))
        assert page("organisation-new") not in client.get(page("organisations")).content.decode()
        assert client.get(page("organisation-new")).status_code == 403

    def test_a_wrong_bin_is_shown_on_the_form(self, client):
        client.force_login(make_user("o", "regional_officer"))
        data = {"name": "Жас қыран", "district": district("karasai").pk, "bin": "123"}
        response = client.post(page("organisation-new"), data)
        assert response.status_code == 200 and response.context["form"].errors["bin"]
        assert not Organisation.objects.exists()


class EventNewTests:
    DATA: ClassVar[dict[str, Any]] = {
        "title": "Сенбілік",
        "starts_at": "2026-06-10T09:00",
        "ends_at": "2026-06-10T13:00",
    }

    def test_a_coordinator_creates_an_event_in_the_organisation_district(self, client):
        organisation = kind_hearts()
        coordinator = make_user("c")
        organisation.coordinators.add(coordinator)
        client.force_login(coordinator)
        url = page("organisation", organisation_id=organisation.pk)
        assert "events/new" in client.get(url).content.decode()
        response = client.post(page("event-new", organisation_id=organisation.pk), self.DATA)
        created = VolunteerEvent.objects.get()
        assert response["Location"] == page("event", event_id=created.pk)
        assert created.district == organisation.district and created.starts_at == at(2026, 6, 10, 9)

    def test_an_analyst_is_refused_and_another_district_is_not_found(self, client):
        organisation = kind_hearts()
        url = page("event-new", organisation_id=organisation.pk)
        client.force_login(make_user("a", "analyst"))
        assert client.post(url, self.DATA).status_code == 403
        client.force_login(make_user("t", "case_worker", district=district("talgar")))
        assert client.get(url).status_code == 404
        assert not VolunteerEvent.objects.exists()

    def test_an_event_ending_before_it_starts_is_refused(self, client):
        organisation = kind_hearts()
        client.force_login(karasai_worker())
        data = {**self.DATA, "ends_at": "2026-06-09T09:00"}
        response = client.post(page("event-new", organisation_id=organisation.pk), data)
        assert response.status_code == 200 and response.context["form"].errors["ends_at"]
        assert not VolunteerEvent.objects.exists()


class TaskNewTests:
    def test_an_officer_adds_a_task_from_the_event_page(self, client):
        event = clean_up(kind_hearts())
        client.force_login(make_user("o", "regional_officer"))
        assert "tasks/new" in client.get(page("event", event_id=event.pk)).content.decode()
        data = {"title": "Қоқыс жинау", "planned_hours": "3"}
        response = client.post(page("task-new", event_id=event.pk), data)
        assert response["Location"] == page("event", event_id=event.pk)
        assert event.tasks.get().planned_hours == Decimal(3)

    def test_an_analyst_is_refused_and_sees_no_button(self, client):
        event = clean_up(kind_hearts())
        client.force_login(make_user("a", "analyst"))
        assert "tasks/new" not in client.get(page("event", event_id=event.pk)).content.decode()
        assert client.post(page("task-new", event_id=event.pk), {"title": "X"}).status_code == 403

    def test_a_second_task_with_the_same_title_is_refused(self, client):
        event = clean_up(kind_hearts())
        services.task_create(actor=None, event=event, title="Қоқыс жинау")
        client.force_login(karasai_worker())
        response = client.post(page("task-new", event_id=event.pk), {"title": "Қоқыс жинау"})
        assert response.status_code == 200 and response.context["form"].errors
        assert event.tasks.count() == 1


class VolunteerNewTests:
    def test_a_case_worker_registers_a_young_person_of_her_district(self, client):
        person = aigerim_neet_graduate()
        organisation = kind_hearts()
        client.force_login(karasai_worker())
        assert "volunteers/new" in client.get(page("organisations")).content.decode()
        data = {"iin": person.iin, "joined_on": "2026-03-01", "organisations": [organisation.pk]}
        response = client.post(page("volunteer-new"), data)
        volunteer = Volunteer.objects.get(person=person)
        assert response["Location"] == page("volunteer", volunteer_id=volunteer.pk)
        assert list(volunteer.organisations.all()) == [organisation]

    def test_a_person_out_of_reach_or_registered_already_is_refused(self, client):
        volunteer = aigerim_volunteer()
        data = {"iin": volunteer.person.iin, "joined_on": "2026-03-01"}
        client.force_login(make_user("t", "case_worker", district=district("talgar")))
        response = client.post(page("volunteer-new"), data)
        assert response.status_code == 200 and response.context["form"].errors["iin"]
        client.force_login(karasai_worker())
        response = client.post(page("volunteer-new"), data)
        assert response.status_code == 200 and response.context["form"].non_field_errors()
        assert Volunteer.objects.count() == 1

    def test_an_analyst_is_refused(self, client):
        client.force_login(make_user("a", "analyst"))
        assert "volunteers/new" not in client.get(page("organisations")).content.decode()
        assert client.get(page("volunteer-new")).status_code == 403


class AwardFormsTests:
    DATA: ClassVar[dict[str, Any]] = {
        "name_kk": "Жыл еріктісі",
        "name_ru": "Волонтёр года",
        "name_en": "Volunteer of the Year",
        "year": 2025,
        "level": AwardLevel.INTERNATIONAL,
    }

    def test_an_officer_nominates_an_organisation_and_a_volunteer_by_iin(self, client):
        organisation = kind_hearts()
        volunteer = aigerim_volunteer()
        client.force_login(make_user("o", "regional_officer"))
        assert "awards/new" in client.get(page("awards")).content.decode()
        url = page("award-new")
        assert client.post(url, {**self.DATA, "organisation": organisation.pk}).status_code == 302
        assert client.post(url, {**self.DATA, "iin": volunteer.person.iin}).status_code == 302
        assert Award.objects.get(organisation=organisation).district == organisation.district
        assert Award.objects.get(volunteer=volunteer).status == AwardStatus.NOMINATED

    def test_a_nomination_needs_exactly_one_nominee(self, client):
        client.force_login(make_user("o", "regional_officer"))
        response = client.post(page("award-new"), self.DATA)
        assert response.status_code == 200 and response.context["form"].non_field_errors()
        assert not Award.objects.exists()

    def test_an_officer_grants_a_nominated_award_once(self, client):
        award = services.award_nominate(actor=None, organisation=kind_hearts(), **self.DATA)
        client.force_login(make_user("o", "regional_officer"))
        assert "grant/" in client.get(page("awards")).content.decode()
        url = page("award-grant", award_id=award.pk)
        assert client.post(url, {"awarded_on": "2025-12-05"}).status_code == 302
        award.refresh_from_db()
        assert award.status == AwardStatus.AWARDED and award.awarded_on == date(2025, 12, 5)
        again = client.post(url, {"awarded_on": "2025-12-06"}, follow=True)
        assert [m.level_tag for m in again.context["messages"]][-1] == "error"
        award.refresh_from_db()
        assert award.awarded_on == date(2025, 12, 5)

    def test_a_grant_without_a_day_changes_nothing(self, client):
        award = services.award_nominate(actor=None, organisation=kind_hearts(), **self.DATA)
        client.force_login(make_user("o", "regional_officer"))
        response = client.post(page("award-grant", award_id=award.pk), {}, follow=True)
        [message] = list(response.context["messages"])
        assert message.level_tag == "error"
        award.refresh_from_db()
        assert award.status == AwardStatus.NOMINATED

    def test_a_case_worker_and_an_analyst_may_not_nominate_or_grant(self, client):
        award = services.award_nominate(actor=None, organisation=kind_hearts(), **self.DATA)
        for user in (karasai_worker(), make_user("a", "analyst")):
            client.force_login(user)
            text = client.get(page("awards")).content.decode()
            assert "awards/new" not in text and "grant/" not in text
            assert client.get(page("award-new")).status_code == 403
            grant = client.post(
                page("award-grant", award_id=award.pk), {"awarded_on": "2025-12-05"}
            )
            assert grant.status_code == 403
        award.refresh_from_db()
        assert award.status == AwardStatus.NOMINATED
