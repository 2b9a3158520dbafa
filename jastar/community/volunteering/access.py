"""Who may see and do what in volunteering, over ``jastar.core.access``.

Office staff see organisations, events and hours of their districts (region-wide staff
all of them); an organisation's coordinators see their organisations' records and confirm
their hours. Names of volunteers are shown only to those who may see the person's data.
"""

from __future__ import annotations

from typing import TypeVar

from django.contrib.auth.models import User
from django.db.models import Model, Q, QuerySet

from jastar.community.volunteering.models import HoursLog, Organisation, Volunteer, VolunteerEvent
from jastar.core.access import (
    AnyUser,
    can_manage_in_district,
    district_filter,
    people_filter,
    scope_of,
)
from jastar.registry.models import District

M = TypeVar("M", bound=Model)


def _coordinated(user: AnyUser) -> QuerySet[Organisation]:
    if not isinstance(user, User) or not user.is_authenticated or not user.is_active:
        return Organisation.objects.none()
    return Organisation.objects.filter(coordinators=user)


def _either(rows: QuerySet[M], base: Q, own: Q) -> QuerySet[M]:
    # An empty condition means "everything"; OR-ing it would keep only ``own``.
    return rows if not base else rows.filter(base | own)


def organisations_for(
    user: AnyUser, rows: QuerySet[Organisation] | None = None
) -> QuerySet[Organisation]:
    """Organisations of the user's districts, and those the user coordinates."""
    rows = Organisation.objects.all() if rows is None else rows
    own = Q(pk__in=_coordinated(user).values("pk"))
    return _either(rows, district_filter(scope_of(user)), own)


def events_for(
    user: AnyUser, rows: QuerySet[VolunteerEvent] | None = None
) -> QuerySet[VolunteerEvent]:
    """Events of the organisations the user sees (see :func:`organisations_for`)."""
    rows = VolunteerEvent.objects.all() if rows is None else rows
    scope = scope_of(user)
    own = Q(organisation__in=_coordinated(user).values("pk"))
    return _either(rows, district_filter(scope, "organisation__district"), own)


def hours_for(user: AnyUser, rows: QuerySet[HoursLog] | None = None) -> QuerySet[HoursLog]:
    """Hours of the volunteers the user reaches, and all hours at coordinated events."""
    rows = HoursLog.objects.all() if rows is None else rows
    own = Q(event__organisation__in=_coordinated(user).values("pk"))
    return _either(rows, people_filter(scope_of(user), "volunteer__person__"), own)


def is_coordinator(user: AnyUser, organisation: Organisation) -> bool:
    return _coordinated(user).filter(pk=organisation.pk).exists()


def can_manage_organisation(user: AnyUser, organisation: Organisation) -> bool:
    """Create events and tasks, log hours: its coordinators, and office staff of its district."""
    return is_coordinator(user, organisation) or can_manage_in_district(
        user, organisation.district_id
    )


def can_confirm_hours(user: AnyUser, event: VolunteerEvent) -> bool:
    """Confirm or reject hours: a coordinator of the event's organisation, or office staff who
    manage community work in the organisation's district."""
    return can_manage_organisation(user, event.organisation)


def can_issue_certificate(user: AnyUser, volunteer: Volunteer) -> bool:
    """Issue a certificate of hours: office staff who manage the volunteer's district, or a
    coordinator of one of the volunteer's organisations."""
    if can_manage_in_district(user, volunteer.person.district_id):
        return True
    return _coordinated(user).filter(volunteers=volunteer).exists()


def districts_managed_by(user: AnyUser) -> QuerySet[District]:
    """The districts whose organisations ``user`` may register (see ``can_manage_in_district``):
    every district for regional officers and administrators, a case worker's own one."""
    scope = scope_of(user)
    rows = District.objects.order_by("code")
    if scope.all_districts and scope.edits_people:
        return rows
    if scope.edits_people and scope.district_id is not None:
        return rows.filter(pk=scope.district_id)
    return rows.none()


def can_register_volunteers(user: AnyUser) -> bool:
    """Register young people of the registry as volunteers: office staff who edit people
    (a case worker those of their district)."""
    return scope_of(user).edits_people


def can_manage_awards(user: AnyUser) -> bool:
    """Nominate for and grant awards: region-wide office staff (regional officers and
    administrators), not analysts."""
    scope = scope_of(user)
    return scope.all_districts and scope.edits_people
