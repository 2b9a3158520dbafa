"""Rules on who and where the person is: age, sex, place of residence, vulnerable groups."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Final

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
from jastar.registry.models.people import Area, Sex
from jastar.registry.rules import age_on, years_before

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise, StrPromise

# Names of the vulnerable groups programs refer to, used when the caller passes no label.
# The groups themselves are data (a person's ``groups``), so an unknown code still works
# and simply shows as itself.
GROUP_LABELS: Final[dict[str, StrOrPromise]] = {
    "disabled": _("person with a disability"),
    "kandas": _("kandas (ethnic Kazakh returnee)"),
    "large_family": _("member of a large family"),
    "low_income": _("low-income family (targeted social assistance)"),
    "orphan": _("orphan or child left without parental care"),
    "migrant": _("internal migrant"),
    "market_trader": _("market trader"),
}


def _age_limits(params: Mapping[str, Any], where: str) -> list[StrPromise]:
    if params["min"] <= params["max"]:
        return []
    return [
        message(
            _("Rule %(rule)s (%(type)s): the minimum age %(min)d is above the maximum %(max)d."),
            rule=where,
            type="age_range",
            min=params["min"],
            max=params["max"],
        )
    ]


@rule(Param("min", "int"), Param("max", "int"), check=_age_limits)
def age_range(person: PersonFacts, params: Mapping[str, Any], on: date) -> RuleResult:
    """Age in whole years on ``on`` is within [min, max], both ends included.

    A person born on 29 February turns a year older on 1 March in common years.
    """
    low: int = params["min"]
    high: int = params["max"]
    age = age_on(person.birth_date, on)
    details = {
        "age": age,
        "min": low,
        "max": high,
        # The birth dates that qualify on this day, so a list screen or a query can use
        # the same limits: age <= max means born after the day max + 1 years earlier.
        "born_from": (years_before(on, high + 1) + timedelta(days=1)).isoformat(),
        "born_to": years_before(on, low).isoformat(),
    }
    if age < low:
        text = message(_("Age %(age)d is below the minimum of %(min)d."), age=age, min=low)
    elif age > high:
        text = message(_("Age %(age)d is above the limit of %(max)d."), age=age, max=high)
    else:
        text = message(_("Age %(age)d is within %(min)d–%(max)d."), age=age, min=low, max=high)
    return RuleResult("age_range", low <= age <= high, text, details)


def _sex_label(value: str) -> StrOrPromise:
    try:
        return Sex(value).label
    except ValueError:
        return value


@rule(Param("sexes", "str_list", choices=tuple(Sex.values)))
def sex_in(person: PersonFacts, params: Mapping[str, Any], on: date) -> RuleResult:
    """The person's sex is one of ``sexes`` (for programs such as women's entrepreneurship)."""
    sexes: list[str] = list(params["sexes"])
    passed = person.sex in sexes
    sex = _sex_label(person.sex)
    if passed:
        text = message(_("Sex: %(sex)s, as the program requires."), sex=sex)
    else:
        text = message(
            _("Sex: %(sex)s; the program is only for: %(accepted)s."),
            sex=sex,
            accepted=joined(_sex_label(s) for s in sexes),
        )
    return RuleResult("sex_in", passed, text, {"sex": person.sex, "sexes": sexes})


@rule()
def rural_resident(person: PersonFacts, params: Mapping[str, Any], on: date) -> RuleResult:
    """The person lives in a rural settlement."""
    passed = person.area == Area.RURAL
    if passed:
        text = _("Lives in a rural settlement.")
    else:
        text = _("Lives in a city or town, not in a rural settlement.")
    return RuleResult("rural_resident", passed, text, {"area": person.area})


@rule(Param("districts", "str_list"))
def district_in(person: PersonFacts, params: Mapping[str, Any], on: date) -> RuleResult:
    """The person lives in one of ``districts`` (a regional program for some districts)."""
    districts: list[str] = list(params["districts"])
    passed = person.district_code in districts
    district = label(params, person.district_code)
    if passed:
        text = message(_("Lives in %(district)s, which the program covers."), district=district)
    else:
        text = message(
            _("Lives in %(district)s; the program covers only: %(districts)s."),
            district=district,
            districts=joined(label(params, code) for code in districts),
        )
    details = {"district": person.district_code, "districts": districts}
    return RuleResult("district_in", passed, text, details)


@rule(Param("groups", "str_list"))
def in_group(person: PersonFacts, params: Mapping[str, Any], on: date) -> RuleResult:
    """The person belongs to at least one of ``groups`` (vulnerable-group codes)."""
    groups: list[str] = list(params["groups"])
    # In the program's order, so the message lists them the way the rules were written.
    matched = [group for group in groups if group in person.groups]
    if matched:
        text = message(
            _("Belongs to an eligible group: %(groups)s."),
            groups=joined(label(params, g, GROUP_LABELS) for g in matched),
        )
    else:
        text = message(
            _("Belongs to none of the eligible groups: %(groups)s."),
            groups=joined(label(params, g, GROUP_LABELS) for g in groups),
        )
    details = {"groups": groups, "matched": matched}
    return RuleResult("in_group", bool(matched), text, details)
