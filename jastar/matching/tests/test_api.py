"""API v1 of matching: a person's vacancies and programs, a vacancy's candidates, the
occupation lookup and batch runs (happy path, access, errors, audit)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.utils import translation
from rest_framework.test import APIClient

from jastar.core.models import AuditAction, AuditEvent
from jastar.matching.engines import forget_engine
from jastar.matching.models import MatchRun, RunStatus
from jastar.matching.services import match_run_start
from jastar.programs.models import ProgramEdition
from jastar.registry.models import Occupation, Person, Vacancy
from jastar.registry.tests.factories import (
    aigerim_neet_graduate,
    centre_of,
    make_vacancy,
    nurlan_student,
)

pytestmark = pytest.mark.django_db

SAME_OCCUPATION = "The same occupation the person wants or is skilled in"


@pytest.fixture(autouse=True)
def _fresh_engine() -> Iterator[None]:
    # The engine is cached per process: each test sees only its own vacancies.
    forget_engine()
    yield
    forget_engine()


@pytest.fixture
def anonymous() -> APIClient:
    return APIClient()


@pytest.fixture
def staff(django_user_model: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(django_user_model.objects.create_user("officer", is_staff=True))
    return client


@pytest.fixture
def clerk(django_user_model: Any) -> APIClient:
    """Signed in, but not staff."""
    client = APIClient()
    client.force_authenticate(django_user_model.objects.create_user("clerk"))
    return client


def driver() -> Occupation:
    return Occupation.objects.get(code="8322")


def driver_job(**overrides: Any) -> Vacancy:
    """An open driver's vacancy in Kaskelen (Karasai district)."""
    values: dict[str, Any] = {
        "title_kk": "Жүргізуші",
        "title_ru": "Водитель",
        "occupation": driver(),
        "settlement": centre_of("karasai"),
        "salary_min": 200_000,
        "salary_max": 250_000,
    }
    return make_vacancy(**{**values, **overrides})


def would_be_driver() -> Person:
    """Aigerim from Kaskelen, who wants to work as a driver."""
    return aigerim_neet_graduate(desired_occupations=[driver()])


def batch_run(capture: Any) -> None:
    """Write the ranked lists (the run's tasks execute when the transaction commits)."""
    with capture(execute=True):
        match_run_start(actor=None, on=date(2026, 6, 15))


def recommendations_url(person_id: int, query: str = "") -> str:
    return f"/api/v1/people/{person_id}/recommendations/{query}"


def programs_url(person_id: int) -> str:
    return f"/api/v1/people/{person_id}/programs/"


def candidates_url(vacancy_id: int, query: str = "") -> str:
    return f"/api/v1/vacancies/{vacancy_id}/candidates/{query}"


LOOKUP_URL = "/api/v1/occupations/lookup/"
RUNS_URL = "/api/v1/matching/runs/"


class PersonRecommendationsTests:
    def test_lists_the_vacancy_of_the_wanted_occupation_first(self, staff):
        person = would_be_driver()
        job = driver_job()
        make_vacancy()  # a cook's job in the same district
        response = staff.get(recommendations_url(person.pk), HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200
        with translation.override("en"):
            kaskelen_in_english = centre_of("karasai").name
        body = response.json()
        assert [row["vacancy"]["id"] for row in body][:1] == [job.pk]
        assert body[0]["vacancy"] == {
            "id": job.pk,
            "title_kk": "Жүргізуші",
            "title_ru": "Водитель",
            "employer": job.employer.name,
            "district": "karasai",
            "settlement": kaskelen_in_english,
            "salary_min": 200_000,
            "salary_max": 250_000,
            "program": None,
        }
        assert 0 < body[1]["score"] < body[0]["score"] <= 1

    def test_gives_reasons_for_and_against(self, staff):
        person = would_be_driver()
        driver_job()
        make_vacancy()
        body = staff.get(recommendations_url(person.pk), HTTP_ACCEPT_LANGUAGE="en").json()
        best = body[0]["reasons"][0]
        assert best["feature"] == "occupation"
        assert best["helps"] is True
        assert best["text"] == SAME_OCCUPATION
        assert 0 < best["contribution"] <= 1
        cook = body[1]["reasons"]
        assert {"feature": "occupation", "helps": False} in [
            {"feature": r["feature"], "helps": r["helps"]} for r in cook
        ]

    def test_limit_shortens_the_list(self, staff):
        person = would_be_driver()
        driver_job()
        make_vacancy()
        body = staff.get(recommendations_url(person.pk, "?limit=1")).json()
        assert len(body) == 1

    def test_is_empty_without_open_vacancies(self, staff):
        make_vacancy(status="closed")
        assert staff.get(recommendations_url(would_be_driver().pk)).json() == []

    def test_audits_the_read_with_the_client_ip(self, staff):
        person = would_be_driver()
        staff.get(recommendations_url(person.pk), REMOTE_ADDR="10.1.2.3")
        event = AuditEvent.objects.get(action=AuditAction.VIEW, target_id=str(person.pk))
        assert event.target_type == "registry.person"
        assert event.actor is not None
        assert event.actor.username == "officer"
        assert event.ip_address == "10.1.2.3"

    def test_refuses_anonymous_callers(self, anonymous):
        response = anonymous.get(recommendations_url(would_be_driver().pk))
        assert response.status_code == 401
        assert not AuditEvent.objects.filter(action=AuditAction.VIEW).exists()

    def test_refuses_signed_in_users_who_are_not_staff(self, clerk):
        response = clerk.get(recommendations_url(would_be_driver().pk), HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 403
        assert response.json() == {
            "message": "Only office staff may use this part of the API.",
            "extra": {},
        }
        assert not AuditEvent.objects.filter(action=AuditAction.VIEW).exists()

    @pytest.mark.parametrize("limit", ["0", "51", "ten", "2.5"])
    def test_bad_limit_is_400_in_the_error_format(self, staff, limit):
        person = would_be_driver()
        response = staff.get(recommendations_url(person.pk, f"?limit={limit}"))
        assert response.status_code == 400
        body = response.json()
        assert list(body["extra"]["fields"]) == ["limit"]
        assert not AuditEvent.objects.filter(action=AuditAction.VIEW).exists()

    def test_unknown_person_is_404_in_the_error_format(self, staff):
        response = staff.get(recommendations_url(999_999), HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 404
        assert response.json() == {"message": "There is no person with this id.", "extra": {}}


class PersonProgramsTests:
    def test_lists_every_program_of_the_year_eligible_ones_first(self, staff):
        response = staff.get(programs_url(would_be_driver().pk), HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200
        body = response.json()
        assert {row["program"] for row in body} == set(
            ProgramEdition.objects.filter(year=2026).values_list("program__code", flat=True)
        )
        assert {row["year"] for row in body} == {2026}
        eligible = [row["eligible"] for row in body]
        assert eligible == sorted(eligible, reverse=True)
        assert True in eligible
        assert False in eligible

    def test_eligible_programs_give_reasons_and_others_the_rules_they_fail(self, staff):
        body = staff.get(programs_url(would_be_driver().pk), HTTP_ACCEPT_LANGUAGE="en").json()
        for row in body:
            if row["eligible"]:
                assert row["score"] > 0
                assert "Meets every condition of the program" in row["reasons"]
                assert row["failures"] == []
            else:
                assert row["score"] == 0
                assert row["failures"]
                assert all(isinstance(text, str) and text for text in row["failures"])
        practice = next(row for row in body if row["program"] == "youth_practice")
        assert practice["program_name"] == "Youth Practice"
        assert "No education level is recorded." in practice["failures"]

    def test_gives_places_left_and_program_places_nearby(self, staff):
        body = staff.get(programs_url(would_be_driver().pk)).json()
        for row in body:
            assert row["places_left"] is None or row["places_left"] >= 0
            assert row["program_places_nearby"] >= 0

    def test_audits_the_read(self, staff):
        person = nurlan_student()
        staff.get(programs_url(person.pk))
        assert AuditEvent.objects.filter(
            action=AuditAction.VIEW, target_type="registry.person", target_id=str(person.pk)
        ).exists()

    def test_refuses_signed_in_users_who_are_not_staff(self, clerk):
        assert clerk.get(programs_url(would_be_driver().pk)).status_code == 403

    def test_unknown_person_is_404(self, staff):
        response = staff.get(programs_url(999_999), HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 404
        assert response.json()["message"] == "There is no person with this id."


class VacancyCandidatesTests:
    def test_is_empty_before_a_batch_run(self, staff):
        would_be_driver()
        response = staff.get(candidates_url(driver_job().pk))
        assert response.status_code == 200
        assert response.json() == []

    def test_lists_candidates_by_id_district_and_age_only(
        self, staff, django_capture_on_commit_callbacks
    ):
        person = would_be_driver()
        job = driver_job()
        batch_run(django_capture_on_commit_callbacks)
        response = staff.get(candidates_url(job.pk), HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200
        body = response.json()
        assert body[0]["person"] == {
            "id": person.pk,
            "district": "karasai",
            "age": 23,
            "name": None,
            "iin": None,
        }
        assert 0 < body[0]["score"] <= 1
        assert body[0]["reasons"][0]["text"] == SAME_OCCUPATION
        assert person.last_name not in response.content.decode()
        assert person.iin not in response.content.decode()

    def test_reading_candidates_is_not_a_read_of_a_record(
        self, staff, django_capture_on_commit_callbacks
    ):
        would_be_driver()
        job = driver_job()
        batch_run(django_capture_on_commit_callbacks)
        staff.get(candidates_url(job.pk))
        assert not AuditEvent.objects.filter(action=AuditAction.VIEW).exists()

    def test_refuses_anonymous_callers_and_users_who_are_not_staff(self, anonymous, clerk):
        job = driver_job()
        assert anonymous.get(candidates_url(job.pk)).status_code == 401
        assert clerk.get(candidates_url(job.pk)).status_code == 403

    @pytest.mark.parametrize("limit", ["0", "100", "-1"])
    def test_bad_limit_is_400_in_the_error_format(self, staff, limit):
        response = staff.get(candidates_url(driver_job().pk, f"?limit={limit}"))
        assert response.status_code == 400
        assert response.json()["message"]
        assert list(response.json()["extra"]["fields"]) == ["limit"]

    def test_unknown_vacancy_is_404_in_the_error_format(self, staff):
        response = staff.get(candidates_url(999_999), HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 404
        assert response.json() == {"message": "There is no vacancy with this id.", "extra": {}}


class OccupationLookupTests:
    @pytest.mark.parametrize("text", ["жүргізуші", "водитель", "jürgızuşı", "driver"])
    def test_finds_an_occupation_in_any_language_or_script(self, clerk, text):
        response = clerk.get(LOOKUP_URL, {"q": text})
        assert response.status_code == 200
        best = response.json()[0]
        assert best["code"] == "8322"
        assert best["name_ru"] == driver().name_ru
        assert set(best) == {"code", "name_kk", "name_ru", "name_en", "score", "matched"}
        assert 0 < best["score"] <= 1
        assert best["matched"]

    def test_limit_caps_the_hits(self, clerk):
        assert len(clerk.get(LOOKUP_URL, {"q": "жүргізуші", "limit": 2}).json()) == 2
        assert len(clerk.get(LOOKUP_URL, {"q": "жүргізуші"}).json()) == 5

    @pytest.mark.parametrize("query", [{}, {"q": ""}, {"q": "   "}])
    def test_text_is_required(self, clerk, query):
        response = clerk.get(LOOKUP_URL, query, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 400
        body = response.json()
        assert body["message"] == "Validation error"
        assert list(body["extra"]["fields"]) == ["q"]

    def test_bad_limit_is_400(self, clerk):
        response = clerk.get(LOOKUP_URL, {"q": "водитель", "limit": 0})
        assert response.status_code == 400
        assert list(response.json()["extra"]["fields"]) == ["limit"]

    def test_refuses_anonymous_callers(self, anonymous):
        assert anonymous.get(LOOKUP_URL, {"q": "водитель"}).status_code == 401


class MatchRunTests:
    def test_starting_a_run_answers_202_and_the_run_writes_the_lists(
        self, staff, django_capture_on_commit_callbacks
    ):
        would_be_driver()
        driver_job()
        with django_capture_on_commit_callbacks(execute=True):
            response = staff.post(RUNS_URL)
        assert response.status_code == 202
        body = response.json()
        assert body["on"] == "2026-06-15"
        assert body["district"] is None
        assert body["status"] == RunStatus.QUEUED
        assert body["shards_total"] == 1
        done = staff.get(f"{RUNS_URL}{body['id']}/").json()
        assert done["status"] == RunStatus.DONE
        assert done["shards_done"] == 1
        assert done["people"] == 1
        assert done["vacancies"] == 1
        assert done["matches"] > 0
        assert set(done) == {
            "id",
            "on",
            "district",
            "status",
            "shards_done",
            "shards_total",
            "people",
            "vacancies",
            "matches",
            "seconds",
        }

    def test_a_run_may_cover_one_district(self, staff):
        nurlan_student()
        response = staff.post(RUNS_URL, {"district": "enbekshikazakh"}, format="json")
        assert response.status_code == 202
        assert response.json()["district"] == "enbekshikazakh"
        assert MatchRun.objects.get().district is not None

    def test_starting_a_run_is_audited(self, staff):
        response = staff.post(RUNS_URL, {}, format="json")
        event = AuditEvent.objects.get(action=AuditAction.CREATE, target_type="matching.matchrun")
        assert event.target_id == str(response.json()["id"])
        assert event.actor is not None
        assert event.actor.username == "officer"

    def test_unknown_district_is_400(self, staff):
        response = staff.post(RUNS_URL, {"district": "atlantis"}, format="json")
        assert response.status_code == 400
        assert list(response.json()["extra"]["fields"]) == ["district"]
        assert not MatchRun.objects.exists()

    def test_refuses_anonymous_callers_and_users_who_are_not_staff(self, anonymous, clerk):
        assert anonymous.post(RUNS_URL).status_code == 401
        assert clerk.post(RUNS_URL).status_code == 403
        assert not MatchRun.objects.exists()

    def test_reading_a_run_is_for_staff(self, staff, clerk):
        run = staff.post(RUNS_URL).json()
        assert clerk.get(f"{RUNS_URL}{run['id']}/").status_code == 403

    def test_unknown_run_is_404_in_the_error_format(self, staff):
        response = staff.get(f"{RUNS_URL}999999/", HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 404
        assert response.json() == {"message": "There is no matching run with this id.", "extra": {}}
