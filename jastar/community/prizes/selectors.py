"""Reads of youth prizes and grants. Rows about a person go through the access layer:
a case worker reaches their own district's applicants, region-wide staff everyone."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from jastar.community.prizes.models import (
    Application,
    Award,
    Call,
    JuryScore,
    Prize,
    PrizeApplicationStatus,
)
from jastar.community.prizes.ranking import Candidate, rank_candidates
from jastar.core.access import AnyUser, related_to_people_for
from jastar.registry.models import District


def prize_list() -> QuerySet[Prize]:
    """Every prize and grant, by code."""
    return Prize.objects.order_by("code")


def prize_get(prize_id: int | str) -> Prize:
    """One prize or grant, or 404 (reference data: every office user sees it)."""
    found = Prize.objects.filter(pk=prize_id).first()
    if found is None:
        raise Http404
    return found


def call_list(*, year: int | None = None, prize: Prize | None = None) -> QuerySet[Call]:
    """Calls, newest first, with their numbers of applications and winners."""
    rows = Call.objects.select_related("prize").annotate(
        application_count=Count("applications", distinct=True),
        winner_count=Count("applications__award", distinct=True),
    )
    if year is not None:
        rows = rows.filter(year=year)
    if prize is not None:
        rows = rows.filter(prize=prize)
    return rows.order_by("-year", "prize__code", "id")


def call_get(call_id: int | str) -> Call:
    """One call, or 404. Calls name no one, so every office user sees every call."""
    found = call_list().filter(pk=call_id).first()
    if found is None:
        raise Http404
    return found


def _applications() -> QuerySet[Application]:
    return Application.objects.select_related("call__prize", "person", "district", "award")


def applications_for(user: AnyUser, call: Call | None = None) -> QuerySet[Application]:
    """Applications of the people ``user`` reaches (of ``call``, when given)."""
    rows = related_to_people_for(user, _applications())
    if call is not None:
        rows = rows.filter(call=call)
    return rows.order_by("call", "-score_mean", "submitted_on", "id")


def application_for(user: AnyUser, application_id: int | str) -> Application:
    """One application whose person ``user`` reaches, or 404."""
    found = applications_for(user).filter(pk=application_id).first()
    if found is None:
        raise Http404
    return found


def awards_for(user: AnyUser, call: Call | None = None) -> QuerySet[Award]:
    """Awards of the people ``user`` reaches, by call and rank."""
    rows = related_to_people_for(
        user,
        Award.objects.select_related(
            "application__person", "application__district", "application__call__prize"
        ),
        "application__person__",
    )
    if call is not None:
        rows = rows.filter(application__call=call)
    return rows.order_by("application__call", "rank")


def award_for(user: AnyUser, award_id: int | str) -> Award:
    found = awards_for(user).filter(pk=award_id).first()
    if found is None:
        raise Http404
    return found


def juror_scores(call: Call, juror_id: int) -> dict[int, int]:
    """The scores one juror gave in ``call``, by application id."""
    rows = JuryScore.objects.filter(application__call=call, juror_id=juror_id)
    return dict(rows.values_list("application_id", "score"))


# --- Ranking --------------------------------------------------------------------------------


def call_candidates(call: Call) -> list[Candidate]:
    """The eligible applications of ``call`` with their jurors' scores (for the ranking)."""
    scores: dict[int, list[int]] = {}
    for application_id, score in JuryScore.objects.filter(
        application__call=call, application__status=PrizeApplicationStatus.ELIGIBLE
    ).values_list("application_id", "score"):
        scores.setdefault(application_id, []).append(score)
    rows = Application.objects.filter(call=call, status=PrizeApplicationStatus.ELIGIBLE)
    return [
        Candidate(pk, submitted_on, tuple(scores.get(pk, ())))
        for pk, submitted_on in rows.values_list("pk", "submitted_on")
    ]


def call_ranks(call: Call) -> dict[int, int]:
    """Rank by application id: the current ranking of an undecided call, the awards'
    ranks of a decided one."""
    awarded = dict(
        Award.objects.filter(application__call=call).values_list("application_id", "rank")
    )
    if awarded:
        return awarded
    ranked = rank_candidates(call_candidates(call), min_jurors=call.min_jurors)
    return {row.application_id: row.rank for row in ranked}


# --- Figures --------------------------------------------------------------------------------


def _in_district(district: District | None, field: str = "district") -> Q:
    return Q() if district is None else Q(**{field: district})


def calls_of_year(*, year: int, today: date) -> QuerySet[Call]:
    """Calls of ``year`` opened by ``today``."""
    return Call.objects.filter(year=year, opens_on__lte=today)


def applications_of_year(
    *, year: int, district: District | None, today: date
) -> QuerySet[Application]:
    """Applications submitted in ``year`` up to ``today`` (in ``district``, when given)."""
    return Application.objects.filter(
        _in_district(district), submitted_on__year=year, submitted_on__lte=today
    )


def awards_of_year(*, year: int, district: District | None, today: date) -> QuerySet[Award]:
    """Awards decided in ``year`` up to ``today`` (winners of ``district``, when given)."""
    return Award.objects.filter(
        _in_district(district, "application__district"),
        decided_on__year=year,
        decided_on__lte=today,
    )
