"""Turning the text of one cell into a value, or a reason it cannot be one.

Pure functions, no database. Each parser returns the value or raises ``CellError`` with
a translated message naming what was expected, so the error report can tell a clerk
exactly what to fix.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING, Final

from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from jastar.core.identifiers import LENGTH, check_digit
from jastar.core.translit import search_key

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class CellError(ValueError):
    """A cell that cannot become the value its column needs."""

    def __init__(self, message: StrOrPromise) -> None:
        super().__init__(message)
        self.message = message


_DATE_DMY: Final = re.compile(r"(\d{1,2})[./\-](\d{1,2})[./\-](\d{4}|\d{2})(?:\s.*)?")
_DATE_YMD: Final = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T\s].*)?")
_EXCEL_SERIAL: Final = re.compile(r"\d{5}(?:\.0+)?")
_EXCEL_EPOCH: Final = date(1899, 12, 30)
_SCIENTIFIC: Final = re.compile(r"\d(?:[.,]\d+)?[eE]\+?\d+")
_INT_FLOAT: Final = re.compile(r"(\d+)[.,]0+")
_SPACES: Final = re.compile(r"[\s\u00a0\u202f'’]")


def parse_date(text: str) -> date:
    """``dd.mm.yyyy`` (also with / or -, or a 2-digit year), ISO ``yyyy-mm-dd``, or an
    Excel day number (a date cell a spreadsheet saved as a number)."""
    text = text.strip()
    try:
        if match := _DATE_DMY.fullmatch(text):
            day, month, year = (int(g) for g in match.groups())
            if year < 100:
                # Two-digit years: the last hundred years up to this one.
                this = timezone.localdate().year % 100
                year += 2000 if year <= this else 1900
            return date(year, month, day)
        if match := _DATE_YMD.fullmatch(text):
            year, month, day = (int(g) for g in match.groups())
            return date(year, month, day)
        if _EXCEL_SERIAL.fullmatch(text):
            return _EXCEL_EPOCH + timedelta(days=int(float(text)))
    except ValueError:
        raise CellError(_("“%(value)s” is not a real date.") % {"value": text}) from None
    raise CellError(_("“%(value)s” is not a date; write it as dd.mm.yyyy.") % {"value": text})


def parse_int(text: str, *, minimum: int = 0, maximum: int | None = None) -> int:
    """A whole number; spaces between thousands and a trailing ``.0`` are allowed."""
    cleaned = _SPACES.sub("", text.strip())
    cleaned = re.sub(r"(?i)(тг|тенге|теңге|kzt|₸)$", "", cleaned)
    if match := _INT_FLOAT.fullmatch(cleaned):
        cleaned = match.group(1)
    if not cleaned.isascii() or not cleaned.isdigit():
        raise CellError(_("“%(value)s” is not a whole number.") % {"value": text})
    value = int(cleaned)
    if value < minimum or (maximum is not None and value > maximum):
        raise CellError(_("%(value)d is outside the allowed range.") % {"value": value})
    return value


def repair_identifier(text: str) -> tuple[str, bool]:
    """An IIN or BIN as 12 digits, putting back leading zeros a spreadsheet dropped.

    People born in 2000–2009 have IINs starting with 0 (e.g. ``050317…``, or ``000917…``
    for September 2000); Excel stores such a column as a number and drops the zeros. A
    value of 9 to 11 digits is padded only when the padded number passes the check
    digit. Returns the value and whether it was repaired. A number Excel has shown in
    scientific notation (``5.50317E+11``) has lost digits for good and is refused.
    """
    if len(text) == LENGTH and text.isascii() and text.isdigit():
        return text, False  # the usual cell: nothing to repair
    raw = _SPACES.sub("", text.strip())
    if _SCIENTIFIC.fullmatch(raw):
        raise CellError(
            _(
                "“%(value)s” is an identifier a spreadsheet turned into scientific notation; "
                "its last digits are lost. Format the column as text and export again."
            )
            % {"value": text}
        )
    if match := _INT_FLOAT.fullmatch(raw):
        raw = match.group(1)
    # Up to three zeros: born January–September 2000 starts "000".
    if raw.isascii() and raw.isdigit() and LENGTH - 3 <= len(raw) < LENGTH:
        padded = raw.zfill(LENGTH)
        if check_digit(padded[:11]) == int(padded[11]):
            return padded, True
    return raw, False


class Choices:
    """Values of a choice column, recognised by code or by label in kk, ru or en."""

    def __init__(
        self,
        options: Mapping[str, StrOrPromise],
        *,
        synonyms: Mapping[str, Iterable[str]] | None = None,
    ) -> None:
        self._lookup: dict[str, str] = {}
        self._seen: dict[str, str | None] = {}
        for code, label in options.items():
            self.add(code, [code, *_in_languages(label)])
        for code, words in (synonyms or {}).items():
            self.add(code, words)
        self._options = options

    def add(self, code: str, names: Iterable[str]) -> None:
        for name in names:
            key = search_key(name)
            if key:
                self._lookup.setdefault(key, code)

    def get(self, text: str) -> str | None:
        try:
            return self._seen[text]
        except KeyError:
            found = self._seen[text] = self._lookup.get(search_key(text))
            return found

    def parse(self, text: str) -> str:
        code = self.get(text)
        if code is None:
            raise CellError(
                _("“%(value)s” is not one of: %(options)s.")
                % {"value": text, "options": ", ".join(str(v) for v in self._options.values())}
            )
        return code


def _in_languages(label: StrOrPromise) -> list[str]:
    names = []
    for language in ("kk", "ru", "en"):
        with translation.override(language):
            names.append(str(label))
    return names


def split_full_name(text: str) -> tuple[str, str, str]:
    """``Фамилия Имя Отчество`` → (last, first, patronymic); the patronymic may be several
    words (``Серік ұлы``) or missing."""
    parts = text.split()
    if len(parts) < 2:
        raise CellError(
            _("“%(value)s” is not a full name: give at least the last and first name.")
            % {"value": text}
        )
    return parts[0], parts[1], " ".join(parts[2:])


def split_list(text: str) -> list[str]:
    """A cell listing several values: separated by commas, semicolons or slashes."""
    return [part.strip() for part in re.split(r"[,;/]", text) if part.strip()]
