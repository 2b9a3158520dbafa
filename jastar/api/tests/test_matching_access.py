"""Matching endpoints through the access layer: people in scope, candidates for the
vacancy's employer (names, no IIN) and for office staff; batch runs for region-wide staff.

The endpoints' results are tested in ``jastar/matching/tests/test_api.py``."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from jastar.accounts.models import Role
from jastar.api.tests.helpers import assert_error, assert_needs_token, user_with
from jastar.matching.services import match_run_start
from jastar.registry.models import Occupation, Person, Vacancy
from jastar.registry.tests.factories import aigerim_neet_graduate, centre_of, make_vacancy

pytestmark = pytest.mark.django_db


def candidates_url(vacancy: Vacancy) -> str:
    return f"/api/v1/vacancies/{vacancy.pk}/candidates/"


@pytest.fixture
def driver() -> Person:
    """Aigerim, who wants to work as a driver."""
    return aigerim_neet_graduate(desired_occupations=[Occupation.objects.get(code="8322")])


@pytest.fixture
def driver_job(firm, driver, django_capture_on_commit_callbacks) -> Vacancy:
    """The firm's open driver vacancy in Kaskelen, with the batch run's candidates."""
    job = make_vacancy(
        employer=firm,
        title_kk="Жүргізуші",
        title_ru="Водитель",
        occupation=Occupation.objects.get(code="8322"),
        settlement=centre_of("karasai"),
        salary_min=200_000,
        salary_max=250_000,
    )
    with django_capture_on_commit_callbacks(execute=True):
        match_run_start(actor=None, on=date(2026, 6, 15))
    return job


def first_candidate(client: Any, job: Vacancy) -> dict[str, Any]:
    response = client.get(candidates_url(job))
    assert response.status_code == 200, response.content
    body: list[dict[str, Any]] = response.json()
    assert body
    person: dict[str, Any] = body[0]["person"]
    return person


class CandidatesAccessTests:
    def test_the_employer_sees_names_without_iins(self, employer, driver_job, driver):
        person = first_candidate(employer, driver_job)
        assert person["id"] == driver.pk
        assert person["name"] == driver.full_name
        assert person["iin"] is None

    def test_office_staff_with_personal_data_see_names_and_masked_iins(
        self, worker, driver_job, driver
    ):
        person = first_candidate(worker, driver_job)
        assert (person["name"], person["iin"]) == (driver.full_name, driver.masked_iin)

    def test_analysts_see_neither(self, analyst, driver_job):
        person = first_candidate(analyst, driver_job)
        assert (person["name"], person["iin"]) == (None, None)

    def test_another_employers_vacancy_is_404(self, other_firm, as_user, driver_job):
        other = as_user(user_with(Role.EMPLOYER, "other-login", employer=other_firm))
        assert_error(other.get(candidates_url(driver_job)), 404)

    def test_young_people_may_not_see_candidates(self, youth, driver_job):
        assert_error(youth.get(candidates_url(driver_job)), 403)

    def test_anonymous_callers_get_401(self, anonymous, driver_job):
        assert_needs_token(anonymous.get(candidates_url(driver_job)))


class PersonMatchingAccessTests:
    @pytest.mark.parametrize("tail", ["recommendations/", "programs/"])
    def test_case_worker_gets_404_for_another_district(self, worker, nurlan, aigerim, tail):
        assert_error(worker.get(f"/api/v1/people/{nurlan.pk}/{tail}"), 404)
        assert worker.get(f"/api/v1/people/{aigerim.pk}/{tail}").status_code == 200

    @pytest.mark.parametrize("tail", ["recommendations/", "programs/"])
    def test_employers_may_not_read_people(self, employer, aigerim, tail):
        assert_error(employer.get(f"/api/v1/people/{aigerim.pk}/{tail}"), 403)


class MatchRunAccessTests:
    def test_region_wide_staff_start_runs(self, officer):
        assert officer.post("/api/v1/matching/runs/", {}, format="json").status_code == 202

    def test_case_workers_and_employers_may_not(self, worker, employer):
        assert_error(worker.post("/api/v1/matching/runs/", {}, format="json"), 403)
        assert_error(employer.get("/api/v1/matching/runs/1/"), 403)
