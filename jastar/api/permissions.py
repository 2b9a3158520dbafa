"""Who may call which endpoint: DRF permission classes over the access layer.

Every class asks ``jastar.core.access`` (the user's scope and its ``can_*`` helpers); none
looks at roles itself. DRF turns a refusal into:

- **401** with ``WWW-Authenticate: Token`` when the caller is not authenticated (token
  authentication comes first in the settings, so its challenge is the one sent);
- **403** when the caller is authenticated but their role may not do this at all;
- **404** for records outside the caller's scope: the views fetch them through the
  ``*_for`` helpers, which answer as for a missing record.

Object checks (``has_object_permission``) run when a view calls
``self.check_object_permissions(request, obj)`` on a record it has already found in scope.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from jastar.core.access import (
    Scope,
    can_edit_employer,
    can_edit_person,
    can_edit_vacancy,
    can_see_candidates,
    scope_of,
)


def _has_any_scope(scope: Scope) -> bool:
    """Office staff, an employer's login or a young person's login (not a bare user)."""
    return scope.is_staff_side or scope.employer_id is not None or scope.person_id is not None


class IsOfficeStaff(BasePermission):
    """Office staff of a district or of the whole region (not employers or young people)."""

    message = _("Only office staff may use this part of the API.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return scope_of(request.user).is_staff_side


class SeesRegion(BasePermission):
    """Office staff of the whole region: region-wide batch work such as matching runs."""

    message = _("Only office staff of the whole region may use this part of the API.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return scope_of(request.user).all_districts


class PeopleAccess(BasePermission):
    """People's records: office staff read; those who edit people write, in their scope."""

    message = _("Only office staff may use this part of the API.")

    def has_permission(self, request: Request, view: Any) -> bool:
        scope = scope_of(request.user)
        if not scope.is_staff_side:
            return False
        if request.method in SAFE_METHODS:
            return True
        self.message = _("Your role may not register or change people's records.")
        return scope.edits_people

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        if request.method in SAFE_METHODS:
            return True
        self.message = _("You may not change the records of this person.")
        return can_edit_person(request.user, obj)


class EmployerAccess(BasePermission):
    """Employers: office staff and employers' logins read (their own); staff register new
    ones; their own login and the staff who edit vacancies there change their details."""

    message = _("Your role may not see employers.")

    def has_permission(self, request: Request, view: Any) -> bool:
        scope = scope_of(request.user)
        if not (scope.is_staff_side or scope.employer_id is not None):
            return False
        if request.method in SAFE_METHODS:
            return True
        self.message = _("Your role may not register or change employers.")
        if request.method == "POST":
            return scope.is_staff_side and scope.edits_vacancies
        return scope.edits_vacancies

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        if request.method in SAFE_METHODS:
            return True
        self.message = _("You may not change the details of this employer.")
        return can_edit_employer(request.user, obj)


class VacancyAccess(BasePermission):
    """Vacancies: whoever has a scope reads the ones in it (open ones for a young person);
    those who edit vacancies write them, in their scope (``can_edit_vacancy``)."""

    message = _("Your role may not see vacancies.")

    def has_permission(self, request: Request, view: Any) -> bool:
        scope = scope_of(request.user)
        if not _has_any_scope(scope):
            return False
        if request.method in SAFE_METHODS:
            return True
        self.message = _("Your role may not post or change vacancies.")
        return scope.edits_vacancies

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        if request.method in SAFE_METHODS:
            return True
        self.message = _("You may not change this vacancy.")
        return can_edit_vacancy(request.user, obj)


class CandidatesAccess(BasePermission):
    """A vacancy's proposed candidates: its employer's login and office staff."""

    message = _("Your role may not see candidates for vacancies.")

    def has_permission(self, request: Request, view: Any) -> bool:
        scope = scope_of(request.user)
        return scope.is_staff_side or scope.employer_id is not None

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        self.message = _("You may not see the candidates for this vacancy.")
        return can_see_candidates(request.user, obj)


class PlacementAccess(BasePermission):
    """Placements: office staff (of their people) and employers (at their firm) read; those
    who edit people record new ones."""

    message = _("Your role may not see placements.")

    def has_permission(self, request: Request, view: Any) -> bool:
        scope = scope_of(request.user)
        if request.method in SAFE_METHODS:
            return scope.is_staff_side or scope.employer_id is not None
        self.message = _("Your role may not record placements.")
        return scope.is_staff_side and scope.edits_people

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        # ``obj`` is the person placed (a new placement has no record of its own yet).
        self.message = _("You may not record placements for this person.")
        return can_edit_person(request.user, obj)
