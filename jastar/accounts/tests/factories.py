"""Users with a Jastar role, for tests: ``make_user("aliya", Role.CASE_WORKER, district=...)``."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User

from jastar.accounts.services import account_assign

PASSWORD = "Qaskelen-2026-jastar"


def make_user(username: str, role: str | None = None, **links: Any) -> User:
    """A user with ``role`` (and its district, employer or person) given through the service;
    without a role, a plain user who sees nothing. The password is ``PASSWORD``."""
    user = User.objects.create_user(username, password=PASSWORD)
    if role is not None:
        account_assign(actor=None, user=user, role=role, **links)
    return user
