from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from jastar.core.models import AuditAction, AuditEvent
from jastar.registry import services
from jastar.registry.models import (
    ApplicationStatus,
    EmploymentType,
    PersonStatus,
    Placement,
    PlacementChannel,
    VacancyApplication,
    VacancySource,
    VacancyStatus,
)
from jastar.registry.tests.factories import aigerim_neet_graduate, make_vacancy, nurlan_student

pytestmark = pytest.mark.django_db
S = ApplicationStatus


def events(target: object, action: str) -> list[AuditEvent]:
    label = target._meta.label_lower  # type: ignore[attr-defined]
    rows = AuditEvent.objects.filter(target_type=label, target_id=str(target.pk), action=action)  # type: ignore[attr-defined]
    return list(rows)


class VacancyApplyTests:
    def test_records_a_submitted_application_and_audits_it(self):
        person, vacancy = aigerim_neet_graduate(), make_vacancy()
        application = services.vacancy_apply(actor=None, person=person, vacancy=vacancy)
        assert (application.person, application.vacancy, application.status) == (
            person,
            vacancy,
            S.SUBMITTED,
        )
        [event] = events(application, AuditAction.CREATE)
        assert event.changes == {"person": person.pk, "vacancy": vacancy.pk, "status": "submitted"}

    def test_applying_twice_returns_the_first_application_and_writes_nothing(self):
        person, vacancy = aigerim_neet_graduate(), make_vacancy()
        first = services.vacancy_apply(actor=None, person=person, vacancy=vacancy)
        again = services.vacancy_apply(actor=None, person=person, vacancy=vacancy)
        assert again.pk == first.pk
        assert VacancyApplication.objects.count() == 1
        assert len(events(first, AuditAction.CREATE)) == 1

    def test_applying_again_keeps_the_employers_answer(self):
        person, vacancy = aigerim_neet_graduate(), make_vacancy()
        first = services.vacancy_apply(actor=None, person=person, vacancy=vacancy)
        services.application_set_status(actor=None, application=first, status=S.INVITED)
        again = services.vacancy_apply(actor=None, person=person, vacancy=vacancy)
        assert again.status == S.INVITED

    @pytest.mark.parametrize("status", [VacancyStatus.CLOSED, VacancyStatus.FILLED])
    def test_refuses_a_vacancy_that_is_not_open(self, status):
        vacancy = make_vacancy()
        services.vacancy_set_status(actor=None, vacancy=vacancy, status=status)
        with pytest.raises(ValidationError) as refused:
            services.vacancy_apply(actor=None, person=aigerim_neet_graduate(), vacancy=vacancy)
        assert "vacancy" in refused.value.message_dict
        assert not VacancyApplication.objects.exists()

    def test_one_application_per_person_and_vacancy_in_the_database(self):
        person, vacancy = aigerim_neet_graduate(), make_vacancy()
        services.vacancy_apply(actor=None, person=person, vacancy=vacancy)
        with pytest.raises(ValidationError):
            VacancyApplication(person=person, vacancy=vacancy).full_clean()


class ApplicationSetStatusTests:
    def test_invites_and_audits_the_old_and_new_status(self):
        application = services.vacancy_apply(
            actor=None, person=aigerim_neet_graduate(), vacancy=make_vacancy()
        )
        services.application_set_status(
            actor=None, application=application, status=S.INVITED, note="Interview on Monday"
        )
        application.refresh_from_db()
        assert (application.status, application.note) == (S.INVITED, "Interview on Monday")
        [event] = events(application, AuditAction.UPDATE)
        assert event.changes["status"] == ["submitted", "invited"]

    def test_the_same_status_again_changes_nothing(self):
        application = services.vacancy_apply(
            actor=None, person=aigerim_neet_graduate(), vacancy=make_vacancy()
        )
        services.application_set_status(actor=None, application=application, status=S.SUBMITTED)
        assert events(application, AuditAction.UPDATE) == []

    def test_a_declined_candidate_may_be_invited_after_all(self):
        application = services.vacancy_apply(
            actor=None, person=aigerim_neet_graduate(), vacancy=make_vacancy()
        )
        services.application_set_status(actor=None, application=application, status=S.DECLINED)
        services.application_set_status(actor=None, application=application, status=S.INVITED)
        assert application.status == S.INVITED

    def test_a_hire_is_final(self):
        application = services.vacancy_apply(
            actor=None, person=aigerim_neet_graduate(), vacancy=make_vacancy()
        )
        services.application_set_status(actor=None, application=application, status=S.HIRED)
        with pytest.raises(ValidationError) as refused:
            services.application_set_status(actor=None, application=application, status=S.DECLINED)
        assert "status" in refused.value.message_dict
        application.refresh_from_db()
        assert application.status == S.HIRED

    def test_refuses_an_unknown_status(self):
        application = services.vacancy_apply(
            actor=None, person=aigerim_neet_graduate(), vacancy=make_vacancy()
        )
        with pytest.raises(ValidationError):
            services.application_set_status(actor=None, application=application, status="maybe")

    def test_no_invitation_to_a_closed_vacancy_but_declining_is_allowed(self):
        vacancy = make_vacancy()
        application = services.vacancy_apply(
            actor=None, person=aigerim_neet_graduate(), vacancy=vacancy
        )
        services.vacancy_set_status(actor=None, vacancy=vacancy, status=VacancyStatus.CLOSED)
        with pytest.raises(ValidationError):
            services.application_set_status(actor=None, application=application, status=S.INVITED)
        services.application_set_status(actor=None, application=application, status=S.DECLINED)
        assert application.status == S.DECLINED


class VacancyInviteTests:
    def test_invites_a_person_who_has_not_applied(self):
        person, vacancy = aigerim_neet_graduate(), make_vacancy()
        application = services.vacancy_invite(actor=None, person=person, vacancy=vacancy)
        assert application.status == S.INVITED
        assert len(events(application, AuditAction.CREATE)) == 1

    def test_moves_an_application_to_invited(self):
        person, vacancy = aigerim_neet_graduate(), make_vacancy()
        services.vacancy_apply(actor=None, person=person, vacancy=vacancy)
        application = services.vacancy_invite(actor=None, person=person, vacancy=vacancy)
        assert application.status == S.INVITED
        assert VacancyApplication.objects.count() == 1


class ApplicationHireTests:
    def test_records_the_placement_and_marks_the_application_hired(self):
        person, vacancy = aigerim_neet_graduate(), make_vacancy(places=2)
        application = services.vacancy_apply(actor=None, person=person, vacancy=vacancy)
        placement = services.application_hire(
            actor=None, application=application, start_date=date(2026, 6, 10), monthly_wage=180_000
        )
        assert placement.channel == PlacementChannel.OWN_INITIATIVE
        assert (placement.employer, placement.vacancy) == (vacancy.employer, vacancy)
        assert placement.employment_type == EmploymentType.PERMANENT
        assert placement.monthly_wage == 180_000
        application.refresh_from_db()
        person.refresh_from_db()
        assert application.status == S.HIRED
        assert person.status == PersonStatus.EMPLOYED
        vacancy.refresh_from_db()
        assert vacancy.status == VacancyStatus.OPEN  # one of two places taken

    def test_a_vacancy_from_enbek_counts_as_an_enbek_placement_and_fills(self):
        vacancy = make_vacancy(source=VacancySource.ENBEK, external_id="E-1")
        application = services.vacancy_invite(
            actor=None, person=aigerim_neet_graduate(), vacancy=vacancy
        )
        placement = services.application_hire(
            actor=None,
            application=application,
            start_date=date(2026, 6, 15),
            employment_type=EmploymentType.TEMPORARY,
        )
        assert placement.channel == PlacementChannel.ENBEK
        assert placement.employment_type == EmploymentType.TEMPORARY
        vacancy.refresh_from_db()
        assert vacancy.status == VacancyStatus.FILLED

    def test_a_future_start_is_refused_and_nothing_is_written(self):
        application = services.vacancy_apply(
            actor=None, person=aigerim_neet_graduate(), vacancy=make_vacancy()
        )
        with pytest.raises(ValidationError) as refused:
            services.application_hire(
                actor=None, application=application, start_date=date(2026, 7, 1)
            )
        assert "start_date" in refused.value.message_dict
        application.refresh_from_db()
        assert application.status == S.SUBMITTED
        assert not Placement.objects.exists()

    def test_a_declined_or_hired_application_cannot_be_hired(self):
        application = services.vacancy_apply(
            actor=None, person=aigerim_neet_graduate(), vacancy=make_vacancy()
        )
        services.application_set_status(actor=None, application=application, status=S.DECLINED)
        with pytest.raises(ValidationError):
            services.application_hire(
                actor=None, application=application, start_date=date(2026, 6, 10)
            )
        assert not Placement.objects.exists()


class CandidatesRecordViewTests:
    def test_writes_one_view_event_per_person_naming_the_vacancy(self):
        aigerim, nurlan, vacancy = aigerim_neet_graduate(), nurlan_student(), make_vacancy()
        services.candidates_record_view(
            actor=None, vacancy=vacancy, people=[aigerim, nurlan, aigerim]
        )
        for person in (aigerim, nurlan):
            [event] = events(person, AuditAction.VIEW)
            assert event.changes == {"vacancy": vacancy.pk}
            assert event.summary == person.masked_iin


class MergeTests:
    """Needs the merge policy ``registry.vacancyapplication.person`` (KEEP_WINS)."""

    def test_the_kept_persons_application_stands_and_the_others_move(self):
        keep, remove = aigerim_neet_graduate(), aigerim_neet_graduate()
        both, only_removed = make_vacancy(), make_vacancy()
        kept = services.vacancy_apply(actor=None, person=keep, vacancy=both)
        clash = services.vacancy_invite(actor=None, person=remove, vacancy=both)
        moved = services.vacancy_apply(actor=None, person=remove, vacancy=only_removed)
        merge = services.person_merge(actor=None, keep=keep, remove=remove)
        rows = VacancyApplication.objects.values_list("pk", "person_id", "status")
        assert set(rows) == {(kept.pk, keep.pk, S.SUBMITTED), (moved.pk, keep.pk, S.SUBMITTED)}
        done = merge.moved["registry.vacancyapplication.person"]
        assert [row["id"] for row in done["dropped"]] == [clash.pk]
        assert done["dropped"][0]["status"] == S.INVITED
