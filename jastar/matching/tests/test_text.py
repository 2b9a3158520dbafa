"""Texts made comparable: normalisation, stems, distinct rows, n-gram vectors, word sets."""

from __future__ import annotations

import numpy as np
import pytest

from jastar.matching.text import (
    MIN_STEM_WORD,
    STEM_LENGTH,
    TextModel,
    WordSets,
    joined,
    normalize,
    stems,
    unique_rows,
)

# Vacancy-like texts, already normalised as the engine fits them.
CORPUS = [
    normalize(text)
    for text in (
        "Водитель такси, категория B",
        "Водитель автобуса, категория D",
        "Жүргізуші, жүк көлігі",
        "Бухгалтер, 1С Бухгалтерия",
        "Бас есепші",
        "Продавец-консультант в магазин одежды",
        "Сатушы, азық-түлік дүкені",
        "Программист Python, Django",
        "Повар горячего цеха",
        "Аспаз, асхана",
    )
]


def cosine(model: TextModel, a: str, b: str) -> float:
    vectors = model.transform([normalize(a), normalize(b)])
    return float(vectors[0] @ vectors[1])


class NormalizeTests:
    def test_kazakh_cyrillic_and_latin_meet(self) -> None:
        assert normalize("Жүргізуші") == normalize("jürgızuşı") == "jurgizusi"

    def test_upper_case_kazakh_meets_lower_case(self) -> None:
        assert normalize("ЖҮРГІЗУШІ") == normalize("жүргізуші")

    def test_kazakh_typed_on_a_russian_keyboard_meets_kazakh(self) -> None:
        assert normalize("ЖУРГИЗУШИ") == normalize("Жүргізуші")

    def test_russian_cyrillic_and_its_latin_spelling_meet(self) -> None:
        assert normalize("Водитель") == normalize("Voditel") == "voditel"

    def test_russian_style_digraphs_fold_like_kazakh_latin(self) -> None:
        assert normalize("Shofer") == normalize("Şofer")
        assert normalize("Zhurgizushi") == normalize("Жүргізуші")

    def test_punctuation_is_dropped_and_words_are_kept_apart(self) -> None:
        assert normalize("Водитель (категория B), опыт 3 года!") == (
            "voditel kategoria b opit 3 goda"
        )

    def test_hyphens_and_slashes_separate_words(self) -> None:
        assert normalize("Бухгалтер-кассир") == "buhgalter kasir"
        assert normalize("Есепші/бухгалтер") == "esepsi buhgalter"

    def test_punctuation_only_becomes_empty(self) -> None:
        assert normalize("...!? — ,") == ""
        assert normalize("") == ""

    def test_normalizing_twice_changes_nothing(self) -> None:
        for text in CORPUS:
            assert normalize(text) == text

    def test_joined_skips_empty_parts(self) -> None:
        assert joined(["Водитель", "", "такси"]) == "voditel taksi"
        assert joined([]) == ""


class StemsTests:
    def test_stems_are_the_first_letters_of_each_long_enough_word(self) -> None:
        assert stems("voditel kategoria b opit 3 goda") == ["vodite", "katego", "opit", "goda"]

    def test_words_shorter_than_the_minimum_are_skipped(self) -> None:
        short = "x" * (MIN_STEM_WORD - 1)
        assert stems(f"{short} bas") == []

    def test_stems_are_cut_to_the_stem_length(self) -> None:
        assert stems("jurgizusiler") == ["jurgizusiler"[:STEM_LENGTH]]

    def test_word_endings_share_a_stem(self) -> None:
        assert stems(normalize("жүргізушілер")) == stems(normalize("жүргізуші"))
        assert stems(normalize("водителя")) == stems(normalize("водитель"))

    def test_empty_text_has_no_stems(self) -> None:
        assert stems("") == []


class UniqueRowsTests:
    def test_inputs_are_rebuilt_from_distinct_texts_and_inverse(self) -> None:
        texts = ["voditel", "buhgalter", "voditel", "povar", "buhgalter", "voditel"]
        distinct, inverse = unique_rows(texts)
        assert distinct == ["voditel", "buhgalter", "povar"]
        assert inverse.tolist() == [0, 1, 0, 2, 1, 0]
        assert [distinct[i] for i in inverse] == texts

    def test_distinct_texts_keep_first_appearance_order(self) -> None:
        distinct, _ = unique_rows(["c", "a", "c", "b"])
        assert distinct == ["c", "a", "b"]

    def test_no_texts_give_no_rows(self) -> None:
        distinct, inverse = unique_rows([])
        assert distinct == []
        assert inverse.dtype == np.int64
        assert inverse.shape == (0,)


class TextModelTests:
    def test_two_fits_give_identical_vectors(self) -> None:
        first = TextModel().fit(CORPUS).transform(CORPUS)
        second = TextModel().fit(CORPUS).transform(CORPUS)
        assert np.array_equal(first, second)

    def test_vectors_are_float32_unit_rows(self) -> None:
        vectors = TextModel().fit(CORPUS).transform(CORPUS)
        assert vectors.dtype == np.float32
        assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)

    def test_reduced_dimensions_do_not_exceed_the_distinct_texts(self) -> None:
        model = TextModel().fit(CORPUS)
        assert 2 <= model.dimensions < len(CORPUS)
        assert model.transform(CORPUS).shape == (len(CORPUS), model.dimensions)

    def test_empty_text_gives_a_zero_row(self) -> None:
        vectors = TextModel().fit(CORPUS).transform(["", CORPUS[0], ""])
        assert not vectors[0].any()
        assert not vectors[2].any()
        assert np.linalg.norm(vectors[1]) == pytest.approx(1.0, abs=1e-5)

    def test_repeated_texts_get_the_same_vector(self) -> None:
        vectors = TextModel().fit(CORPUS).transform([CORPUS[3], CORPUS[0], CORPUS[3]])
        assert np.array_equal(vectors[0], vectors[2])

    def test_no_texts_give_an_empty_matrix_of_the_right_width(self) -> None:
        model = TextModel().fit(CORPUS)
        assert model.transform([]).shape == (0, model.dimensions)

    def test_similar_texts_are_closer_than_unrelated_ones(self) -> None:
        model = TextModel().fit(CORPUS)
        same_job = cosine(model, "водитель такси", "водитель автобуса")
        unrelated = cosine(model, "водитель такси", "бухгалтер")
        assert same_job > unrelated

    def test_kazakh_in_either_script_gets_the_same_vector(self) -> None:
        model = TextModel().fit(CORPUS)
        assert cosine(model, "Жүргізуші", "jürgızuşı") == pytest.approx(1.0, abs=1e-5)

    def test_a_word_ending_stays_close_to_the_word(self) -> None:
        model = TextModel().fit(CORPUS)
        assert cosine(model, "жүргізушілер", "жүргізуші") > cosine(
            model, "жүргізушілер", "бухгалтер"
        )

    @pytest.mark.parametrize("size", [1, 2, 3])
    def test_a_tiny_corpus_does_not_crash(self, size: int) -> None:
        corpus = CORPUS[:size]
        model = TextModel().fit(corpus)
        vectors = model.transform([*corpus, ""])
        assert vectors.shape == (size + 1, model.dimensions)
        assert np.allclose(np.linalg.norm(vectors[:size], axis=1), 1.0, atol=1e-5)
        assert not vectors[size].any()

    def test_a_corpus_of_one_repeated_text_does_not_crash(self) -> None:
        model = TextModel().fit([CORPUS[0]] * 5)
        vectors = model.transform([CORPUS[0]])
        assert float(vectors[0] @ vectors[0]) == pytest.approx(1.0, abs=1e-5)

    @pytest.mark.parametrize("corpus", [[], [""], ["", "   "]])
    def test_an_empty_corpus_gives_zero_rows(self, corpus: list[str]) -> None:
        model = TextModel().fit(corpus)
        vectors = model.transform(["voditel", ""])
        assert vectors.shape == (2, model.dimensions)
        assert not vectors.any()
        assert model.transform([]).shape == (0, model.dimensions)


class WordSetsTests:
    def test_overlap_counts_the_stems_a_vacancy_names(self) -> None:
        words = WordSets().fit(CORPUS)
        person = words.transform([normalize("водитель, повар")])
        vacancies = words.transform(CORPUS)
        overlap = (person @ vacancies.T).toarray()[0]
        assert overlap[0] == 1  # "Водитель такси"
        assert overlap[1] == 1  # "Водитель автобуса"
        assert overlap[8] == 1  # "Повар горячего цеха"
        assert overlap[3] == 0  # "Бухгалтер"

    def test_rows_are_binary(self) -> None:
        words = WordSets().fit(CORPUS)
        rows = words.transform([normalize("водитель водитель водителя")])
        assert set(rows.data.tolist()) == {1.0}
        assert rows.nnz == 1

    def test_stems_in_too_many_vacancies_are_dropped(self) -> None:
        corpus = [f"{text} rabota" for text in CORPUS]  # "rabota" in every vacancy
        words = WordSets().fit(corpus)
        assert words.stems_of(words.transform(["rabota"])) == []

    def test_stems_of_a_row_name_the_shared_stems(self) -> None:
        words = WordSets().fit(CORPUS)
        row = words.transform([normalize("повар, программист")])
        assert sorted(words.stems_of(row)) == ["povar", "progra"]

    def test_an_empty_corpus_falls_back_to_empty_rows(self) -> None:
        words = WordSets().fit([])
        rows = words.transform([normalize("водитель"), ""])
        assert rows.shape[0] == 2
        assert rows.nnz == 0
        assert words.stems_of(rows[0]) == []

    def test_a_corpus_without_stems_falls_back_to_empty_rows(self) -> None:
        words = WordSets().fit(["", "a b", "1 2 3"])
        assert words.transform(["voditel"]).nnz == 0

    def test_fallback_rows_still_multiply_with_each_other(self) -> None:
        words = WordSets().fit([])
        people = words.transform(["voditel", "povar"])
        vacancies = words.transform(["voditel"])
        assert (people @ vacancies.T).toarray().tolist() == [[0.0], [0.0]]
