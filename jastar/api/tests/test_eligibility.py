"""GET /api/v1/people/{id}/eligibility/: outcomes, languages, access, errors, audit."""

from __future__ import annotations

from typing import Any

import pytest

from jastar.core.models import AuditAction, AuditEvent
from jastar.programs.models import ProgramEdition
from jastar.registry.tests.factories import aigerim_neet_graduate, nurlan_student

pytestmark = pytest.mark.django_db


def url(person_id: int, on: str | None = None) -> str:
    query = "" if on is None else f"?on={on}"
    return f"/api/v1/people/{person_id}/eligibility/{query}"


def program(body: dict[str, Any], code: str) -> dict[str, Any]:
    return next(row for row in body["programs"] if row["program_code"] == code)


def age_sentence(client, person_id: int, language: str) -> str:
    body = client.get(url(person_id), HTTP_ACCEPT_LANGUAGE=language).json()
    results = program(body, "youth_practice")["results"]
    return str(next(r["message"] for r in results if r["type"] == "age_range"))


class PersonEligibilityTests:
    def test_checks_every_program_of_the_year(self, staff):
        person = aigerim_neet_graduate()
        response = staff.get(url(person.pk))
        assert response.status_code == 200
        body = response.json()
        assert body["person_id"] == person.pk
        assert body["on"] == "2026-06-15"
        assert {row["program_code"] for row in body["programs"]} == set(
            ProgramEdition.objects.filter(year=2026).values_list("program__code", flat=True)
        )
        assert {row["edition_year"] for row in body["programs"]} == {2026}

    def test_gives_each_rule_with_its_sentence_and_details(self, staff):
        body = staff.get(url(aigerim_neet_graduate().pk), HTTP_ACCEPT_LANGUAGE="en").json()
        practice = program(body, "youth_practice")
        age = next(r for r in practice["results"] if r["type"] == "age_range")
        assert age["passed"] is True
        assert age["message"] == "Age 23 is within 18–35."
        assert age["details"]["age"] == 23
        assert practice["program_name"]
        assert practice["eligible"] == all(r["passed"] for r in practice["results"])

    def test_checks_on_the_date_given(self, staff):
        person = aigerim_neet_graduate()
        body = staff.get(url(person.pk, "2027-06-15"), HTTP_ACCEPT_LANGUAGE="en").json()
        assert body["on"] == "2027-06-15"
        results = body["programs"][0]["results"]
        ages = [r["details"]["age"] for r in results if r["type"] == "age_range"]
        assert ages and set(ages) == {24}

    def test_student_is_refused_youth_practice(self, staff):
        body = staff.get(url(nurlan_student().pk)).json()
        assert program(body, "youth_practice")["eligible"] is False

    def test_renders_sentences_in_kazakh_and_russian(self, staff):
        person = aigerim_neet_graduate()
        kazakh = age_sentence(staff, person.pk, "kk")
        russian = age_sentence(staff, person.pk, "ru")
        assert kazakh != russian
        assert "23" in kazakh
        assert "23" in russian
        assert "Жасы" in kazakh
        assert "Возраст" in russian

    def test_answers_in_kazakh_without_accept_language(self, staff):
        person = aigerim_neet_graduate()
        response = staff.get(url(person.pk))
        assert response["Content-Language"] == "kk"
        assert age_sentence(staff, person.pk, "") == age_sentence(staff, person.pk, "kk")

    def test_audits_the_read_with_the_client_ip(self, staff):
        person = aigerim_neet_graduate()
        staff.get(url(person.pk), REMOTE_ADDR="10.1.2.3")
        event = AuditEvent.objects.get(action=AuditAction.VIEW, target_id=str(person.pk))
        assert event.target_type == "registry.person"
        assert event.actor is not None
        assert event.actor.username == "officer"
        assert event.ip_address == "10.1.2.3"


class PersonEligibilityAccessTests:
    def test_refuses_anonymous_callers_with_a_token_challenge(self, anonymous):
        person = aigerim_neet_graduate()
        response = anonymous.get(url(person.pk), HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Token"
        assert response.json() == {
            "message": "Authentication credentials were not provided.",
            "extra": {},
        }

    def test_refuses_signed_in_users_outside_the_office(self, clerk):
        person = aigerim_neet_graduate()
        response = clerk.get(url(person.pk), HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 403
        assert response.json() == {
            "message": "Only office staff may use this part of the API.",
            "extra": {},
        }

    def test_refuses_employers_and_young_people(self, employer, youth, aigerim):
        assert employer.get(url(aigerim.pk)).status_code == 403
        assert youth.get(url(aigerim.pk)).status_code == 403

    def test_case_worker_gets_404_for_another_district(self, worker, nurlan, aigerim):
        response = worker.get(url(nurlan.pk), HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 404
        assert response.json() == {"message": "There is no person with this id.", "extra": {}}
        assert worker.get(url(aigerim.pk)).status_code == 200

    def test_analyst_may_read_it(self, analyst, aigerim):
        assert analyst.get(url(aigerim.pk)).status_code == 200

    def test_refusal_writes_no_audit_event(self, clerk):
        clerk.get(url(aigerim_neet_graduate().pk))
        assert not AuditEvent.objects.filter(action=AuditAction.VIEW).exists()


class PersonEligibilityErrorTests:
    def test_unknown_person_is_404_in_the_error_format(self, staff):
        response = staff.get(url(999_999), HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 404
        assert response.json() == {"message": "There is no person with this id.", "extra": {}}

    def test_unknown_person_writes_no_audit_event(self, staff):
        staff.get(url(999_999))
        assert not AuditEvent.objects.exists()

    @pytest.mark.parametrize("on", ["2026-13-01", "15.06.2026", "yesterday"])
    def test_bad_date_is_400_in_the_error_format(self, staff, on):
        person = aigerim_neet_graduate()
        response = staff.get(url(person.pk, on), HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 400
        body = response.json()
        assert body["message"] == "Validation error"
        assert list(body["extra"]["fields"]) == ["on"]
        assert "YYYY-MM-DD" in body["extra"]["fields"]["on"][0]

    def test_bad_date_writes_no_audit_event(self, staff):
        staff.get(url(aigerim_neet_graduate().pk, "soon"))
        assert not AuditEvent.objects.filter(action=AuditAction.VIEW).exists()

    def test_field_errors_follow_accept_language(self, staff):
        person = aigerim_neet_graduate()
        english = staff.get(url(person.pk, "soon"), HTTP_ACCEPT_LANGUAGE="en").json()
        russian = staff.get(url(person.pk, "soon"), HTTP_ACCEPT_LANGUAGE="ru").json()
        assert english["extra"]["fields"]["on"] != russian["extra"]["fields"]["on"]
