"""Security of the running site: sign-in throttling, passwords, CSRF, cookies and headers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from conftest import TODAY
from jastar.accounts.models import Role
from jastar.accounts.tests.factories import PASSWORD, make_user
from jastar.registry.models import Person
from jastar.registry.tests.factories import district

pytestmark = pytest.mark.django_db

LOGIN = "/en/login/"


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    # The failure counts live in the cache, which outlives a test.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def aliya() -> User:
    return make_user("aliya", Role.CASE_WORKER, district=district("karasai"))


def sign_in(client: Client, username: str, password: str, ip: str = "10.0.0.1") -> Any:
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


class LoginThrottlingTests:
    def test_five_failures_hold_the_user_name_even_with_the_right_password(
        self, client: Client, aliya: User
    ):
        for _ in range(5):
            assert sign_in(client, "aliya", "wrong-password").status_code == 200
        with translation.override("en"):
            response = sign_in(client, "aliya", PASSWORD)
        assert "Too many failed attempts" in response.content.decode()
        assert not signed_in(client)

    def test_the_user_name_is_held_from_every_address(self, client: Client, aliya: User):
        for number in range(5):
            sign_in(client, "aliya", "wrong-password", ip=f"10.0.1.{number}")
        sign_in(client, "aliya", PASSWORD, ip="10.0.2.1")
        assert not signed_in(client)

    def test_an_address_trying_many_user_names_is_held(self, client: Client, aliya: User):
        # A shared office connection may mistype a few names: four times the limit.
        for number in range(20):
            sign_in(client, f"guess{number}", "wrong-password", ip="198.51.100.7")
        sign_in(client, "aliya", PASSWORD, ip="198.51.100.7")
        assert not signed_in(client)
        sign_in(client, "aliya", PASSWORD, ip="10.0.0.2")
        assert signed_in(client)

    def test_the_hold_ends_after_the_window_of_the_settings(
        self, client: Client, aliya: User, settings: Any
    ):
        settings.JASTAR_LOGIN_WINDOW_SECONDS = 60
        for _ in range(5):
            sign_in(client, "aliya", "wrong-password")
        with time_machine.travel(TODAY + timedelta(seconds=59), tick=False):
            sign_in(client, "aliya", PASSWORD)
            assert not signed_in(client)
        with time_machine.travel(TODAY + timedelta(seconds=61), tick=False):
            sign_in(client, "aliya", PASSWORD)
            assert signed_in(client)

    def test_the_limit_comes_from_the_settings(self, client: Client, aliya: User, settings: Any):
        settings.JASTAR_LOGIN_MAX_FAILURES = 2
        for _ in range(2):
            sign_in(client, "aliya", "wrong-password")
        sign_in(client, "aliya", PASSWORD)
        assert not signed_in(client)

    def test_a_success_starts_the_count_again(self, client: Client, aliya: User):
        for _ in range(4):
            sign_in(client, "aliya", "wrong-password")
        sign_in(client, "aliya", PASSWORD)
        assert signed_in(client)
        client.logout()
        for _ in range(4):
            sign_in(client, "aliya", "wrong-password", ip="10.0.0.3")
        sign_in(client, "aliya", PASSWORD, ip="10.0.0.3")
        assert signed_in(client)


class PasswordRulesTests:
    @pytest.mark.parametrize(
        ("password", "code"),
        [
            ("Qask-2026", "password_too_short"),
            ("password1234", "password_too_common"),
            ("20260615123456", "password_entirely_numeric"),
            ("aliya.serikova", "password_too_similar"),
        ],
    )
    def test_refuses_weak_passwords(self, password: str, code: str):
        user = User(username="aliya.serikova", first_name="Aliya", last_name="Serikova")
        with pytest.raises(ValidationError) as error:
            validate_password(password, user)
        assert code in {e.code for e in error.value.error_list}

    def test_accepts_a_long_uncommon_password(self):
        validate_password(PASSWORD, User(username="aliya"))

    def test_setting_a_password_in_a_form_applies_the_rules(self, aliya: User):
        form = SetPasswordForm(aliya, {"new_password1": "12345678", "new_password2": "12345678"})
        assert not form.is_valid()
        assert "new_password2" in form.errors


class CsrfTests:
    @pytest.fixture
    def strict(self) -> Client:
        return Client(enforce_csrf_checks=True)

    def test_sign_in_without_the_token_is_refused(self, strict: Client, aliya: User):
        response = strict.post(LOGIN, {"username": "aliya", "password": PASSWORD})
        assert response.status_code == 403
        assert b"CSRF verification failed" in response.content
        assert not signed_in(strict)

    def test_sign_in_with_the_pages_token_works(self, strict: Client, aliya: User):
        strict.get(LOGIN)
        token = strict.cookies["csrftoken"].value
        response = strict.post(
            LOGIN, {"username": "aliya", "password": PASSWORD, "csrfmiddlewaretoken": token}
        )
        assert response.status_code == 302
        assert signed_in(strict)

    def test_a_workspace_form_without_the_token_is_refused(self, strict: Client, aliya: User):
        strict.force_login(aliya)
        response = strict.post("/en/people/new/", {"last_name": "Серікова"})
        assert response.status_code == 403
        assert b"CSRF verification failed" in response.content
        assert not Person.objects.exists()

    def test_htmx_sends_the_token_in_a_header(self, strict: Client, aliya: User):
        strict.force_login(aliya)
        assert strict.post("/en/logout/").status_code == 403
        assert signed_in(strict)
        strict.get("/en/people/")
        token = strict.cookies["csrftoken"].value
        assert strict.post("/en/logout/", HTTP_X_CSRFTOKEN=token).status_code == 302
        assert not signed_in(strict)


class CookiesAndHeadersTests:
    def test_the_session_cookie_is_https_only_and_hidden_from_scripts(
        self, client: Client, aliya: User
    ):
        # The test run has no JASTAR_DEBUG: the production defaults apply.
        response = sign_in(client, "aliya", PASSWORD)
        cookie = response.cookies["sessionid"]
        assert cookie["secure"] and cookie["httponly"]
        assert cookie["samesite"] == "Lax"

    def test_pages_refuse_frames_and_sniffing(self, client: Client):
        response = client.get(LOGIN)
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"

    def test_https_responses_carry_hsts_when_it_is_on(self, client: Client, settings: Any):
        settings.SECURE_HSTS_SECONDS = 31536000
        response = client.get(LOGIN, secure=True)
        assert response["Strict-Transport-Security"] == "max-age=31536000"
