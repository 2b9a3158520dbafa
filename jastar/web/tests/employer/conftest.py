"""Employer page fixtures: an employer's login, and a fresh matching engine per test."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from jastar.accounts.models import Role
from jastar.accounts.services import account_assign
from jastar.matching.engines import forget_engine
from jastar.registry.models import Employer
from jastar.registry.tests.factories import district, make_employer


@pytest.fixture(autouse=True)
def _fresh_engine() -> Iterator[None]:
    # The engine is cached per process: each test sees only its own vacancies.
    forget_engine()
    yield
    forget_engine()


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def login_as(role: str, username: str, **ties: Any) -> Client:
    """A client signed in as a new user with ``role`` (and its district, employer or person)."""
    user = User.objects.create_user(username)
    account_assign(actor=None, user=user, role=role, **ties)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def employer() -> Employer:
    return make_employer(name="Kaskelen Agro LLP")


@pytest.fixture
def employer_client(employer: Employer) -> Client:
    return login_as(Role.EMPLOYER, "agro", employer=employer)


@pytest.fixture
def case_worker_client() -> Client:
    return login_as(Role.CASE_WORKER, "worker", district=district("karasai"))
