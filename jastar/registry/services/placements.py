"""Recording placements: a young person started work."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jastar.core.audit import Actor, audit_record
from jastar.core.models import AuditAction
from jastar.programs.models import Program
from jastar.registry.models import (
    PROGRAM_CHANNELS,
    Employer,
    Person,
    PersonStatus,
    Placement,
    Vacancy,
    VacancyStatus,
)
from jastar.registry.rules import Errors, add_error, check_not_future, raise_errors
from jastar.registry.services.employers import vacancy_set_status
from jastar.registry.services.people import person_change_status


def placement_check(
    *,
    person: Person,
    start_date: date,
    end_date: date | None,
    channel: str,
    program: Program | None,
    employer: Employer | None,
    vacancy: Vacancy | None,
    today: date,
) -> Errors:
    """Every rule a placement must meet that needs no query, as collected errors.

    Dates, age on the start date, the program of a program channel, and the vacancy's
    employer. Whether the placement is already recorded is the caller's query (one per
    placement in ``placement_record``, one per batch in bulk imports).
    """
    errors: Errors = {}
    add_error(errors, "start_date", check_not_future(start_date, today))
    if person.age_on(start_date) < 14:
        add_error(errors, "start_date", _("The person was younger than 14 on the start date."))
    if end_date is not None and end_date < start_date:
        add_error(errors, "end_date", _("The end date is before the start date."))
    if channel in PROGRAM_CHANNELS and program is None:
        add_error(errors, "program", _("This channel needs the program the placement came from."))
    if vacancy is not None and employer is not None and vacancy.employer_id != employer.pk:
        add_error(errors, "vacancy", _("The vacancy belongs to another employer."))
    return errors


def _check_not_recorded(errors: Errors, *, person: Person, start_date: date, channel: str) -> None:
    if Placement.objects.filter(person=person, start_date=start_date, channel=channel).exists():
        add_error(
            errors,
            "start_date",
            _("This placement is already recorded for %(date)s.")
            % {"date": f"{start_date:%d.%m.%Y}"},
        )


@transaction.atomic
def placement_record(
    *,
    actor: Actor,
    person: Person,
    start_date: date,
    channel: str,
    employment_type: str,
    employer: Employer | None = None,
    vacancy: Vacancy | None = None,
    program: Program | None = None,
    end_date: date | None = None,
    monthly_wage: int | None = None,
) -> Placement:
    """Record that ``person`` started work, and mark them employed from ``start_date``.

    The employer defaults to the vacancy's; a vacancy whose places are all taken is
    marked filled. Program channels (active labour-market programs, grants) must name
    the program.
    """
    if vacancy is not None and employer is None:
        employer = vacancy.employer
    errors = placement_check(
        person=person,
        start_date=start_date,
        end_date=end_date,
        channel=channel,
        program=program,
        employer=employer,
        vacancy=vacancy,
        today=timezone.localdate(),
    )
    _check_not_recorded(errors, person=person, start_date=start_date, channel=channel)
    raise_errors(errors)
    placement = Placement(
        person=person,
        employer=employer,
        vacancy=vacancy,
        start_date=start_date,
        end_date=end_date,
        employment_type=employment_type,
        channel=channel,
        program=program,
        district=person.district,
        monthly_wage=monthly_wage,
    )
    placement.full_clean()
    placement.save()
    person_change_status(
        actor=actor,
        person=person,
        status=PersonStatus.EMPLOYED,
        valid_from=start_date,
        note=str(_("Placement recorded")),
    )
    if vacancy is not None and vacancy.status == VacancyStatus.OPEN:
        if vacancy.placements.count() >= vacancy.places:
            vacancy_set_status(
                actor=actor, vacancy=vacancy, status=VacancyStatus.FILLED, on=start_date
            )
    audit_record(actor=actor, action=AuditAction.CREATE, target=placement)
    return placement
