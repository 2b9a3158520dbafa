"""Rules on the person's history with other programs."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from jastar.programs.eligibility import (
    Param,
    PersonFacts,
    RuleResult,
    joined,
    message,
    program_name,
    rule,
)


@rule(Param("program", "str"))
def completed_program(person: PersonFacts, params: Mapping[str, Any], on: date) -> RuleResult:
    """The person has completed ``program`` (e.g. Bastau Business before the grant)."""
    code: str = params["program"]
    passed = code in person.completed_programs
    if passed:
        template = _("Has completed %(program)s.")
    else:
        template = _("Has not completed %(program)s.")
    text = message(template, program=program_name(params, code))
    return RuleResult("completed_program", passed, text, {"program": code})


@rule(Param("except", "str_list", required=False))
def not_in_active_program(person: PersonFacts, params: Mapping[str, Any], on: date) -> RuleResult:
    """The person is not currently in any program, other than those listed in ``except``
    (programs that may be combined with this one)."""
    allowed = set(params.get("except", ()))
    # Sorted, so the message and the API list programs in the same order every time.
    blocking = sorted(person.active_programs - allowed)
    if blocking:
        text = message(
            _("Is already in %(programs)s."),
            programs=joined(program_name(params, code) for code in blocking),
        )
    else:
        text = _("Is not taking part in another program.")
    details = {"active_programs": blocking, "except": sorted(allowed)}
    return RuleResult("not_in_active_program", not blocking, text, details)
