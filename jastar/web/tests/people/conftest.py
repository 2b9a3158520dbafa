"""Users of each role, signed in, and a fresh matching engine for every test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from jastar.accounts.models import Role
from jastar.accounts.services import account_assign
from jastar.matching.engines import forget_engine
from jastar.registry.tests.factories import district

SignIn = Callable[..., Client]


@pytest.fixture(autouse=True)
def _fresh_engine() -> Iterator[None]:
    # The engine is cached per process: each test sees only its own vacancies.
    forget_engine()
    yield
    forget_engine()


def make_user(username: str, role: str, district_code: str | None = None, **tied: Any) -> User:
    """A user of ``role``; ``tied`` gives an employer's employer or a young person's person."""
    user = User.objects.create_user(username)  # no password: tests sign in with force_login
    account_assign(
        actor=None,
        user=user,
        role=role,
        district=district(district_code) if district_code else None,
        **tied,
    )
    return user


@pytest.fixture
def sign_in(db: Any) -> SignIn:
    """A client signed in as a new user of ``role`` (a case worker in ``district_code``)."""

    def signed_in(role: str, district_code: str | None = None, username: str = "") -> Client:
        user = make_user(username or f"{role}-{district_code or 'all'}", role, district_code)
        client = Client(REMOTE_ADDR="10.1.2.3")
        client.force_login(user)
        return client

    return signed_in


@pytest.fixture
def karasai_worker(sign_in: SignIn) -> Client:
    """A case worker of Karasai district (where the factories' people live)."""
    return sign_in(Role.CASE_WORKER, "karasai", "aliya")


@pytest.fixture
def other_worker(sign_in: SignIn) -> Client:
    """A case worker of another district."""
    return sign_in(Role.CASE_WORKER, "talgar", "bolat")


@pytest.fixture
def officer(sign_in: SignIn) -> Client:
    return sign_in(Role.REGIONAL_OFFICER)


@pytest.fixture
def analyst(sign_in: SignIn) -> Client:
    return sign_in(Role.ANALYST)
