"""Rules on the person's education: level, graduation year, field of study."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from jastar.programs.eligibility import (
    Param,
    PersonFacts,
    RuleResult,
    joined,
    label,
    message,
    rule,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

_NO_LEVEL = _("No education level is recorded.")


def _level_not_listed(
    person: PersonFacts, params: Mapping[str, Any], levels: list[str]
) -> StrPromise | None:
    """The message for a level outside ``levels`` (None when the level is listed)."""
    if person.education_level_code is None:
        return _NO_LEVEL
    if person.education_level_code in levels:
        return None
    return message(
        _("Education level “%(level)s” is not one of: %(levels)s."),
        level=label(params, person.education_level_code),
        levels=joined(label(params, code) for code in levels),
    )


@rule(Param("years", "int"), Param("levels", "str_list", required=False))
def graduated_within(person: PersonFacts, params: Mapping[str, Any], on: date) -> RuleResult:
    """Graduated at most ``years`` calendar years before ``on`` (and, if ``levels`` is
    given, at one of those education levels).

    Only the year of graduation is known, so a graduate of this year passes and one of
    next year (an expected graduation) does not.
    """
    years: int = params["years"]
    levels: list[str] | None = params.get("levels")
    year = person.graduation_year
    earliest = on.year - years
    details = {"graduation_year": year, "earliest": earliest, "levels": levels}
    if year is None:
        return RuleResult("graduated_within", False, _("No graduation year is recorded."), details)
    level_problem = _level_not_listed(person, params, levels) if levels else None
    if level_problem is not None:
        return RuleResult("graduated_within", False, level_problem, details)
    if year > on.year:
        text = message(_("Has not graduated yet: graduation is expected in %(year)d."), year=year)
    elif year < earliest:
        text = message(
            _("Graduated in %(year)d, before %(earliest)d, the earliest year the program accepts."),
            year=year,
            earliest=earliest,
        )
    else:
        text = message(
            _("Graduated in %(year)d; the program accepts graduates of %(earliest)d or later."),
            year=year,
            earliest=earliest,
        )
    return RuleResult("graduated_within", earliest <= year <= on.year, text, details)


@rule(Param("level_code", "str"), Param("order", "int"))
def education_level_at_least(
    person: PersonFacts, params: Mapping[str, Any], on: date
) -> RuleResult:
    """The education level is ``level_code`` or higher, compared by EducationLevel.order.

    ``level_code`` names the level in messages; ``order`` is what is compared, stored with
    it because this module cannot look levels up.
    """
    required: str = params["level_code"]
    order: int = params["order"]
    details = {
        "level": person.education_level_code,
        "order": person.education_order,
        "required_level": required,
        "required_order": order,
    }
    if person.education_order is None:
        return RuleResult("education_level_at_least", False, _NO_LEVEL, details)
    passed = person.education_order >= order
    level_params = {
        "level": label(params, person.education_level_code or ""),
        "required": label(params, required),
    }
    if passed:
        template = _("Education level “%(level)s” meets the minimum of “%(required)s”.")
    else:
        template = _("Education level “%(level)s” is below the required “%(required)s”.")
    return RuleResult(
        "education_level_at_least", passed, message(template, **level_params), details
    )


@rule(Param("levels", "str_list"))
def education_level_in(person: PersonFacts, params: Mapping[str, Any], on: date) -> RuleResult:
    """The education level is one of ``levels``."""
    levels: list[str] = list(params["levels"])
    problem = _level_not_listed(person, params, levels)
    details = {"level": person.education_level_code, "levels": levels}
    if problem is not None:
        return RuleResult("education_level_in", False, problem, details)
    text = message(
        _("Education level “%(level)s” is one the program accepts."),
        level=label(params, person.education_level_code or ""),
    )
    return RuleResult("education_level_in", True, text, details)


def field_matches(field_code: str, accepted: str) -> bool:
    """ISCED-F codes nest by prefix: narrow "091" and detailed "0912" are in broad "09"."""
    return field_code.startswith(accepted)


@rule(Param("fields", "str_list"))
def field_in(person: PersonFacts, params: Mapping[str, Any], on: date) -> RuleResult:
    """The field of study lies within one of ``fields`` (ISCED-F codes of any level).

    A person recorded only with a broad field does not match a narrower accepted field:
    "09" may be welfare rather than health, so it cannot be assumed to be "091".
    """
    fields: list[str] = list(params["fields"])
    code = person.field_code
    details = {"field": code, "fields": fields}
    if code is None:
        return RuleResult("field_in", False, _("No field of study is recorded."), details)
    passed = any(field_matches(code, accepted) for accepted in fields)
    if passed:
        text = message(
            _("Field of study “%(field)s” is one the program accepts."), field=label(params, code)
        )
    else:
        text = message(
            _("Field of study “%(field)s” is not one of: %(fields)s."),
            field=label(params, code),
            fields=joined(label(params, accepted) for accepted in fields),
        )
    return RuleResult("field_in", passed, text, details)
