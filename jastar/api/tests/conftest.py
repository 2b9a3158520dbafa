"""Fixtures for the API tests: clients signed in as each role, and as nobody.

Role users are made as the office makes them (``account_assign``); their clients are
force-authenticated, except where a test is about tokens themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from jastar.accounts.models import Role
from jastar.api.tests.helpers import client_for, user_with
from jastar.matching.engines import forget_engine
from jastar.registry.models import Employer, Person
from jastar.registry.tests.factories import (
    aigerim_neet_graduate,
    district,
    make_employer,
    nurlan_student,
)


@pytest.fixture(autouse=True)
def _fresh_engine() -> Iterator[None]:
    # The matching engine is cached per process: each test sees only its own vacancies.
    forget_engine()
    yield
    forget_engine()


@pytest.fixture
def as_user() -> Callable[[User], APIClient]:
    return client_for


@pytest.fixture
def anonymous() -> APIClient:
    return APIClient()


@pytest.fixture
def staff(django_user_model: Any) -> APIClient:
    """A staff user without a role: acts region-wide, without personal data."""
    return client_for(django_user_model.objects.create_user("officer", is_staff=True))


@pytest.fixture
def clerk(django_user_model: Any) -> APIClient:
    """Signed in, but neither staff nor given a role."""
    return client_for(django_user_model.objects.create_user("clerk"))


@pytest.fixture
def officer(db: None) -> APIClient:
    """A regional officer: every district, personal data, edits."""
    return client_for(user_with(Role.REGIONAL_OFFICER, "regional"))


@pytest.fixture
def worker(db: None) -> APIClient:
    """A case worker of Karasai (where Aigerim lives; Nurlan lives in Enbekshikazakh)."""
    return client_for(user_with(Role.CASE_WORKER, "karasai-worker", district=district("karasai")))


@pytest.fixture
def analyst(db: None) -> APIClient:
    """Every district, no personal data, no edits."""
    return client_for(user_with(Role.ANALYST, "analyst"))


@pytest.fixture
def firm(db: None) -> Employer:
    return make_employer(name="«Қаскелең Агро» ЖШС")


@pytest.fixture
def other_firm(db: None) -> Employer:
    return make_employer(name="«Есік Құрылыс» ЖШС", district=district("enbekshikazakh"))


@pytest.fixture
def employer(firm: Employer) -> APIClient:
    """The login of ``firm``."""
    return client_for(user_with(Role.EMPLOYER, "firm-login", employer=firm))


@pytest.fixture
def aigerim(db: None) -> Person:
    return aigerim_neet_graduate()


@pytest.fixture
def nurlan(db: None) -> Person:
    return nurlan_student()


@pytest.fixture
def youth(aigerim: Person) -> APIClient:
    """Aigerim's own login."""
    return client_for(user_with(Role.YOUTH, "aigerim", person=aigerim))
