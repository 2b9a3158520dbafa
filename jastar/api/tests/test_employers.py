"""/api/v1/employers/ and /api/v1/vacancies/: scoped lists, posting, edits, status."""

from __future__ import annotations

from typing import Any

import pytest

from jastar.api.tests.helpers import assert_error, assert_needs_token
from jastar.registry.models import Employer, Vacancy, VacancyStatus
from jastar.registry.tests.factories import make_vacancy, new_bin

pytestmark = pytest.mark.django_db

EMPLOYERS = "/api/v1/employers/"
VACANCIES = "/api/v1/vacancies/"


def employer_url(employer: Employer) -> str:
    return f"{EMPLOYERS}{employer.pk}/"


def vacancy_url(vacancy: Vacancy, tail: str = "") -> str:
    return f"{VACANCIES}{vacancy.pk}/{tail}"


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


class EmployerListTests:
    def test_office_staff_see_every_employer(self, officer, worker, analyst, firm, other_firm):
        for client in (officer, worker, analyst):
            assert ids(client.get(EMPLOYERS)) == {firm.pk, other_firm.pk}

    def test_an_employer_sees_only_itself(self, employer, firm, other_firm):
        body = employer.get(EMPLOYERS).json()
        assert body["count"] == 1
        assert body["results"][0]["name"] == firm.name
        assert body["results"][0]["bin"] == firm.bin

    def test_filters_by_district_and_name_or_bin(self, officer, firm, other_firm):
        assert ids(officer.get(EMPLOYERS, {"district": "enbekshikazakh"})) == {other_firm.pk}
        assert ids(officer.get(EMPLOYERS, {"q": "Құрылыс"})) == {other_firm.pk}
        assert ids(officer.get(EMPLOYERS, {"q": firm.bin})) == {firm.pk}
        assert_error(officer.get(EMPLOYERS, {"district": "atlantis"}), 400, {"district"})

    def test_pages(self, officer, firm, other_firm):
        body = officer.get(EMPLOYERS, {"limit": 1}).json()
        assert (body["count"], len(body["results"])) == (2, 1)

    def test_refusals(self, anonymous, youth):
        assert_needs_token(anonymous.get(EMPLOYERS))
        assert_error(youth.get(EMPLOYERS), 403)


class EmployerRegisterTests:
    def test_officer_registers_an_employer(self, officer):
        data = {"bin": new_bin(), "name": "«Талғар Сүт» ЖШС", "district": "talgar"}
        response = officer.post(EMPLOYERS, data, format="json")
        assert response.status_code == 201, response.content
        assert response.json()["district"] == "talgar"
        assert Employer.objects.get(bin=data["bin"]).name == "«Талғар Сүт» ЖШС"

    def test_case_worker_registers_only_in_their_district(self, worker):
        data = {"bin": new_bin(), "name": "ЖШС", "district": "karasai"}
        assert worker.post(EMPLOYERS, data, format="json").status_code == 201
        data = {"bin": new_bin(), "name": "ЖШС", "district": "talgar"}
        assert_error(worker.post(EMPLOYERS, data, format="json"), 403)

    def test_an_employer_login_may_not_register_employers(self, employer):
        data = {"bin": new_bin(), "name": "ЖШС", "district": "karasai"}
        assert_error(employer.post(EMPLOYERS, data, format="json"), 403)

    def test_bad_bin_is_400(self, officer):
        data = {"bin": "123", "name": "ЖШС", "district": "karasai"}
        assert_error(officer.post(EMPLOYERS, data, format="json"), 400, {"bin"})


class EmployerRecordTests:
    def test_an_employer_reads_and_edits_its_own_details(self, employer, firm):
        assert employer.get(employer_url(firm)).json()["id"] == firm.pk
        data = {"version": firm.version, "phone": "+77272000000"}
        response = employer.patch(employer_url(firm), data, format="json")
        assert response.status_code == 200, response.content
        assert response.json()["phone"] == "+77272000000"
        assert response.json()["version"] == firm.version + 1

    def test_another_employer_is_404(self, employer, other_firm):
        assert_error(employer.get(employer_url(other_firm)), 404)
        data = {"version": 1, "phone": "1"}
        assert_error(employer.patch(employer_url(other_firm), data, format="json"), 404)

    def test_stale_version_is_409(self, officer, firm):
        officer.patch(employer_url(firm), {"version": 1, "address": "Қаскелең"}, format="json")
        stale = officer.patch(employer_url(firm), {"version": 1, "phone": "1"}, format="json")
        assert_error(stale, 409, {"version"})

    def test_case_worker_may_not_edit_another_districts_employer(self, worker, other_firm):
        data = {"version": 1, "phone": "1"}
        assert_error(worker.patch(employer_url(other_firm), data, format="json"), 403)

    def test_analyst_may_not_edit(self, analyst, firm):
        assert_error(analyst.patch(employer_url(firm), {"version": 1}, format="json"), 403)

    def test_bad_values_are_400(self, officer, firm):
        data = {"version": 1, "email": "not-an-email", "industry": "ZZ"}
        assert_error(
            officer.patch(employer_url(firm), data, format="json"), 400, {"email", "industry"}
        )


@pytest.fixture
def jobs(firm, other_firm) -> tuple[Vacancy, Vacancy, Vacancy]:
    """The firm's open cook job and closed driver job; the other firm's builder job."""
    cook = make_vacancy(employer=firm)
    driver = make_vacancy(employer=firm, title_kk="Жүргізуші", title_ru="Водитель")
    driver.status = VacancyStatus.CLOSED
    driver.save(update_fields=["status"])
    builder = make_vacancy(
        employer=other_firm,
        title_kk="Құрылысшы",
        title_ru="Строитель",
        district=other_firm.district,
    )
    return cook, driver, builder


class VacancyListTests:
    def test_office_staff_see_every_vacancy(self, worker, jobs):
        assert ids(worker.get(VACANCIES)) == {v.pk for v in jobs}

    def test_an_employer_sees_only_its_own(self, employer, jobs):
        cook, driver, _builder = jobs
        assert ids(employer.get(VACANCIES)) == {cook.pk, driver.pk}

    def test_a_young_person_sees_open_vacancies_only(self, youth, jobs):
        cook, _driver, builder = jobs
        assert ids(youth.get(VACANCIES)) == {cook.pk, builder.pk}

    def test_filters(self, officer, jobs, other_firm):
        cook, driver, builder = jobs
        assert ids(officer.get(VACANCIES, {"status": "closed"})) == {driver.pk}
        assert ids(officer.get(VACANCIES, {"district": "enbekshikazakh"})) == {builder.pk}
        assert ids(officer.get(VACANCIES, {"employer": other_firm.pk})) == {builder.pk}
        assert ids(officer.get(VACANCIES, {"q": "Водит"})) == {driver.pk}
        assert ids(officer.get(VACANCIES, {"occupation": "8322"})) == set()
        assert_error(officer.get(VACANCIES, {"occupation": "nope"}), 400, {"occupation"})

    def test_refuses_anonymous_and_users_without_a_role(self, anonymous, clerk):
        assert_needs_token(anonymous.get(VACANCIES))
        assert_error(clerk.get(VACANCIES), 403)


def posting(employer: Employer, **overrides: Any) -> dict[str, Any]:
    values = {
        "employer": employer.pk,
        "title_kk": "Даяшы",
        "title_ru": "Официант",
        "employment_type": "permanent",
        "salary_min": 150000,
        "salary_max": 200000,
        "occupation": "5131",
    }
    values.update(overrides)
    return values


class VacancyPostTests:
    def test_an_employer_posts_its_own_vacancy(self, employer, firm):
        response = employer.post(VACANCIES, posting(firm), format="json")
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["employer"] == {"id": firm.pk, "name": firm.name}
        assert body["district"] == "karasai"  # the employer's
        assert body["status"] == "open"
        assert body["posted_on"] == "2026-06-15"

    def test_an_employer_may_not_post_for_another(self, employer, other_firm):
        response = employer.post(VACANCIES, posting(other_firm), format="json")
        assert_error(response, 400, {"employer"})

    def test_case_worker_posts_only_in_their_district(self, worker, firm, other_firm):
        assert worker.post(VACANCIES, posting(firm), format="json").status_code == 201
        response = worker.post(VACANCIES, posting(other_firm), format="json")
        assert_error(response, 403)

    def test_validation_errors_name_the_fields(self, officer, firm):
        data = posting(firm, title_kk="", title_ru="", salary_min=300000)
        assert_error(officer.post(VACANCIES, data, format="json"), 400, {"title_kk", "salary_max"})

    def test_young_people_and_analysts_may_not_post(self, youth, analyst, firm):
        assert_error(youth.post(VACANCIES, posting(firm), format="json"), 403)
        assert_error(analyst.post(VACANCIES, posting(firm), format="json"), 403)


class VacancyRecordTests:
    def test_reads_a_vacancy(self, employer, jobs):
        cook = jobs[0]
        body = employer.get(vacancy_url(cook)).json()
        assert body["title"] == "Аспаз"
        assert body["version"] == cook.version

    def test_another_employers_vacancy_is_404(self, employer, jobs):
        builder = jobs[2]
        assert_error(employer.get(vacancy_url(builder)), 404)
        data = {"version": 1, "places": 2}
        assert_error(employer.patch(vacancy_url(builder), data, format="json"), 404)
        assert_error(employer.post(vacancy_url(builder, "status/"), {"status": "closed"}), 404)

    def test_edits_with_the_version(self, employer, jobs):
        cook = jobs[0]
        data = {"version": cook.version, "places": 3, "salary_max": 250000}
        response = employer.patch(vacancy_url(cook), data, format="json")
        assert response.status_code == 200, response.content
        assert (response.json()["places"], response.json()["version"]) == (3, cook.version + 1)

    def test_stale_version_is_409(self, officer, jobs):
        cook = jobs[0]
        officer.patch(vacancy_url(cook), {"version": cook.version, "places": 2}, format="json")
        stale = {"version": cook.version, "places": 5}
        assert_error(officer.patch(vacancy_url(cook), stale, format="json"), 409, {"version"})
        cook.refresh_from_db()
        assert cook.places == 2

    def test_case_worker_may_not_edit_another_districts_vacancy(self, worker, jobs):
        builder = jobs[2]
        data = {"version": builder.version, "places": 2}
        assert_error(worker.patch(vacancy_url(builder), data, format="json"), 403)

    def test_bad_values_are_400(self, officer, jobs):
        data = {"version": 1, "places": 0, "closes_on": "never"}
        response = officer.patch(vacancy_url(jobs[0]), data, format="json")
        assert_error(response, 400, {"places", "closes_on"})


class VacancyStatusTests:
    def test_closes_a_vacancy_on_a_day(self, employer, jobs):
        cook = jobs[0]
        data = {"status": "closed", "on": "2026-06-10"}
        response = employer.post(vacancy_url(cook, "status/"), data, format="json")
        assert response.status_code == 200, response.content
        assert (response.json()["status"], response.json()["closes_on"]) == ("closed", "2026-06-10")

    def test_unknown_status_is_400(self, officer, jobs):
        response = officer.post(vacancy_url(jobs[0], "status/"), {"status": "gone"}, format="json")
        assert_error(response, 400, {"status"})

    def test_refusals(self, analyst, anonymous, jobs):
        url = vacancy_url(jobs[0], "status/")
        assert_error(analyst.post(url, {"status": "closed"}, format="json"), 403)
        assert_needs_token(anonymous.post(url, {"status": "closed"}, format="json"))
