"""Reads of the talent reserve. Rows about a person go through the access layer
(``related_to_people_for``): a case worker reaches their district's nominees and members,
region-wide staff everyone; whether names are shown is the page's or the API's question
(``can_see_personal_data``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from jastar.community.talent import ranking
from jastar.community.talent.models import (
    Appointment,
    Intake,
    Membership,
    MembershipStatus,
    Nomination,
    Score,
    Training,
)
from jastar.core.access import AnyUser, related_to_people_for, scope_of
from jastar.registry.models import District


def intake_list() -> QuerySet[Intake]:
    """Every intake, the latest first, with its numbers of nominations and members."""
    return Intake.objects.annotate(
        nomination_count=Count("nominations", distinct=True),
        member_count=Count("memberships", distinct=True),
    ).order_by("-year")


def intake_for(user: AnyUser, intake_id: int | str) -> Intake:
    """An intake (office staff only; intakes name no one), or 404."""
    if not scope_of(user).is_staff_side:
        raise Http404
    found = Intake.objects.filter(pk=intake_id).prefetch_related("criteria").first()
    if found is None:
        raise Http404
    return found


def nominations_for(user: AnyUser, intake: Intake | None = None) -> QuerySet[Nomination]:
    """The nominations of people ``user`` reaches (of ``intake``, when given)."""
    rows = Nomination.objects.select_related("person__district", "intake")
    if intake is not None:
        rows = rows.filter(intake=intake)
    return related_to_people_for(user, rows)


def nomination_for(user: AnyUser, nomination_id: int | str) -> Nomination:
    found = nominations_for(user).filter(pk=nomination_id).first()
    if found is None:
        raise Http404
    return found


def intake_ranking(intake: Intake) -> list[ranking.Ranked]:
    """Every nomination of ``intake`` ranked by its weighted score (see ``ranking``)."""
    criteria = [ranking.CriterionTerms(c.pk, c.weight, c.max_score) for c in intake.criteria.all()]
    given: dict[int, list[ranking.ScoreGiven]] = {}
    scores = Score.objects.filter(nomination__intake=intake).values_list(
        "nomination_id", "criterion_id", "score"
    )
    for nomination_id, criterion_id, score in scores:
        given.setdefault(nomination_id, []).append(ranking.ScoreGiven(criterion_id, score))
    candidates = [
        ranking.Candidate(pk, nominated_on, tuple(given.get(pk, ())))
        for pk, nominated_on in intake.nominations.values_list("pk", "nominated_on")
    ]
    return ranking.rank(candidates, criteria)


@dataclass(frozen=True)
class NominationRow:
    nomination: Nomination
    rank: int
    score: float | None
    scores: int  # how many scores it was given


def nomination_rows(user: AnyUser, intake: Intake) -> list[NominationRow]:
    """The nominations ``user`` reaches, best first, with their rank among all of them."""
    ranked = {r.nomination_id: r for r in intake_ranking(intake)}
    shown = nominations_for(user, intake).annotate(score_count=Count("scores"))
    rows = [NominationRow(n, ranked[n.pk].rank, ranked[n.pk].score, n.score_count) for n in shown]
    return sorted(rows, key=lambda row: row.rank)


def members_for(user: AnyUser, intake: Intake | None = None) -> QuerySet[Membership]:
    """The members ``user`` reaches, with their trainings and appointments."""
    rows = Membership.objects.select_related("person__district", "intake").prefetch_related(
        "trainings", "appointments"
    )
    if intake is not None:
        rows = rows.filter(intake=intake)
    return related_to_people_for(user, rows)


def membership_for(user: AnyUser, membership_id: int | str) -> Membership:
    found = members_for(user).filter(pk=membership_id).first()
    if found is None:
        raise Http404
    return found


# --- Figures ---------------------------------------------------------------------------------


def _in(district: District | None, prefix: str) -> Q:
    return Q() if district is None else Q(**{f"{prefix}person__district": district})


@dataclass(frozen=True)
class Period:
    """Records of ``year`` up to ``today``."""

    year: int
    today: date

    @property
    def first(self) -> date:
        return date(self.year, 1, 1)

    @property
    def last(self) -> date:
        return min(self.today, date(self.year, 12, 31))


def nominations_in(period: Period, district: District | None) -> QuerySet[Nomination]:
    return Nomination.objects.filter(
        _in(district, ""), nominated_on__range=(period.first, period.last)
    )


def members_selected_in(period: Period, district: District | None) -> QuerySet[Membership]:
    return Membership.objects.filter(
        _in(district, ""), starts_on__range=(period.first, period.last)
    )


def members_of_year(period: Period, district: District | None) -> QuerySet[Membership]:
    """Members at some time of the period: membership begun by its end, not ended before
    its start (the base of the share appointed)."""
    return Membership.objects.filter(
        _in(district, ""), starts_on__lte=period.last, ends_on__gte=period.first
    )


def members_active_on(day: date, district: District | None) -> QuerySet[Membership]:
    return Membership.objects.filter(
        _in(district, ""), status=MembershipStatus.ACTIVE, starts_on__lte=day, ends_on__gte=day
    )


def trainings_in(period: Period, district: District | None) -> QuerySet[Training]:
    return Training.objects.filter(
        _in(district, "membership__"), completed_on__range=(period.first, period.last)
    )


def appointments_in(period: Period, district: District | None) -> QuerySet[Appointment]:
    return Appointment.objects.filter(
        _in(district, "membership__"), appointed_on__range=(period.first, period.last)
    ).order_by("appointed_on", "pk")


def share_appointed(appointed: int, members: int) -> float:
    """Members appointed as a percentage of members (0 without members)."""
    return 0.0 if members == 0 else round(100 * appointed / members, 1)


def members_by_district(period: Period, district: District | None) -> list[tuple[str, int, int]]:
    """(district, members of the year, of them appointed in the year), by district name."""
    appointed = Q(
        appointments__appointed_on__range=(period.first, period.last),
    )
    rows = (
        members_of_year(period, district)
        .values("person__district")
        .annotate(
            members=Count("pk", distinct=True),
            appointed=Count("pk", filter=appointed, distinct=True),
        )
    )
    names = {d.pk: d.name for d in District.objects.all()}
    found = [(names[r["person__district"]], r["members"], r["appointed"]) for r in rows]
    return sorted(found)
