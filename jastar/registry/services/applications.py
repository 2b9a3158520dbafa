"""Applications to vacancies: a young person applies, the employer invites, declines or hires."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Final

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from jastar.core.audit import Actor, audit_people_viewed, audit_record
from jastar.core.models import AuditAction, AuditEvent
from jastar.registry.models import (
    ApplicationStatus,
    Person,
    Placement,
    PlacementChannel,
    Vacancy,
    VacancyApplication,
    VacancySource,
    VacancyStatus,
)
from jastar.registry.services.placements import placement_record

S = ApplicationStatus
# Where an application may go from each status. A hire is final (it is a placement); a
# declined candidate may still be invited if the employer changes their mind.
TRANSITIONS: Final[dict[str, frozenset[str]]] = {
    S.SUBMITTED: frozenset({S.INVITED, S.HIRED, S.DECLINED}),
    S.INVITED: frozenset({S.HIRED, S.DECLINED}),
    S.DECLINED: frozenset({S.INVITED}),
    S.HIRED: frozenset(),
}


def _refuse_closed(vacancy: Vacancy) -> None:
    if vacancy.status != VacancyStatus.OPEN:
        raise ValidationError(
            {"vacancy": _("This vacancy is no longer open.")}, code="vacancy_not_open"
        )


def _create(
    *, actor: Actor, person: Person, vacancy: Vacancy, status: str
) -> tuple[VacancyApplication, bool]:
    """The person's application to the vacancy, created with ``status`` if there is none."""
    existing = VacancyApplication.objects.filter(person=person, vacancy=vacancy).first()
    if existing is not None:
        return existing, False
    _refuse_closed(vacancy)
    application = VacancyApplication(person=person, vacancy=vacancy, status=status)
    application.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        # The same person applied at the same moment from another request: one stands.
        return VacancyApplication.objects.get(person=person, vacancy=vacancy), False
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=application,
        summary=status,
        changes={"person": person, "vacancy": vacancy, "status": status},
    )
    return application, True


@transaction.atomic
def vacancy_apply(*, actor: Actor, person: Person, vacancy: Vacancy) -> VacancyApplication:
    """Record that ``person`` applied to ``vacancy`` (which must be open).

    Applying again returns the existing application unchanged, whatever its status, and
    writes nothing. A new application is audited.
    """
    application, _created = _create(
        actor=actor, person=person, vacancy=vacancy, status=ApplicationStatus.SUBMITTED
    )
    return application


@transaction.atomic
def vacancy_invite(*, actor: Actor, person: Person, vacancy: Vacancy) -> VacancyApplication:
    """The employer invites ``person`` (proposed by matching, or an applicant) to an interview.

    Creates the application as invited when the person has not applied; an existing one
    moves to invited (see :func:`application_set_status`; already invited stays as is).
    """
    application, created = _create(
        actor=actor, person=person, vacancy=vacancy, status=ApplicationStatus.INVITED
    )
    if created or application.status == ApplicationStatus.INVITED:
        return application
    return application_set_status(
        actor=actor, application=application, status=ApplicationStatus.INVITED
    )


def _lock(application: VacancyApplication) -> None:
    locked = VacancyApplication.objects.select_for_update().get(pk=application.pk)
    application.status, application.note = locked.status, locked.note


@transaction.atomic
def application_set_status(
    *, actor: Actor, application: VacancyApplication, status: str, note: str | None = None
) -> VacancyApplication:
    """Move ``application`` to ``status`` (invited, declined, hired), with an optional note.

    Only the moves in :data:`TRANSITIONS` are allowed, and an invitation only to an open
    vacancy; the same status again changes nothing. A hire that starts work goes through
    :func:`application_hire`, which also records the placement. Audited with the old and
    new status.
    """
    if status not in ApplicationStatus.values:
        raise ValidationError({"status": _("Unknown status %(status)s.") % {"status": status}})
    _lock(application)
    old = application.status
    if status == old and (note is None or note == application.note):
        return application
    if status != old and status not in TRANSITIONS[old]:
        raise ValidationError(
            {
                "status": _("An application that is %(old)s cannot become %(new)s.")
                % {"old": S(old).label, "new": S(status).label}
            },
            code="transition",
        )
    if status != old and status == ApplicationStatus.INVITED:
        _refuse_closed(application.vacancy)
    changes: dict[str, object] = {"status": [old, status]}
    application.status = status
    fields = ["status", "updated_at"]
    if note is not None and note.strip() != application.note:
        changes["note"] = [application.note, note.strip()]
        application.note = note.strip()
        fields.append("note")
    application.full_clean(validate_constraints=False)
    application.save(update_fields=fields)
    audit_record(
        actor=actor, action=AuditAction.UPDATE, target=application, summary=status, changes=changes
    )
    return application


def hire_channel(vacancy: Vacancy) -> str:
    """The placement channel of a hire through ``vacancy``: where the vacancy came from."""
    if vacancy.source == VacancySource.ENBEK:
        return PlacementChannel.ENBEK
    if vacancy.source == VacancySource.PROGRAM:
        return PlacementChannel.PROGRAM
    return PlacementChannel.OWN_INITIATIVE


@transaction.atomic
def application_hire(
    *,
    actor: Actor,
    application: VacancyApplication,
    start_date: date,
    employment_type: str | None = None,
    monthly_wage: int | None = None,
) -> Placement:
    """The employer confirms the hire: record the placement and mark the application hired.

    The channel follows the vacancy's source (Enbek.kz, a program place, or else the
    person's own initiative), the employer and vacancy are the application's, and the
    employment type defaults to the vacancy's. Placement rules apply (no future start, not
    recorded twice; see ``placement_record``), and a vacancy whose places are all taken is
    marked filled. Raises ValidationError with every problem; nothing is written then.
    """
    _lock(application)
    if ApplicationStatus.HIRED not in TRANSITIONS[application.status]:
        raise ValidationError(
            {"status": _("This application cannot lead to a hire any more.")}, code="transition"
        )
    vacancy = application.vacancy
    channel = hire_channel(vacancy)
    placement = placement_record(
        actor=actor,
        person=application.person,
        start_date=start_date,
        channel=channel,
        employment_type=employment_type or vacancy.employment_type,
        employer=vacancy.employer,
        vacancy=vacancy,
        program=vacancy.program if channel == PlacementChannel.PROGRAM else None,
        monthly_wage=monthly_wage,
    )
    application_set_status(actor=actor, application=application, status=ApplicationStatus.HIRED)
    return placement


def candidates_record_view(
    *, actor: Actor, vacancy: Vacancy, people: Iterable[Person]
) -> list[AuditEvent]:
    """Audit that ``actor`` saw the names of ``people`` as candidates for ``vacancy``.

    One view event per person (so each person's own audit trail shows who saw them),
    written in one insert.
    """
    return audit_people_viewed(
        actor=actor,
        people=people,
        summary=lambda person: person.masked_iin,
        changes={"vacancy": vacancy.pk},
    )
