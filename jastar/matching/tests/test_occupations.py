"""The occupation lookup (any language, script, typo or ending) and the code hierarchy."""

from __future__ import annotations

import numpy as np
import pytest

from jastar.matching.features import OCCUPATION_LEVELS
from jastar.matching.occupations import (
    MIN_SCORE,
    OccupationLookup,
    OccupationNames,
    group_similarity,
    similarity_table,
)

NAMES = [
    OccupationNames("8322", ("Водитель", "водитель", "жүргізуші", "driver")),
    OccupationNames("2411", ("бухгалтер", "есепші", "accountant")),
    OccupationNames("5223", ("продавец", "сатушы", "shop salesperson")),
    OccupationNames("2512", ("программист", "бағдарламашы", "software developer")),
    OccupationNames("5120", ("повар", "аспаз", "cook")),
    OccupationNames("7411", ("электрик", "электрмонтер", "electrician")),
]


@pytest.fixture(scope="module")
def lookup() -> OccupationLookup:
    return OccupationLookup(NAMES)


def best(lookup: OccupationLookup, text: str) -> str:
    hits = lookup.lookup(text)
    assert hits, f"nothing found for {text!r}"
    return hits[0].code


class OccupationLookupTests:
    def test_an_exact_name_scores_one(self, lookup: OccupationLookup) -> None:
        hits = lookup.lookup("бухгалтер")
        assert hits[0].code == "2411"
        assert hits[0].score == pytest.approx(1.0)
        assert hits[0].matched == "бухгалтер"

    @pytest.mark.parametrize(
        ("text", "code"),
        [
            ("жүргізуші", "8322"),
            ("driver", "8322"),
            ("есепші", "2411"),
            ("accountant", "2411"),
            ("сатушы", "5223"),
            ("бағдарламашы", "2512"),
            ("аспаз", "5120"),
        ],
    )
    def test_a_name_in_another_language_finds_the_occupation(
        self, lookup: OccupationLookup, text: str, code: str
    ) -> None:
        assert best(lookup, text) == code

    @pytest.mark.parametrize(
        ("text", "code"),
        [("jürgızuşı", "8322"), ("JÜRGIZUŞI", "8322"), ("esepşı", "2411"), ("satuşy", "5223")],
    )
    def test_latin_kazakh_finds_the_cyrillic_name(
        self, lookup: OccupationLookup, text: str, code: str
    ) -> None:
        hits = lookup.lookup(text)
        assert hits[0].code == code
        assert hits[0].score == pytest.approx(1.0)

    def test_matched_is_the_name_as_written_in_the_catalogue(
        self, lookup: OccupationLookup
    ) -> None:
        assert lookup.lookup("jürgızuşı")[0].matched == "жүргізуші"

    @pytest.mark.parametrize(
        ("text", "code"),
        [
            ("бугалтер", "2411"),
            ("праграммист", "2512"),
            ("электирик", "7411"),
            ("прадавец", "5223"),
        ],
    )
    def test_a_typo_still_finds_the_occupation(
        self, lookup: OccupationLookup, text: str, code: str
    ) -> None:
        hits = lookup.lookup(text)
        assert hits[0].code == code
        assert MIN_SCORE <= hits[0].score < 1.0

    @pytest.mark.parametrize(
        ("text", "code"),
        [
            ("водителя", "8322"),
            ("водители", "8322"),
            ("жүргізушілер", "8322"),
            ("есепшіге", "2411"),
        ],
    )
    def test_a_word_ending_still_finds_the_occupation(
        self, lookup: OccupationLookup, text: str, code: str
    ) -> None:
        assert best(lookup, text) == code

    def test_a_title_with_more_words_finds_the_occupation(self, lookup: OccupationLookup) -> None:
        assert best(lookup, "Бас есепші") == "2411"

    def test_hits_are_best_first_and_above_min_score(self, lookup: OccupationLookup) -> None:
        hits = lookup.lookup("водитель бухгалтер", limit=10, min_score=0.05)
        scores = [hit.score for hit in hits]
        assert scores == sorted(scores, reverse=True)
        assert all(score >= 0.05 for score in scores)
        assert {hit.code for hit in hits[:2]} == {"8322", "2411"}

    def test_limit_caps_the_number_of_hits(self, lookup: OccupationLookup) -> None:
        assert len(lookup.lookup("водитель бухгалтер", limit=1)) == 1
        assert len(lookup.lookup("водитель бухгалтер", limit=2)) == 2

    def test_min_score_drops_weak_hits(self, lookup: OccupationLookup) -> None:
        typo = lookup.lookup("бугалтер")[0].score
        assert lookup.lookup("бугалтер", min_score=typo) != []
        assert lookup.lookup("бугалтер", min_score=min(typo + 0.01, 1.0)) == []

    @pytest.mark.parametrize("text", ["космонавт", "zzzz", "", "!!!"])
    def test_an_unrelated_text_finds_nothing(self, lookup: OccupationLookup, text: str) -> None:
        assert lookup.lookup(text) == []

    def test_each_occupation_appears_once_with_its_best_name(
        self, lookup: OccupationLookup
    ) -> None:
        hits = lookup.lookup("водитель жүргізуші driver", limit=10, min_score=0.01)
        codes = [hit.code for hit in hits]
        assert len(codes) == len(set(codes))
        assert codes[0] == "8322"

    def test_lookup_many_equals_lookup_one_by_one(self, lookup: OccupationLookup) -> None:
        texts = ["водитель", "бугалтер", "jürgızuşı", "космонавт", "", "сатушы-кассир"]
        assert lookup.lookup_many(texts, limit=3, min_score=0.2) == [
            lookup.lookup(text, limit=3, min_score=0.2) for text in texts
        ]

    def test_lookup_many_of_nothing_is_empty(self, lookup: OccupationLookup) -> None:
        assert lookup.lookup_many([]) == []

    def test_codes_keep_catalogue_order_without_repeats(self) -> None:
        lookup = OccupationLookup([*NAMES, OccupationNames("8322", ("шофёр",))])
        assert lookup.codes == ("8322", "2411", "5223", "2512", "5120", "7411")
        assert best(lookup, "шофер") == "8322"

    def test_an_empty_catalogue_finds_nothing(self) -> None:
        lookup = OccupationLookup([])
        assert lookup.codes == ()
        assert lookup.lookup("водитель") == []
        assert lookup.lookup_many(["водитель", "повар"]) == [[], []]

    def test_names_that_normalise_to_nothing_are_ignored(self) -> None:
        lookup = OccupationLookup([OccupationNames("9999", ("", "—")), *NAMES[:1]])
        assert lookup.codes == ("8322",)


class GroupSimilarityTests:
    @pytest.mark.parametrize(
        ("a", "b", "expected"),
        [
            ("8322", "8322", 1.0),  # same unit group
            ("8322", "8321", 0.7),  # same minor group
            ("8322", "8331", 0.5),  # same sub-major group
            ("8322", "8111", 0.2),  # same major group
            ("8322", "2411", 0.0),
        ],
    )
    def test_the_longest_shared_prefix_decides(self, a: str, b: str, expected: float) -> None:
        assert group_similarity(a, b, OCCUPATION_LEVELS) == pytest.approx(expected)
        assert group_similarity(b, a, OCCUPATION_LEVELS) == pytest.approx(expected)

    def test_a_missing_code_is_not_similar_to_anything(self) -> None:
        assert group_similarity("", "8322", OCCUPATION_LEVELS) == 0.0
        assert group_similarity("8322", "", OCCUPATION_LEVELS) == 0.0
        assert group_similarity("", "", OCCUPATION_LEVELS) == 0.0

    def test_levels_not_listed_give_nothing(self) -> None:
        assert group_similarity("8322", "8321", {4: 1.0}) == 0.0
        assert group_similarity("8322", "8322", {4: 1.0}) == 1.0


class SimilarityTableTests:
    def test_every_pair_plus_a_zero_pad_row_and_column(self) -> None:
        codes = ["2411", "8321", "8322", "8331"]
        table = similarity_table(codes, OCCUPATION_LEVELS)
        assert table.shape == (5, 5)
        assert table.dtype == np.float32
        for i, a in enumerate(codes):
            for j, b in enumerate(codes):
                assert table[i, j] == pytest.approx(group_similarity(a, b, OCCUPATION_LEVELS))
        assert not table[4].any()
        assert not table[:, 4].any()

    def test_the_table_is_symmetric_with_ones_on_the_diagonal(self) -> None:
        table = similarity_table(["2411", "8321", "8322"], OCCUPATION_LEVELS)
        assert np.array_equal(table, table.T)
        assert table.diagonal()[:3].tolist() == [1.0, 1.0, 1.0]
        assert table[1, 2] == pytest.approx(0.7)

    def test_no_codes_leave_only_the_pad(self) -> None:
        assert similarity_table([], OCCUPATION_LEVELS).tolist() == [[0.0]]
