"""Rules built from other rules, for conditions a plain list (all must pass) cannot say."""

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
    message,
    names_of,
    rule,
    rules_from_data,
    run_rule,
    validate_rule_data,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


def _alternatives_valid(params: Mapping[str, Any], where: str) -> list[StrPromise]:
    # Nested rules are numbered under their parent ("3.1", "3.2") so an administrator can
    # find the faulty one inside the editor.
    return validate_rule_data(params["rules"], prefix=f"{where}.")


@rule(Param("rules", "rule_list"), check=_alternatives_valid)
def any_of(person: PersonFacts, params: Mapping[str, Any], on: date) -> RuleResult:
    """At least one of ``rules`` passes (e.g. "not working, or from a vulnerable group").

    ``rules`` holds stored rules in the same JSON form as a program's list.
    """
    specs, _errors = rules_from_data(params["rules"])
    results = [run_rule(person, spec, on, names_of(params)) for spec in specs]
    met = [result for result in results if result.passed]
    if met:
        text = message(_("At least one alternative is met: %(reason)s"), reason=met[0].message)
    else:
        text = message(
            _("None of the alternatives is met: %(reasons)s"),
            reasons=joined((result.message for result in results), " "),
        )
    details = {
        "results": [{"type": r.type, "passed": r.passed, "details": r.details} for r in results]
    }
    return RuleResult("any_of", bool(met), text, details)
