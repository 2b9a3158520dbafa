"""A vacancy's page for its employer: applicants and matched candidates, inviting, hiring."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from jastar.core.models import AuditAction, AuditEvent
from jastar.matching.services import match_run_start
from jastar.registry import services
from jastar.registry.models import (
    ApplicationStatus,
    EducationLevel,
    Occupation,
    Person,
    PersonStatus,
    Placement,
    PlacementChannel,
    Vacancy,
    VacancyApplication,
    VacancyStatus,
)
from jastar.registry.tests.factories import (
    aigerim_neet_graduate,
    centre_of,
    make_employer,
    make_vacancy,
    nurlan_student,
)

pytestmark = pytest.mark.django_db

SAME_OCCUPATION = "The same occupation the person wants or is skilled in"


def driver() -> Occupation:
    return Occupation.objects.get(code="8322")


def driver_job(employer: Any, **overrides: Any) -> Vacancy:
    values = {
        "employer": employer,
        "title_kk": "Жүргізуші",
        "title_ru": "Водитель",
        "occupation": driver(),
        "settlement": centre_of("karasai"),
    }
    values.update(overrides)
    return make_vacancy(**values)


def applicant() -> Person:
    return aigerim_neet_graduate(
        phone="+77011234567",
        email="aigerim@example.kz",
        skills="Категория B, 3 жыл тәжірибе",
        education_level=EducationLevel.objects.get(code="bachelor"),
    )


def page(client: Client, vacancy: Vacancy) -> str:
    with translation.override("en"):
        response = client.get(f"/en/employer/vacancies/{vacancy.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def batch_run(capture: Any) -> None:
    with capture(execute=True):
        match_run_start(actor=None, on=date(2026, 6, 15))


class ApplicantsTests:
    def test_shows_name_age_education_place_and_skills_but_no_iin_or_contacts(
        self, employer_client: Client, employer
    ):
        person = applicant()
        vacancy = driver_job(employer)
        services.vacancy_apply(actor=None, person=person, vacancy=vacancy)
        html = page(employer_client, vacancy)
        assert person.full_name in html
        assert "<dd>23</dd>" in html  # age on 2026-06-15
        assert "Higher education (bachelor&#x27;s degree)" in html
        assert centre_of("karasai").name_kk in html
        assert "Категория B" in html
        for secret in (person.iin, person.masked_iin, person.phone, person.email):
            assert secret not in html
        assert "Submitted" in html

    def test_each_name_shown_is_audited(self, employer_client: Client, employer):
        person = applicant()
        vacancy = driver_job(employer)
        services.vacancy_apply(actor=None, person=person, vacancy=vacancy)
        page(employer_client, vacancy)
        [event] = AuditEvent.objects.filter(
            target_type="registry.person", target_id=str(person.pk), action=AuditAction.VIEW
        )
        assert event.actor is not None and event.actor.username == "agro"
        assert event.changes == {"vacancy": vacancy.pk}

    def test_says_so_when_nobody_applied(self, employer_client: Client, employer):
        html = page(employer_client, driver_job(employer))
        assert "Nobody has applied yet." in html
        assert "No candidates yet" in html

    def test_invites_and_declines_an_applicant(self, employer_client: Client, employer):
        vacancy = driver_job(employer)
        application = services.vacancy_apply(actor=None, person=applicant(), vacancy=vacancy)
        url = f"/en/employer/vacancies/{vacancy.pk}/applications/{application.pk}/status/"
        assert employer_client.post(url, {"status": "invited"}).status_code == 302
        application.refresh_from_db()
        assert application.status == ApplicationStatus.INVITED
        employer_client.post(url, {"status": "declined"})
        application.refresh_from_db()
        assert application.status == ApplicationStatus.DECLINED

    def test_a_refused_move_is_reported(self, employer_client: Client, employer):
        vacancy = driver_job(employer)
        application = services.vacancy_apply(actor=None, person=applicant(), vacancy=vacancy)
        services.application_set_status(
            actor=None, application=application, status=ApplicationStatus.HIRED
        )
        url = f"/en/employer/vacancies/{vacancy.pk}/applications/{application.pk}/status/"
        with translation.override("en"):
            response = employer_client.post(url, {"status": "declined"}, follow=True)
        assert "cannot become" in response.content.decode()
        application.refresh_from_db()
        assert application.status == ApplicationStatus.HIRED

    def test_an_application_to_another_vacancy_is_not_found_here(
        self, employer_client: Client, employer
    ):
        mine = driver_job(employer)
        other = make_vacancy(employer=make_employer(name="Other"))
        application = services.vacancy_apply(actor=None, person=applicant(), vacancy=other)
        url = f"/en/employer/vacancies/{mine.pk}/applications/{application.pk}/status/"
        assert employer_client.post(url, {"status": "invited"}).status_code == 404
        hire = f"/en/employer/vacancies/{mine.pk}/applications/{application.pk}/hire/"
        assert employer_client.post(hire, {}).status_code == 404


class HireTests:
    def _hire(self, client: Client, vacancy: Vacancy, application: VacancyApplication, **data):
        prefix = f"hire-{application.pk}"
        values = {"start_date": "2026-06-15", "employment_type": "permanent", "monthly_wage": ""}
        values.update(data)
        with translation.override("en"):
            return client.post(
                f"/en/employer/vacancies/{vacancy.pk}/applications/{application.pk}/hire/",
                {f"{prefix}-{key}": value for key, value in values.items()},
            )

    def test_records_the_placement_and_marks_the_application_hired(
        self, employer_client: Client, employer
    ):
        person = applicant()
        vacancy = driver_job(employer)
        application = services.vacancy_apply(actor=None, person=person, vacancy=vacancy)
        html = page(employer_client, vacancy)
        assert f"/applications/{application.pk}/hire/" in html
        response = self._hire(
            employer_client, vacancy, application, start_date="2026-06-12", monthly_wage="250000"
        )
        assert response.status_code == 302
        placement = Placement.objects.get()
        assert (placement.person, placement.employer, placement.vacancy) == (
            person,
            employer,
            vacancy,
        )
        assert placement.channel == PlacementChannel.OWN_INITIATIVE
        assert (placement.start_date, placement.monthly_wage) == (date(2026, 6, 12), 250_000)
        application.refresh_from_db()
        person.refresh_from_db()
        vacancy.refresh_from_db()
        assert application.status == ApplicationStatus.HIRED
        assert person.status == PersonStatus.EMPLOYED
        assert vacancy.status == VacancyStatus.FILLED  # its only place is taken

    def test_a_future_start_shows_the_error_and_records_nothing(
        self, employer_client: Client, employer
    ):
        vacancy = driver_job(employer)
        application = services.vacancy_apply(actor=None, person=applicant(), vacancy=vacancy)
        response = self._hire(employer_client, vacancy, application, start_date="2026-08-01")
        assert response.status_code == 200
        html = response.content.decode()
        assert 'class="errorlist' in html
        assert "<details open>" in html
        assert not Placement.objects.exists()
        application.refresh_from_db()
        assert application.status == ApplicationStatus.SUBMITTED

    def test_a_missing_date_is_a_form_error(self, employer_client: Client, employer):
        vacancy = driver_job(employer)
        application = services.vacancy_apply(actor=None, person=applicant(), vacancy=vacancy)
        response = self._hire(employer_client, vacancy, application, start_date="")
        assert response.status_code == 200
        assert "This field is required." in response.content.decode()
        assert not Placement.objects.exists()


class MatchedCandidatesTests:
    def test_shows_candidates_with_reasons_and_no_iin(
        self, employer_client: Client, employer, django_capture_on_commit_callbacks
    ):
        person = aigerim_neet_graduate(desired_occupations=[driver()], phone="+77011234567")
        vacancy = driver_job(employer)
        batch_run(django_capture_on_commit_callbacks)
        html = page(employer_client, vacancy)
        candidates = html.split('id="candidates"')[1]
        assert person.full_name in candidates
        assert SAME_OCCUPATION in candidates
        assert person.iin not in html and person.masked_iin not in html
        assert person.phone not in html
        assert f"/candidates/{person.pk}/invite/" in candidates
        assert AuditEvent.objects.filter(
            target_type="registry.person", target_id=str(person.pk), action=AuditAction.VIEW
        ).exists()

    def test_invites_a_proposed_candidate(
        self, employer_client: Client, employer, django_capture_on_commit_callbacks
    ):
        person = aigerim_neet_graduate(desired_occupations=[driver()])
        vacancy = driver_job(employer)
        batch_run(django_capture_on_commit_callbacks)
        url = f"/en/employer/vacancies/{vacancy.pk}/candidates/{person.pk}/invite/"
        assert employer_client.post(url).status_code == 302
        application = VacancyApplication.objects.get()
        assert (application.person, application.status) == (person, ApplicationStatus.INVITED)

    def test_nobody_else_can_be_invited_through_the_candidate_button(
        self, employer_client: Client, employer
    ):
        outsider = nurlan_student()
        vacancy = driver_job(employer)
        url = f"/en/employer/vacancies/{vacancy.pk}/candidates/{outsider.pk}/invite/"
        assert employer_client.post(url).status_code == 404
        assert not VacancyApplication.objects.exists()
