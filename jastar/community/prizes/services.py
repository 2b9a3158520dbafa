"""Youth prizes and grants: create a prize, open a call, apply, screen, score, decide, pay.

Every change is audited. The ranking itself is :mod:`jastar.community.prizes.ranking`
(pure); :func:`winners_decide` loads the scores, ranks them, and writes the awards with
amounts converted from MRP with the MRP of the call's year (``YearlyRates.mrp_to_tenge``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from jastar.community.prizes.models import (
    Application,
    Award,
    Call,
    CallStatus,
    JuryScore,
    Prize,
    PrizeApplicationStatus,
)
from jastar.community.prizes.ranking import (
    mean_score,
    over_budget,
    rank_candidates,
    winners_of,
)
from jastar.community.prizes.selectors import call_candidates
from jastar.core.access import scope_of
from jastar.core.audit import Actor, audit_record
from jastar.core.errors import ApplicationError
from jastar.core.models import AuditAction
from jastar.registry.models import Person, YearlyRates
from jastar.registry.rules import age_on

Status = PrizeApplicationStatus


def _lock(model: type[Any], pk: int) -> None:
    list(model.objects.select_for_update().filter(pk=pk).values("pk"))


def _tenge(amount: int) -> str:
    return f"{amount:,}".replace(",", "\u00a0")


@transaction.atomic
def prize_create(
    *,
    actor: Actor,
    code: str,
    name_kk: str,
    name_ru: str,
    kind: str,
    name_en: str = "",
    description: str = "",
) -> Prize:
    """Add a youth prize or grant to the catalogue."""
    prize = Prize(
        code=code.strip(),
        name_kk=name_kk.strip(),
        name_ru=name_ru.strip(),
        name_en=name_en.strip(),
        kind=kind,
        description=description.strip(),
    )
    prize.full_clean()
    prize.save()
    audit_record(actor=actor, action=AuditAction.CREATE, target=prize, summary=prize.code)
    return prize


@transaction.atomic
def call_open(
    *,
    actor: Actor,
    prize: Prize,
    year: int,
    opens_on: date,
    closes_on: date,
    places: int,
    amount_mrp: Decimal | None = None,
    amount_tenge: int | None = None,
    budget_tenge: int | None = None,
    title_kk: str = "",
    title_ru: str = "",
    title_en: str = "",
    age_min: int | None = None,
    age_max: int | None = None,
    min_jurors: int | None = None,
) -> Call:
    """Open the call of ``prize`` for ``year``: its dates, places and amount per winner.

    The amount is given in MRP or in tenge (exactly one). A budget, when given, must pay
    every place.
    """
    if (amount_mrp is None) == (amount_tenge is None):
        raise ValidationError(
            {"amount_mrp": _("Give the amount per winner either in MRP or in tenge.")}
        )
    call = Call(
        prize=prize,
        year=year,
        opens_on=opens_on,
        closes_on=closes_on,
        places=places,
        amount_mrp=amount_mrp,
        amount_tenge=amount_tenge,
        budget_tenge=budget_tenge,
        title_kk=title_kk.strip(),
        title_ru=title_ru.strip(),
        title_en=title_en.strip(),
        status=CallStatus.OPEN,
    )
    for name, value in (("age_min", age_min), ("age_max", age_max), ("min_jurors", min_jurors)):
        if value is not None:
            setattr(call, name, value)
    _check_call(call)
    call.full_clean()
    call.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=call,
        summary=f"{prize.code} {year}",
        changes={"places": places, "amount_mrp": amount_mrp, "amount_tenge": amount_tenge},
    )
    return call


def _check_call(call: Call) -> None:
    errors: dict[str, Any] = {}
    if call.closes_on < call.opens_on:
        errors["closes_on"] = _("A call cannot close before it opens.")
    if call.opens_on.year != call.year:
        errors["opens_on"] = _("A call of %(year)d opens in %(year)d.") % {"year": call.year}
    if call.age_min > call.age_max:
        errors["age_max"] = _("The maximum age is below the minimum age.")
    if errors:
        raise ValidationError(errors)


def call_amount(call: Call) -> int:
    """The amount per winner in tenge: fixed, or the MRP amount at the MRP of the call's year."""
    if call.amount_tenge is not None:
        return call.amount_tenge
    rates = YearlyRates.objects.filter(year=call.year).first()
    if rates is None or call.amount_mrp is None:
        raise ApplicationError(
            _("The MRP of %(year)d is not set: the amount of the call cannot be calculated.")
            % {"year": call.year},
            extra={"year": call.year},
        )
    return rates.mrp_to_tenge(float(call.amount_mrp))


# --- Applications ---------------------------------------------------------------------------


def _check_may_apply(call: Call, person: Person, on: date) -> None:
    if call.status != CallStatus.OPEN:
        raise ApplicationError(
            _("The call “%(call)s” is not open for applications.") % {"call": call},
            extra={"status": call.status},
        )
    if not call.opens_on <= on <= call.closes_on:
        raise ValidationError(
            {
                "submitted_on": _("The call takes applications from %(opens)s to %(closes)s.")
                % {"opens": f"{call.opens_on:%d.%m.%Y}", "closes": f"{call.closes_on:%d.%m.%Y}"}
            }
        )
    age = age_on(person.birth_date, on)
    if not call.age_min <= age <= call.age_max:
        raise ValidationError(
            {
                "person": _(
                    "Applicants must be from %(min)d to %(max)d years old; "
                    "this person's age is %(age)d."
                )
                % {"min": call.age_min, "max": call.age_max, "age": age}
            }
        )
    if Application.objects.filter(call=call, person=person).exists():
        raise ApplicationError(_("This person has already applied to this call."))


@transaction.atomic
def application_submit(
    *,
    actor: Actor,
    call: Call,
    person: Person,
    on: date,
    project_title: str,
    summary: str,
    category: str = "",
) -> Application:
    """Submit a young person's application to an open call (one per person and call).

    Refused when the call is not open or ``on`` is outside its dates, and when the person
    is outside the call's age range (14–35 unless the call says otherwise) on ``on``.
    """
    _lock(Call, call.pk)
    call.refresh_from_db()
    _check_may_apply(call, person, on)
    application = Application(
        call=call,
        person=person,
        district_id=person.district_id,
        submitted_on=on,
        project_title=project_title.strip(),
        summary=summary.strip(),
        category=category.strip(),
    )
    application.full_clean()
    application.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=application,
        summary=application.project_title,
        changes={"call": call.pk, "person": person.pk},
    )
    return application


def _require_undecided(call: Call) -> None:
    if call.status == CallStatus.DECIDED:
        raise ApplicationError(
            _("The winners of “%(call)s” are already decided.") % {"call": call},
            extra={"status": call.status},
        )


@transaction.atomic
def application_screen(
    *, actor: Actor, application: Application, eligible: bool, on: date, reason: str = ""
) -> Application:
    """Mark an application eligible for the jury, or reject it with a reason.

    A decision may be changed until the jury has scored the application.
    """
    _lock(Application, application.pk)
    application.refresh_from_db()
    _require_undecided(application.call)
    if application.jurors:
        raise ApplicationError(_("The jury has already scored this application."))
    if not eligible and not reason.strip():
        raise ValidationError({"reason": _("Give the reason for rejecting the application.")})
    if on < application.submitted_on:
        raise ValidationError(
            {"on": _("An application cannot be screened before it is submitted.")}
        )
    before = application.status
    application.status = Status.ELIGIBLE if eligible else Status.REJECTED
    application.reject_reason = "" if eligible else reason.strip()
    application.screened_on = on
    application.full_clean()
    application.save(update_fields=["status", "reject_reason", "screened_on", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=application,
        summary=application.get_status_display(),
        changes={"status": [before, application.status], "reason": application.reject_reason},
    )
    return application


# --- Jury -----------------------------------------------------------------------------------


def may_judge(actor: Actor) -> bool:
    """Jurors are regional officers and administrators (office staff of the whole region
    who record work), not case workers or analysts."""
    scope = scope_of(actor)
    return scope.all_districts and scope.edits_people


def may_manage_prizes(actor: Actor) -> bool:
    """Prizes and their calls are the region's: the staff who sit on the jury (regional
    officers and administrators) add prizes and open calls."""
    return may_judge(actor)


def _refresh_mean(application: Application) -> None:
    scores = list(application.scores.values_list("score", flat=True))
    application.score_mean = mean_score(scores)
    application.jurors = len(scores)
    application.save(update_fields=["score_mean", "jurors", "updated_at"])


@transaction.atomic
def jury_score_record(
    *, actor: Actor, application: Application, score: int, on: date, comment: str = ""
) -> JuryScore:
    """Record (or change) a juror's score of an eligible application, from 0 to 100.

    The juror is the acting user; each juror scores an application once (a second score
    replaces the first). The call moves to judging with its first score.
    """
    if actor is None or not actor.is_authenticated or not may_judge(actor):
        raise ApplicationError(_("Only regional officers and administrators sit on the jury."))
    _lock(Application, application.pk)
    application.refresh_from_db()
    call = application.call
    _require_undecided(call)
    if application.status != Status.ELIGIBLE:
        raise ApplicationError(
            _("Only eligible applications are scored; this one is “%(status)s”.")
            % {"status": application.get_status_display()},
            extra={"status": application.status},
        )
    found = JuryScore.objects.filter(application=application, juror_id=actor.pk).first()
    row = found or JuryScore(application=application, juror_id=actor.pk)
    before = None if found is None else found.score
    row.score, row.comment, row.scored_on = score, comment.strip(), on
    row.full_clean()
    row.save()
    _refresh_mean(application)
    if call.status == CallStatus.OPEN:
        call.status = CallStatus.JUDGING
        call.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if found is None else AuditAction.UPDATE,
        target=row,
        summary=f"{application.pk}: {score}",
        changes={"application": application.pk, "score": [before, score]},
    )
    return row


# --- Winners and payment --------------------------------------------------------------------


@transaction.atomic
def winners_decide(*, actor: Actor, call: Call, on: date) -> list[Award]:
    """Decide the winners of ``call``: the best ``places`` eligible applications by mean
    jury score (each scored by at least the call's number of jurors).

    Winners get an award of the call's amount in tenge; the other eligible applications
    are not selected. Refused before the call closes, when no application is ranked, and
    when the winners' amounts exceed the call's budget.
    """
    _lock(Call, call.pk)
    call.refresh_from_db()
    _require_undecided(call)
    if on <= call.closes_on:
        raise ValidationError({"on": _("Winners are decided after the call closes.")})
    ranked = rank_candidates(call_candidates(call), min_jurors=call.min_jurors)
    chosen = winners_of(ranked, call.places)
    if not chosen:
        raise ApplicationError(
            _("No application has been scored by the required number of jurors (%(jurors)d) yet.")
            % {"jurors": call.min_jurors},
            extra={"min_jurors": call.min_jurors},
        )
    amount = call_amount(call)
    if over_budget(winners=len(chosen), amount=amount, budget=call.budget_tenge):
        raise ApplicationError(
            _("The awards (%(winners)d × %(amount)s ₸) exceed the budget of %(budget)s ₸.")
            % {
                "winners": len(chosen),
                "amount": _tenge(amount),
                "budget": _tenge(call.budget_tenge or 0),
            },
            extra={"budget_tenge": call.budget_tenge, "amount_tenge": amount},
        )
    return _write_awards(actor, call, chosen, amount, on)


def _write_awards(
    actor: Actor, call: Call, chosen: list[Any], amount: int, on: date
) -> list[Award]:
    winner_ids = [ranked.application_id for ranked in chosen]
    awards = [
        Award(
            application_id=ranked.application_id,
            rank=ranked.rank,
            amount_mrp=call.amount_mrp if call.amount_tenge is None else None,
            amount_tenge=amount,
            decided_on=on,
        )
        for ranked in chosen
    ]
    for award in awards:
        award.full_clean(exclude=["application"])
    Award.objects.bulk_create(awards)
    rows = Application.objects.filter(call=call, status=Status.ELIGIBLE)
    rows.filter(pk__in=winner_ids).update(status=Status.WINNER)
    rows.exclude(pk__in=winner_ids).update(status=Status.NOT_SELECTED)
    call.status = CallStatus.DECIDED
    call.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=call,
        summary=f"{call.prize.code} {call.year}: {len(awards)}",
        changes={"winners": winner_ids, "amount_tenge": amount, "status": CallStatus.DECIDED},
    )
    return list(Award.objects.filter(application_id__in=winner_ids).order_by("rank"))


@transaction.atomic
def award_pay(*, actor: Actor, award: Award, on: date) -> Award:
    """Record that a winner's award was paid on ``on`` (once, not before the decision)."""
    _lock(Award, award.pk)
    award.refresh_from_db()
    if award.paid_on is not None:
        raise ApplicationError(
            _("This award was already paid on %(date)s.") % {"date": f"{award.paid_on:%d.%m.%Y}"}
        )
    if on < award.decided_on:
        raise ValidationError({"paid_on": _("An award cannot be paid before it is decided.")})
    award.paid_on = on
    award.full_clean()
    award.save(update_fields=["paid_on", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=award,
        summary=_tenge(award.amount_tenge),
        changes={"paid_on": on},
    )
    return award
