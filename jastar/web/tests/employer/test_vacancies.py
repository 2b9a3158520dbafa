"""An employer's vacancy list, posting and editing vacancies, and who may open them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from jastar.accounts.models import Role
from jastar.registry import services
from jastar.registry.models import (
    EmploymentType,
    Settlement,
    Vacancy,
    VacancyStatus,
)
from jastar.registry.tests.factories import (
    aigerim_neet_graduate,
    centre_of,
    make_employer,
    make_vacancy,
)
from jastar.web.tests.employer.conftest import login_as

pytestmark = pytest.mark.django_db

LIST = "/en/employer/"
NEW = "/en/employer/vacancies/new/"


def vacancy_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title_kk": "Даяшы",
        "title_ru": "Официант",
        "description_kk": "",
        "description_ru": "Работа в кафе",
        "occupation": "",
        "settlement": centre_of("karasai").pk,
        "salary_min": "120000",
        "salary_max": "160000",
        "employment_type": EmploymentType.PERMANENT,
        "education_required": "",
        "experience_months_required": "0",
        "places": "2",
        "closes_on": "2026-07-31",
    }
    data.update(overrides)
    return data


class VacancyListTests:
    def test_lists_own_vacancies_with_status_places_and_applications(
        self, employer_client: Client, employer
    ):
        own = make_vacancy(employer=employer, title_ru="Повар", places=3)
        services.vacancy_apply(actor=None, person=aigerim_neet_graduate(), vacancy=own)
        make_vacancy(employer=make_employer(name="Other"), title_kk="Бөтен", title_ru="Чужая")
        response = employer_client.get(LIST)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Kaskelen Agro LLP" in html
        assert f'href="/en/employer/vacancies/{own.pk}/"' in html
        assert "Чужая" not in html and "Бөтен" not in html
        row = html.split('<tr class="vacancy">')[1]
        assert '<td class="num">3</td>' in row  # places
        assert '<td class="num">1</td>' in row  # applications
        assert "Open" in row
        assert f'href="{NEW}"' in html

    def test_says_so_when_nothing_is_posted(self, employer_client: Client):
        assert "You have not posted a vacancy yet." in employer_client.get(LIST).content.decode()

    def test_anonymous_visitors_are_sent_to_sign_in(self, client: Client):
        response = client.get(LIST)
        assert response.status_code == 302
        assert response["Location"].startswith("/en/login/?next=")

    def test_office_staff_and_young_people_are_refused(self, case_worker_client: Client):
        assert case_worker_client.get(LIST).status_code == 403
        youth = login_as(Role.YOUTH, "aigerim", person=aigerim_neet_graduate())
        assert youth.get(LIST).status_code == 403
        assert youth.get(NEW).status_code == 403


class VacancyNewTests:
    def test_shows_the_form(self, employer_client: Client):
        html = employer_client.get(NEW).content.decode()
        assert 'name="title_kk"' in html and 'name="closes_on"' in html
        assert 'type="date"' in html

    def test_posts_a_vacancy_of_the_employer_in_its_district(
        self, employer_client: Client, employer
    ):
        response = employer_client.post(NEW, vacancy_data())
        vacancy = Vacancy.objects.get()
        assert response.status_code == 302
        assert response["Location"] == f"/en/employer/vacancies/{vacancy.pk}/"
        assert (vacancy.employer, vacancy.district) == (employer, employer.district)
        assert (vacancy.title_ru, vacancy.places, vacancy.salary_max) == ("Официант", 2, 160_000)
        assert vacancy.status == VacancyStatus.OPEN

    def test_a_vacancy_needs_a_title_and_an_ordered_pay_range(self, employer_client: Client):
        data = vacancy_data(title_kk="", title_ru="", salary_min="200000", salary_max="100000")
        with translation.override("en"):
            response = employer_client.post(NEW, data)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Give the title in Kazakh, in Russian, or in both." in html
        assert 'class="errorlist' in html
        assert not Vacancy.objects.exists()

    def test_a_settlement_of_another_district_is_refused(self, employer_client: Client):
        elsewhere = Settlement.objects.exclude(district__code="karasai")[0]
        response = employer_client.post(NEW, vacancy_data(settlement=elsewhere.pk))
        assert response.status_code == 200
        assert 'class="errorlist' in response.content.decode()
        assert not Vacancy.objects.exists()


class VacancyEditTests:
    def test_saves_a_change(self, employer_client: Client, employer):
        vacancy = make_vacancy(employer=employer)
        url = f"/en/employer/vacancies/{vacancy.pk}/edit/"
        html = employer_client.get(url).content.decode()
        assert f'name="version" value="{vacancy.version}"' in html
        data = vacancy_data(title_ru="Старший повар", version=vacancy.version)
        response = employer_client.post(url, data)
        assert response.status_code == 302
        vacancy.refresh_from_db()
        assert vacancy.title_ru == "Старший повар"
        assert vacancy.version == 2

    def test_a_stale_form_is_refused_with_who_changed_it(self, employer_client: Client, employer):
        vacancy = make_vacancy(employer=employer)
        opened = vacancy.version
        services.vacancy_update(actor=None, vacancy=vacancy, data={"places": 4})
        with translation.override("en"):
            response = employer_client.post(
                f"/en/employer/vacancies/{vacancy.pk}/edit/",
                vacancy_data(title_ru="Мой заголовок", version=opened),
            )
        assert response.status_code == 200
        assert "after you opened it" in response.content.decode()
        vacancy.refresh_from_db()
        assert (vacancy.title_ru, vacancy.places) == ("Повар", 4)

    def test_closes_and_reopens_the_vacancy(self, employer_client: Client, employer):
        vacancy = make_vacancy(employer=employer)
        url = f"/en/employer/vacancies/{vacancy.pk}/status/"
        assert employer_client.post(url, {"status": "closed"}).status_code == 302
        vacancy.refresh_from_db()
        assert vacancy.status == VacancyStatus.CLOSED
        employer_client.post(url, {"status": "open"})
        vacancy.refresh_from_db()
        assert vacancy.status == VacancyStatus.OPEN

    def test_an_unknown_status_changes_nothing(self, employer_client: Client, employer):
        vacancy = make_vacancy(employer=employer)
        response = employer_client.post(
            f"/en/employer/vacancies/{vacancy.pk}/status/", {"status": "gone"}
        )
        assert response.status_code == 302
        vacancy.refresh_from_db()
        assert vacancy.status == VacancyStatus.OPEN

    def test_the_status_change_needs_a_post(self, employer_client: Client, employer):
        vacancy = make_vacancy(employer=employer)
        response = employer_client.get(f"/en/employer/vacancies/{vacancy.pk}/status/")
        assert response.status_code == 405


class OtherEmployersVacancyTests:
    """Every page of another employer's vacancy answers 404, as for a missing one."""

    @pytest.mark.parametrize(
        ("method", "path"),
        [
            ("get", ""),
            ("get", "edit/"),
            ("post", "edit/"),
            ("post", "status/"),
            ("post", "applications/{application}/status/"),
            ("post", "applications/{application}/hire/"),
            ("post", "candidates/{person}/invite/"),
        ],
    )
    def test_answers_404(self, employer_client: Client, method: str, path: str):
        theirs = make_vacancy(employer=make_employer(name="Other"))
        person = aigerim_neet_graduate()
        application = services.vacancy_apply(actor=None, person=person, vacancy=theirs)
        url = f"/en/employer/vacancies/{theirs.pk}/" + path.format(
            application=application.pk, person=person.pk
        )
        data = {"status": "closed"} if method == "post" else None
        response = getattr(employer_client, method)(url, data)
        assert response.status_code == 404
        theirs.refresh_from_db()
        application.refresh_from_db()
        assert (theirs.status, application.status) == ("open", "submitted")

    def test_a_missing_vacancy_answers_404_too(self, employer_client: Client):
        assert employer_client.get("/en/employer/vacancies/999999/").status_code == 404
