"""Follow-ups: 6 and 12 months after a placement, is the person still employed?"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jastar.core.audit import Actor, audit_record, diff_fields
from jastar.core.dates import add_months
from jastar.core.models import AuditAction
from jastar.programs.models import FOLLOW_UP_MONTHS, FollowUp, Participation
from jastar.registry.rules import Errors, add_error, check_not_future


@transaction.atomic
def followups_schedule(*, actor: Actor, participation: Participation) -> list[FollowUp]:
    """Create the 6- and 12-month follow-ups of a placed participation (missing ones only)."""
    placed_on = participation.placed_on
    if placed_on is None:
        raise ValidationError(_("Follow-ups are scheduled from the placement date."))
    created: list[FollowUp] = []
    for kind, months in FOLLOW_UP_MONTHS.items():
        followup, is_new = FollowUp.objects.get_or_create(
            participation=participation,
            kind=kind,
            defaults={"due_on": add_months(placed_on, months)},
        )
        if is_new:
            audit_record(actor=actor, action=AuditAction.CREATE, target=followup, summary=kind)
            created.append(followup)
    return created


@transaction.atomic
def followup_record(
    *, actor: Actor, followup: FollowUp, done_on: date, still_employed: bool, note: str = ""
) -> FollowUp:
    """Record the result of a follow-up: on ``done_on`` the person was (or was not) still
    employed. Recording again corrects the result; the audit event keeps the old one."""
    errors: Errors = {}
    add_error(errors, "done_on", check_not_future(done_on, timezone.localdate()))
    placed_on = followup.participation.placed_on
    if placed_on is not None and done_on < placed_on:
        add_error(errors, "done_on", _("The follow-up cannot be before the placement."))
    if errors:
        raise ValidationError(errors)
    data = {"done_on": done_on, "still_employed": still_employed, "note": note.strip()}
    changes = diff_fields(followup, data)
    for name in changes:
        setattr(followup, name, data[name])
    followup.full_clean()
    followup.save(update_fields=[*changes, "updated_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, target=followup, changes=changes)
    return followup
