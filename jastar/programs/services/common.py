"""What every participation service does around a change of status.

Lock the row, ask the lifecycle whether the move is allowed, check the date, save, and log
the move twice: as a ParticipationEvent (the participation's own history) and as an
AuditEvent (the system-wide log).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jastar.core.audit import Actor, actor_user, audit_record
from jastar.core.errors import ApplicationError
from jastar.core.models import AuditAction
from jastar.programs.lifecycle import check_transition
from jastar.programs.models import Participation, ParticipationEvent
from jastar.registry.rules import Errors, add_error, check_not_future, raise_errors


def tenge(amount: int) -> str:
    """An amount of tenge with digits grouped by a no-break space: 1 572 800."""
    return f"{amount:,}".replace(",", "\u00a0")


def lock(participation: Participation) -> None:
    """Lock the participation's row until the transaction ends and reload it.

    Two officers acting on the same participation at once then act one after the other,
    and the second sees the status the first left.
    """
    list(Participation.objects.select_for_update().filter(pk=participation.pk).values("pk"))
    participation.refresh_from_db()


def require_transition(participation: Participation, target: str) -> None:
    """Raise ApplicationError, with the lifecycle's reason, if the move is not allowed."""
    problem = check_transition(participation.status, target)
    if problem is not None:
        raise ApplicationError(problem, extra={"from": participation.status, "to": target})


def last_step_on(participation: Participation) -> date:
    """The date of the participation's latest step so far."""
    steps = (
        participation.applied_on,
        participation.decided_on,
        participation.enrolled_on,
        participation.placed_on,
    )
    return max(day for day in steps if day is not None)


def check_step_date(participation: Participation | None, on: date, field: str) -> None:
    """A step's date is not in the future nor before the participation's previous step."""
    errors: Errors = {}
    add_error(errors, field, check_not_future(on, timezone.localdate()))
    if participation is not None and on < last_step_on(participation):
        add_error(
            errors,
            field,
            _("The date %(date)s is before the participation's previous step (%(previous)s).")
            % {"date": f"{on:%d.%m.%Y}", "previous": f"{last_step_on(participation):%d.%m.%Y}"},
        )
    raise_errors(errors)


def log_step(
    *, actor: Actor, participation: Participation, from_status: str, on: date, reason: str = ""
) -> ParticipationEvent:
    """Write the ParticipationEvent of the participation's latest change of status."""
    return ParticipationEvent.objects.create(
        participation=participation,
        from_status=from_status,
        to_status=participation.status,
        on=on,
        actor=actor_user(actor),
        reason=reason,
    )


@transaction.atomic
def record_transition(
    *,
    actor: Actor,
    participation: Participation,
    target: str,
    on: date,
    fields: dict[str, Any],
    reason: str = "",
) -> Participation:
    """Move ``participation`` to ``target`` on ``on``, setting ``fields``, and log it.

    The caller has locked the row, checked the move and the date.
    """
    previous = participation.status
    for name, value in fields.items():
        setattr(participation, name, value)
    participation.status = target
    participation.full_clean()
    participation.save(update_fields=[*fields, "status", "updated_at"])
    log_step(actor=actor, participation=participation, from_status=previous, on=on, reason=reason)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=participation,
        summary=f"{previous} → {target}",
        changes={"status": [previous, target], "on": on.isoformat(), **fields},
    )
    return participation
