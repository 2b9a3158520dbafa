"""Pure checks on registry data: no database, plain values in, error messages out.

Services call these, collect the messages per field, and raise one ValidationError, so a
form, an import row and an API call get the same reasons.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jastar.core.identifiers import IdentifierError, parse_iin

Errors = dict[str, list[str | Promise]]


@dataclass
class Identity:
    """The birth date and sex a person record will carry, and what was wrong."""

    birth_date: date | None
    sex: str | None
    errors: Errors = field(default_factory=dict)


def years_before(day: date, years: int) -> date:
    """The same calendar day ``years`` earlier (29 Feb falls back to 28 Feb)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def age_on(birth_date: date, on: date) -> int:
    """Age in whole years on a date."""
    years = on.year - birth_date.year
    if (on.month, on.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def check_identity(iin: str, birth_date: date | None, sex: str | None) -> Identity:
    """Parse the IIN and make birth date and sex agree with it.

    Missing birth date or sex are taken from the IIN; given ones must match it.
    """
    try:
        parsed = parse_iin(iin)
    except IdentifierError as err:
        return Identity(birth_date, sex, {"iin": [err.message]})
    identity = Identity(birth_date or parsed.birth_date, sex or parsed.sex)
    if birth_date is not None and birth_date != parsed.birth_date:
        identity.errors["birth_date"] = [
            _("Birth date %(given)s does not agree with the IIN, which gives %(expected)s.")
            % {"given": f"{birth_date:%d.%m.%Y}", "expected": f"{parsed.birth_date:%d.%m.%Y}"}
        ]
    if sex is not None and sex != parsed.sex:
        identity.errors["sex"] = [_("Sex does not agree with the 7th digit of the IIN.")]
    return identity


def check_youth_age(birth_date: date, on: date, min_age: int, max_age: int) -> str | Promise | None:
    """A message if the person is outside the youth age range on ``on``."""
    age = age_on(birth_date, on)
    if age < min_age:
        return _("Age %(age)d on registration is below the youth minimum of %(min)d.") % {
            "age": age,
            "min": min_age,
        }
    if age > max_age:
        return _("Age %(age)d on registration is above the youth limit of %(max)d.") % {
            "age": age,
            "max": max_age,
        }
    return None


def check_not_future(value: date | None, today: date) -> str | Promise | None:
    """A message if a date that records a past fact lies in the future."""
    if value is not None and value > today:
        return _("The date %(date)s is in the future.") % {"date": f"{value:%d.%m.%Y}"}
    return None


def check_graduation_year(year: int | None, birth_date: date, today: date) -> str | Promise | None:
    """Graduation at age 10 or later, and at most six years ahead (expected graduation)."""
    if year is None:
        return None
    if year < birth_date.year + 10 or year > today.year + 6:
        return _("Graduation year %(year)d is not possible for this person.") % {"year": year}
    return None


def check_salary_range(low: int | None, high: int | None) -> str | Promise | None:
    """Salary bounds are ordered when both are given."""
    if low is not None and high is not None and low > high:
        return _("Salary from (%(low)d ₸) is above salary to (%(high)d ₸).") % {
            "low": low,
            "high": high,
        }
    return None


def raise_errors(errors: Errors) -> None:
    """Raise one ValidationError carrying every collected message, if there are any."""
    if errors:
        raise ValidationError(errors)


def add_error(errors: Errors, field_name: str, message: str | Promise | None) -> None:
    """Record ``message`` under ``field_name`` when there is one."""
    if message is not None:
        errors.setdefault(field_name, []).append(message)
