"""Brigade services: create a brigade, add and remove members, name the leader, record and
confirm the hours worked. Every change is audited.

A member is a Participation in the brigade's edition that is already enrolled (or placed);
the participation's lifecycle changes only through the participation services. Joining a
brigade does not change it. Leaving does not either, unless ``drop_participation`` is
asked: then the participation drops out through ``participation_drop``, with the same
reason and date. A member who leaves for another brigade keeps their participation.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jastar.core.audit import Actor, actor_user, audit_record
from jastar.core.dates import add_months
from jastar.core.errors import ApplicationError
from jastar.core.models import AuditAction
from jastar.programs.brigades.models import MAX_HOURS_A_DAY, Brigade, BrigadeMember, WorkLog
from jastar.programs.lifecycle import ParticipationStatus
from jastar.programs.models import Participation, ProgramEdition, ProgramKind
from jastar.programs.services.common import lock
from jastar.programs.services.participation import participation_drop
from jastar.registry.models import District, Employer, Settlement
from jastar.registry.rules import Errors, add_error, check_not_future, raise_errors
from jastar.registry.services.common import check_place

# Zhasyl El takes young people of 14 to 35 (domain.md §3), checked on the brigade's start.
MIN_AGE = 14
MAX_AGE = 35
# Participations that may work in a brigade.
MEMBER_STATUSES = (ParticipationStatus.ENROLLED, ParticipationStatus.PLACED)


def _d(day: date) -> str:
    return f"{day:%d.%m.%Y}"


def _lock_brigade(brigade: Brigade) -> None:
    """Lock the brigade's row until the transaction ends and reload it."""
    list(Brigade.objects.select_for_update().filter(pk=brigade.pk).values("pk"))
    brigade.refresh_from_db()


def _lock_member(member: BrigadeMember) -> None:
    list(BrigadeMember.objects.select_for_update().filter(pk=member.pk).values("pk"))
    member.refresh_from_db()


def _member_last_day(member: BrigadeMember) -> date:
    return member.left_on or member.brigade.ends_on


# --- Brigades -----------------------------------------------------------------------------


def _require_seasonal_edition(edition: ProgramEdition) -> None:
    if edition.program.kind != ProgramKind.SEASONAL_WORK:
        raise ApplicationError(
            _("%(edition)s is not a seasonal-work program; brigades belong to Zhasyl El.")
            % {"edition": edition},
            extra={"kind": edition.program.kind},
        )


def _period_problems(edition: ProgramEdition, starts_on: date, ends_on: date) -> Errors:
    errors: Errors = {}
    for field, day in (("starts_on", starts_on), ("ends_on", ends_on)):
        if day.year != edition.year:
            add_error(
                errors,
                field,
                _("The date %(date)s is outside %(year)d, the year of %(edition)s.")
                % {"date": _d(day), "year": edition.year, "edition": edition},
            )
    if ends_on < starts_on:
        add_error(errors, "ends_on", _("The brigade cannot end before it starts."))
    limit = edition.max_duration_months
    if limit is not None and ends_on >= add_months(starts_on, limit):
        last = add_months(starts_on, limit) - timedelta(days=1)
        add_error(
            errors,
            "ends_on",
            _(
                "The longest a brigade of %(edition)s may last, in months: %(max)d; from "
                "%(start)s it ends on %(last)s at the latest."
            )
            % {"edition": edition, "max": limit, "start": _d(starts_on), "last": _d(last)},
        )
    return errors


def _place_problems(district: District, settlement: Settlement | None) -> Errors:
    errors: Errors = {}
    check_place(errors, district, settlement)
    return errors


@transaction.atomic
def brigade_create(
    *,
    actor: Actor,
    edition: ProgramEdition,
    name: str,
    district: District,
    starts_on: date,
    ends_on: date,
    capacity: int,
    hourly_rate_tenge: int | None = None,
    monthly_pay_tenge: int | None = None,
    settlement: Settlement | None = None,
    employer: Employer | None = None,
    work_description: str = "",
) -> Brigade:
    """Create a brigade of a seasonal-work (Zhasyl El) edition.

    Its dates lie in the edition's year and span at most the edition's maximum duration
    (3 months for Zhasyl El) when one is set; the settlement, if given, is in the district.
    Pay is an hourly rate or a monthly amount in tenge: exactly one of them.
    """
    _require_seasonal_edition(edition)
    errors = _period_problems(edition, starts_on, ends_on)
    errors.update(_place_problems(district, settlement))
    if (hourly_rate_tenge is None) == (monthly_pay_tenge is None):
        add_error(
            errors, "hourly_rate_tenge", _("Give either an hourly rate or a monthly pay, not both.")
        )
    raise_errors(errors)
    brigade = Brigade(
        edition=edition,
        name=name.strip(),
        district=district,
        settlement=settlement,
        employer=employer,
        work_description=work_description.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        hourly_rate_tenge=hourly_rate_tenge,
        monthly_pay_tenge=monthly_pay_tenge,
        capacity=capacity,
    )
    brigade.full_clean()
    brigade.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=brigade,
        summary=brigade.name,
        changes={
            "edition": edition.pk,
            "district": district.pk,
            "starts_on": starts_on.isoformat(),
            "ends_on": ends_on.isoformat(),
            "capacity": capacity,
            "hourly_rate_tenge": hourly_rate_tenge,
            "monthly_pay_tenge": monthly_pay_tenge,
        },
    )
    return brigade


# --- Members ------------------------------------------------------------------------------


def _check_participation(brigade: Brigade, participation: Participation, on: date) -> None:
    if participation.edition_id != brigade.edition_id:
        raise ApplicationError(
            _("The participation is in another program edition than the brigade's.")
        )
    if participation.status not in MEMBER_STATUSES:
        raise ApplicationError(
            _(
                "Only an enrolled participant can join a brigade; this participation is "
                "“%(status)s”."
            )
            % {"status": participation.get_status_display()},
            extra={"status": participation.status},
        )
    if BrigadeMember.objects.filter(participation=participation).exists():
        raise ApplicationError(_("This participation is already in a brigade."))
    enrolled_on = participation.enrolled_on
    if enrolled_on is not None and on < enrolled_on:
        raise ValidationError(
            {
                "joined_on": _("The date %(date)s is before the enrolment (%(enrolled)s).")
                % {"date": _d(on), "enrolled": _d(enrolled_on)}
            }
        )


def _check_join_date(brigade: Brigade, on: date) -> None:
    if not brigade.starts_on <= on <= brigade.ends_on:
        raise ValidationError(
            {
                "joined_on": _("The brigade works from %(start)s to %(end)s; %(date)s is outside.")
                % {"start": _d(brigade.starts_on), "end": _d(brigade.ends_on), "date": _d(on)}
            }
        )


def _check_age(brigade: Brigade, participation: Participation) -> None:
    age = participation.person.age_on(brigade.starts_on)
    if not MIN_AGE <= age <= MAX_AGE:
        raise ApplicationError(
            _(
                "Brigade members are aged %(min)d to %(max)d when the brigade starts; this "
                "person's age on %(start)s will be %(age)d."
            )
            % {"min": MIN_AGE, "max": MAX_AGE, "age": age, "start": _d(brigade.starts_on)},
            extra={"age": age},
        )


def _check_capacity(brigade: Brigade, on: date) -> None:
    present = brigade.members.filter(Q(left_on__isnull=True) | Q(left_on__gte=on)).count()
    if present >= brigade.capacity:
        raise ApplicationError(
            _("The brigade is full: places taken %(count)d of %(capacity)d.")
            % {"count": present, "capacity": brigade.capacity},
            extra={"capacity": brigade.capacity, "members": present},
        )


def _check_no_overlap(brigade: Brigade, participation: Participation, on: date) -> None:
    """Refuse a person who is in another brigade at any time from ``on`` to the end."""
    clash = (
        BrigadeMember.objects.filter(participation__person_id=participation.person_id)
        .annotate(last_day=Coalesce("left_on", "brigade__ends_on"))
        .filter(joined_on__lte=brigade.ends_on, last_day__gte=on)
        .select_related("brigade")
        .first()
    )
    if clash is not None:
        raise ApplicationError(
            _("This person is in the brigade %(brigade)s at the same time.")
            % {"brigade": clash.brigade},
            extra={"brigade": clash.brigade_id},
        )


@transaction.atomic
def brigade_add_member(
    *, actor: Actor, brigade: Brigade, participation: Participation, on: date
) -> BrigadeMember:
    """Add a participant to the brigade from ``on``.

    The participation is enrolled (or placed) in the brigade's edition, since ``on`` or
    earlier, and in no brigade yet; ``on`` lies within the brigade's dates. The person is
    14 to 35 on the brigade's start and in no other brigade at an overlapping time, and
    the brigade has room on ``on``. The participation itself is not changed.
    """
    _lock_brigade(brigade)
    lock(participation)
    _check_participation(brigade, participation, on)
    _check_join_date(brigade, on)
    _check_age(brigade, participation)
    _check_capacity(brigade, on)
    _check_no_overlap(brigade, participation, on)
    member = BrigadeMember(brigade=brigade, participation=participation, joined_on=on)
    member.full_clean()
    member.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=member,
        summary=str(participation.person),
        changes={"brigade": brigade.pk, "participation": participation.pk, "on": on.isoformat()},
    )
    return member


def _save_brigade_leader(actor: Actor, brigade: Brigade, leader_id: int | None) -> None:
    changes = {"leader": [brigade.leader_id, leader_id]}
    brigade.leader_id = leader_id
    brigade.save(update_fields=["leader", "updated_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, target=brigade, changes=changes)


@transaction.atomic
def brigade_set_leader(*, actor: Actor, member: BrigadeMember) -> Brigade:
    """Make ``member`` the leader of their brigade; they must not have left it."""
    brigade = member.brigade
    _lock_brigade(brigade)
    member.refresh_from_db()
    if member.left_on is not None:
        raise ApplicationError(
            _("The leader must be a member of the brigade; this person left it on %(date)s.")
            % {"date": _d(member.left_on)}
        )
    _save_brigade_leader(actor, brigade, member.participation.person_id)
    return brigade


def _leave_problems(member: BrigadeMember, on: date, reason: str) -> Errors:
    errors: Errors = {}
    add_error(errors, "left_on", check_not_future(on, timezone.localdate()))
    if not member.joined_on <= on <= member.brigade.ends_on:
        add_error(
            errors,
            "left_on",
            _("The member was in the brigade from %(start)s to %(end)s; %(date)s is outside.")
            % {"start": _d(member.joined_on), "end": _d(member.brigade.ends_on), "date": _d(on)},
        )
    if member.logs.filter(worked_on__gt=on).exists():
        add_error(
            errors, "left_on", _("The member has hours recorded after %(date)s.") % {"date": _d(on)}
        )
    if not reason:
        add_error(errors, "leave_reason", _("Give the reason for leaving the brigade."))
    return errors


@transaction.atomic
def brigade_remove_member(
    *,
    actor: Actor,
    member: BrigadeMember,
    on: date,
    reason: str,
    drop_participation: bool = False,
) -> BrigadeMember:
    """Record that ``member`` left the brigade after working on ``on`` (their last day).

    ``on`` is not in the future, within the membership, and after no recorded hours; the
    reason is required. A leader who leaves is no longer the leader. The participation is
    left as it is, unless ``drop_participation``: then it drops out on ``on`` for ``reason``.
    """
    _lock_member(member)
    if member.left_on is not None:
        raise ApplicationError(
            _("The member already left the brigade on %(date)s.") % {"date": _d(member.left_on)}
        )
    reason = reason.strip()
    raise_errors(_leave_problems(member, on, reason))
    member.left_on, member.leave_reason = on, reason
    member.full_clean()
    member.save(update_fields=["left_on", "leave_reason", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=member,
        summary=reason,
        changes={"left_on": on.isoformat(), "leave_reason": reason},
    )
    brigade = member.brigade
    _lock_brigade(brigade)
    if brigade.leader_id == member.participation.person_id:
        _save_brigade_leader(actor, brigade, None)
    if drop_participation:
        participation_drop(actor=actor, participation=member.participation, reason=reason, on=on)
    return member


# --- Hours --------------------------------------------------------------------------------


def _worklog_problems(member: BrigadeMember, worked_on: date, hours: Decimal) -> Errors:
    errors: Errors = {}
    add_error(errors, "worked_on", check_not_future(worked_on, timezone.localdate()))
    last = _member_last_day(member)
    if not member.joined_on <= worked_on <= last:
        add_error(
            errors,
            "worked_on",
            _("The member was in the brigade from %(start)s to %(end)s; %(date)s is outside.")
            % {"start": _d(member.joined_on), "end": _d(last), "date": _d(worked_on)},
        )
    if not 0 < hours <= MAX_HOURS_A_DAY:
        message: str | Promise = _(
            "Hours worked in a day are more than 0 and no more than %(max)d; %(hours)s is out "
            "of range."
        ) % {"max": MAX_HOURS_A_DAY, "hours": hours}
        add_error(errors, "hours", message)
    return errors


@transaction.atomic
def worklog_record(
    *, actor: Actor, member: BrigadeMember, worked_on: date, hours: Decimal
) -> WorkLog:
    """Record the hours ``member`` worked on ``worked_on`` (more than 0, at most 12).

    The day is not in the future and within the membership (from joining to leaving, or
    to the brigade's end); a day is recorded once. The log counts for pay once confirmed.
    """
    _lock_member(member)
    hours = Decimal(hours)
    raise_errors(_worklog_problems(member, worked_on, hours))
    if WorkLog.objects.filter(member=member, worked_on=worked_on).exists():
        raise ApplicationError(
            _("The hours of %(date)s are already recorded for this member.")
            % {"date": _d(worked_on)}
        )
    log = WorkLog(member=member, worked_on=worked_on, hours=hours)
    log.full_clean()
    log.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=log,
        summary=str(log),
        changes={"member": member.pk, "worked_on": worked_on.isoformat(), "hours": str(hours)},
    )
    return log


@transaction.atomic
def worklog_confirm(*, actor: Actor, logs: Iterable[WorkLog]) -> list[WorkLog]:
    """Confirm the hours of ``logs`` today, by ``actor``; logs already confirmed are skipped.

    Returns the logs confirmed now. Only confirmed hours count for pay.
    """
    today = timezone.localdate()
    ids = [log.pk for log in logs]
    pending = list(
        WorkLog.objects.select_for_update()
        .filter(pk__in=ids, confirmed_on__isnull=True)
        .order_by("pk")
    )
    for log in pending:
        log.confirmed_by, log.confirmed_on = actor_user(actor), today
        log.full_clean()
        log.save(update_fields=["confirmed_by", "confirmed_on", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            target=log,
            summary=str(log),
            changes={"confirmed_on": today.isoformat()},
        )
    return pending
