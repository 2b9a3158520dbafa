"""Kazakhstan's 12-digit personal (IIN) and business (BIN) identification numbers.

Layouts and the check-digit rule follow docs ``domain.md`` §2:

* IIN ``YYMMDD C NNNN K``: birth date, century-and-sex digit, 4-digit serial, check digit.
* BIN ``YYMM T A NNNNN K``: registration year and month, entity type, unit attribute,
  5-digit serial, check digit.

Pure functions only: no models and no database, so the demo generator, forms, services
and tests can all share them. Error messages are lazy so this module can be imported (and
errors raised) before Django's settings and translations are ready.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from operator import mul
from typing import TYPE_CHECKING, Final, Literal, cast

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise, StrPromise

ErrorCode = Literal[
    "empty",
    "length",
    "digits",
    "date",
    "century",
    "check_digit",
    "never_issued",
    "entity_type",
    "attribute",
]
Sex = Literal["M", "F"]
EntityType = Literal["4", "5", "6"]
Attribute = Literal["0", "1", "2", "3"]

LENGTH: Final = 12

# The two weight sequences of the mod-11 check (domain.md §2). The second one is tried
# only when the first gives 10, which is not a single digit.
_WEIGHTS_1: Final = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
_WEIGHTS_2: Final = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
# The sums are taken over the digits' ASCII codes; these take the codes' "0" back out.
_ZERO_1: Final = ord("0") * sum(_WEIGHTS_1)
_ZERO_2: Final = ord("0") * sum(_WEIGHTS_2)

# Characters people and spreadsheets put between digit groups. Anything else (letters,
# stray symbols) is reported as an error instead of being silently dropped, because it
# usually means the wrong field was pasted.
_SEPARATORS: Final = re.compile(r"[\s\u00a0\u202f\-\u2010\u2011\u2012\u2013\u2014.]")
# ASCII only: str.isdigit() also accepts "²" and Arabic-Indic digits, which int() or a
# database column would then choke on or store in a form nobody can search for.
_ASCII_DIGITS: Final = re.compile(r"[0-9]+")
_NON_DIGITS: Final = re.compile(r"[^0-9]")

# Century-and-sex digit (IIN digit 7) -> (first year of the century, sex).
_CENTURY_SEX: Final[dict[str, tuple[int, Sex]]] = {
    "1": (1800, "M"),
    "2": (1800, "F"),
    "3": (1900, "M"),
    "4": (1900, "F"),
    "5": (2000, "M"),
    "6": (2000, "F"),
}
_ENTITY_TYPES: Final = ("4", "5", "6")
_ATTRIBUTES: Final = ("0", "1", "2", "3")


# The messages of every identifier's checks, made once: lazy translations are objects,
# and an import parses two identifiers per row.
_IIN_EMPTY: Final = _("Enter an IIN: the value is empty.")
_IIN_DIGITS: Final = _("An IIN may contain only digits; found “%(char)s” at position %(position)d.")
_IIN_LENGTH: Final = _("An IIN must have 12 digits, got %(count)d.")
_IIN_NEVER_ISSUED: Final = _(
    "This IIN cannot exist: its first 11 digits have no valid check digit, "
    "so no such number is ever issued."
)
_IIN_MISMATCH: Final = _(
    "The IIN check digit is %(given)s, but the first 11 digits require "
    "%(expected)d; a digit is probably mistyped."
)
_BIN_EMPTY: Final = _("Enter a BIN: the value is empty.")
_BIN_DIGITS: Final = _("A BIN may contain only digits; found “%(char)s” at position %(position)d.")
_BIN_LENGTH: Final = _("A BIN must have 12 digits, got %(count)d.")
_BIN_NEVER_ISSUED: Final = _(
    "This BIN cannot exist: its first 11 digits have no valid check digit, "
    "so no such number is ever issued."
)
_BIN_MISMATCH: Final = _(
    "The BIN check digit is %(given)s, but the first 11 digits require "
    "%(expected)d; a digit is probably mistyped."
)


def _interpolate(template: StrOrPromise, params: Mapping[str, object]) -> str:
    return str(template) % params


# Django's lazy strings apply ``%`` eagerly (they translate at that moment), so the
# interpolation itself is wrapped to stay lazy until the message is rendered in the
# user's language.
_lazy_interpolate = lazy(_interpolate, str)


class IdentifierError(ValueError):
    """An IIN or BIN that cannot be valid, with a machine code and a user message.

    ``code`` is stable for programs (form error codes, tests); ``message`` is a lazy,
    translated sentence naming exactly what is wrong; ``template`` and ``params`` are its
    parts, kept so Django can substitute a field's own ``error_messages`` for the code.
    """

    def __init__(
        self,
        code: ErrorCode,
        template: StrPromise,
        params: Mapping[str, object] | None = None,
    ) -> None:
        super().__init__(code)
        self.code: ErrorCode = code
        self.template = template
        self.params: dict[str, object] = dict(params or {})
        self.message: StrPromise = cast(
            "StrPromise", _lazy_interpolate(template, self.params) if self.params else template
        )

    def __str__(self) -> str:
        return str(self.message)

    def __repr__(self) -> str:
        # Not the message: rendering it needs translations, which may not be set up yet.
        return f"IdentifierError({self.code!r}, params={self.params!r})"


def only_digits(raw: str) -> str:
    """Return just the ASCII digits of ``raw``, in order, with no padding.

    Spaces, non-breaking spaces, dashes and dots, and anything else that is not 0-9, are
    dropped. Leading zeros are never added back: an IIN whose leading zeros a spreadsheet
    lost stays too short and fails the length check rather than being guessed at.
    """
    return _NON_DIGITS.sub("", raw)


def _clean(raw: str) -> str:
    """Drop separators only, so that a stray letter is reported rather than ignored."""
    return _SEPARATORS.sub("", raw)


def check_digit(first11: str) -> int | None:
    """The check digit for the first 11 digits of an IIN or BIN.

    Sum of digit x weight mod 11 with weights 1..11; if that is 10, again with weights
    3..11, 1, 2. Returns None when the second pass also gives 10: such numbers are
    never issued.
    """
    if len(first11) != LENGTH - 1 or not _ASCII_DIGITS.fullmatch(first11):
        raise ValueError(f"check_digit needs exactly 11 ASCII digits, got {first11!r}")
    codes = first11.encode("ascii")
    remainder: int = (sum(map(mul, codes, _WEIGHTS_1)) - _ZERO_1) % 11
    if remainder != 10:
        return remainder
    remainder = (sum(map(mul, codes, _WEIGHTS_2)) - _ZERO_2) % 11
    return None if remainder == 10 else remainder


@dataclass(frozen=True)
class IIN:
    """A parsed, valid individual identification number."""

    value: str
    birth_date: date
    sex: Sex
    serial: str


@dataclass(frozen=True)
class BIN:
    """A parsed, valid business identification number."""

    value: str
    registered_year: int
    registered_month: int
    entity_type: EntityType
    attribute: Attribute


def _check_shape(
    raw: str,
    *,
    empty: StrPromise,
    digits: StrPromise,
    length: StrPromise,
) -> str:
    value = _clean(raw)
    if not value:
        raise IdentifierError("empty", empty)
    bad = _NON_DIGITS.search(value)
    if bad is not None:
        # Position in the cleaned value, 1-based, as a person counts digits.
        raise IdentifierError("digits", digits, {"char": bad.group(), "position": bad.start() + 1})
    if len(value) != LENGTH:
        raise IdentifierError("length", length, {"count": len(value)})
    return value


def _verify_check_digit(value: str, *, never_issued: StrPromise, mismatch: StrPromise) -> None:
    expected = check_digit(value[:11])
    if expected is None:
        raise IdentifierError("never_issued", never_issued)
    if int(value[11]) != expected:
        raise IdentifierError("check_digit", mismatch, {"given": value[11], "expected": expected})


# Pure, and asked about the same IIN more than once in a row by imports (the row's own
# check, then the registration rules): the last few thousand answers are kept.
@lru_cache(maxsize=4096)
def parse_iin(raw: str) -> IIN:
    """Parse and validate an IIN; raise IdentifierError naming the first problem found.

    Checks, in order: empty, non-digit characters, length, century-and-sex digit, birth
    date, check digit. Future birth dates are accepted (digit 7 allows up to 2099);
    age rules belong to the caller, who knows the reference date.
    """
    value = _check_shape(raw, empty=_IIN_EMPTY, digits=_IIN_DIGITS, length=_IIN_LENGTH)
    century_sex = _CENTURY_SEX.get(value[6])
    if century_sex is None:
        raise IdentifierError(
            "century",
            _(
                "IIN digit 7 (century and sex) is %(digit)s; it must be from 1 to 6 "
                "(1-2: born 1800-1899, 3-4: 1900-1999, 5-6: 2000-2099)."
            ),
            {"digit": value[6]},
        )
    century, sex = century_sex
    try:
        birth_date = date(century + int(value[0:2]), int(value[2:4]), int(value[4:6]))
    except ValueError:
        raise IdentifierError(
            "date",
            _(
                "IIN digits 1-6 (%(digits)s) are not a real birth date YYMMDD "
                "in the years %(first_year)d-%(last_year)d given by digit 7."
            ),
            {"digits": value[0:6], "first_year": century, "last_year": century + 99},
        ) from None
    _verify_check_digit(value, never_issued=_IIN_NEVER_ISSUED, mismatch=_IIN_MISMATCH)
    return IIN(value=value, birth_date=birth_date, sex=sex, serial=value[7:11])


def parse_bin(raw: str, *, today: date | None = None) -> BIN:
    """Parse and validate a BIN; raise IdentifierError naming the first problem found.

    The two-digit year YY means 20YY unless that is after ``today``'s year (default: the
    local date of the active time zone), in which case it means 19YY.
    """
    value = _check_shape(raw, empty=_BIN_EMPTY, digits=_BIN_DIGITS, length=_BIN_LENGTH)
    month = int(value[2:4])
    if not 1 <= month <= 12:
        raise IdentifierError(
            "date",
            _("BIN digits 3-4 (%(month)s) must be the registration month, from 01 to 12."),
            {"month": value[2:4]},
        )
    entity_type = value[4]
    if entity_type not in _ENTITY_TYPES:
        raise IdentifierError(
            "entity_type",
            _(
                "BIN digit 5 (entity type) is %(digit)s; it must be 4 (resident legal "
                "entity), 5 (non-resident legal entity) or 6 (joint individual "
                "entrepreneurship)."
            ),
            {"digit": entity_type},
        )
    attribute = value[5]
    if attribute not in _ATTRIBUTES:
        raise IdentifierError(
            "attribute",
            _(
                "BIN digit 6 (unit attribute) is %(digit)s; it must be 0 (head unit), "
                "1 (branch), 2 (representative office) or 3 (peasant or farm enterprise)."
            ),
            {"digit": attribute},
        )
    _verify_check_digit(value, never_issued=_BIN_NEVER_ISSUED, mismatch=_BIN_MISMATCH)
    # Local date, not UTC: around midnight on 1 January the two can disagree on the year.
    this_year = (today or timezone.localdate()).year
    year = 2000 + int(value[0:2])
    if year > this_year:
        year -= 100
    return BIN(
        value=value,
        registered_year=year,
        registered_month=month,
        entity_type=cast(EntityType, entity_type),
        attribute=cast(Attribute, attribute),
    )


def _with_check_digit(first11: str, never_issued: StrPromise, params: Mapping[str, object]) -> str:
    digit = check_digit(first11)
    if digit is None:
        raise IdentifierError("never_issued", never_issued, params)
    return f"{first11}{digit}"


def make_iin(birth_date: date, sex: str, serial: int) -> str:
    """Build a valid IIN for a birth date (years 1800-2099), sex "M"/"F" and serial 0-9999.

    Raises IdentifierError("never_issued") when that serial gives no valid check digit
    (about 1 in 11 serials); callers generating data should simply try another serial.
    Raises plain ValueError for arguments out of range, which are programming errors.
    """
    if sex not in ("M", "F"):
        raise ValueError(f"sex must be 'M' or 'F', got {sex!r}")
    if not 1800 <= birth_date.year <= 2099:
        raise ValueError(f"an IIN can encode birth years 1800-2099, got {birth_date.year}")
    if not 0 <= serial <= 9999:
        raise ValueError(f"IIN serial must be 0-9999, got {serial}")
    # 1/2 for the 1800s, 3/4 for the 1900s, 5/6 for the 2000s; odd digits are male.
    century_digit = 2 * (birth_date.year // 100 - 18) + (1 if sex == "M" else 2)
    first11 = f"{birth_date:%y%m%d}{century_digit}{serial:04d}"
    return _with_check_digit(
        first11,
        _("IIN serial %(serial)s has no valid check digit for this birth date and sex."),
        {"serial": first11[7:11]},
    )


def make_bin(year: int, month: int, entity_type: str, attribute: str, serial: int) -> str:
    """Build a valid BIN for a registration year and month, type, attribute and serial.

    ``serial`` is 0-99999. Only the last two digits of ``year`` are stored. Raises
    IdentifierError("never_issued") when that serial gives no valid check digit, and plain
    ValueError for arguments out of range.
    """
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1-12, got {month}")
    if entity_type not in _ENTITY_TYPES:
        raise ValueError(f"entity_type must be one of {_ENTITY_TYPES}, got {entity_type!r}")
    if attribute not in _ATTRIBUTES:
        raise ValueError(f"attribute must be one of {_ATTRIBUTES}, got {attribute!r}")
    if not 0 <= serial <= 99999:
        raise ValueError(f"BIN serial must be 0-99999, got {serial}")
    if year < 0:
        raise ValueError(f"year must not be negative, got {year}")
    first11 = f"{year % 100:02d}{month:02d}{entity_type}{attribute}{serial:05d}"
    return _with_check_digit(
        first11,
        _("BIN serial %(serial)s has no valid check digit for this registration."),
        {"serial": first11[6:11]},
    )


def mask_iin(value: str) -> str:
    """Mask an IIN for display: ``"********3456"``, only the last 4 digits shown.

    The birth date and sex are in the first 7 digits, so they are always hidden. A value
    with 4 digits or fewer is masked completely rather than shown whole.
    """
    digits = only_digits(value)
    tail = digits[-4:] if len(digits) > 4 else ""
    return tail.rjust(LENGTH, "*")


def is_valid_iin(raw: str) -> bool:
    """True when ``raw`` parses as an IIN (separators allowed)."""
    try:
        parse_iin(raw)
    except IdentifierError:
        return False
    return True


def is_valid_bin(raw: str) -> bool:
    """True when ``raw`` parses as a BIN (separators allowed)."""
    try:
        parse_bin(raw)
    except IdentifierError:
        return False
    return True


def validate_iin(value: str) -> None:
    """Django validator: raise ValidationError with the IdentifierError's code."""
    try:
        parse_iin(value)
    except IdentifierError as err:
        # Template and params rather than the rendered message, so a field's own
        # error_messages[code] can replace the text and still use the params.
        raise ValidationError(err.template, code=err.code, params=err.params) from err


def validate_bin(value: str) -> None:
    """Django validator: raise ValidationError with the IdentifierError's code."""
    try:
        parse_bin(value)
    except IdentifierError as err:
        raise ValidationError(err.template, code=err.code, params=err.params) from err
