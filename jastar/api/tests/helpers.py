"""Helpers for the API tests: role users, their clients, and checks of the error format."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from rest_framework.test import APIClient

from jastar.accounts.services import account_assign


def user_with(role: str, username: str | None = None, **scope: Any) -> User:
    """A user with ``role`` (and its district, employer or person)."""
    name = username or f"{role}-{User.objects.count()}"
    user = User.objects.create_user(name)  # no password: hashing one takes a while
    account_assign(actor=None, user=user, role=role, **scope)
    return user


def client_for(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def assert_error(response: Any, status: int, fields: set[str] | None = None) -> dict[str, Any]:
    """``response`` is an error of ``status`` in the one format (naming ``fields``)."""
    assert response.status_code == status, response.content
    body: dict[str, Any] = response.json()
    assert set(body) == {"message", "extra"}
    assert isinstance(body["message"], str) and body["message"]
    if fields is not None:
        assert set(body["extra"]["fields"]) == fields
    return body


def assert_needs_token(response: Any) -> None:
    """401, challenging for a token, in the one error format."""
    assert_error(response, 401)
    assert response["WWW-Authenticate"] == "Token"
