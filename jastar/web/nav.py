"""The workspace menu: what each role's pages are, in one list."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jastar.core.access import (
    can_see_imports,
    is_administrator,
    scope_of,
)


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url: str
    current: bool


def _items(request: HttpRequest) -> list[tuple[str | Promise, str]]:
    user = request.user
    scope = scope_of(user)
    if not user.is_authenticated:
        return []
    items: list[tuple[str | Promise, str]] = []
    if scope.employer_id is not None:
        items.append((_("My vacancies"), reverse("web:employer-vacancies")))
    if scope.person_id is not None:
        items.append((_("My profile"), reverse("web:me")))
    if scope.is_staff_side:
        # Analysts get the de-identified list.
        items.append((_("Young people"), reverse("web:people")))
    if scope.is_staff_side:
        items.append((_("Dashboard"), reverse("analytics:dashboard")))
        items.append((_("Community"), reverse("community:home")))
    if can_see_imports(user):
        items.append((_("Imports"), reverse("bulk:list")))
    if scope.is_staff_side:
        items.append((_("Background jobs"), reverse("jobs:list")))
    if is_administrator(user):
        items.append((_("Audit log"), reverse("web:audit")))
    if getattr(user, "is_staff", False):
        items.append((_("Administration"), reverse("admin:index")))
    return items


def nav(request: HttpRequest) -> dict[str, object]:
    """Template context: ``jastar_nav``, the current user's menu."""
    path = request.path
    return {
        "jastar_nav": [
            NavItem(label, url, path.startswith(url) and url != "/")
            for label, url in _items(request)
        ]
    }
