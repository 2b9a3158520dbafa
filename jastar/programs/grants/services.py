"""Business-grant services: apply with a plan, score, rank and award, disburse, check.

Every change is audited. A grant's money is accounted like any other enrolment's: the
award enrols the participation with the amount awarded as its one-off payment, so
:func:`jastar.programs.selectors.quota_usage` counts it against the district's quota.

Why the award does not call ``participation_enrol``: that service always fixes the
one-off payment at the edition's full amount (400 MRP), while the committee awards the
amount requested, which may be less; enrolling through it would commit more of the
budget than is awarded. :func:`_enrol_award` therefore takes the same steps with the same
building blocks (lock, lifecycle check, the enrolment module's quota and budget check,
``record_transition``), fixing the awarded amount instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Avg, Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jastar.core.audit import Actor, audit_record, diff_fields
from jastar.core.dates import add_months
from jastar.core.errors import ApplicationError
from jastar.core.models import AuditAction
from jastar.programs.grants.models import (
    CRITERIA,
    CRITERION_MAX,
    GrantApplication,
    GrantDecision,
    GrantScore,
)
from jastar.programs.lifecycle import ParticipationStatus
from jastar.programs.models import Participation, ProgramEdition, ProgramKind, ProgramQuota
from jastar.programs.selectors import quota_usage
from jastar.programs.services.common import (
    check_step_date,
    lock,
    record_transition,
    require_transition,
    tenge,
)
from jastar.programs.services.enrolment import _reserve
from jastar.programs.services.participation import participation_complete, participation_drop
from jastar.registry.models import District, Industry, YearlyRates
from jastar.registry.rules import Errors, add_error, check_not_future, raise_errors

# Months after disbursement before the business's survival is checked.
SURVIVAL_MONTHS = 12
DEFAULT_MIN_SCORERS = 3


def _lock_application(application: GrantApplication) -> None:
    """Lock the application's row until the transaction ends and reload it."""
    list(GrantApplication.objects.select_for_update().filter(pk=application.pk).values("pk"))
    application.refresh_from_db()


def _check_not_future(on: date, field: str) -> None:
    errors: Errors = {}
    add_error(errors, field, check_not_future(on, timezone.localdate()))
    raise_errors(errors)


def _require_grant_edition(edition: ProgramEdition) -> None:
    if edition.program.kind != ProgramKind.GRANT:
        raise ApplicationError(
            _("%(edition)s is not a grant program.") % {"edition": edition},
            extra={"kind": edition.program.kind},
        )


def grant_amount(edition: ProgramEdition) -> int:
    """The edition's grant in tenge, with the MRP of its year (400 MRP = 1 572 800 ₸ in 2025)."""
    rates = YearlyRates.objects.filter(year=edition.year).first()
    amount = None if rates is None else edition.one_off_tenge(rates)
    if amount is None:
        raise ApplicationError(
            _(
                "The grant amount of %(edition)s cannot be calculated: its one-off payment or "
                "the MRP of %(year)d is not set."
            )
            % {"edition": edition, "year": edition.year}
        )
    return amount


def _is_ranked(edition: ProgramEdition, district: District) -> bool:
    return GrantApplication.objects.filter(
        participation__edition=edition, participation__district=district, rank__isnull=False
    ).exists()


@transaction.atomic
def grant_apply(
    *,
    actor: Actor,
    participation: Participation,
    business_name: str,
    business_idea: str,
    market: str,
    costs: str,
    revenue_plan: str,
    requested_tenge: int,
    on: date,
    planned_jobs: int = 0,
    own_contribution_tenge: int = 0,
    activity: Industry | None = None,
) -> GrantApplication:
    """Submit the business plan of an approved participant in a grant edition on ``on``.

    Refused unless the participation is approved, in a grant-kind edition, has no
    application yet and its district's ranking is not done. The amount requested may not
    exceed the edition's grant in tenge (with the MRP of the edition's year).
    """
    lock(participation)
    edition = participation.edition
    _require_grant_edition(edition)
    if participation.status != ParticipationStatus.APPROVED:
        raise ApplicationError(
            _(
                "Only an approved participant can apply for the grant; this participation is "
                "“%(status)s”."
            )
            % {"status": participation.get_status_display()},
            extra={"status": participation.status},
        )
    if GrantApplication.objects.filter(participation=participation).exists():
        raise ApplicationError(_("This participation already has a grant application."))
    if _is_ranked(edition, participation.district):
        raise ApplicationError(
            _("The grant applications of %(district)s in %(edition)s are already ranked.")
            % {"district": participation.district, "edition": edition}
        )
    check_step_date(participation, on, "submitted_on")
    amount = grant_amount(edition)
    if requested_tenge > amount:
        raise ValidationError(
            {
                "requested_tenge": _(
                    "The amount requested, %(requested)s ₸, is above the grant of %(amount)s ₸."
                )
                % {"requested": tenge(requested_tenge), "amount": tenge(amount)}
            }
        )
    application = GrantApplication(
        participation=participation,
        business_name=business_name.strip(),
        business_idea=business_idea.strip(),
        market=market.strip(),
        costs=costs.strip(),
        revenue_plan=revenue_plan.strip(),
        requested_tenge=requested_tenge,
        planned_jobs=planned_jobs,
        own_contribution_tenge=own_contribution_tenge,
        activity=activity,
        submitted_on=on,
    )
    application.full_clean()
    application.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=application,
        summary=application.business_name,
        changes={"requested_tenge": requested_tenge, "participation": participation.pk},
    )
    return application


def _check_criteria(criteria: dict[str, int]) -> None:
    errors: Errors = {}
    for name, value in criteria.items():
        if not 0 <= value <= CRITERION_MAX:
            add_error(
                errors,
                name,
                _("A score is from 0 to %(max)d; %(value)d is out of range.")
                % {"max": CRITERION_MAX, "value": value},
            )
    raise_errors(errors)


def _update_average(application: GrantApplication) -> None:
    mean = application.scores.aggregate(mean=Avg("total"))["mean"]
    average = (
        None
        if mean is None
        else Decimal(str(mean)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    )
    application.score_average = average
    application.save(update_fields=["score_average", "updated_at"])


@transaction.atomic
def grant_score(
    *,
    actor: Actor,
    application: GrantApplication,
    scorer: User,
    viability: int,
    social_impact: int,
    jobs: int,
    readiness: int,
) -> GrantScore:
    """Record a committee member's scores (each criterion 0–10) of an application.

    Each scorer scores an application once; scoring again revises the scores, until the
    ranking. Committee members are staff users. The application's average is recomputed.
    """
    _lock_application(application)
    if application.decision != GrantDecision.PENDING or application.rank is not None:
        raise ApplicationError(_("The application is already ranked; its scores are final."))
    if not (scorer.is_staff and scorer.is_active):
        raise ApplicationError(
            _("Only committee members (active staff users) can score grant applications."),
            extra={"scorer": scorer.pk},
        )
    criteria = {
        "viability": viability,
        "social_impact": social_impact,
        "jobs": jobs,
        "readiness": readiness,
    }
    _check_criteria(criteria)
    score = GrantScore.objects.filter(application=application, scorer=scorer).first()
    if score is None:
        score = GrantScore(application=application, scorer=scorer, **criteria)
        changes = dict(criteria)
        action = AuditAction.CREATE
    else:
        changes = diff_fields(score, criteria)
        for name in CRITERIA:
            setattr(score, name, criteria[name])
        action = AuditAction.UPDATE
    score.full_clean()
    score.save()
    score.refresh_from_db(fields=["total"])
    audit_record(actor=actor, action=action, target=score, summary=str(score), changes=changes)
    _update_average(application)
    return score


@dataclass
class _Funds:
    """What is left of a district's quota while awards are made in rank order."""

    places: int
    budget_tenge: int

    def cover(self, amount: int) -> bool:
        return self.places > 0 and amount <= self.budget_tenge

    def take(self, amount: int) -> None:
        self.places -= 1
        self.budget_tenge -= amount


def _funds(edition: ProgramEdition, district: District) -> _Funds:
    quota = (
        ProgramQuota.objects.select_for_update().filter(edition=edition, district=district).first()
    )
    if quota is None:
        raise ApplicationError(
            _("No quota is set for %(district)s in %(edition)s, so no grant can be awarded.")
            % {"district": district, "edition": edition}
        )
    usage = quota_usage(edition, district)
    return _Funds(quota.places - usage.places_used, quota.budget_tenge - usage.committed_tenge)


def _short_of_scores(applications: list[GrantApplication], min_scorers: int) -> dict[int, int]:
    """The number of scores of each application with fewer than ``min_scorers``."""
    # Counted apart from the locking query: PostgreSQL does not lock rows of a grouped one.
    counts = dict(
        GrantScore.objects.filter(application__in=applications)
        .values("application")
        .annotate(n=Count("id"))
        .values_list("application", "n")
    )
    return {a.pk: counts.get(a.pk, 0) for a in applications if counts.get(a.pk, 0) < min_scorers}


def _to_rank(
    edition: ProgramEdition, district: District, min_scorers: int
) -> list[GrantApplication]:
    """The pending applications of approved participants, in rank order.

    Ordered by the average score, then more jobs planned, then earlier submission.
    """
    if min_scorers < 1:
        raise ValidationError({"min_scorers": _("At least one scorer is needed.")})
    pending = (
        GrantApplication.objects.select_for_update(of=("self",))
        .filter(
            participation__edition=edition,
            participation__district=district,
            participation__status=ParticipationStatus.APPROVED,
            decision=GrantDecision.PENDING,
        )
        .select_related("participation")
        .order_by("id")
    )
    applications = list(pending)
    if not applications:
        raise ApplicationError(
            _("No grant applications of %(district)s in %(edition)s are waiting for a ranking.")
            % {"district": district, "edition": edition}
        )
    short = _short_of_scores(applications, min_scorers)
    if short:
        raise ApplicationError(
            _(
                "Each application needs at least %(min)d scores before the ranking; "
                "applications short of scores: %(count)d."
            )
            % {"min": min_scorers, "count": len(short)},
            extra={"min_scorers": min_scorers, "scores": short},
        )
    return sorted(
        applications,
        key=lambda a: (-(a.score_average or 0), -a.planned_jobs, a.submitted_on, a.pk),
    )


def _enrol_award(*, actor: Actor, application: GrantApplication, on: date) -> None:
    """Enrol the participation with the awarded amount as its one-off payment.

    The same steps as ``participation_enrol`` (see the module docstring for why not it).
    """
    participation = application.participation
    lock(participation)
    require_transition(participation, ParticipationStatus.ENROLLED)
    check_step_date(participation, on, "enrolled_on")
    amount = application.requested_tenge
    _reserve(participation.edition, participation.district, amount)
    record_transition(
        actor=actor,
        participation=participation,
        target=ParticipationStatus.ENROLLED,
        on=on,
        fields={
            "enrolled_on": on,
            "months_planned": 1,
            "monthly_subsidy_tenge": 0,
            "one_off_tenge": amount,
        },
    )


def _decide(
    *, actor: Actor, application: GrantApplication, rank: int, awarded: bool, on: date
) -> None:
    data: dict[str, object] = {
        "rank": rank,
        "decision": GrantDecision.AWARDED if awarded else GrantDecision.NOT_AWARDED,
        "awarded_tenge": application.requested_tenge if awarded else None,
    }
    changes = diff_fields(application, data)
    for name, value in data.items():
        setattr(application, name, value)
    application.full_clean()
    application.save(update_fields=[*data, "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=application,
        summary=f"#{rank} {application.decision}",
        changes={**changes, "on": on.isoformat()},
    )


@transaction.atomic
def grant_rank(
    *,
    actor: Actor,
    edition: ProgramEdition,
    district: District,
    on: date,
    min_scorers: int = DEFAULT_MIN_SCORERS,
) -> list[GrantApplication]:
    """Rank a district's grant applications on ``on`` and award grants down the list.

    Every pending application (of a participant still approved) needs ``min_scorers``
    scores. They are ranked by average score (ties: more jobs planned, then earlier
    submission). Grants are awarded in rank order while the district's quota has a place
    and enough budget (its budget minus what enrolments have committed) for the amount
    requested; from the first application that does not fit, the rest are not awarded,
    so nobody ranked lower overtakes it. Awarded participations are enrolled with the
    amount awarded; the others drop out with the reason. Returns the list in rank order.
    """
    _require_grant_edition(edition)
    _check_not_future(on, "on")
    funds = _funds(edition, district)
    ranked = _to_rank(edition, district, min_scorers)
    cut_off = False
    for rank, application in enumerate(ranked, start=1):
        cut_off = cut_off or not funds.cover(application.requested_tenge)
        if not cut_off:
            _enrol_award(actor=actor, application=application, on=on)
            funds.take(application.requested_tenge)
        else:
            participation_drop(
                actor=actor,
                participation=application.participation,
                reason=str(_("Not awarded a grant: below the cut-off of the committee's ranking.")),
                on=on,
            )
        _decide(actor=actor, application=application, rank=rank, awarded=not cut_off, on=on)
    return ranked


def _save_application(
    *, actor: Actor, application: GrantApplication, data: dict[str, object]
) -> GrantApplication:
    changes = diff_fields(application, data)
    for name, value in data.items():
        setattr(application, name, value)
    application.full_clean()
    application.save(update_fields=[*data, "updated_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, target=application, changes=changes)
    return application


@transaction.atomic
def grant_disburse(*, actor: Actor, application: GrantApplication, on: date) -> GrantApplication:
    """Record that an awarded grant was paid out on ``on`` (once, not before enrolment)."""
    _lock_application(application)
    if application.decision != GrantDecision.AWARDED:
        raise ApplicationError(_("Only an awarded grant can be disbursed."))
    if application.disbursed_on is not None:
        raise ApplicationError(
            _("The grant was already disbursed on %(date)s.")
            % {"date": f"{application.disbursed_on:%d.%m.%Y}"}
        )
    participation = application.participation
    if participation.status != ParticipationStatus.ENROLLED:
        raise ApplicationError(
            _("The participation is “%(status)s”; only an enrolled participant receives the grant.")
            % {"status": participation.get_status_display()}
        )
    check_step_date(participation, on, "disbursed_on")
    return _save_application(actor=actor, application=application, data={"disbursed_on": on})


def _check_survival(application: GrantApplication, on: date, survived: bool, note: str) -> None:
    if application.disbursed_on is None:
        raise ApplicationError(_("The grant has not been disbursed, so there is nothing to check."))
    if application.survival_checked_on is not None:
        raise ApplicationError(
            _("The business was already checked on %(date)s.")
            % {"date": f"{application.survival_checked_on:%d.%m.%Y}"}
        )
    due = add_months(application.disbursed_on, SURVIVAL_MONTHS)
    _check_not_future(on, "survival_checked_on")
    if on < due:
        raise ApplicationError(
            _("The survival check is due 12 months after disbursement, on %(due)s or later.")
            % {"due": f"{due:%d.%m.%Y}"},
            extra={"due": due.isoformat()},
        )
    if not survived and not note:
        raise ValidationError(
            {"survival_note": _("Give the reason why the business no longer operates.")}
        )


@transaction.atomic
def grant_survival_check(
    *, actor: Actor, application: GrantApplication, on: date, survived: bool, note: str = ""
) -> GrantApplication:
    """Record on ``on`` whether the business still operates, 12 or more months after the
    grant was disbursed.

    A surviving business completes the participation; one that closed drops it out, with
    ``note`` (then required) as the reason.
    """
    _lock_application(application)
    note = note.strip()
    _check_survival(application, on, survived, note)
    participation = application.participation
    if survived:
        participation_complete(actor=actor, participation=participation, on=on)
    else:
        participation_drop(actor=actor, participation=participation, reason=note, on=on)
    return _save_application(
        actor=actor,
        application=application,
        data={"survival_checked_on": on, "survived": survived, "survival_note": note},
    )
