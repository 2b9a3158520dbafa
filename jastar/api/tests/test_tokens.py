"""Token authentication and ``jastar token create|revoke USERNAME``."""

from __future__ import annotations

import re
from io import StringIO

import pytest
import yaml
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.utils import translation
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from jastar.accounts.models import Role
from jastar.api.tests.helpers import assert_error, assert_needs_token, user_with
from jastar.core.models import AuditAction, AuditEvent
from jastar.registry.tests.factories import district

pytestmark = pytest.mark.django_db

URL = "/api/v1/people/"


def token(*args: str) -> str:
    out = StringIO()
    # Messages are read in English whatever language an earlier test left active.
    with translation.override("en"):
        call_command("token", *args, stdout=out)
    return out.getvalue().strip()


def with_token(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


class TokenCommandTests:
    def test_create_prints_a_token_that_works(self, aigerim):
        user_with(Role.REGIONAL_OFFICER, "regional")
        key = token("create", "regional")
        assert key == Token.objects.get(user__username="regional").key
        response = with_token(key).get(URL)
        assert response.status_code == 200
        assert response.json()["count"] == 1

    def test_the_token_carries_the_users_role(self, nurlan):
        user_with(Role.CASE_WORKER, "worker", district=district("karasai"))
        body = with_token(token("create", "worker")).get(URL).json()
        assert body["count"] == 0  # Nurlan lives in another district

    def test_revoke_makes_the_token_fail(self):
        user_with(Role.ANALYST, "analyst")
        key = token("create", "analyst")
        assert token("revoke", "analyst") == "The API token of analyst is revoked."
        assert not Token.objects.exists()
        response = with_token(key).get(URL)
        assert_needs_token(response)

    def test_creating_twice_is_refused(self):
        user_with(Role.ANALYST, "analyst")
        first = token("create", "analyst")
        with pytest.raises(CommandError, match="already has an API token"):
            token("create", "analyst")
        assert Token.objects.get().key == first

    def test_unknown_and_inactive_users_are_refused(self):
        with pytest.raises(CommandError, match="No user"):
            token("create", "nobody")
        User.objects.create_user("gone", is_active=False)
        with pytest.raises(CommandError, match="not active"):
            token("create", "gone")

    def test_revoking_without_a_token_is_an_error(self):
        user_with(Role.ANALYST, "analyst")
        with pytest.raises(CommandError, match="has no API token"):
            token("revoke", "analyst")

    def test_audits_creation_and_revocation_without_the_key(self):
        user = user_with(Role.ANALYST, "analyst")
        key = token("create", "analyst")
        token("revoke", "analyst")
        events = AuditEvent.objects.filter(target_type="auth.user", target_id=str(user.pk))
        actions = set(events.values_list("action", flat=True))
        assert {AuditAction.CREATE, AuditAction.DELETE} <= actions
        assert not any(key in (e.summary + str(e.changes)) for e in events)


class TokenAuthenticationTests:
    def test_a_wrong_token_is_401(self):
        assert_needs_token(with_token("0" * 40).get(URL))

    def test_no_credentials_is_401_with_a_token_challenge(self, anonymous):
        response = anonymous.get(URL, HTTP_ACCEPT_LANGUAGE="en")
        assert_needs_token(response)
        assert response.json()["message"] == "Authentication credentials were not provided."

    def test_a_valid_token_of_a_user_without_a_role_is_403(self):
        User.objects.create_user("plain")
        assert_error(with_token(token("create", "plain")).get(URL), 403)

    def test_session_authentication_still_works(self, client):
        user = user_with(Role.REGIONAL_OFFICER, "regional")
        client.force_login(user)
        assert client.get(URL).status_code == 200


EVERY_OPERATION = [
    ("get", "/api/v1/people/"),
    ("post", "/api/v1/people/"),
    ("get", "/api/v1/people/1/"),
    ("patch", "/api/v1/people/1/"),
    ("post", "/api/v1/people/1/status/"),
    ("get", "/api/v1/people/1/eligibility/"),
    ("get", "/api/v1/people/1/recommendations/"),
    ("get", "/api/v1/people/1/programs/"),
    ("get", "/api/v1/employers/"),
    ("post", "/api/v1/employers/"),
    ("get", "/api/v1/employers/1/"),
    ("patch", "/api/v1/employers/1/"),
    ("get", "/api/v1/vacancies/"),
    ("post", "/api/v1/vacancies/"),
    ("get", "/api/v1/vacancies/1/"),
    ("patch", "/api/v1/vacancies/1/"),
    ("post", "/api/v1/vacancies/1/status/"),
    ("get", "/api/v1/vacancies/1/candidates/"),
    ("get", "/api/v1/placements/"),
    ("post", "/api/v1/placements/"),
    ("get", "/api/v1/programs/"),
    ("get", "/api/v1/participations/"),
    ("post", "/api/v1/participations/"),
    ("get", "/api/v1/participations/1/"),
    ("get", "/api/v1/indicators/"),
    ("get", "/api/v1/occupations/lookup/?q=driver"),
    ("post", "/api/v1/matching/runs/"),
    ("get", "/api/v1/matching/runs/1/"),
    ("get", "/api/v1/jobs/"),
    ("get", "/api/v1/jobs/1/"),
    ("post", "/api/v1/jobs/1/cancel/"),
    ("post", "/api/v1/jobs/1/retry/"),
    # Community (jastar.community)
    ("get", "/api/v1/community/indicators/"),
    ("get", "/api/v1/community/centres/"),
    ("get", "/api/v1/community/centres/1/"),
    ("get", "/api/v1/community/centres/1/events/"),
    ("post", "/api/v1/community/centres/1/visits/"),
    ("get", "/api/v1/community/prizes/"),
    ("get", "/api/v1/community/prizes/applications/"),
    ("post", "/api/v1/community/prizes/applications/"),
    ("post", "/api/v1/community/prizes/applications/1/scores/"),
    ("get", "/api/v1/community/prizes/calls/"),
    ("get", "/api/v1/community/prizes/calls/1/"),
    ("get", "/api/v1/community/talent/intakes/"),
    ("get", "/api/v1/community/talent/members/"),
    ("post", "/api/v1/community/talent/members/1/appointments/"),
    ("get", "/api/v1/community/talent/nominations/"),
    ("get", "/api/v1/community/traders/contracts/"),
    ("post", "/api/v1/community/traders/contracts/"),
    ("get", "/api/v1/community/traders/markets/"),
    ("get", "/api/v1/community/traders/markets/1/"),
    ("get", "/api/v1/community/traders/progress/"),
    ("get", "/api/v1/community/traders/traders/"),
    ("get", "/api/v1/community/volunteering/hours/"),
    ("post", "/api/v1/community/volunteering/hours/"),
    ("post", "/api/v1/community/volunteering/hours/1/confirm/"),
    ("get", "/api/v1/community/volunteering/organisations/"),
]
# Open to anyone, without a token: upcoming public volunteer events (no personal data).
PUBLIC_OPERATIONS = [("get", "/api/v1/community/volunteering/events/")]


class AnonymousCallTests:
    @pytest.mark.parametrize(("method", "url"), EVERY_OPERATION)
    def test_every_operation_needs_a_token(self, anonymous, method, url):
        assert_needs_token(getattr(anonymous, method)(url, {}, format="json"))

    @pytest.mark.parametrize(("method", "url"), PUBLIC_OPERATIONS)
    def test_public_operations_answer_without_a_token(self, anonymous, method, url):
        assert getattr(anonymous, method)(url).status_code == 200

    def test_the_list_covers_every_operation_of_the_schema(self, anonymous):
        schema = yaml.safe_load(anonymous.get("/api/schema/").content)
        documented = {(method, path) for path, item in schema["paths"].items() for method in item}
        listed = {
            (method, re.sub(r"/1/", "/{id}/", url.split("?")[0]))
            for method, url in EVERY_OPERATION + PUBLIC_OPERATIONS
        }
        assert {(m, re.sub(r"\{\w+_id\}", "{id}", p)) for m, p in documented} == listed
