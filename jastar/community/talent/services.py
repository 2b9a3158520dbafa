"""Every change to the talent reserve: intakes, criteria, nominations, scores, the
selection, and what members do afterwards (trainings, appointments, leaving)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jastar.community.talent import ranking
from jastar.community.talent.models import (
    Appointment,
    Criterion,
    Intake,
    IntakeStatus,
    Membership,
    MembershipStatus,
    Nomination,
    NominationStatus,
    Score,
    Training,
)
from jastar.community.talent.rules import require_person_rights, require_selection_rights
from jastar.community.talent.selectors import intake_ranking
from jastar.core.audit import (
    Actor,
    actor_user,
    audit_people_viewed,
    audit_record,
    diff_fields,
)
from jastar.core.models import AuditAction
from jastar.registry.models import Person

MEMBERSHIP_YEARS = 3


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _refuse_closed(intake: Intake) -> None:
    if intake.status == IntakeStatus.CLOSED:
        raise ValidationError(_("The intake is closed."), code="closed")


@transaction.atomic
def intake_create(
    *,
    actor: Actor,
    year: int,
    title: str,
    opens_on: date,
    closes_on: date,
    places: int = 25,
) -> Intake:
    """Open a yearly selection round of the reserve (regional staff only)."""
    require_selection_rights(actor)
    intake = Intake(year=year, title=title, opens_on=opens_on, closes_on=closes_on, places=places)
    intake.full_clean()
    intake.save()
    audit_record(actor=actor, action=AuditAction.CREATE, target=intake, summary=title)
    return intake


@transaction.atomic
def criterion_add(
    *,
    actor: Actor,
    intake: Intake,
    name_kk: str,
    name_ru: str,
    name_en: str,
    weight: int = 1,
    max_score: int = 10,
) -> Criterion:
    """Add a selection criterion to an intake that is not closed."""
    require_selection_rights(actor)
    _refuse_closed(intake)
    criterion = Criterion(
        intake=intake,
        name_kk=name_kk,
        name_ru=name_ru,
        name_en=name_en,
        weight=weight,
        max_score=max_score,
    )
    criterion.full_clean()
    criterion.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=criterion,
        summary=name_en or name_ru,
        changes={"intake": intake.pk, "weight": weight, "max_score": max_score},
    )
    return criterion


@transaction.atomic
def nominate(
    *,
    actor: Actor,
    intake: Intake,
    person: Person,
    nominated_by: str,
    nominated_on: date,
    position: str = "",
    motivation: str = "",
) -> Nomination:
    """Nominate a registered young specialist to an open intake (once per intake)."""
    require_person_rights(actor, person)
    if intake.status != IntakeStatus.OPEN:
        raise ValidationError(_("The intake takes no more nominations."), code="not_open")
    if Nomination.objects.filter(intake=intake, person=person).exists():
        raise ValidationError(
            {"person": _("This person is nominated to this intake already.")}, code="duplicate"
        )
    nomination = Nomination(
        intake=intake,
        person=person,
        nominated_by=nominated_by,
        nominated_on=nominated_on,
        position=position,
        motivation=motivation,
    )
    nomination.full_clean()
    nomination.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=nomination,
        summary=person.full_name,
        changes={"intake": intake.pk, "person": person.pk, "nominated_by": nominated_by},
    )
    return nomination


@transaction.atomic
def score_record(
    *,
    actor: Actor,
    nomination: Nomination,
    criterion: Criterion,
    score: int,
    comment: str = "",
) -> Score:
    """Record a scorer's score of a nomination on a criterion; scoring it again changes it.

    Only regional officers and administrators score; each scores a criterion once.
    """
    require_selection_rights(actor)
    _refuse_closed(nomination.intake)
    if criterion.intake_id != nomination.intake_id:
        raise ValidationError({"criterion": _("The criterion belongs to another intake.")})
    if not 0 <= score <= criterion.max_score:
        raise ValidationError(
            {"score": _("The score must be from 0 to %(max)d.") % {"max": criterion.max_score}}
        )
    scorer = actor_user(actor)
    found = Score.objects.filter(nomination=nomination, criterion=criterion, scorer=scorer).first()
    if found is None:
        found = Score(nomination=nomination, criterion=criterion, scorer=scorer, score=score)
        found.comment = comment
        found.full_clean()
        found.save()
        audit_record(actor=actor, action=AuditAction.CREATE, target=found, summary=str(found))
        return found
    changes = diff_fields(found, {"score": score, "comment": comment})
    if changes:
        found.score, found.comment = score, comment
        found.full_clean()
        found.save(update_fields=["score", "comment", "updated_at"])
        audit_record(actor=actor, action=AuditAction.UPDATE, target=found, changes=changes)
    return found


def _chosen(intake: Intake, nomination_ids: Sequence[int] | None) -> list[int]:
    ranked = intake_ranking(intake)
    if nomination_ids is None:
        return ranking.top(ranked, intake.places)
    known = {r.nomination_id for r in ranked}
    chosen = list(dict.fromkeys(nomination_ids))
    if not set(chosen) <= known:
        raise ValidationError({"nominations": _("Some nominations are not of this intake.")})
    if len(chosen) > intake.places:
        raise ValidationError(
            {"nominations": _("The intake has %(places)d places.") % {"places": intake.places}}
        )
    return chosen


@transaction.atomic
def selection_decide(
    *,
    actor: Actor,
    intake: Intake,
    starts_on: date,
    nomination_ids: Sequence[int] | None = None,
    years: int = MEMBERSHIP_YEARS,
) -> list[Membership]:
    """Select the intake's members and close it.

    Without ``nomination_ids`` the ``places`` best-ranked scored nominations are selected;
    with them, exactly those. The others are marked not selected. Each selected person
    becomes a member from ``starts_on`` for ``years`` years.
    """
    require_selection_rights(actor)
    _refuse_closed(intake)
    chosen = _chosen(intake, nomination_ids)
    if not chosen:
        raise ValidationError(_("No nomination is scored yet: there is no one to select."))
    nominations = intake.nominations.select_related("person")
    members = []
    for nomination in nominations:
        selected = nomination.pk in chosen
        status = NominationStatus.SELECTED if selected else NominationStatus.REJECTED
        if nomination.status != status:
            nomination.status = status
            nomination.save(update_fields=["status", "updated_at"])
        if selected:
            members.append(_membership_create(actor, nomination, starts_on, years))
    intake.status = IntakeStatus.CLOSED
    intake.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=intake,
        summary=_("Selected: %(count)d") % {"count": len(members)},
        changes={"status": IntakeStatus.CLOSED, "selected": sorted(chosen)},
    )
    return members


def _membership_create(
    actor: Actor, nomination: Nomination, starts_on: date, years: int
) -> Membership:
    membership = Membership(
        person=nomination.person,
        intake=nomination.intake,
        starts_on=starts_on,
        ends_on=_years_after(starts_on, years) - timedelta(days=1),
    )
    membership.full_clean()
    membership.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=membership,
        summary=nomination.person.full_name,
        changes={
            "nomination": nomination.pk,
            "starts_on": starts_on,
            "ends_on": membership.ends_on,
        },
    )
    return membership


def _refuse_inactive(membership: Membership) -> None:
    if membership.status != MembershipStatus.ACTIVE:
        raise ValidationError(_("The membership has ended."), code="ended")


@transaction.atomic
def training_record(
    *,
    actor: Actor,
    membership: Membership,
    title: str,
    provider: str,
    completed_on: date,
    hours: int,
) -> Training:
    """Record a training a member completed."""
    require_person_rights(actor, membership.person)
    if completed_on < membership.starts_on:
        raise ValidationError({"completed_on": _("The date is before the membership began.")})
    training = Training(
        membership=membership,
        title=title,
        provider=provider,
        completed_on=completed_on,
        hours=hours,
    )
    training.full_clean()
    training.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=training,
        summary=title,
        changes={"membership": membership.pk, "hours": hours, "completed_on": completed_on},
    )
    return training


@transaction.atomic
def appointment_record(
    *,
    actor: Actor,
    membership: Membership,
    post: str,
    organisation: str,
    appointed_on: date,
    leading_post: bool = False,
) -> Appointment:
    """Record that an active member was appointed to a post."""
    require_person_rights(actor, membership.person)
    _refuse_inactive(membership)
    if appointed_on < membership.starts_on:
        raise ValidationError({"appointed_on": _("The date is before the membership began.")})
    appointment = Appointment(
        membership=membership,
        post=post,
        organisation=organisation,
        appointed_on=appointed_on,
        leading_post=leading_post,
    )
    appointment.full_clean()
    appointment.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=appointment,
        summary=f"{post}, {organisation}",
        changes={
            "membership": membership.pk,
            "appointed_on": appointed_on,
            "leading": leading_post,
        },
    )
    return appointment


@transaction.atomic
def membership_end(
    *,
    actor: Actor,
    membership: Membership,
    on: date,
    status: str = MembershipStatus.ENDED,
) -> Membership:
    """End a membership on ``on``: its period is over (ended) or the member left (withdrawn)."""
    require_person_rights(actor, membership.person)
    _refuse_inactive(membership)
    if status not in (MembershipStatus.ENDED, MembershipStatus.WITHDRAWN):
        raise ValidationError({"status": _("A membership ends as ended or withdrawn.")})
    if on < membership.starts_on:
        raise ValidationError({"on": _("The date is before the membership began.")})
    changes = diff_fields(membership, {"status": status, "ends_on": on})
    membership.status, membership.ends_on = status, on
    membership.full_clean()
    membership.save(update_fields=["status", "ends_on", "updated_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, target=membership, changes=changes)
    return membership


def people_viewed(*, actor: Actor, people: Sequence[Person], summary: str) -> None:
    """Audit that ``actor`` was shown the names of ``people`` (one event per person)."""
    audit_people_viewed(actor=actor, people=people, summary=summary)
