"""Who may call the API.

Temporary rule: until role-based access scoped to a district arrives, only active staff
users may read anything about a person. The programs catalogue holds no personal data, so
any authenticated user may read it (the ``IsAuthenticated`` default in settings).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission
from rest_framework.request import Request


class IsActiveStaff(BasePermission):
    """Active staff users only: the interim gate for endpoints that read people's records.

    Replace with the role checks (``access_*`` helpers) once roles exist; every person
    endpoint uses this one class, so the change is made in one place.
    """

    message = _("For now only staff members may read people's records through the API.")

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.is_active and user.is_staff)
