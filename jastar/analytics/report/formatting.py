"""Numbers, percentages, tenge and dates as the office writes them, in the active language.

"27 360" with a no-break space in Kazakh and Russian, "27,360" in English (the locale
formats); tenge in sentences as "1,5 млн ₸" / "1.5 million ₸"; dates in the form a
sentence needs: Kazakh puts the year first and the month in the locative
("2026 жылғы 15 маусымдағы"), Russian in the genitive ("15 июня 2026 года").
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Final

from django.utils.dates import MONTHS
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext, pgettext_lazy

DASH: Final = "—"
MINUS: Final = "\u2212"
NBSP: Final = "\u00a0"

# A day of a month with its year, in the form "as of …", "from … on …" need.
_LONG_DATES: Final = (
    pgettext_lazy("long date", "%(day)d January %(year)d"),
    pgettext_lazy("long date", "%(day)d February %(year)d"),
    pgettext_lazy("long date", "%(day)d March %(year)d"),
    pgettext_lazy("long date", "%(day)d April %(year)d"),
    pgettext_lazy("long date", "%(day)d May %(year)d"),
    pgettext_lazy("long date", "%(day)d June %(year)d"),
    pgettext_lazy("long date", "%(day)d July %(year)d"),
    pgettext_lazy("long date", "%(day)d August %(year)d"),
    pgettext_lazy("long date", "%(day)d September %(year)d"),
    pgettext_lazy("long date", "%(day)d October %(year)d"),
    pgettext_lazy("long date", "%(day)d November %(year)d"),
    pgettext_lazy("long date", "%(day)d December %(year)d"),
)

# Chart axis labels. Django's Kazakh abbreviations spell January "қан" (it is "қаң").
_MONTH_ABBREVIATIONS: Final = (
    pgettext_lazy("abbreviated month", "Jan"),
    pgettext_lazy("abbreviated month", "Feb"),
    pgettext_lazy("abbreviated month", "Mar"),
    pgettext_lazy("abbreviated month", "Apr"),
    pgettext_lazy("abbreviated month", "May"),
    pgettext_lazy("abbreviated month", "Jun"),
    pgettext_lazy("abbreviated month", "Jul"),
    pgettext_lazy("abbreviated month", "Aug"),
    pgettext_lazy("abbreviated month", "Sep"),
    pgettext_lazy("abbreviated month", "Oct"),
    pgettext_lazy("abbreviated month", "Nov"),
    pgettext_lazy("abbreviated month", "Dec"),
)


def count(value: int | None) -> str:
    """A whole number with the locale's thousands separator: "27 360"."""
    if value is None:
        return DASH
    return _minus(number_format(value, force_grouping=True))


def decimal(value: float, places: int = 1) -> str:
    """A number rounded half up to ``places`` decimals, with the locale's separators."""
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return _minus(number_format(rounded, places, force_grouping=True))


def signed_decimal(value: float, places: int = 1) -> str:
    """A difference with its sign: "+12,4", "−3,0", "0,0"."""
    text = decimal(abs(value), places)
    if round(value, places) > 0:
        return f"+{text}"
    if round(value, places) < 0:
        return f"{MINUS}{text}"
    return text


def percent(value: float | None, places: int = 1) -> str:
    """A percentage: "27,3%" (no space, as the office writes it); a dash for none."""
    if value is None:
        return DASH
    return f"{decimal(value, places)}%"


def signed_percent(value: float | None, places: int = 1) -> str:
    """A change in percent with its sign: "+120,6%", "−41,1%"."""
    if value is None:
        return DASH
    text = percent(abs(value), places)
    if round(value, places) > 0:
        return f"+{text}"
    if round(value, places) < 0:
        return f"{MINUS}{text}"
    return text


def signed_count(value: int | None) -> str:
    """A change in a count with its sign: "+1 496", "−12"."""
    if value is None:
        return DASH
    if value > 0:
        return f"+{count(value)}"
    return count(value)


def tenge(value: int | None) -> str:
    """A full tenge amount for tables: "1 500 000 ₸"."""
    if value is None:
        return DASH
    return f"{count(value)}{NBSP}₸"


def tenge_short(value: int) -> str:
    """A tenge amount for a sentence: "1,5 млн ₸", "136,5 million ₸", "850 ₸"."""
    size = abs(value)
    if size >= 999_950_000:
        text = gettext("%(amount)s billion ₸") % {"amount": _short(value / 10**9)}
    elif size >= 999_950:
        text = gettext("%(amount)s million ₸") % {"amount": _short(value / 10**6)}
    elif size >= 10_000:
        text = gettext("%(amount)s thousand ₸") % {"amount": _short(value / 10**3)}
    else:
        text = tenge(value)
    return text.replace(" ", NBSP)  # "1,5 млн ₸" is not broken across lines


def _short(value: float) -> str:
    text = decimal(value, 1)
    return text[:-2] if text[-2] in ",." and text[-1] == "0" else text


def _minus(text: str) -> str:
    return text.replace("-", MINUS)


def long_date(day: date) -> str:
    """The date as a sentence needs it: "15 June 2026" (kk "2026 жылғы 15 маусымдағы")."""
    return str(_LONG_DATES[day.month - 1]) % {"day": day.day, "year": day.year}


def short_date(day: date) -> str:
    """The date in the locale's short form: "31.12.2025"."""
    return date_format(day, "SHORT_DATE_FORMAT")


def month_name(month: int) -> str:
    """The month's name for a table row: "Қаңтар", "Январь", "January"."""
    return str(MONTHS[month])


def month_abbreviation(month: int) -> str:
    """The month's short name for a chart axis: "қаң", "янв", "Jan"."""
    return str(_MONTH_ABBREVIATIONS[month - 1])
