from datetime import date

from jastar.community.talent.ranking import (
    Candidate,
    CriterionTerms,
    ScoreGiven,
    rank,
    top,
    weighted_score,
)

LEADERSHIP = CriterionTerms(1, weight=2, max_score=10)
EDUCATION = CriterionTerms(2, weight=1, max_score=5)
TERMS = {1: LEADERSHIP, 2: EDUCATION}


def candidate(pk: int, day: int, *scores: tuple[int, int]) -> Candidate:
    given = tuple(ScoreGiven(criterion, score) for criterion, score in scores)
    return Candidate(pk, date(2025, 2, day), given)


class WeightedScoreTests:
    def test_weighs_each_criterion_as_a_share_of_its_highest_score(self) -> None:
        # leadership 8/10 = 80 % (weight 2), education 5/5 = 100 % (weight 1)
        score = weighted_score([ScoreGiven(1, 8), ScoreGiven(2, 5)], TERMS)
        assert score == round((2 * 80 + 100) / 3, 2)

    def test_averages_several_scorers_of_one_criterion_first(self) -> None:
        score = weighted_score([ScoreGiven(1, 6), ScoreGiven(1, 10), ScoreGiven(2, 5)], TERMS)
        assert score == round((2 * 80 + 100) / 3, 2)

    def test_has_no_score_without_scores(self) -> None:
        assert weighted_score([], TERMS) is None

    def test_ignores_scores_of_unknown_criteria(self) -> None:
        assert weighted_score([ScoreGiven(9, 3)], TERMS) is None


class RankTests:
    def test_ranks_higher_weighted_scores_first(self) -> None:
        ranked = rank([candidate(1, 10, (1, 5)), candidate(2, 11, (1, 9))], [LEADERSHIP])
        assert [(r.nomination_id, r.rank) for r in ranked] == [(2, 1), (1, 2)]

    def test_breaks_ties_by_the_earlier_nomination(self) -> None:
        ranked = rank([candidate(1, 12, (1, 7)), candidate(2, 3, (1, 7))], [LEADERSHIP])
        assert [r.nomination_id for r in ranked] == [2, 1]

    def test_ranks_unscored_nominations_last(self) -> None:
        ranked = rank([candidate(1, 1), candidate(2, 20, (1, 0))], [LEADERSHIP])
        assert [(r.nomination_id, r.score) for r in ranked] == [(2, 0.0), (1, None)]

    def test_top_takes_only_scored_nominations_up_to_the_places(self) -> None:
        candidates = [candidate(1, 1, (1, 3)), candidate(2, 2, (1, 9)), candidate(3, 3)]
        assert top(rank(candidates, [LEADERSHIP]), 5) == [2, 1]
        assert top(rank(candidates, [LEADERSHIP]), 1) == [2]
