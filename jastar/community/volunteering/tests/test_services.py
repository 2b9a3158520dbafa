from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jastar.accounts.tests.factories import make_user
from jastar.community.volunteering import services
from jastar.community.volunteering.models import AwardLevel, AwardStatus, HoursStatus
from jastar.community.volunteering.tests.helpers import (
    aigerim_volunteer,
    at,
    clean_up,
    kind_hearts,
    logged,
)
from jastar.core.errors import ApplicationError
from jastar.core.identifiers import make_bin
from jastar.core.models import AuditEvent
from jastar.registry.tests.factories import district, nurlan_student

pytestmark = pytest.mark.django_db


class OrganisationCreateTests:
    def test_registers_an_organisation_and_audits_it(self):
        organisation = kind_hearts(bin=make_bin(2019, 3, "4", "0", 123))
        assert organisation.district.code == "karasai"
        assert AuditEvent.objects.filter(
            target_type="volunteering.organisation", target_id=str(organisation.pk)
        ).exists()

    def test_refuses_an_invalid_bin(self):
        with pytest.raises(ValidationError) as err:
            kind_hearts(bin="123456789012")
        assert "bin" in err.value.message_dict


class VolunteerRegisterTests:
    def test_registers_a_person_once(self):
        volunteer = aigerim_volunteer()
        with pytest.raises(ApplicationError):
            services.volunteer_register(
                actor=None, person=volunteer.person, joined_on=date(2026, 1, 1)
            )


class EventCreateTests:
    def test_event_takes_the_organisations_district(self):
        event = clean_up(kind_hearts())
        assert event.district.code == "karasai"

    def test_refuses_an_event_ending_before_it_starts(self):
        with pytest.raises(ValidationError):
            clean_up(kind_hearts(), ends_at=at(2026, 5, 9))


class HoursLogTests:
    def test_logged_hours_wait_for_confirmation_and_join_the_organisation(self):
        event = clean_up(kind_hearts())
        volunteer = aigerim_volunteer()
        log = logged(volunteer, event)
        assert log.status == HoursStatus.LOGGED
        assert list(volunteer.organisations.all()) == [event.organisation]

    @pytest.mark.parametrize("hours", ["0", "-1", "24.5"])
    def test_refuses_hours_outside_a_day(self, hours):
        with pytest.raises(ValidationError) as err:
            logged(aigerim_volunteer(), clean_up(kind_hearts()), hours)
        assert "hours" in err.value.message_dict

    def test_refuses_a_day_in_the_future(self):
        event = clean_up(kind_hearts(), starts_at=at(2026, 6, 1), ends_at=at(2026, 7, 1))
        with pytest.raises(ValidationError) as err:
            logged(aigerim_volunteer(), event, worked_on=date(2026, 6, 16))
        assert "worked_on" in err.value.message_dict

    def test_refuses_a_task_of_another_event(self):
        organisation = kind_hearts()
        event = clean_up(organisation)
        other = clean_up(organisation, title="Другое")
        task = services.task_create(actor=None, event=other, title="Қоқыс жинау")
        with pytest.raises(ValidationError):
            logged(aigerim_volunteer(), event, task=task)

    def test_refuses_the_same_day_and_task_twice(self):
        event = clean_up(kind_hearts())
        volunteer = aigerim_volunteer()
        logged(volunteer, event)
        with pytest.raises(ApplicationError):
            logged(volunteer, event, "2")


class HoursConfirmTests:
    def test_a_coordinator_of_the_organisation_confirms(self):
        coordinator = make_user("coordinator")
        event = clean_up(kind_hearts(coordinators=[coordinator]))
        log = services.hours_confirm(actor=coordinator, log=logged(aigerim_volunteer(), event))
        assert log.status == HoursStatus.CONFIRMED
        assert log.confirmed_by == coordinator
        assert log.confirmed_at is not None

    def test_a_case_worker_of_the_district_confirms(self):
        worker = make_user("worker", "case_worker", district=district("karasai"))
        log = logged(aigerim_volunteer(), clean_up(kind_hearts()))
        assert services.hours_confirm(actor=worker, log=log).status == HoursStatus.CONFIRMED

    @pytest.mark.parametrize("who", ["other_district", "analyst", "plain", "other_coordinator"])
    def test_others_may_not_confirm(self, who):
        users = {
            "other_district": lambda: make_user("w", "case_worker", district=district("talgar")),
            "analyst": lambda: make_user("a", "analyst"),
            "plain": lambda: make_user("p"),
            "other_coordinator": lambda: kind_hearts(
                name="Басқа", coordinators=[make_user("c")]
            ).coordinators.get(),
        }
        user = users[who]()
        log = logged(aigerim_volunteer(), clean_up(kind_hearts()))
        with pytest.raises(PermissionDenied):
            services.hours_confirm(actor=user, log=log)
        with pytest.raises(PermissionDenied):
            services.hours_reject(actor=user, log=log)

    def test_a_rejection_keeps_its_note(self):
        officer = make_user("officer", "regional_officer")
        log = logged(aigerim_volunteer(), clean_up(kind_hearts()))
        log = services.hours_reject(actor=officer, log=log, note="Не был на мероприятии")
        assert (log.status, log.note) == (HoursStatus.REJECTED, "Не был на мероприятии")


class CertificateIssueTests:
    def test_counts_only_confirmed_hours_in_the_period(self):
        officer = make_user("officer", "regional_officer")
        organisation = kind_hearts()
        volunteer = aigerim_volunteer()
        first = clean_up(organisation)
        second = clean_up(
            organisation, title="Марафон", starts_at=at(2026, 5, 20), ends_at=at(2026, 5, 20, 18)
        )
        services.hours_confirm(actor=officer, log=logged(volunteer, first, "6"))
        services.hours_confirm(actor=officer, log=logged(volunteer, second, "2.5"))
        logged(volunteer, first, "3", worked_on=first.starts_at.date() + timedelta(days=1))
        services.hours_reject(
            actor=officer, log=logged(volunteer, second, "4", worked_on=date(2026, 5, 21))
        )
        certificate = services.certificate_issue(
            actor=officer,
            volunteer=volunteer,
            period_from=date(2026, 1, 1),
            period_to=date(2026, 5, 31),
        )
        assert certificate.hours == Decimal("8.5")
        assert certificate.number == "VC-2026-00001"
        assert certificate.issued_by == officer

    def test_refuses_a_period_without_confirmed_hours(self):
        volunteer = aigerim_volunteer()
        logged(volunteer, clean_up(kind_hearts()))
        with pytest.raises(ApplicationError):
            services.certificate_issue(
                actor=None,
                volunteer=volunteer,
                period_from=date(2026, 1, 1),
                period_to=date(2026, 6, 1),
            )

    def test_numbers_follow_each_other(self):
        officer = make_user("officer", "regional_officer")
        event = clean_up(kind_hearts())
        numbers = []
        for person in (aigerim_volunteer(), None):
            volunteer = person or services.volunteer_register(
                actor=None, person=nurlan_student(), joined_on=date(2026, 1, 1)
            )
            services.hours_confirm(actor=officer, log=logged(volunteer, event))
            numbers.append(
                services.certificate_issue(
                    actor=officer,
                    volunteer=volunteer,
                    period_from=date(2026, 5, 1),
                    period_to=date(2026, 5, 31),
                ).number
            )
        assert numbers == ["VC-2026-00001", "VC-2026-00002"]


class AwardTests:
    def test_nominates_an_organisation_and_grants_the_award(self):
        organisation = kind_hearts()
        award = services.award_nominate(
            actor=None,
            name_kk="Жыл еріктісі",
            name_ru="Волонтёр года",
            name_en="Volunteer of the Year",
            year=2025,
            level=AwardLevel.INTERNATIONAL,
            organisation=organisation,
        )
        assert award.status == AwardStatus.NOMINATED
        award = services.award_grant(actor=None, award=award, awarded_on=date(2025, 12, 5))
        assert award.status == AwardStatus.AWARDED
        with pytest.raises(ApplicationError):
            services.award_grant(actor=None, award=award, awarded_on=date(2025, 12, 6))

    def test_needs_exactly_one_nominee(self):
        names: dict[str, Any] = {
            "name_kk": "Ж",
            "name_ru": "В",
            "name_en": "V",
            "year": 2025,
            "level": "regional",
        }
        with pytest.raises(ValidationError):
            services.award_nominate(actor=None, **names)
        with pytest.raises(ValidationError):
            services.award_nominate(
                actor=None, organisation=kind_hearts(), volunteer=aigerim_volunteer(), **names
            )
