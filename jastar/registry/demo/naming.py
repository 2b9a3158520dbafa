"""Synthetic names, IINs, phones, e-mail addresses and languages of demo people."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Final

import numpy as np

from jastar.core.identifiers import IdentifierError, make_iin
from jastar.core.translit import search_key
from jastar.registry.demo.catalog import ETHNIC_GROUPS, Catalog
from jastar.registry.demo.dates import BoolArray, IntArray

KAZAKH, RUSSIAN, UIGHUR = range(len(ETHNIC_GROUPS))
# Kazakh surnames without a gendered ending ("Төлеген"), and Kazakh patronymics in the
# Kazakh form ("Нұрланұлы") rather than the Russian one ("Нұрланович").
KAZAKH_INVARIANT_SURNAME_SHARE: Final = 0.12
KAZAKH_NATIVE_PATRONYMIC_SHARE: Final = 0.5
NO_PATRONYMIC_SHARE: Final = 0.02
_PHONE_PREFIXES: Final = (700, 701, 702, 705, 707, 708, 747, 771, 775, 776, 777, 778)
# RFC 2606 reserved domains: a synthetic address can never reach a real mailbox.
_EMAIL_DOMAINS: Final = ("example.com", "example.org", "example.net")
_NOT_ASCII_LETTER: Final = re.compile(r"[^a-z]")

Names = tuple[list[str], list[str], list[str]]


def _pick(items: tuple[str, ...] | tuple[tuple[str, str], ...], u: float) -> int:
    return int(u * len(items))


def _kazakh_name(
    catalog: Catalog, male: bool, u: np.typing.NDArray[np.float64]
) -> tuple[str, str, str]:
    group = catalog.names["kazakh"]
    sex = 0 if male else 1
    firsts = group.male_first if male else group.female_first
    first = firsts[_pick(firsts, u[0])]
    if u[1] < KAZAKH_INVARIANT_SURNAME_SHARE:
        last = catalog.kazakh_invariant_surnames[_pick(catalog.kazakh_invariant_surnames, u[2])]
    else:
        last = group.surnames[_pick(group.surnames, u[2])][sex]
    if u[3] < NO_PATRONYMIC_SHARE:
        patronymic = ""
    elif u[3] < NO_PATRONYMIC_SHARE + KAZAKH_NATIVE_PATRONYMIC_SHARE:
        father = group.male_first[_pick(group.male_first, u[4])]
        patronymic = father + catalog.kazakh_patronymic_suffixes[sex]
    else:
        patronymic = group.patronymics[_pick(group.patronymics, u[4])][sex]
    return last, first, patronymic


def _other_name(
    catalog: Catalog, group_name: str, male: bool, u: np.typing.NDArray[np.float64]
) -> tuple[str, str, str]:
    group = catalog.names[group_name]
    sex = 0 if male else 1
    firsts = group.male_first if male else group.female_first
    last = group.surnames[_pick(group.surnames, u[2])][sex]
    patronymic = group.patronymics[_pick(group.patronymics, u[4])][sex]
    return last, firsts[_pick(firsts, u[0])], patronymic


def person_names(
    rng: np.random.Generator, catalog: Catalog, group: IntArray, male: BoolArray
) -> Names:
    """Last, first and patronymic names in Cyrillic, by name group and sex."""
    draws = rng.random((len(group), 5))
    last_names: list[str] = []
    first_names: list[str] = []
    patronymics: list[str] = []
    for g, m, u in zip(group.tolist(), male.tolist(), draws, strict=True):
        if g == KAZAKH:
            last, first, patronymic = _kazakh_name(catalog, m, u)
        else:
            last, first, patronymic = _other_name(catalog, ETHNIC_GROUPS[g], m, u)
        last_names.append(last)
        first_names.append(first)
        patronymics.append(patronymic)
    return last_names, first_names, patronymics


def unique_iins(rng: np.random.Generator, birth: IntArray, male: BoolArray) -> list[str]:
    """A valid IIN per person, serials unique per (birth date, sex).

    Serials start at a random number and count up, skipping those with no valid check
    digit (``make_iin`` refuses them), so no two people share an IIN.
    """
    starts = rng.integers(0, 9000, len(birth)).tolist()
    next_serial: dict[tuple[int, bool], int] = {}
    iins: list[str] = []
    for born, is_male, start in zip(birth.tolist(), male.tolist(), starts, strict=True):
        key = (born, is_male)
        serial = next_serial.get(key, start)
        birth_date = date.fromordinal(born)
        while True:
            try:
                iins.append(make_iin(birth_date, "M" if is_male else "F", serial % 10_000))
                break
            except IdentifierError:
                serial += 1
        next_serial[key] = serial + 1
    return iins


def phones(rng: np.random.Generator, n: int) -> list[str]:
    """Kazakhstan mobile numbers in the form +7 7xx xxx xx xx."""
    prefix = rng.choice(np.array(_PHONE_PREFIXES), n).tolist()
    a = rng.integers(0, 1000, n).tolist()
    b = rng.integers(0, 100, n).tolist()
    c = rng.integers(0, 100, n).tolist()
    return [f"+7 {p} {x:03d} {y:02d} {z:02d}" for p, x, y, z in zip(prefix, a, b, c, strict=True)]


@lru_cache(maxsize=4096)
def _ascii(name: str) -> str:
    return _NOT_ASCII_LETTER.sub("", search_key(name))


def emails(rng: np.random.Generator, first: list[str], last: list[str], share: float) -> list[str]:
    """``share`` of people get a first.last<NN>@example.* address; the rest none."""
    n = len(first)
    has = (rng.random(n) < share).tolist()
    numbers = rng.integers(1, 100, n).tolist()
    domains = rng.integers(0, len(_EMAIL_DOMAINS), n).tolist()
    return [
        f"{_ascii(f)}.{_ascii(s)}{k}@{_EMAIL_DOMAINS[d]}" if h else ""
        for f, s, k, d, h in zip(first, last, numbers, domains, has, strict=True)
    ]


def languages(
    rng: np.random.Generator, group: IntArray, graduate: BoolArray
) -> list[tuple[str, ...]]:
    """Languages spoken: the group's own, Russian for most, English for ~15% of graduates."""
    u = rng.random((len(group), 3))
    result: list[tuple[str, ...]] = []
    for g, grad, (a, b, c) in zip(group.tolist(), graduate.tolist(), u, strict=True):
        if g == KAZAKH:
            spoken = ["kk", "ru"] if a < 0.85 else ["kk"]
        elif g == RUSSIAN:
            spoken = ["ru", "kk"] if a < 0.15 else ["ru"]
        else:
            spoken = ["ug", "ru", "kk"] if b < 0.6 else ["ug", "ru"]
        if grad and c < 0.15:
            spoken.append("en")
        result.append(tuple(spoken))
    return result
