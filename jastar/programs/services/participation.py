"""Applying to a program, the decision on the application, and the end of a participation.

Enrolment and placement, which spend a quota and link a job, are in ``enrolment``.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from jastar.core.audit import Actor, audit_record
from jastar.core.errors import ApplicationError
from jastar.core.models import AuditAction
from jastar.programs.eligibility import ProgramEligibility, evaluate, joined, rules_from_data
from jastar.programs.facts import person_facts
from jastar.programs.lifecycle import ACTIVE_STATUSES, ParticipationStatus
from jastar.programs.models import Participation, ProgramEdition
from jastar.programs.selectors import rule_names
from jastar.programs.services.common import (
    check_step_date,
    lock,
    log_step,
    record_transition,
    require_transition,
)
from jastar.registry.models import Person


def edition_eligibility(*, person: Person, edition: ProgramEdition, on: date) -> ProgramEligibility:
    """Check ``person`` against the edition's rules on ``on``, with every rule's result.

    Raises ApplicationError when the stored rules are not a list of rules at all.
    """
    specs, errors = rules_from_data(edition.rules)
    if errors:
        raise ApplicationError(
            _("The eligibility rules of %(edition)s are not set up correctly.")
            % {"edition": edition},
            extra={"rules": [str(error) for error in errors]},
        )
    programs, labels = rule_names()
    facts = person_facts(person, on)
    return evaluate(facts, edition.program.code, specs, on, program_names=programs, labels=labels)


def _refuse_ineligible(outcome: ProgramEligibility, edition: ProgramEdition) -> None:
    failures = outcome.failures
    raise ApplicationError(
        _("Not eligible for %(edition)s: %(reasons)s")
        % {"edition": edition, "reasons": joined((f.message for f in failures), " ")},
        extra={
            "rules": [
                {"type": f.type, "message": str(f.message), "details": f.details} for f in failures
            ]
        },
    )


@transaction.atomic
def participation_apply(
    *, actor: Actor, person: Person, edition: ProgramEdition, on: date
) -> Participation:
    """Record that ``person`` applied to ``edition`` on ``on``.

    The edition's eligibility rules are checked first; an ineligible person is refused
    with an ApplicationError whose message lists the failed rules' reasons and whose
    ``extra["rules"]`` has each failed rule (type, message, details). A person has at most
    one active participation per edition. The person's current district is recorded: its
    quota pays if they are enrolled.
    """
    check_step_date(None, on, "applied_on")
    current = Participation.objects.filter(person=person, edition=edition)
    if current.filter(status__in=ACTIVE_STATUSES).exists():
        raise ApplicationError(
            _("This person already has an active participation in %(edition)s.")
            % {"edition": edition}
        )
    outcome = edition_eligibility(person=person, edition=edition, on=on)
    if not outcome.eligible:
        _refuse_ineligible(outcome, edition)
    participation = Participation(
        person=person,
        edition=edition,
        district_id=person.district_id,
        status=ParticipationStatus.APPLIED,
        applied_on=on,
    )
    participation.full_clean()
    participation.save()
    log_step(actor=actor, participation=participation, from_status="", on=on)
    audit_record(actor=actor, action=AuditAction.CREATE, target=participation, summary=str(edition))
    return participation


@transaction.atomic
def participation_decide(
    *, actor: Actor, participation: Participation, approve: bool, on: date, reason: str = ""
) -> Participation:
    """Approve or reject an application on ``on``; a rejection needs its ``reason``."""
    lock(participation)
    target = ParticipationStatus.APPROVED if approve else ParticipationStatus.REJECTED
    require_transition(participation, target)
    reason = reason.strip()
    if not approve and not reason:
        raise ValidationError({"rejection_reason": _("Give the reason for the rejection.")})
    check_step_date(participation, on, "decided_on")
    fields: dict[str, object] = {"decided_on": on}
    if not approve:
        fields["rejection_reason"] = reason
    return record_transition(
        actor=actor,
        participation=participation,
        target=target,
        on=on,
        fields=fields,
        reason=reason,
    )


@transaction.atomic
def participation_complete(
    *, actor: Actor, participation: Participation, on: date
) -> Participation:
    """Record that the person completed the program on ``on`` (placed, or enrolled in a
    program without a job such as training)."""
    lock(participation)
    require_transition(participation, ParticipationStatus.COMPLETED)
    check_step_date(participation, on, "ended_on")
    return record_transition(
        actor=actor,
        participation=participation,
        target=ParticipationStatus.COMPLETED,
        on=on,
        fields={"ended_on": on},
    )


@transaction.atomic
def participation_drop(
    *, actor: Actor, participation: Participation, reason: str, on: date
) -> Participation:
    """Record that the person left the program on ``on`` for ``reason`` (required).

    The place is freed; the subsidy of the months already completed stays spent.
    """
    lock(participation)
    require_transition(participation, ParticipationStatus.DROPPED_OUT)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"drop_reason": _("Give the reason for dropping out.")})
    check_step_date(participation, on, "ended_on")
    return record_transition(
        actor=actor,
        participation=participation,
        target=ParticipationStatus.DROPPED_OUT,
        on=on,
        fields={"ended_on": on, "drop_reason": reason},
        reason=reason,
    )
