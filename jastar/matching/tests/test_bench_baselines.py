"""The benchmark's baselines, metrics and hand-made evaluation set (bench/matching_baselines.py)."""

from __future__ import annotations

import json
import math
import os
from collections import Counter
from pathlib import Path

import pytest

from bench.matching_baselines import (
    TITLE_LANGS,
    Bm25Ranker,
    PostgresFtsRanker,
    load_occupation_titles,
    ndcg_at_k,
    recall_at_k,
    reciprocal_rank,
    simple_tokens,
)

REGISTRY_DATA = Path(__file__).resolve().parents[2] / "registry" / "data"

PG_DSN = os.environ.get("DATABASE_URL", "")
needs_postgres = pytest.mark.skipif(
    not PG_DSN.startswith(("postgres://", "postgresql://")),
    reason="DATABASE_URL does not point at PostgreSQL",
)


class NdcgTests:
    def test_a_perfect_binary_ranking_scores_one(self) -> None:
        assert ndcg_at_k([3, 7, 1], {3: 1, 7: 1}) == pytest.approx(1.0)

    def test_a_relevant_item_at_the_second_place_is_discounted_by_log2_of_three(self) -> None:
        assert ndcg_at_k([9, 3], {3: 1}) == pytest.approx(1 / math.log2(3))

    def test_graded_gains_use_two_to_the_relevance_minus_one(self) -> None:
        # Ranked: rel 1 then rel 2; ideal: rel 2 then rel 1.
        dcg = (2**1 - 1) / math.log2(2) + (2**2 - 1) / math.log2(3)
        ideal = (2**2 - 1) / math.log2(2) + (2**1 - 1) / math.log2(3)
        assert ndcg_at_k([5, 6], {5: 1, 6: 2}) == pytest.approx(dcg / ideal)

    def test_items_below_the_cut_off_do_not_count(self) -> None:
        assert ndcg_at_k([1, 2, 3], {3: 1}, k=2) == 0.0

    def test_the_ideal_is_cut_at_k_too(self) -> None:
        # Three relevant items, k=1: finding one at the top is already ideal.
        assert ndcg_at_k([1], {1: 1, 2: 1, 3: 1}, k=1) == pytest.approx(1.0)

    def test_no_relevant_item_gives_zero(self) -> None:
        assert ndcg_at_k([1, 2], {}) == 0.0
        assert ndcg_at_k([1, 2], {1: 0}) == 0.0

    def test_a_repeated_item_is_counted_once(self) -> None:
        assert ndcg_at_k([1, 1], {1: 1, 2: 1}) == pytest.approx(1 / (1 + 1 / math.log2(3)))

    def test_k_below_one_is_refused(self) -> None:
        with pytest.raises(ValueError):
            ndcg_at_k([1], {1: 1}, k=0)


class RecallTests:
    def test_recall_is_the_share_of_relevant_items_in_the_top_k(self) -> None:
        assert recall_at_k([1, 2, 3, 4], {2, 4, 8}, k=3) == pytest.approx(1 / 3)

    def test_all_relevant_items_found_gives_one(self) -> None:
        assert recall_at_k([4, 2], [2, 4]) == 1.0

    def test_no_relevant_item_gives_zero(self) -> None:
        assert recall_at_k([1, 2], set()) == 0.0

    def test_more_relevant_items_than_k_cannot_reach_one(self) -> None:
        assert recall_at_k([1, 2], {1, 2, 3, 4}, k=2) == 0.5


class ReciprocalRankTests:
    def test_the_first_relevant_item_sets_the_score(self) -> None:
        assert reciprocal_rank([5, 6, 7, 6], {6, 7}) == 0.5

    def test_no_relevant_item_in_the_list_gives_zero(self) -> None:
        assert reciprocal_rank([5, 6], {1}) == 0.0
        assert reciprocal_rank([], {1}) == 0.0


class SimpleTokensTests:
    def test_words_are_lower_cased_and_punctuation_dropped(self) -> None:
        assert simple_tokens("Повар-универсал, (C санаты)!") == [
            "повар",
            "универсал",
            "c",
            "санаты",
        ]

    def test_kazakh_latin_letters_stay_in_one_word(self) -> None:
        assert simple_tokens("Jürgızuşı İT-maman") == ["jürgızuşı", "it", "maman"]


DOCS = [
    "Водитель категории С на КамАЗ",
    "Повар-универсал в кафе",
    "Жүргізуші (С санаты)",
    "Продавец-консультант",
    "Водитель такси",
]


class Bm25RankerTests:
    def test_the_document_with_the_exact_word_comes_first(self) -> None:
        ranked = Bm25Ranker(DOCS).rank(["продавец"], k=3)
        assert ranked == [[3]]

    def test_documents_sharing_more_words_rank_higher(self) -> None:
        (ranked,) = Bm25Ranker(DOCS).rank(["водитель категории С"], k=5)
        assert ranked[0] == 0
        assert set(ranked) == {0, 2, 4}  # "с" alone also matches the Kazakh title

    def test_queries_with_unknown_words_or_no_words_return_nothing(self) -> None:
        assert Bm25Ranker(DOCS).rank(["сантехник", "", "!!!", "повар"], k=3) == [[], [], [], [1]]

    def test_k_larger_than_the_corpus_is_clipped(self) -> None:
        (ranked,) = Bm25Ranker(DOCS[:2]).rank(["повар"], k=50)
        assert ranked == [1]

    def test_an_empty_corpus_ranks_nothing(self) -> None:
        assert Bm25Ranker([]).rank(["повар"], k=10) == [[]]

    def test_equal_scores_are_ordered_by_index(self) -> None:
        ranker = Bm25Ranker(["сварщик", "повар", "сварщик", "сварщик"])
        assert ranker.rank(["сварщик"], k=2) == [[0, 2]]
        assert ranker.rank(["сварщик"], k=5) == [[0, 2, 3]]

    def test_the_top_k_has_the_scores_bm25s_retrieve_finds(self) -> None:
        docs = [*DOCS, "водитель водитель погрузчика", "повар повар", "категории В и С"]
        ranker = Bm25Ranker(docs)
        query = "водитель повар категории"
        (ranked,) = ranker.rank([query], k=4)
        retriever = ranker._retriever
        _, scores = retriever.retrieve([simple_tokens(query)], k=4, show_progress=False)
        all_scores = retriever.get_scores(simple_tokens(query))
        assert [float(all_scores[i]) for i in ranked] == pytest.approx(
            [float(x) for x in scores[0]]
        )


class PostgresFtsRankerTests:
    @needs_postgres
    def test_russian_stemming_matches_other_word_forms(self) -> None:
        with PostgresFtsRanker(DOCS, PG_DSN) as ranker:
            ranked = ranker.rank(["водителя", "водители такси"], k=5)
        assert set(ranked[0]) == {0, 4}
        assert ranked[1][0] == 4

    @needs_postgres
    def test_empty_punctuation_and_stop_word_queries_return_nothing(self) -> None:
        with PostgresFtsRanker(DOCS, PG_DSN) as ranker:
            ranked = ranker.rank(["", "!!! ...", "и в на", "сантехник", "it's \\ o'neil"], k=5)
        assert ranked == [[], [], [], [], []]

    @needs_postgres
    def test_k_limits_the_hits_and_ties_are_ordered_by_index(self) -> None:
        docs = ["сварщик", "повар", "сварщик", "сварщик"]
        with PostgresFtsRanker(docs, PG_DSN, config="simple") as ranker:
            assert ranker.rank(["Сварщик!"], k=2) == [[0, 2]]
            assert ranker.rank(["сварщик"], k=100) == [[0, 2, 3]]

    @needs_postgres
    def test_queries_are_answered_in_order_across_batches(self) -> None:
        with PostgresFtsRanker(DOCS, PG_DSN) as ranker:
            ranker.batch_size = 2
            ranked = ranker.rank(["повар", "сантехник", "продавец", "такси", "санаты"], k=3)
        assert ranked == [[1], [], [3], [4], [2]]

    @needs_postgres
    def test_an_unknown_text_search_config_is_refused(self) -> None:
        import psycopg

        with pytest.raises(psycopg.Error):
            PostgresFtsRanker(DOCS, PG_DSN, config="no_such_config")


class OccupationTitlesTests:
    rows = load_occupation_titles()

    def test_the_set_has_about_two_hundred_titles_in_the_four_languages(self) -> None:
        assert 180 <= len(self.rows) <= 260
        langs = Counter(row.lang for row in self.rows)
        assert set(langs) == TITLE_LANGS
        assert langs["ru"] >= 60 and langs["kk"] >= 50
        assert langs["kk-latn"] >= 25 and langs["mixed"] >= 15

    def test_every_code_is_a_unit_group_of_the_occupation_list(self) -> None:
        items = json.loads((REGISTRY_DATA / "occupations.json").read_text("utf-8"))["items"]
        units = {item["code"] for item in items if item["level"] == "unit"}
        assert {row.code for row in self.rows} <= units

    def test_at_least_fifty_codes_are_covered(self) -> None:
        assert len({row.code for row in self.rows}) >= 50

    def test_at_most_a_fifth_of_the_titles_are_synonym_terms_verbatim(self) -> None:
        synonyms = json.loads((REGISTRY_DATA / "occupation_synonyms.json").read_text("utf-8"))
        terms = {term.casefold() for item in synonyms["items"] for term in item["terms"]}
        verbatim = [row.title for row in self.rows if row.title.strip().casefold() in terms]
        assert len(verbatim) / len(self.rows) <= 0.20, verbatim

    def test_titles_are_unique_and_not_blank(self) -> None:
        titles = [row.title.strip().casefold() for row in self.rows]
        assert all(titles)
        assert len(set(titles)) == len(titles)
