"""A young person's own pages: their record, suggestions, editing, and applying."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from jastar.accounts.models import Role
from jastar.core.models import AuditAction, AuditEvent
from jastar.programs.models import Participation
from jastar.programs.tests.factories import graduate
from jastar.registry import services
from jastar.registry.models import (
    ApplicationStatus,
    Occupation,
    Person,
    VacancyApplication,
    VacancyStatus,
)
from jastar.registry.tests.factories import (
    centre_of,
    district,
    make_employer,
    make_vacancy,
    nurlan_student,
)
from jastar.web.tests.employer.conftest import login_as
from jastar.web.tests.youth.conftest import youth_client

pytestmark = pytest.mark.django_db

ME = "/en/me/"
EDIT = "/en/me/edit/"


def get(client: Client, url: str) -> str:
    with translation.override("en"):
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


class MePageTests:
    def test_shows_the_own_record_with_the_iin_and_audits_the_view(
        self, aigerim_client: Client, aigerim: Person
    ):
        nurlan = nurlan_student()
        html = get(aigerim_client, ME)
        assert aigerim.iin in html
        assert aigerim.full_name in html
        assert aigerim.phone in html and aigerim.email in html
        assert nurlan.iin not in html and nurlan.last_name not in html
        viewed = AuditEvent.objects.get(action=AuditAction.VIEW)
        assert viewed.target_id == str(aigerim.pk)

    def test_recommends_open_vacancies_with_reasons_and_an_apply_button(self, aigerim: Person):
        driver = Occupation.objects.get(code="8322")
        person = graduate(desired_occupations=[driver])
        job = make_vacancy(title_kk="Жүргізуші", occupation=driver, settlement=centre_of("karasai"))
        html = get(youth_client(person, "driver"), ME)
        section = html.split('id="recommended-vacancies"')[1].split("</section>")[0]
        assert "Жүргізуші" in section
        assert "The same occupation the person wants or is skilled in" in section
        assert f'action="/en/me/vacancies/{job.pk}/apply/"' in section

    def test_suggests_programs_with_an_apply_button_when_eligible(self):
        html = get(youth_client(graduate(), "graduate"), ME)
        section = html.split('id="suggested-programs"')[1].split("</section>")[0]
        assert 'action="/en/me/programs/youth_practice/apply/"' in section
        assert "You may join" in section

    def test_lists_the_own_applications_and_participations(self, aigerim_client, aigerim):
        vacancy = make_vacancy(title_kk="Аспаз")
        services.vacancy_apply(actor=None, person=aigerim, vacancy=vacancy)
        other = make_vacancy(title_kk="Бөтен жұмыс")
        services.vacancy_apply(actor=None, person=nurlan_student(), vacancy=other)
        html = get(aigerim_client, ME)
        mine = html.split('id="applications"')[1].split("</section>")[0]
        assert "Аспаз" in mine and "Submitted" in mine
        assert "Бөтен жұмыс" not in mine
        assert "You do not take part in a program yet." in html

    def test_anonymous_visitors_are_sent_to_sign_in(self, client: Client):
        for url in (ME, EDIT):
            response = client.get(url)
            assert response.status_code == 302
            assert response["Location"].startswith("/en/login/?next=")

    def test_employers_and_office_staff_have_no_own_page(self):
        employer = login_as(Role.EMPLOYER, "agro", employer=make_employer())
        worker = login_as(Role.CASE_WORKER, "worker", district=district("karasai"))
        for client in (employer, worker):
            assert client.get(ME).status_code == 403
            assert client.get(EDIT).status_code == 403
            assert client.post("/en/me/programs/youth_practice/apply/").status_code == 403


def edit_data(own: Person, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "phone": "+77770001122",
        "email": "new@example.kz",
        "skills": "Python, Excel",
        "languages": ["kk", "en"],
        "education_level": "",
        "graduation_year": "2024",
        "field_of_study": "",
        "version": own.version,
    }
    data.update(overrides)
    return data


class EditTests:
    def test_shows_the_form_with_the_version(self, aigerim_client, aigerim):
        html = get(aigerim_client, EDIT)
        assert f'name="version" value="{aigerim.version}"' in html
        assert 'value="aigerim@example.kz"' in html

    def test_saves_contacts_skills_and_languages(self, aigerim_client, aigerim):
        response = aigerim_client.post(EDIT, edit_data(aigerim))
        assert response.status_code == 302
        assert response["Location"] == ME
        aigerim.refresh_from_db()
        assert (aigerim.phone, aigerim.email) == ("+77770001122", "new@example.kz")
        assert (aigerim.skills, aigerim.languages) == ("Python, Excel", ["kk", "en"])
        assert aigerim.version == 2

    def test_a_stale_form_is_refused(self, aigerim_client, aigerim):
        opened = aigerim.version
        services.person_update(actor=None, person=aigerim, data={"skills": "Case worker's note"})
        with translation.override("en"):
            response = aigerim_client.post(EDIT, edit_data(aigerim, version=opened))
        assert response.status_code == 200
        assert "after you opened it" in response.content.decode()
        aigerim.refresh_from_db()
        assert aigerim.phone == "+77011234567"

    def test_a_wrong_email_is_a_form_error(self, aigerim_client, aigerim):
        with translation.override("en"):
            response = aigerim_client.post(EDIT, edit_data(aigerim, email="not-an-address"))
        assert response.status_code == 200
        assert "Enter a valid email address." in response.content.decode()
        aigerim.refresh_from_db()
        assert aigerim.email == "aigerim@example.kz"

    def test_only_the_own_record_changes_whatever_is_posted(self, aigerim_client, aigerim):
        nurlan = nurlan_student()
        data = edit_data(aigerim, person=nurlan.pk, iin=nurlan.iin, last_name="Changed")
        aigerim_client.post(EDIT, data)
        nurlan.refresh_from_db()
        aigerim.refresh_from_db()
        assert nurlan.phone == "" and nurlan.version == 1
        assert aigerim.last_name != "Changed" and aigerim.iin != nurlan.iin


class ApplyVacancyTests:
    def test_applies_once_however_often_the_button_is_pressed(self, aigerim_client, aigerim):
        vacancy = make_vacancy()
        url = f"/en/me/vacancies/{vacancy.pk}/apply/"
        assert aigerim_client.post(url).status_code == 302
        assert aigerim_client.post(url).status_code == 302
        application = VacancyApplication.objects.get()
        assert (application.person, application.status) == (aigerim, ApplicationStatus.SUBMITTED)

    def test_htmx_gets_the_answer_in_place_of_the_button(self, aigerim_client, aigerim):
        vacancy = make_vacancy()
        with translation.override("en"):
            response = aigerim_client.post(
                f"/en/me/vacancies/{vacancy.pk}/apply/", HTTP_HX_REQUEST="true"
            )
        assert response.status_code == 200
        assert "Applied: Submitted" in response.content.decode()
        assert "<html" not in response.content.decode()

    def test_applies_for_oneself_only(self, aigerim_client, aigerim):
        nurlan = nurlan_student()
        vacancy = make_vacancy()
        aigerim_client.post(f"/en/me/vacancies/{vacancy.pk}/apply/", {"person": nurlan.pk})
        assert list(VacancyApplication.objects.values_list("person_id", flat=True)) == [aigerim.pk]

    def test_a_vacancy_that_is_not_open_is_not_found(self, aigerim_client):
        vacancy = make_vacancy()
        services.vacancy_set_status(actor=None, vacancy=vacancy, status=VacancyStatus.CLOSED)
        assert aigerim_client.post(f"/en/me/vacancies/{vacancy.pk}/apply/").status_code == 404
        assert not VacancyApplication.objects.exists()

    def test_applying_needs_a_post(self, aigerim_client):
        vacancy = make_vacancy()
        assert aigerim_client.get(f"/en/me/vacancies/{vacancy.pk}/apply/").status_code == 405


class ApplyProgramTests:
    def test_applies_to_this_years_edition_when_eligible(self):
        person = graduate()
        client = youth_client(person, "graduate")
        with translation.override("en"):
            response = client.post("/en/me/programs/youth_practice/apply/", follow=True)
        participation = Participation.objects.get()
        assert (participation.person, participation.edition.year) == (person, 2026)
        assert participation.applied_on.isoformat() == "2026-06-15"
        assert "You applied to" in response.content.decode()

    def test_says_why_an_ineligible_person_is_refused(self):
        client = youth_client(nurlan_student(), "nurlan")
        with translation.override("en"):
            response = client.post("/en/me/programs/youth_practice/apply/", follow=True)
        html = response.content.decode()
        assert "Not eligible for" in html
        assert not Participation.objects.exists()

    def test_an_unknown_program_is_not_found(self, aigerim_client):
        assert aigerim_client.post("/en/me/programs/no_such_program/apply/").status_code == 404
