"""GET /api/v1/programs/ and the OpenAPI schema."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from drf_spectacular.validation import validate_schema

from jastar.programs.models import Program, ProgramEdition

pytestmark = pytest.mark.django_db

URL = "/api/v1/programs/"


def youth_practice(body: list[dict[str, Any]]) -> dict[str, Any]:
    return next(program for program in body if program["code"] == "youth_practice")


class ProgramListTests:
    def test_lists_every_program_with_its_editions(self, clerk):
        response = clerk.get(URL)
        assert response.status_code == 200
        body = response.json()
        assert [p["code"] for p in body] == list(
            Program.objects.order_by("code").values_list("code", flat=True)
        )
        program = youth_practice(body)
        stored = ProgramEdition.objects.get(program__code="youth_practice", year=2026)
        edition = next(e for e in program["editions"] if e["year"] == 2026)
        assert edition["rules"] == stored.rules
        assert edition["payer"] == stored.payer
        assert edition["is_verified"] == stored.is_verified
        assert set(edition) >= {
            "max_duration_months",
            "subsidy_mrp",
            "subsidy_wage_share",
            "subsidy_cap_mrp",
            "one_off_mrp",
        }

    def test_editions_come_newest_first(self, clerk):
        for program in clerk.get(URL).json():
            years = [edition["year"] for edition in program["editions"]]
            assert years == sorted(years, reverse=True)

    @pytest.mark.parametrize("language", ["kk", "ru", "en"])
    def test_name_follows_accept_language(self, clerk, language):
        program = youth_practice(clerk.get(URL, HTTP_ACCEPT_LANGUAGE=language).json())
        assert program["name"] == program[f"name_{language}"]

    def test_kazakh_is_the_default_language(self, clerk):
        response = clerk.get(URL)
        assert response["Content-Language"] == "kk"
        program = youth_practice(response.json())
        assert program["name"] == program["name_kk"]

    def test_accepts_basic_authentication(self, anonymous, django_user_model):
        django_user_model.objects.create_user("clerk", password="pw-123456")
        anonymous.credentials(HTTP_AUTHORIZATION="Basic Y2xlcms6cHctMTIzNDU2")
        assert anonymous.get(URL).status_code == 200

    def test_refuses_anonymous_callers_in_the_error_format(self, anonymous):
        response = anonymous.get(URL, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Token"
        assert response.json() == {
            "message": "Authentication credentials were not provided.",
            "extra": {},
        }

    def test_refuses_wrong_basic_credentials_in_the_error_format(self, anonymous):
        anonymous.credentials(HTTP_AUTHORIZATION="Basic bm9ib2R5Om5vcGU=")
        response = anonymous.get(URL, HTTP_ACCEPT_LANGUAGE="en")
        # Token authentication comes first: its challenge makes DRF answer 401.
        assert response.status_code == 401
        assert response.json() == {"message": "Invalid username/password.", "extra": {}}


COMMUNITY_PATHS = {
    "/api/v1/community/indicators/",
    "/api/v1/community/centres/",
    "/api/v1/community/centres/{centre_id}/",
    "/api/v1/community/centres/{centre_id}/events/",
    "/api/v1/community/centres/{centre_id}/visits/",
    "/api/v1/community/prizes/",
    "/api/v1/community/prizes/applications/",
    "/api/v1/community/prizes/applications/{application_id}/scores/",
    "/api/v1/community/prizes/calls/",
    "/api/v1/community/prizes/calls/{call_id}/",
    "/api/v1/community/talent/intakes/",
    "/api/v1/community/talent/members/",
    "/api/v1/community/talent/members/{membership_id}/appointments/",
    "/api/v1/community/talent/nominations/",
    "/api/v1/community/traders/contracts/",
    "/api/v1/community/traders/markets/",
    "/api/v1/community/traders/markets/{market_id}/",
    "/api/v1/community/traders/progress/",
    "/api/v1/community/traders/traders/",
    "/api/v1/community/volunteering/events/",
    "/api/v1/community/volunteering/hours/",
    "/api/v1/community/volunteering/hours/{log_id}/confirm/",
    "/api/v1/community/volunteering/organisations/",
}


class SchemaTests:
    def test_is_a_valid_openapi_document_listing_every_endpoint(self, anonymous):
        response = anonymous.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi")
        assert response.status_code == 200
        schema = yaml.safe_load(response.content)
        validate_schema(schema)
        assert schema["openapi"].startswith("3.")
        assert set(schema["paths"]) == {
            "/api/v1/people/",
            "/api/v1/people/{person_id}/",
            "/api/v1/people/{person_id}/status/",
            "/api/v1/people/{person_id}/eligibility/",
            "/api/v1/people/{person_id}/recommendations/",
            "/api/v1/people/{person_id}/programs/",
            "/api/v1/employers/",
            "/api/v1/employers/{employer_id}/",
            "/api/v1/vacancies/",
            "/api/v1/vacancies/{vacancy_id}/",
            "/api/v1/vacancies/{vacancy_id}/status/",
            "/api/v1/vacancies/{vacancy_id}/candidates/",
            "/api/v1/placements/",
            "/api/v1/programs/",
            "/api/v1/participations/",
            "/api/v1/participations/{participation_id}/",
            "/api/v1/indicators/",
            "/api/v1/occupations/lookup/",
            "/api/v1/matching/runs/",
            "/api/v1/matching/runs/{run_id}/",
            "/api/v1/jobs/",
            "/api/v1/jobs/{job_id}/",
            "/api/v1/jobs/{job_id}/cancel/",
            "/api/v1/jobs/{job_id}/retry/",
            *COMMUNITY_PATHS,
        }

    def test_documents_token_authentication(self, anonymous):
        schema = yaml.safe_load(anonymous.get("/api/schema/").content)
        assert schema["components"]["securitySchemes"]["tokenAuth"]["in"] == "header"
        operation = schema["paths"]["/api/v1/people/"]["get"]
        assert {"tokenAuth": []} in operation["security"]

    def test_is_served_whatever_credentials_come_with_it(self, anonymous):
        anonymous.credentials(HTTP_AUTHORIZATION="Token wrong")
        assert anonymous.get("/api/schema/").status_code == 200

    def test_documents_pagination_filters_and_the_conflict(self, anonymous):
        schema = yaml.safe_load(anonymous.get("/api/schema/").content)
        people = schema["paths"]["/api/v1/people/"]["get"]
        names = {p["name"] for p in people["parameters"]}
        assert {"limit", "offset", "district", "q", "neet", "registered_from"} <= names
        page = people["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        assert page.endswith("PaginatedPersonListOutputList")
        patch = schema["paths"]["/api/v1/people/{person_id}/"]["patch"]
        assert "409" in patch["responses"]
        body = patch["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        component = schema["components"]["schemas"][body.rsplit("/", 1)[-1]]
        assert component["required"] == ["version"]

    def test_documents_the_error_format(self, anonymous):
        schema = yaml.safe_load(anonymous.get("/api/schema/").content)
        operation = schema["paths"]["/api/v1/people/{person_id}/eligibility/"]["get"]
        error = {"$ref": "#/components/schemas/ErrorOutput"}
        for status in ("400", "401", "403", "404"):
            assert operation["responses"][status]["content"]["application/json"]["schema"] == (
                error
            )
