"""A person's eligibility for every current program, for display (the person's admin page).

Reads only: which editions to check (:func:`display_editions`), the outcome per program
(:func:`person_eligibility`) and rows pairing each outcome with its edition for a template
(:func:`eligibility_rows`). The rules themselves stay in ``eligibility``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Max
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from jastar.core.i18n import localized
from jastar.programs.eligibility import (
    ProgramEligibility,
    RuleResult,
    RuleSpec,
    evaluate_all,
    message,
    rules_from_data,
)
from jastar.programs.facts import person_facts
from jastar.programs.models import ProgramEdition
from jastar.programs.selectors import edition_list, rule_names
from jastar.registry.models import Person, VulnerableGroup

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class EligibilityRow:
    """One program's outcome with the edition whose rules decided it."""

    edition: ProgramEdition
    outcome: ProgramEligibility


def display_editions(on: date) -> list[ProgramEdition]:
    """The editions of ``on``'s year; when there are none, those of the latest year."""
    editions = list(edition_list(year=on.year))
    if editions:
        return editions
    latest = ProgramEdition.objects.aggregate(year=Max("year"))["year"]
    return [] if latest is None else list(edition_list(year=latest))


def display_names() -> tuple[dict[str, StrOrPromise], dict[str, StrOrPromise]]:
    """Program names and code labels (districts, education levels, vulnerable groups) for
    rule messages, each rendered in the language active when the message is shown."""
    programs, labels = rule_names()
    labels |= {g.code: lazy(localized, str)(g, "name") for g in VulnerableGroup.objects.all()}
    return programs, labels


def _unreadable(edition: ProgramEdition) -> ProgramEligibility:
    # Rules that are not even a list of rules fail closed, as applying would refuse them.
    text = message(
        _("The eligibility rules of %(edition)s are not set up correctly."), edition=edition
    )
    result = RuleResult("invalid", False, text, {"invalid": True})
    return ProgramEligibility(edition.program.code, False, (result,))


def person_eligibility(
    person: Person, on: date, *, editions: Sequence[ProgramEdition] | None = None
) -> list[ProgramEligibility]:
    """Whether ``person`` may join each program on ``on``, with every rule's sentence:
    eligible programs first, then by code.

    Checks ``editions`` (by default :func:`display_editions`), one per program.
    """
    editions = display_editions(on) if editions is None else editions
    programs, labels = display_names()
    facts = person_facts(person, on)
    readable: dict[str, Sequence[RuleSpec]] = {}
    broken: list[ProgramEligibility] = []
    for edition in editions:
        specs, errors = rules_from_data(edition.rules)
        if errors:
            broken.append(_unreadable(edition))
        else:
            readable[edition.program.code] = specs
    outcomes = evaluate_all(facts, readable, on, program_names=programs, labels=labels)
    return outcomes + sorted(broken, key=lambda outcome: outcome.program_code)


def eligibility_rows(person: Person, on: date) -> list[EligibilityRow]:
    """:func:`person_eligibility` over :func:`display_editions`, each with its edition."""
    editions = display_editions(on)
    by_code = {edition.program.code: edition for edition in editions}
    return [
        EligibilityRow(by_code[outcome.program_code], outcome)
        for outcome in person_eligibility(person, on, editions=editions)
    ]
