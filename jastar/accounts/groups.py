"""One Django group per role, holding the permissions the role's pages and admin use.

Kept in step after every ``migrate`` (new models bring new permissions); the role's
scope (district, employer, own record) is not a permission: jastar.core.access applies it.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from jastar.accounts.models import Role

COMMUNITY_APPS = ["centres", "volunteering", "talent", "prizes", "traders"]
JASTAR_APPS = [
    "core",
    "registry",
    "programs",
    "analytics",
    "bulk",
    "matching",
    "insight",
    *COMMUNITY_APPS,
]

# Permissions by role, as (app label, codename) patterns; "*" stands for any action.
_ROLE_PERMISSIONS: dict[str, list[Q]] = {
    Role.ADMINISTRATOR: [
        Q(content_type__app_label__in=[*JASTAR_APPS, "accounts", "auth"]),
    ],
    Role.REGIONAL_OFFICER: [
        Q(content_type__app_label__in=JASTAR_APPS, codename__startswith="view_"),
        Q(
            content_type__app_label__in=[
                "registry",
                "programs",
                "insight",
                "matching",
                *COMMUNITY_APPS,
            ]
        )
        & (Q(codename__startswith="add_") | Q(codename__startswith="change_")),
        Q(content_type__app_label="bulk", codename__in=["add_importjob", "view_importjob"]),
    ],
    Role.CASE_WORKER: [
        Q(content_type__app_label="registry", codename="view_personal_data"),
        Q(
            content_type__app_label="insight",
            codename__in=["view_riskscore", "add_contactattempt", "add_riskopinion"],
        ),
    ],
    Role.ANALYST: [
        Q(content_type__app_label="analytics", codename__startswith="view_"),
        Q(content_type__app_label="insight", codename="view_riskscore"),
    ],
    Role.EMPLOYER: [],
    Role.YOUTH: [],
}

# Roles that work in the administration as well as the workspace.
STAFF_ROLES = frozenset({Role.ADMINISTRATOR, Role.REGIONAL_OFFICER})


def role_group(role: str) -> Group:
    group, _created = Group.objects.get_or_create(name=f"jastar:{role}")
    return group


def role_groups_ensure(**_kwargs: Any) -> None:
    """Create the role groups and give each exactly its permissions (idempotent)."""
    for role, patterns in _ROLE_PERMISSIONS.items():
        query = Q(pk__in=[])
        for pattern in patterns:
            query |= pattern
        group = role_group(role)
        group.permissions.set(Permission.objects.filter(query))
