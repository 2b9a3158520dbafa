"""Reads of business grants: a district's ranking and a year's figures."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q, QuerySet, Sum

from jastar.programs.grants.models import GrantApplication, GrantDecision
from jastar.programs.models import ProgramEdition
from jastar.registry.models import District


def grant_ranking(edition: ProgramEdition, district: District) -> QuerySet[GrantApplication]:
    """A district's grant applications in rank order, with averages, decisions and the
    number of scores (``scorers``).

    Before the ranking, the order is the one the ranking will follow: average score, then
    more jobs planned, then earlier submission.
    """
    return (
        GrantApplication.objects.filter(
            participation__edition=edition, participation__district=district
        )
        .select_related("participation__person", "participation__edition__program", "activity")
        .annotate(scorers=Count("scores"))
        .order_by(
            F("rank").asc(nulls_last=True),
            F("score_average").desc(nulls_last=True),
            "-planned_jobs",
            "submitted_on",
            "id",
        )
    )


@dataclass(frozen=True)
class GrantFigures:
    """A year's grants: how many were awarded, for how much, and how many businesses
    survived their first year (the rate among those checked; None before any check)."""

    awarded: int
    awarded_tenge: int
    checked: int
    survived: int

    @property
    def survival_rate(self) -> Decimal | None:
        if not self.checked:
            return None
        rate = Decimal(self.survived) / Decimal(self.checked)
        return rate.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


def grant_figures(year: int) -> GrantFigures:
    """Grants awarded in the editions of ``year``, their amount in tenge and survival."""
    totals = GrantApplication.objects.filter(
        participation__edition__year=year, decision=GrantDecision.AWARDED
    ).aggregate(
        awarded=Count("id"),
        amount=Sum("awarded_tenge"),
        checked=Count("id", filter=Q(survived__isnull=False)),
        survived=Count("id", filter=Q(survived=True)),
    )
    return GrantFigures(
        awarded=totals["awarded"],
        awarded_tenge=totals["amount"] or 0,
        checked=totals["checked"],
        survived=totals["survived"],
    )
