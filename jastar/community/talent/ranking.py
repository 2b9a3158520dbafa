"""Ranking the nominations of an intake from their scores: pure, no database.

A nomination's **weighted score** is the weighted mean, over the criteria it was scored
on, of each criterion's mean score as a share of the criterion's highest score, in
percent (0–100). Several scorers' scores of one criterion are averaged first, so every
criterion counts by its weight whatever the number of scorers. Higher ranks first; equal
scores rank the earlier nomination first (then the lower record number). Nominations no
one has scored yet have no score and rank after all scored ones.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class CriterionTerms:
    criterion_id: int
    weight: int
    max_score: int


@dataclass(frozen=True)
class ScoreGiven:
    criterion_id: int
    score: int


@dataclass(frozen=True)
class Candidate:
    nomination_id: int
    nominated_on: date
    scores: tuple[ScoreGiven, ...]


@dataclass(frozen=True)
class Ranked:
    nomination_id: int
    rank: int  # 1 is the best
    score: float | None  # the weighted score in percent; None: not scored yet


def weighted_score(
    scores: Iterable[ScoreGiven], criteria: dict[int, CriterionTerms]
) -> float | None:
    """The weighted mean of a nomination's scores, in percent; None without scores."""
    by_criterion: dict[int, list[int]] = defaultdict(list)
    for given in scores:
        if given.criterion_id in criteria:
            by_criterion[given.criterion_id].append(given.score)
    if not by_criterion:
        return None
    total = weight = 0.0
    for criterion_id, values in by_criterion.items():
        terms = criteria[criterion_id]
        total += terms.weight * (sum(values) / len(values)) / terms.max_score
        weight += terms.weight
    return round(100 * total / weight, 2)


def rank(candidates: Sequence[Candidate], criteria: Sequence[CriterionTerms]) -> list[Ranked]:
    """The candidates best first, each with its rank and weighted score."""
    terms = {c.criterion_id: c for c in criteria}
    scored = [(c, weighted_score(c.scores, terms)) for c in candidates]
    scored.sort(
        key=lambda pair: (
            pair[1] is None,
            -(pair[1] or 0.0),
            pair[0].nominated_on,
            pair[0].nomination_id,
        )
    )
    return [
        Ranked(candidate.nomination_id, position, score)
        for position, (candidate, score) in enumerate(scored, start=1)
    ]


def top(ranked: Sequence[Ranked], places: int) -> list[int]:
    """The nominations to select: the ``places`` best of those scored."""
    return [r.nomination_id for r in ranked if r.score is not None][:places]
