"""Writes of volunteering: every change goes through one of these and is audited."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from jastar.community.volunteering.access import can_confirm_hours
from jastar.community.volunteering.models import (
    Award,
    AwardLevel,
    AwardStatus,
    Certificate,
    HoursLog,
    HoursStatus,
    Organisation,
    Volunteer,
    VolunteerEvent,
    VolunteerTask,
)
from jastar.core.audit import Actor, actor_user, audit_record
from jastar.core.errors import ApplicationError
from jastar.core.models import AuditAction
from jastar.registry.models import District, Person


@transaction.atomic
def organisation_create(
    *,
    actor: Actor,
    name: str,
    district: District,
    bin: str = "",
    contact: str = "",
    coordinators: Iterable[User] = (),
) -> Organisation:
    """Register a volunteer organisation of ``district`` (a BIN, when given, must be valid)."""
    organisation = Organisation(name=name.strip(), bin=bin.strip(), district=district)
    organisation.contact = contact.strip()
    organisation.full_clean()
    organisation.save()
    organisation.coordinators.set(list(coordinators))
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=organisation,
        summary=organisation.name,
        changes={"district": district.code, "bin": organisation.bin},
    )
    return organisation


@transaction.atomic
def volunteer_register(
    *,
    actor: Actor,
    person: Person,
    joined_on: date,
    organisations: Iterable[Organisation] = (),
) -> Volunteer:
    """Register a young person of the registry as a volunteer (once per person)."""
    if Volunteer.objects.filter(person=person).exists():
        raise ApplicationError(_("This young person is already registered as a volunteer."))
    volunteer = Volunteer(person=person, joined_on=joined_on)
    volunteer.full_clean()
    volunteer.save()
    chosen = list(organisations)
    volunteer.organisations.set(chosen)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=volunteer,
        changes={"person": person.pk, "organisations": [o.pk for o in chosen]},
    )
    return volunteer


@transaction.atomic
def event_create(
    *,
    actor: Actor,
    organisation: Organisation,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    place: str = "",
    district: District | None = None,
    description: str = "",
    is_public: bool = True,
    places: int | None = None,
) -> VolunteerEvent:
    """An event of ``organisation`` (in its district unless another is given)."""
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        raise ValidationError({"starts_at": _("Give the time with its time zone.")})
    if ends_at < starts_at:
        raise ValidationError({"ends_at": _("The event cannot end before it starts.")})
    event = VolunteerEvent(
        organisation=organisation,
        title=title.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        district=district or organisation.district,
        description=description,
        is_public=is_public,
        places=places,
    )
    event.full_clean()
    event.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=event,
        summary=event.title,
        changes={"organisation": organisation.pk, "starts_at": starts_at},
    )
    return event


@transaction.atomic
def task_create(
    *, actor: Actor, event: VolunteerEvent, title: str, planned_hours: Decimal | None = None
) -> VolunteerTask:
    """A task of ``event``; titles are unique within an event."""
    task = VolunteerTask(event=event, title=title.strip(), planned_hours=planned_hours)
    task.full_clean()
    task.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=task,
        summary=task.title,
        changes={"event": event.pk, "planned_hours": planned_hours},
    )
    return task


def hours_check(
    *,
    volunteer: Volunteer,
    event: VolunteerEvent,
    worked_on: date,
    hours: Decimal,
    task: VolunteerTask | None,
    today: date,
) -> dict[str, list[str]]:
    """Why these hours cannot be logged, by field (empty when they can)."""
    errors: dict[str, list[str]] = {}
    if task is not None and task.event_id != event.pk:
        errors["task"] = [_("The task belongs to another event.")]
    if worked_on > today:
        errors["worked_on"] = [_("Hours cannot be logged for a day in the future.")]
    elif worked_on < timezone.localtime(event.starts_at).date():
        errors["worked_on"] = [_("The day is before the event started.")]
    if not Decimal(0) < hours <= Decimal(24):
        errors["hours"] = [_("Hours of a day must be more than 0 and at most 24.")]
    if worked_on < volunteer.person.birth_date:
        errors["worked_on"] = [_("The day is before the volunteer was born.")]
    return errors


@transaction.atomic
def hours_log(
    *,
    actor: Actor,
    volunteer: Volunteer,
    event: VolunteerEvent,
    worked_on: date,
    hours: Decimal,
    task: VolunteerTask | None = None,
    note: str = "",
) -> HoursLog:
    """Log hours a volunteer worked at ``event`` on a day; they wait for confirmation.

    The volunteer becomes a member of the event's organisation.
    """
    errors = hours_check(
        volunteer=volunteer,
        event=event,
        worked_on=worked_on,
        hours=hours,
        task=task,
        today=timezone.localdate(),
    )
    if errors:
        raise ValidationError(errors)
    same = HoursLog.objects.filter(volunteer=volunteer, event=event, worked_on=worked_on, task=task)
    if same.exists():
        raise ApplicationError(_("These hours are logged already for this day and task."))
    log = HoursLog(
        volunteer=volunteer, event=event, task=task, worked_on=worked_on, hours=hours, note=note
    )
    log.full_clean()
    log.save()
    volunteer.organisations.add(event.organisation)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=log,
        changes={"volunteer": volunteer.pk, "event": event.pk, "hours": hours},
    )
    return log


def _decide(*, actor: Actor, log: HoursLog, status: HoursStatus, note: str) -> HoursLog:
    # The system (None: an import run on the server, the demo) may decide any hours.
    if actor is not None and not can_confirm_hours(actor, log.event):
        raise PermissionDenied(
            _("Only the organisation's coordinators or its district's office confirm hours.")
        )
    if log.status == status:
        return log
    before = log.status
    log.status = status
    log.confirmed_by = actor_user(actor)
    log.confirmed_at = timezone.now()
    if note:
        log.note = note[:255]
    log.full_clean()
    log.save(update_fields=["status", "confirmed_by", "confirmed_at", "note", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=log,
        summary="status",
        changes={"status": [before, status]},
    )
    return log


@transaction.atomic
def hours_confirm(*, actor: Actor, log: HoursLog) -> HoursLog:
    """Confirm logged hours: a coordinator of the event's organisation, or office staff who
    manage its district (PermissionDenied otherwise). Confirming twice changes nothing."""
    return _decide(actor=actor, log=log, status=HoursStatus.CONFIRMED, note="")


@transaction.atomic
def hours_reject(*, actor: Actor, log: HoursLog, note: str = "") -> HoursLog:
    """Reject logged hours (they never count), with the same rights as confirming."""
    return _decide(actor=actor, log=log, status=HoursStatus.REJECTED, note=note)


def confirmed_hours(*, volunteer: Volunteer, period_from: date, period_to: date) -> Decimal:
    """The volunteer's confirmed hours worked from ``period_from`` to ``period_to``."""
    rows = HoursLog.objects.filter(
        volunteer=volunteer,
        status=HoursStatus.CONFIRMED,
        worked_on__gte=period_from,
        worked_on__lte=period_to,
    )
    total: Decimal | None = rows.aggregate(total=Sum("hours"))["total"]
    return total or Decimal(0)


def _next_number(year: int) -> str:
    prefix = f"VC-{year}-"
    taken = Certificate.objects.filter(number__startswith=prefix).values_list("number", flat=True)
    last = max(
        (int(n.removeprefix(prefix)) for n in taken if n.removeprefix(prefix).isdigit()), default=0
    )
    return f"{prefix}{last + 1:05d}"


@transaction.atomic
def certificate_issue(
    *,
    actor: Actor,
    volunteer: Volunteer,
    period_from: date,
    period_to: date,
    issued_on: date | None = None,
) -> Certificate:
    """A certificate of the volunteer's confirmed hours in the period (refused with none)."""
    if period_to < period_from:
        raise ValidationError({"period_to": _("The period cannot end before it starts.")})
    hours = confirmed_hours(volunteer=volunteer, period_from=period_from, period_to=period_to)
    if hours <= 0:
        raise ApplicationError(
            _("The volunteer has no confirmed hours in this period; there is nothing to certify."),
            {"hours": "0"},
        )
    issued_on = issued_on or timezone.localdate()
    certificate = Certificate(
        volunteer=volunteer,
        number=_next_number(issued_on.year),
        issued_on=issued_on,
        period_from=period_from,
        period_to=period_to,
        hours=hours,
        issued_by=actor_user(actor),
    )
    certificate.full_clean()
    certificate.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=certificate,
        summary=certificate.number,
        changes={"volunteer": volunteer.pk, "hours": hours},
    )
    return certificate


@transaction.atomic
def award_nominate(
    *,
    actor: Actor,
    name_kk: str,
    name_ru: str,
    name_en: str,
    year: int,
    level: AwardLevel | str,
    volunteer: Volunteer | None = None,
    organisation: Organisation | None = None,
) -> Award:
    """Nominate a volunteer or an organisation (exactly one) for an award of ``year``."""
    if (volunteer is None) == (organisation is None):
        raise ValidationError(_("Nominate either a volunteer or an organisation."))
    district_id = organisation.district_id if organisation else volunteer.person.district_id  # type: ignore[union-attr]
    award = Award(
        name_kk=name_kk,
        name_ru=name_ru,
        name_en=name_en,
        year=year,
        level=level,
        volunteer=volunteer,
        organisation=organisation,
        district_id=district_id,
    )
    award.full_clean()
    award.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=award,
        summary=award.name_en,
        changes={"year": year, "level": level, "status": AwardStatus.NOMINATED},
    )
    return award


@transaction.atomic
def award_grant(*, actor: Actor, award: Award, awarded_on: date) -> Award:
    """Record that the nominee received the award on ``awarded_on``."""
    if award.status == AwardStatus.AWARDED:
        raise ApplicationError(_("This award is granted already."))
    award.status = AwardStatus.AWARDED
    award.awarded_on = awarded_on
    award.full_clean()
    award.save(update_fields=["status", "awarded_on", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=award,
        summary="status",
        changes={"status": [AwardStatus.NOMINATED, AwardStatus.AWARDED], "on": awarded_on},
    )
    return award
