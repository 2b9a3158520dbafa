"""Who may do what in the talent reserve, composed from ``jastar.core.access`` only."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from jastar.core.access import AnyUser, can_edit_person, scope_of
from jastar.registry.models import Person


def runs_selection(user: AnyUser) -> bool:
    """Intakes, criteria, scores and the selection: regional officers and administrators."""
    scope = scope_of(user)
    return scope.all_districts and scope.edits_people


def require_selection_rights(actor: AnyUser) -> None:
    """Refuse a selection step to anyone but region-wide staff (the system may)."""
    if actor is not None and not runs_selection(actor):
        raise PermissionDenied(_("Only regional officers and administrators run the selection."))


def require_person_rights(actor: AnyUser, person: Person) -> None:
    """Refuse a record about ``person`` to whoever may not edit their records."""
    if actor is not None and not can_edit_person(actor, person):
        raise PermissionDenied(_("You may not record for this person."))
