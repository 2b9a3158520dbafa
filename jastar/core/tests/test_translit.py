"""Kazakh Cyrillic -> 2021 Latin, Kazakh case mapping and search keys (pure)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jastar.core.translit import kk_lower, kk_upper, search_key, to_latin, words_search_key

# The 42-letter Kazakh Cyrillic alphabet (33 Russian letters + Ә Ғ Қ Ң Ө Ұ Ү Һ І).
KAZAKH_LOWER = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"
KAZAKH_UPPER = "АӘБВГҒДЕЁЖЗИЙКҚЛМНҢОӨПРСТУҰҮФХҺЦЧШЩЪЫІЬЭЮЯ"

# domain.md §7, letter by letter, lower case.
OFFICIAL = {
    "а": "a",
    "ә": "ä",
    "б": "b",
    "в": "v",
    "г": "g",
    "ғ": "ğ",
    "д": "d",
    "е": "e",
    "ж": "j",
    "з": "z",
    "и": "i",
    "й": "i",
    "к": "k",
    "қ": "q",
    "л": "l",
    "м": "m",
    "н": "n",
    "ң": "ñ",
    "о": "o",
    "ө": "ö",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ұ": "ū",
    "ү": "ü",
    "ф": "f",
    "х": "h",
    "һ": "h",
    "ш": "ş",
    "ы": "y",
    "і": "ı",
    "ъ": "",
    "ь": "",
}
UNOFFICIAL = {"э": "e", "ё": "io", "ю": "iu", "я": "ia", "ц": "ts", "ч": "ch", "щ": "şş"}


def _has_cyrillic(text: str) -> bool:
    return any("CYRILLIC" in unicodedata.name(c, "") for c in text)


class ToLatinTests:
    def test_reproduces_the_wikipedia_example_sentence(self):
        assert (
            to_latin("Бұрыңғы өткен заманда, бір данышпан кісі")
            == "Būryñğy ötken zamanda, bır danyşpan kısı"
        )

    @pytest.mark.parametrize(("cyrillic", "latin"), sorted(OFFICIAL.items()))
    def test_maps_each_official_lower_case_letter(self, cyrillic, latin):
        assert to_latin(cyrillic) == latin

    @pytest.mark.parametrize(
        ("cyrillic", "latin"),
        [("А", "A"), ("Ә", "Ä"), ("Ғ", "Ğ"), ("Қ", "Q"), ("Ң", "Ñ"), ("Ө", "Ö")]
        + [("Ұ", "Ū"), ("Ү", "Ü"), ("Һ", "H"), ("Х", "H"), ("Ш", "Ş"), ("Ы", "Y")]
        + [("Ж", "J"), ("Ъ", ""), ("Ь", "")],
    )
    def test_maps_capitals(self, cyrillic, latin):
        assert to_latin(cyrillic) == latin

    def test_pairs_dotted_and_dotless_i_by_kazakh_case(self):
        assert to_latin("І і") == "I ı"
        assert to_latin("И и Й й") == "İ i İ i"

    @pytest.mark.parametrize(("cyrillic", "latin"), sorted(UNOFFICIAL.items()))
    def test_maps_each_russian_only_letter_unofficially(self, cyrillic, latin):
        assert to_latin(cyrillic) == latin

    def test_title_cases_a_capital_that_becomes_two_letters(self):
        assert to_latin("Юлия") == "İulia"
        assert to_latin("Чапаев Цой Щукин Ёлка") == "Chapaev Tsoi Şşukin İolka"

    def test_keeps_an_all_caps_word_all_caps(self):
        assert to_latin("ЮЛИЯ") == "İULİA"
        assert to_latin("ЦОЙ ЧАПАЕВ") == "TSOİ CHAPAEV"

    def test_does_not_write_the_glide_twice_after_i(self):
        assert to_latin("Мария Данияр") == "Maria Daniar"

    def test_transliterates_place_names_as_in_the_domain_table(self):
        assert to_latin("Қаскелең") == "Qaskeleñ"
        assert to_latin("Еңбекшіқазақ ауданы") == "Eñbekşıqazaq audany"
        assert to_latin("Ұйғыр ауданы") == "Ūiğyr audany"

    def test_passes_other_characters_through(self):
        assert to_latin("Almaty 050000, №5 — ok! ї") == "Almaty 050000, №5 — ok! ї"

    def test_composes_decomposed_input_first(self):
        assert to_latin("и\u0306") == "i"
        assert to_latin("е\u0308") == "io"

    @given(st.text(alphabet=KAZAKH_LOWER + KAZAKH_UPPER + " ,.-"))
    def test_leaves_no_cyrillic_in_kazakh_text(self, text):
        assert not _has_cyrillic(to_latin(text))

    @given(st.text())
    def test_never_raises(self, text):
        to_latin(text)


class KazakhCaseTests:
    def test_lowers_dotted_and_dotless_capitals_to_their_pairs(self):
        assert kk_lower("İI") == "iı"

    def test_uppers_dotted_and_dotless_small_letters_to_their_pairs(self):
        assert kk_upper("iı") == "İI"

    def test_maps_other_letters_by_default(self):
        assert kk_lower("ÄĞÑÖŞÜŪ") == "äğñöşüū"
        assert kk_upper("äğñöşüū") == "ÄĞÑÖŞÜŪ"

    def test_repairs_the_dot_left_by_python_lower(self):
        assert "İ".lower() == "i\u0307"
        assert kk_lower("İ".lower()) == "i"
        assert kk_upper("İ".lower()) == "İ"

    def test_round_trips_kazakh_latin(self):
        word = to_latin("Әйгерім Ілиясқызы")
        assert kk_lower(kk_upper(word)) == kk_lower(word)

    @given(st.text().filter(lambda t: "\u0307" not in t))
    def test_never_produces_the_combining_dot(self, text):
        assert "\u0307" not in kk_lower(text)
        assert "\u0307" not in kk_upper(text)


class SearchKeyTests:
    @pytest.mark.parametrize(
        "spellings",
        [
            ("Айжан", "Aizhan", "Aijan", "AIZHAN"),
            ("Нұрлан", "Nurlan", "Nūrlan"),
            ("Қаскелең", "Kaskelen", "Qaskeleñ"),
            ("Данияр", "Daniyar", "Daniiar", "Daniar"),
            ("Жүргізуші", "jürgızuşı", "zhurgizushi"),
            ("Юлия", "Yuliya", "Iulia"),
            ("Хамит", "Khamit", "Hamit"),
            ("Щербаков", "Shcherbakov"),
            ("Цой", "Tsoi", "Tsoy"),
            ("Шонжы", "Shonzhy", "Şonjy"),
        ],
    )
    def test_gives_one_key_for_spellings_of_the_same_name(self, spellings):
        keys = {search_key(s) for s in spellings}
        assert len(keys) == 1, keys

    def test_gives_the_documented_keys(self):
        assert search_key("Айжан") == "aijan"
        assert search_key("Қаскелең") == "kaskelen"
        assert search_key("Данияр") == "daniar"

    def test_drops_apostrophes_and_turns_hyphens_into_spaces(self):
        assert search_key("G'alymjan") == search_key("Ғалымжан")
        assert search_key("Есік-Ата") == "esik ata"

    def test_collapses_whitespace(self):
        assert search_key("  Айжан \t Нұрлановна\u00a0") == "aijan nurlanovna"

    def test_keeps_digits(self):
        assert search_key("мкр 11") == "mkr 11"

    @given(st.text())
    def test_is_idempotent(self, text):
        key = search_key(text)
        assert search_key(key) == key


_NAME_LETTERS = (
    "абвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюяАБВГҒДЕЁЖЗИЙКҚЛМНҢОӨПРСТУҰҮФХҺЦЧШЩЪЫІЬЭЮЯ"
    "abcdefghijklmnopqrstuvwxyzäöüşğıñūİ'’- "
)


class WordsSearchKeyTests:
    @given(st.text(alphabet=_NAME_LETTERS, max_size=40))
    def test_agrees_with_the_key_of_the_joined_words(self, text: str) -> None:
        assert words_search_key(text.split(" ")) == search_key(text)

    def test_skips_empty_words(self) -> None:
        assert words_search_key(["Ахметов", "", "Нұрлан"]) == search_key("Ахметов Нұрлан")
