"""The ranking of applications from jury scores (pure, no database)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from jastar.community.prizes.ranking import (
    Candidate,
    mean_score,
    over_budget,
    rank_candidates,
    winners_of,
)

EARLY = date(2025, 3, 1)
LATE = date(2025, 3, 20)


class MeanScoreTests:
    def test_is_the_mean_to_two_decimals_rounded_half_up(self) -> None:
        assert mean_score([80, 85, 85]) == Decimal("83.33")
        assert mean_score([1, 2]) == Decimal("1.50")
        assert mean_score([0, 0, 1]) == Decimal("0.33")

    def test_is_none_without_scores(self) -> None:
        assert mean_score([]) is None


class RankCandidatesTests:
    def test_ranks_higher_means_first(self) -> None:
        ranked = rank_candidates(
            [Candidate(1, EARLY, (60, 70)), Candidate(2, EARLY, (90, 80))], min_jurors=2
        )
        assert [(r.application_id, r.rank, r.mean) for r in ranked] == [
            (2, 1, Decimal("85.00")),
            (1, 2, Decimal("65.00")),
        ]

    def test_leaves_out_applications_with_too_few_jurors(self) -> None:
        ranked = rank_candidates(
            [Candidate(1, EARLY, (100,)), Candidate(2, EARLY, (50, 50)), Candidate(3, EARLY, ())],
            min_jurors=2,
        )
        assert [r.application_id for r in ranked] == [2]

    def test_breaks_ties_by_the_earlier_submission(self) -> None:
        ranked = rank_candidates(
            [Candidate(1, LATE, (80, 80)), Candidate(2, EARLY, (70, 90))], min_jurors=2
        )
        assert [r.application_id for r in ranked] == [2, 1]

    def test_breaks_ties_on_the_same_day_by_record_order(self) -> None:
        ranked = rank_candidates(
            [Candidate(7, EARLY, (50, 50)), Candidate(3, EARLY, (50, 50))], min_jurors=1
        )
        assert [r.application_id for r in ranked] == [3, 7]

    def test_counts_the_jurors_of_each_application(self) -> None:
        (only,) = rank_candidates([Candidate(1, EARLY, (10, 20, 30))], min_jurors=3)
        assert only.jurors == 3


class WinnersTests:
    def test_takes_the_first_places_or_fewer(self) -> None:
        ranked = rank_candidates([Candidate(i, EARLY, (i, i)) for i in range(1, 5)], min_jurors=2)
        assert [r.application_id for r in winners_of(ranked, 2)] == [4, 3]
        assert len(winners_of(ranked, 10)) == 4

    def test_budget_is_exceeded_only_above_it(self) -> None:
        assert not over_budget(winners=3, amount=100, budget=300)
        assert over_budget(winners=4, amount=100, budget=300)
        assert not over_budget(winners=100, amount=100, budget=None)
