"""Finding reference data (districts, settlements, classifiers) by what a file calls it.

Files name a district "Талгарский район", "Талғар ауданы", "Talgar" or by its code; a
settlement "с. Бесағаш" or "Besagash". Names are compared by ``search_key`` (any script,
any common spelling) after dropping the generic words around them. Loaded once per
import run: a few hundred rows of reference data, then dictionary lookups.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final, Generic, TypeVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from jastar.bulk.values import CellError
from jastar.core.translit import search_key
from jastar.registry.models import (
    District,
    EducationLevel,
    FieldOfStudy,
    Industry,
    Occupation,
    Settlement,
)

# Words around a place name that do not identify it (kk, ru, en; as search keys).
_GENERIC: Final = re.compile(
    r"\b(audani|audan|aud|raion|r-n|rn|district|kalasi|kala|k|gorod|gor|g|city|oblisi|oblast"
    r"|region|selo|s|auil|a|pos[ae]lok|p|kent|town|village)\b\.?"
)
_PREFIX: Final = 5

# How lists name education levels in short (the classifier's names are long).
EDUCATION_WORDS: Final[dict[str, tuple[str, ...]]] = {
    "none": ("без образования", "білімі жоқ", "нет образования"),
    "primary": ("начальное", "бастауыш"),
    "basic_secondary": (
        "9 классов",
        "9 сынып",
        "неполное среднее",
        "основное среднее",
        "негізгі орта",
    ),
    "general_secondary": (
        "среднее",
        "общее среднее",
        "11 классов",
        "11 сынып",
        "орта",
        "жалпы орта",
        "школа",
        "мектеп",
        "secondary",
    ),
    "tvet": (
        "ТиПО",
        "ТжКБ",
        "среднее специальное",
        "средне-специальное",
        "среднее профессиональное",
        "колледж",
        "техникум",
        "училище",
        "кәсіптік",
        "техникалық және кәсіптік",
        "college",
        "vocational",
    ),
    "post_secondary": ("послесреднее", "прикладной бакалавриат", "қолданбалы бакалавриат"),
    "bachelor": (
        "высшее",
        "жоғары",
        "бакалавр",
        "бакалавриат",
        "вуз",
        "higher",
        "bachelor",
        "университет",
    ),
    "master": ("магистр", "магистратура", "master"),
    "doctorate": ("PhD", "докторантура", "доктор"),
}

M = TypeVar("M", bound=models.Model)


def place_key(text: str) -> str:
    """A place name without the words "district", "city", "village" and the like."""
    key = search_key(text.replace(".", ". "))
    key = _GENERIC.sub(" ", key)
    return " ".join(key.replace(".", " ").split())


class Lookup(Generic[M]):
    """Reference rows by code and by name in any language or script."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.exact: dict[str, M] = {}
        self.stems: dict[str, list[M]] = {}
        self._seen: dict[str, M | None] = {}

    def add(self, row: M, names: Iterable[str], codes: Iterable[str] = ()) -> None:
        for code in codes:
            if code:
                self.exact.setdefault(code.casefold(), row)
        for name in names:
            if not name:
                continue
            self.exact.setdefault(search_key(name), row)
            key = place_key(name)
            if key:
                self.exact.setdefault(key, row)
                self.stems.setdefault(key[:_PREFIX], []).append(row)

    def get(self, text: str) -> M | None:
        try:
            return self._seen[text]
        except KeyError:
            found = self._seen[text] = self._find(text.strip())
            return found

    def _find(self, text: str) -> M | None:
        found = self.exact.get(text.casefold()) or self.exact.get(search_key(text))
        if found is not None:
            return found
        key = place_key(text)
        found = self.exact.get(key)
        if found is None and len(key) >= _PREFIX:
            # "Балхашский" for "Балхаш": a unique match on the first letters.
            candidates = {id(r): r for r in self.stems.get(key[:_PREFIX], [])}
            if len(candidates) == 1:
                found = next(iter(candidates.values()))
        return found

    def parse(self, text: str) -> M:
        found = self.get(text)
        if found is None:
            raise CellError(
                _("“%(value)s” is not a known %(what)s.") % {"value": text, "what": self.what}
            )
        return found


def _names(row: models.Model, *fields: str) -> list[str]:
    return [str(getattr(row, f, "") or "") for f in fields]


class References:
    """The reference data an import looks names up in."""

    def __init__(self) -> None:
        self.districts: Lookup[District] = Lookup(str(_("district")))
        for district in District.objects.all():
            self.districts.add(
                district,
                _names(district, "name_kk", "name_ru", "name_en", "name_kk_latn"),
                [district.code, district.kato],
            )
        self.district_rows: dict[int, District] = {d.pk: d for d in self.districts.exact.values()}
        self._settlements: dict[int, Lookup[Settlement]] = {}
        self.settlements_anywhere: Lookup[Settlement] = Lookup(str(_("settlement")))
        self.settlement_rows: dict[int, Settlement] = {}
        for settlement in Settlement.objects.all():
            self.settlement_rows[settlement.pk] = settlement
            names = _names(settlement, "name_kk", "name_ru", "name_kk_latn")
            lookup = self._settlements.setdefault(
                settlement.district_id, Lookup(str(_("settlement")))
            )
            lookup.add(settlement, names, [settlement.kato])
            self.settlements_anywhere.add(settlement, names, [settlement.kato])
        self.education: Lookup[EducationLevel] = _classifier(
            EducationLevel, str(_("education level"))
        )
        for level in EducationLevel.objects.filter(code__in=EDUCATION_WORDS):
            self.education.add(level, EDUCATION_WORDS[level.code])
        self.fields_of_study: Lookup[FieldOfStudy] = _classifier(
            FieldOfStudy, str(_("field of study"))
        )
        self.occupations: Lookup[Occupation] = _classifier(Occupation, str(_("occupation")))
        self.industries: Lookup[Industry] = _classifier(Industry, str(_("industry")))

    def settlement(self, text: str, district: District) -> Settlement:
        lookup = self._settlements.get(district.pk)
        found = lookup.get(text) if lookup else None
        if found is None:
            raise CellError(
                _("“%(value)s” is not a known settlement of %(district)s.")
                % {"value": text, "district": district.name}
            )
        return found


def _classifier(model: type[M], what: str) -> Lookup[M]:
    lookup: Lookup[M] = Lookup(what)
    for row in model._default_manager.all():
        lookup.add(row, _names(row, "name_kk", "name_ru", "name_en"), [str(row.code)])  # type: ignore[attr-defined]
    return lookup
