"""Changes to youth centres: registering, opening and closing them, their events, visits.

Who may call them is the caller's check (``jastar.core.access.can_manage_in_district`` for
the centre's district); each service validates its input and writes an audit event.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Final

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jastar.community.centres.models import (
    Audience,
    Centre,
    CentreEvent,
    CentreStatus,
    Visit,
    VisitPurpose,
)
from jastar.core.audit import Actor, audit_record, diff_fields
from jastar.core.models import AuditAction
from jastar.registry.models import District, Person

# The fields ``centre_update`` changes (status and its dates have their own services).
CENTRE_FIELDS: Final = (
    "kind",
    "name_kk",
    "name_ru",
    "name_en",
    "address",
    "capacity",
    "planned_on",
)


def _not_future(field: str, value: date | None) -> None:
    if value is not None and value > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})


@transaction.atomic
def centre_create(
    *,
    actor: Actor,
    district: District,
    kind: str,
    name_kk: str,
    name_ru: str,
    name_en: str = "",
    address: str = "",
    capacity: int = 0,
    planned_on: date | None = None,
    opened_on: date | None = None,
) -> Centre:
    """Register a centre: planned, or open from ``opened_on`` when it is given."""
    _not_future("opened_on", opened_on)
    centre = Centre(
        district=district,
        kind=kind,
        status=CentreStatus.OPEN if opened_on else CentreStatus.PLANNED,
        name_kk=name_kk.strip(),
        name_ru=name_ru.strip(),
        name_en=name_en.strip(),
        address=address.strip(),
        capacity=capacity,
        planned_on=planned_on,
        opened_on=opened_on,
    )
    centre.full_clean()
    centre.save()
    audit_record(actor=actor, action=AuditAction.CREATE, target=centre, summary=centre.name_kk)
    return centre


@transaction.atomic
def centre_update(*, actor: Actor, centre: Centre, data: dict[str, Any]) -> Centre:
    """Change a centre's kind, names, address, capacity or planned opening."""
    unknown = set(data) - set(CENTRE_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(fields)s.")
            % {"fields": ", ".join(sorted(unknown))}
        )
    changes = diff_fields(centre, data)
    if not changes:
        return centre
    for field, value in data.items():
        setattr(centre, field, value.strip() if isinstance(value, str) else value)
    centre.full_clean()
    centre.save(update_fields=[*changes, "updated_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, target=centre, changes=changes)
    return centre


@transaction.atomic
def centre_open(*, actor: Actor, centre: Centre, opened_on: date) -> Centre:
    """A planned centre opens on ``opened_on`` (not in the future)."""
    if centre.status != CentreStatus.PLANNED:
        raise ValidationError({"status": _("Only a planned centre can be opened.")})
    _not_future("opened_on", opened_on)
    centre.status, centre.opened_on = CentreStatus.OPEN, opened_on
    centre.full_clean()
    centre.save(update_fields=["status", "opened_on", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=centre,
        summary="open",
        changes={"status": [CentreStatus.PLANNED, CentreStatus.OPEN], "opened_on": opened_on},
    )
    return centre


@transaction.atomic
def centre_close(*, actor: Actor, centre: Centre, closed_on: date) -> Centre:
    """An open centre closes on ``closed_on`` (not before it opened, not in the future)."""
    if centre.status != CentreStatus.OPEN:
        raise ValidationError({"status": _("Only an open centre can be closed.")})
    _not_future("closed_on", closed_on)
    if centre.opened_on and closed_on < centre.opened_on:
        raise ValidationError({"closed_on": _("A centre cannot close before it opened.")})
    centre.status, centre.closed_on = CentreStatus.CLOSED, closed_on
    centre.full_clean()
    centre.save(update_fields=["status", "closed_on", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=centre,
        summary="close",
        changes={"status": [CentreStatus.OPEN, CentreStatus.CLOSED], "closed_on": closed_on},
    )
    return centre


def centre_working_on(centre: Centre, on: date, field: str) -> None:
    """Refuse a date on which the centre was not open (planned, not yet open, or closed)."""
    if centre.opened_on is None or on < centre.opened_on:
        raise ValidationError({field: _("The centre was not open yet on this date.")})
    if centre.closed_on is not None and on > centre.closed_on:
        raise ValidationError({field: _("The centre was closed on this date.")})
    _not_future(field, on)


@transaction.atomic
def event_record(
    *,
    actor: Actor,
    centre: Centre,
    title: str,
    held_on: date,
    audience: str = Audience.YOUTH,
    partners: str = "",
    description: str = "",
    anonymous_participants: int = 0,
) -> CentreEvent:
    """Record an event the centre held; participants not named are a count."""
    centre_working_on(centre, held_on, "held_on")
    event = CentreEvent(
        centre=centre,
        title=title.strip(),
        held_on=held_on,
        audience=audience,
        partners=partners.strip(),
        description=description.strip(),
        anonymous_participants=anonymous_participants,
    )
    event.full_clean()
    event.save()
    audit_record(actor=actor, action=AuditAction.CREATE, target=event, summary=event.title)
    return event


def visit_check(
    *, centre: Centre, visited_on: date, event: CentreEvent | None, purpose: str
) -> None:
    """The rules of a visit that do not depend on who came: raises ValidationError."""
    centre_working_on(centre, visited_on, "visited_on")
    if event is not None:
        if event.centre_id != centre.pk:
            raise ValidationError({"event": _("The event is not one of this centre's.")})
        if event.held_on != visited_on:
            raise ValidationError({"visited_on": _("The event was held on another day.")})
    if purpose not in VisitPurpose.values:
        raise ValidationError({"purpose": _("Unknown purpose of the visit.")})


@transaction.atomic
def visit_record(
    *,
    actor: Actor,
    centre: Centre,
    visited_on: date,
    purpose: str,
    person: Person | None = None,
    anonymous_count: int = 0,
    event: CentreEvent | None = None,
) -> Visit:
    """Record a registered person's visit, or a count of visitors not named.

    A person's second visit on the same day (to the same event) is the one already
    recorded; a second count for the same day, event and purpose is added to the first.
    """
    if (person is None) == (anonymous_count <= 0):
        raise ValidationError(
            _("Give either a registered young person or a number of visitors, not both.")
        )
    visit_check(centre=centre, visited_on=visited_on, event=event, purpose=purpose)
    same = Visit.objects.select_for_update().filter(
        centre=centre, visited_on=visited_on, event=event, person=person
    )
    if person is None:
        same = same.filter(purpose=purpose)
    current = same.first()
    if current is not None:
        if person is not None:
            return current
        return _count_add(actor, current, anonymous_count)
    visit = Visit(
        centre=centre,
        visited_on=visited_on,
        person=person,
        anonymous_count=0 if person else anonymous_count,
        event=event,
        purpose=purpose,
    )
    visit.full_clean(validate_constraints=False)
    visit.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=visit,
        summary=person.masked_iin if person else str(anonymous_count),
        changes={"centre": centre.pk, "person": person.pk if person else None},
    )
    return visit


def _count_add(actor: Actor, visit: Visit, more: int) -> Visit:
    old = visit.anonymous_count
    visit.anonymous_count = old + more
    visit.save(update_fields=["anonymous_count", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=visit,
        changes={"anonymous_count": [old, visit.anonymous_count]},
    )
    return visit
