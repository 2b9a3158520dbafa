"""Enrolment, which takes one of the district's places and part of its budget, and the
placement in a job that follows."""

from __future__ import annotations

from datetime import date
from typing import Final

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jastar.core.audit import Actor
from jastar.core.errors import ApplicationError
from jastar.programs.lifecycle import ParticipationStatus
from jastar.programs.models import (
    Participation,
    ProgramEdition,
    ProgramKind,
    ProgramQuota,
)
from jastar.programs.selectors import quota_usage
from jastar.programs.services.common import (
    check_step_date,
    lock,
    record_transition,
    require_transition,
    tenge,
)
from jastar.programs.services.followups import followups_schedule
from jastar.registry.models import (
    PROGRAM_CHANNELS,
    District,
    Employer,
    EmploymentType,
    Placement,
    PlacementChannel,
    Vacancy,
    YearlyRates,
)
from jastar.registry.services import placement_record


def _check_months(edition: ProgramEdition, months: int) -> None:
    if months < 1:
        raise ValidationError({"months_planned": _("Plan at least one month.")})
    limit = edition.max_duration_months
    if limit is not None and months > limit:
        raise ValidationError(
            {
                "months_planned": _(
                    "Months planned: %(months)d, above the maximum of %(max)d for %(edition)s."
                )
                % {"edition": edition, "max": limit, "months": months}
            }
        )


def _payments(edition: ProgramEdition, monthly_wage: int | None) -> tuple[int, int]:
    """The monthly subsidy and one-off payment in tenge, with the MRP of the edition's year."""
    rates = YearlyRates.objects.filter(year=edition.year).first()
    if rates is None:
        raise ApplicationError(
            _("The MRP of %(year)d is not set, so the subsidy cannot be calculated.")
            % {"year": edition.year}
        )
    monthly = edition.monthly_subsidy_tenge(rates, wage=monthly_wage)
    if monthly is None and edition.subsidy_wage_share is not None:
        raise ValidationError(
            {
                "monthly_wage": _(
                    "This program pays a share of the wage without a cap; give the monthly wage."
                )
            }
        )
    return monthly or 0, edition.one_off_tenge(rates) or 0


def _reserve(edition: ProgramEdition, district: District, cost: int) -> None:
    """Take a place and ``cost`` tenge of the district's quota, or refuse.

    The quota row stays locked until the transaction ends, so two enrolments in the same
    district and edition are counted one after the other: the second sees the first.
    """
    quota = (
        ProgramQuota.objects.select_for_update().filter(edition=edition, district=district).first()
    )
    names = {"district": district, "edition": edition}
    if quota is None:
        raise ApplicationError(
            _("No quota is set for %(district)s in %(edition)s, so nobody can be enrolled there.")
            % names
        )
    usage = quota_usage(edition, district)
    if usage.places_used >= quota.places:
        raise ApplicationError(
            _("No places left in %(district)s for %(edition)s: taken %(used)d of %(places)d.")
            % {**names, "used": usage.places_used, "places": quota.places},
            extra={"places": quota.places, "places_used": usage.places_used},
        )
    left = quota.budget_tenge - usage.committed_tenge
    if cost > left:
        raise ApplicationError(
            _(
                "Not enough budget left in %(district)s for %(edition)s: %(left)s ₸ of "
                "%(budget)s ₸ remain, and this enrolment needs %(cost)s ₸."
            )
            % {
                **names,
                "left": tenge(max(left, 0)),
                "budget": tenge(quota.budget_tenge),
                "cost": tenge(cost),
            },
            extra={"budget_tenge": quota.budget_tenge, "left_tenge": left, "cost_tenge": cost},
        )


@transaction.atomic
def participation_enrol(
    *,
    actor: Actor,
    participation: Participation,
    on: date,
    months: int,
    monthly_wage: int | None = None,
) -> Participation:
    """Enrol an approved applicant on ``on`` for ``months`` months.

    Takes one of the district's places for the edition and the money the enrolment will
    cost: the monthly subsidy × ``months`` plus any one-off payment, in tenge with the MRP
    of the edition's year, fixed now. A subsidy that is a share of the wage needs
    ``monthly_wage``; without it the cap is reserved. Refused when the district has no
    quota, no place left, or not enough budget left (the message gives the numbers).
    """
    lock(participation)
    require_transition(participation, ParticipationStatus.ENROLLED)
    check_step_date(participation, on, "enrolled_on")
    edition = participation.edition
    _check_months(edition, months)
    monthly, one_off = _payments(edition, monthly_wage)
    _reserve(edition, participation.district, monthly * months + one_off)
    return record_transition(
        actor=actor,
        participation=participation,
        target=ParticipationStatus.ENROLLED,
        on=on,
        fields={
            "enrolled_on": on,
            "months_planned": months,
            "monthly_subsidy_tenge": monthly,
            "one_off_tenge": one_off,
        },
    )


# The employment type of a placement recorded through a program of each kind.
EMPLOYMENT_TYPES: Final[dict[str, str]] = {
    ProgramKind.INTERNSHIP: EmploymentType.INTERNSHIP,
    ProgramKind.WAGE_SUBSIDY: EmploymentType.SUBSIDISED,
    ProgramKind.SEASONAL_WORK: EmploymentType.SEASONAL,
}


def _check_placement(participation: Participation, placement: Placement) -> None:
    problems: list[str | Promise] = []
    program = participation.edition.program
    if placement.person_id != participation.person_id:
        problems.append(_("The placement is of another person."))
    if placement.channel not in PROGRAM_CHANNELS or placement.program_id != program.pk:
        problems.append(
            _("The placement was not recorded as coming from %(program)s.") % {"program": program}
        )
    taken = Participation.objects.filter(placement=placement).exclude(pk=participation.pk)
    if taken.exists():
        problems.append(_("The placement is already linked to another participation."))
    if problems:
        raise ValidationError({"placement": problems})


def _new_placement(
    *,
    actor: Actor,
    participation: Participation,
    start_date: date | None,
    employer: Employer | None,
    vacancy: Vacancy | None,
    employment_type: str | None,
    monthly_wage: int | None,
) -> Placement:
    if start_date is None or (employer is None and vacancy is None):
        raise ValidationError(
            {"placement": _("Choose a recorded placement, or give the employer and start date.")}
        )
    program = participation.edition.program
    return placement_record(
        actor=actor,
        person=participation.person,
        start_date=start_date,
        channel=PlacementChannel.GRANT
        if program.kind == ProgramKind.GRANT
        else PlacementChannel.PROGRAM,
        employment_type=employment_type
        or EMPLOYMENT_TYPES.get(program.kind, EmploymentType.PERMANENT),
        employer=employer,
        vacancy=vacancy,
        program=program,
        monthly_wage=monthly_wage,
    )


@transaction.atomic
def participation_place(
    *,
    actor: Actor,
    participation: Participation,
    placement: Placement | None = None,
    start_date: date | None = None,
    employer: Employer | None = None,
    vacancy: Vacancy | None = None,
    employment_type: str | None = None,
    monthly_wage: int | None = None,
) -> Participation:
    """Record that an enrolled participant started work, and schedule the follow-ups.

    Links ``placement`` (the same person's, recorded through this program) or, without
    one, records it with ``jastar.registry.services.placement_record`` from the employer
    or vacancy and ``start_date``. The placement's start is the participation's placed
    date; the 6- and 12-month follow-ups are due that many months later.
    """
    lock(participation)
    require_transition(participation, ParticipationStatus.PLACED)
    if placement is None:
        placement = _new_placement(
            actor=actor,
            participation=participation,
            start_date=start_date,
            employer=employer,
            vacancy=vacancy,
            employment_type=employment_type,
            monthly_wage=monthly_wage,
        )
    _check_placement(participation, placement)
    check_step_date(participation, placement.start_date, "placed_on")
    record_transition(
        actor=actor,
        participation=participation,
        target=ParticipationStatus.PLACED,
        on=placement.start_date,
        fields={"placement": placement, "placed_on": placement.start_date},
    )
    followups_schedule(actor=actor, participation=participation)
    return participation
