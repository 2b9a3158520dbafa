"""Ranking a call's applications from the jury's scores: plain data in, plain data out.

An application is ranked once at least ``min_jurors`` jurors scored it; its mark is the
mean of their scores (two decimals, half up). A higher mean ranks first; equal means go
to the earlier submission, then to the earlier record, so the order never depends on the
database.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Candidate:
    """An eligible application and the scores its jurors gave."""

    application_id: int
    submitted_on: date
    scores: tuple[int, ...]


@dataclass(frozen=True)
class Ranked:
    application_id: int
    mean: Decimal
    jurors: int
    rank: int


def mean_score(scores: Sequence[int]) -> Decimal | None:
    """The mean of ``scores`` to two decimals (half up); None without scores."""
    if not scores:
        return None
    return (Decimal(sum(scores)) / Decimal(len(scores))).quantize(CENT, rounding=ROUND_HALF_UP)


def rank_candidates(candidates: Iterable[Candidate], *, min_jurors: int) -> list[Ranked]:
    """The candidates scored by at least ``min_jurors`` jurors, best first, ranked 1, 2, …"""
    scored = []
    for candidate in candidates:
        mean = mean_score(candidate.scores)
        if mean is not None and len(candidate.scores) >= min_jurors:
            scored.append((candidate, mean))
    scored.sort(key=lambda item: (-item[1], item[0].submitted_on, item[0].application_id))
    return [
        Ranked(candidate.application_id, mean, len(candidate.scores), rank)
        for rank, (candidate, mean) in enumerate(scored, start=1)
    ]


def winners_of(ranked: Sequence[Ranked], places: int) -> list[Ranked]:
    """The first ``places`` of the ranking (fewer when fewer were ranked)."""
    return list(ranked[: max(places, 0)])


def over_budget(*, winners: int, amount: int, budget: int | None) -> bool:
    """Whether paying ``winners`` times ``amount`` tenge exceeds ``budget`` (None: no limit)."""
    return budget is not None and winners * amount > budget
