"""Possible duplicates of people: names compared across scripts and spellings (pure).

Two person records with different IINs may still be one person: an IIN mistyped once, or
the same young person registered from two lists, one written in Cyrillic and one in
Latin letters. From the birth date and the three name parts only, this module decides
whether two records are *possibly* one person and how alike their names are. A human
decides in the end; nothing here touches the database.

**Name keys.** Each name part is reduced with :func:`jastar.core.translit.search_key`
(script, case, accents and Russian-style digraphs folded: "Ахметов", "Akhmetov" and
"Ahmetov" all give "ahmetov"; "Айжан", "Aizhan", "Aijan" give "aijan"), then
:func:`part_key` folds two more spellings: a word-initial "ie"/"io" becomes "e"/"o"
(Russian-style "Yerlan", "Yessenova" for Ерлан, Есенова) and "gh" becomes "g" ("Ghalym"
for Ғалым).

**Similarity** of two parts is rapidfuzz's normalised Indel ratio of the keys with spaces
removed, or of their sorted words (double names), whichever is higher. A patronymic is
compared without its ending (-ұлы/-қызы, -ович/-овна...), so "Ерланұлы" and "Ерланович"
name the same father; a last name ending in -ұлы/-қызы is compared with one ending in
-ов/-ева/-ин... without both endings ("Ахметұлы" and "Ахметов").

**Rule** (:func:`possible_duplicate`): the same birth date; in the better of the two name
orders (last-first, or swapped), the last name and the first name each at least 80 % alike
and on average at least 85 % (weighted 40/40/20 with the patronymic when both records have
one). Two patronymics less than 60 % alike mean two people (different fathers).

**Blocking key** (:func:`blocking_key`): ``YYYYMMDD`` of the birth date and the first
letters of the last and first name keys, sorted, e.g. "20030514an" for Ахметов Нұрлан
born 14.05.2003 — and for "Nurlan Akhmetov" typed the other way round. Possible duplicates
always share it, so candidates are found by equality on an indexed column.

**Known limits.**

- Records with different birth dates are never compared: a typo in the birth date (or a
  birth date taken from a wrong IIN) hides the duplicate.
- Names whose keys start with different letters are never compared: a surname changed
  at marriage, a typo in a first letter, or forms that differ there ("Қасен"/"Хасен",
  "Шыңғыс"/"Чингиз", "Юсупов"/"Usupov").
- The keys are lossy (ы, і and и all become "i"), so Kazakh vowel distinctions do not count
  towards the score.
- Twins with near-identical names ("Нұрлан"/"Нұржан", 83 % alike) are flagged; a human
  dismisses such pairs.
- Sex is not compared: it is read from the IIN, which may be the wrong one.
- A full name typed into one field, or a name with an extra word, scores low.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Final

from rapidfuzz import fuzz

from jastar.core.translit import search_key

# Reasons, stored with a flagged pair (the model gives them labels).
SAME_NAME: Final = "same_name"  # equal keys: the same name in another script or spelling
SWAPPED: Final = "swapped"  # alike with the last and first names swapped
SIMILAR: Final = "similar"  # alike but spelled differently

PART_MIN: Final = 0.80
SCORE_MIN: Final = 0.85
PATRONYMIC_MIN: Final = 0.60
# Weights of last name, first name and patronymic when both records have a patronymic.
WEIGHTS: Final = (0.4, 0.4, 0.2)

_WORD_INITIAL_GLIDE: Final = re.compile(r"\bi(?=[eo])")
_KAZAKH_ENDINGS: Final = ("kizi", "uli")
_RUSSIAN_SURNAME_ENDINGS: Final = ("ova", "eva", "ina", "ov", "ev", "in")
_RUSSIAN_PATRONYMIC_ENDINGS: Final = ("icna", "ovna", "evna", "ovic", "evic")
_MIN_STEM: Final = 3


@dataclass(frozen=True)
class NameRecord:
    """What the rule looks at: a birth date and the name as written, in any script."""

    birth_date: date
    last_name: str
    first_name: str
    patronymic: str = ""


@dataclass(frozen=True)
class NameScores:
    """How alike two names are, part by part (0..1), in the name order that fits better."""

    last: float
    first: float
    patronymic: float | None  # None unless both records have one
    swapped: bool
    same_keys: bool  # last and first name keys equal, in the order compared

    @property
    def score(self) -> float:
        if self.patronymic is None:
            return (self.last + self.first) / 2
        last, first, patronymic = WEIGHTS
        return last * self.last + first * self.first + patronymic * self.patronymic


@dataclass(frozen=True)
class Match:
    """Two records are possibly one person: how sure (0..1) and why."""

    score: float
    reason: str

    @property
    def percent(self) -> int:
        return round(self.score * 100)


@lru_cache(maxsize=65_536)
def part_key(part: str) -> str:
    """The key of one name part: ``search_key`` plus the folds described above."""
    return _WORD_INITIAL_GLIDE.sub("", search_key(part)).replace("gh", "g")


@lru_cache(maxsize=262_144)
def part_similarity(a: str, b: str) -> float:
    """How alike two name-part keys are, 0..1 (joined letters or sorted words)."""
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    if " " not in a and " " not in b:
        return float(fuzz.ratio(a, b)) / 100
    joined = fuzz.ratio(a.replace(" ", ""), b.replace(" ", ""))
    return max(joined, fuzz.token_sort_ratio(a, b)) / 100


def _strip(key: str, endings: tuple[str, ...]) -> str | None:
    """``key`` without the first of ``endings`` it ends with; None if none (or too short)."""
    for ending in endings:
        if key.endswith(ending) and len(key) - len(ending) >= _MIN_STEM:
            return key[: -len(ending)]
    return None


@lru_cache(maxsize=262_144)
def _last_name_similarity(a: str, b: str) -> float:
    similarity = part_similarity(a, b)
    a, b = a.replace(" ", ""), b.replace(" ", "")
    kazakh_a, kazakh_b = _strip(a, _KAZAKH_ENDINGS), _strip(b, _KAZAKH_ENDINGS)
    if (kazakh_a is None) == (kazakh_b is None):
        return similarity
    # One -ұлы/-қызы, the other maybe -ов/-ова: compare what is left of both.
    stem_a = kazakh_a or _strip(a, _RUSSIAN_SURNAME_ENDINGS) or a
    stem_b = kazakh_b or _strip(b, _RUSSIAN_SURNAME_ENDINGS) or b
    return max(similarity, part_similarity(stem_a, stem_b))


def _patronymic_stem(key: str) -> str:
    key = key.replace(" ", "")
    endings = (*_KAZAKH_ENDINGS, *_RUSSIAN_PATRONYMIC_ENDINGS)
    return _strip(key, endings) or key


@lru_cache(maxsize=65_536)
def _name_keys(last_name: str, first_name: str, patronymic: str) -> tuple[str, str, str]:
    # Names repeat across people: each one is reduced once. "" for a missing patronymic.
    stem = _patronymic_stem(part_key(patronymic)) if patronymic.strip() else ""
    return part_key(last_name), part_key(first_name), stem


def name_scores(a: NameRecord, b: NameRecord) -> NameScores:
    """Compare the names of two records (the birth dates are not looked at)."""
    last_a, first_a, patronymic_a = _name_keys(a.last_name, a.first_name, a.patronymic)
    last_b, first_b, patronymic_b = _name_keys(b.last_name, b.first_name, b.patronymic)
    direct = (_last_name_similarity(last_a, last_b), part_similarity(first_a, first_b))
    crossed = (part_similarity(last_a, first_b), part_similarity(first_a, last_b))
    swapped = sum(crossed) > sum(direct)
    last, first = crossed if swapped else direct
    patronymic = None
    if patronymic_a and patronymic_b:
        patronymic = part_similarity(patronymic_a, patronymic_b)
    same = (last_a, first_a) == ((first_b, last_b) if swapped else (last_b, first_b))
    return NameScores(last, first, patronymic, swapped, same)


def _first_names_differ(a: NameRecord, b: NameRecord) -> bool:
    """A quick "no": the first name meets neither the other's first nor its last name."""
    _last_a, first_a, _p = _name_keys(a.last_name, a.first_name, a.patronymic)
    last_b, first_b, _p = _name_keys(b.last_name, b.first_name, b.patronymic)
    return part_similarity(first_a, first_b) < PART_MIN and (
        part_similarity(first_a, last_b) < PART_MIN
    )


def possible_duplicate(a: NameRecord, b: NameRecord) -> Match | None:
    """Whether two records are possibly one person (see the module docstring); None if not."""
    if a.birth_date != b.birth_date or _first_names_differ(a, b):
        return None
    scores = name_scores(a, b)
    if min(scores.last, scores.first) < PART_MIN:
        return None
    if scores.patronymic is not None and scores.patronymic < PATRONYMIC_MIN:
        return None
    if scores.score < SCORE_MIN:
        return None
    if scores.swapped:
        reason = SWAPPED
    elif scores.same_keys:
        reason = SAME_NAME
    else:
        reason = SIMILAR
    return Match(scores.score, reason)


def _initial(key: str) -> str:
    return key[:1] or "_"


def blocking_key(birth_date: date, last_name: str, first_name: str) -> str:
    """Birth date and the sorted first letters of the last and first name keys.

    ``blocking_key(date(2003, 5, 14), "Ахметов", "Нұрлан") == "20030514an"``, and the same
    for "Akhmetov"/"Nurlan" and for the names swapped. At most 16 characters.
    """
    low, high = sorted((_initial(part_key(last_name)), _initial(part_key(first_name))))
    # The ISO date without its dashes: a fifth of the time strftime takes.
    return f"{birth_date.isoformat().replace('-', '')}{low}{high}"
