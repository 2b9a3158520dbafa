"""Young person page fixtures: fast password hashing and a fresh matching engine per test."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from jastar.accounts.models import Role
from jastar.accounts.services import account_assign
from jastar.matching.engines import forget_engine
from jastar.registry.models import Person
from jastar.registry.tests.factories import aigerim_neet_graduate


@pytest.fixture(autouse=True)
def _fresh_engine() -> Iterator[None]:
    # The engine is cached per process: each test sees only its own vacancies.
    forget_engine()
    yield
    forget_engine()


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def youth_client(person: Person, username: str = "aigerim") -> Client:
    """A client signed in as ``person``'s own login."""
    user = User.objects.create_user(username)
    account_assign(actor=None, user=user, role=Role.YOUTH, person=person)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def aigerim() -> Person:
    return aigerim_neet_graduate(phone="+77011234567", email="aigerim@example.kz")


@pytest.fixture
def aigerim_client(aigerim: Person) -> Client:
    return youth_client(aigerim)
