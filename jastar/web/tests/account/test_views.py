"""Signing in and out, and the start page that leads each role to its work."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation

from jastar.accounts.models import Role
from jastar.accounts.tests.factories import PASSWORD, make_user
from jastar.registry.tests.factories import district, make_employer, make_person

pytestmark = pytest.mark.django_db

LOGIN = "/en/login/"


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def aliya() -> User:
    return make_user("aliya", Role.CASE_WORKER, district=district("karasai"))


def sign_in(client: Client, username: str, password: str, **extra: str) -> Any:
    return client.post(LOGIN, {"username": username, "password": password, **extra})


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


class LoginPageTests:
    def test_the_page_asks_for_user_name_and_password_in_kazakh(self, client: Client):
        with translation.override("kk"):
            response = client.get(reverse("web:login"))
        body = response.content.decode()
        assert response.status_code == 200
        assert '<html lang="kk">' in body
        assert 'name="username"' in body and 'type="password"' in body
        assert 'name="csrfmiddlewaretoken"' in body

    def test_signing_in_leads_to_the_start_page(self, client: Client, aliya: User):
        response = sign_in(client, "aliya", PASSWORD)
        assert response.status_code == 302
        assert response["Location"] == "/en/start/"
        assert signed_in(client)

    def test_signing_in_returns_to_the_page_asked_for(self, client: Client, aliya: User):
        response = sign_in(client, "aliya", PASSWORD, next="/en/people/")
        assert response["Location"] == "/en/people/"

    def test_never_sends_anyone_to_another_site(self, client: Client, aliya: User):
        response = sign_in(client, "aliya", PASSWORD, next="https://evil.example/")
        assert response["Location"] == "/en/start/"

    def test_a_wrong_password_is_refused_with_a_message(self, client: Client, aliya: User):
        with translation.override("en"):
            response = sign_in(client, "aliya", "not-the-password")
        assert response.status_code == 200
        assert "Please enter a correct username and password" in response.content.decode()
        assert not signed_in(client)

    def test_after_five_failures_the_right_password_is_refused_too(
        self, client: Client, aliya: User
    ):
        for _ in range(5):
            sign_in(client, "aliya", "wrong-password")
        with translation.override("en"):
            response = sign_in(client, "aliya", PASSWORD)
        assert response.status_code == 200
        assert "Too many failed attempts" in response.content.decode()
        assert not signed_in(client)

    def test_an_empty_password_does_not_wipe_the_count_of_failures(
        self, client: Client, aliya: User
    ):
        for _ in range(4):
            sign_in(client, "aliya", "wrong-password")
        sign_in(client, "aliya", "")
        sign_in(client, "aliya", "wrong-password")
        sign_in(client, "aliya", PASSWORD)
        assert not signed_in(client)

    def test_a_signed_in_user_is_sent_on(self, client: Client, aliya: User):
        client.force_login(aliya)
        assert client.get(LOGIN)["Location"] == "/en/start/"


class LogoutTests:
    def test_signing_out_takes_a_post_and_leads_home(self, client: Client, aliya: User):
        client.force_login(aliya)
        assert client.get("/en/logout/").status_code == 405
        assert signed_in(client)
        response = client.post("/en/logout/")
        assert response.status_code == 302
        assert response["Location"] == "/en/"
        assert not signed_in(client)


class StartTests:
    @pytest.mark.parametrize(
        ("role", "page"),
        [
            (Role.CASE_WORKER, "web:people"),
            (Role.REGIONAL_OFFICER, "web:people"),
            (Role.ADMINISTRATOR, "web:people"),
            (Role.ANALYST, "analytics:dashboard"),
            (Role.EMPLOYER, "web:employer-vacancies"),
            (Role.YOUTH, "web:me"),
        ],
    )
    def test_each_role_starts_on_its_page(self, client: Client, role: str, page: str):
        all_links: dict[str, dict[str, Any]] = {
            Role.CASE_WORKER: {"district": district("talgar")},
            Role.EMPLOYER: {"employer": make_employer()},
            Role.YOUTH: {"person": make_person()},
        }
        links = all_links.get(role, {})
        client.force_login(make_user("someone", role, **links))
        response = client.get("/en/start/")
        assert response.status_code == 302
        with translation.override("en"):
            assert response["Location"] == reverse(page)

    def test_a_user_without_a_role_is_told_whom_to_ask(self, client: Client):
        client.force_login(make_user("newcomer"))
        with translation.override("en"):
            response = client.get("/en/start/")
        assert response.status_code == 200
        assert "Ask the administrator of your office to give you a role" in (
            response.content.decode()
        )

    def test_visitors_who_are_not_signed_in_go_to_sign_in(self, client: Client):
        response = client.get("/en/start/")
        assert response["Location"] == "/en/login/?next=/en/start/"
