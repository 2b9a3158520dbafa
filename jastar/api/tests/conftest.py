"""Fixtures for the API tests: clients for a staff member, an ordinary user and nobody."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient


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
