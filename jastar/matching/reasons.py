"""Reasons in the reader's language: what made a pair score as it did.

The engine returns each feature's value and contribution (:class:`Contribution`); here
they become sentences. A feature that helped is a reason *for*; one that scored low
(pay below the expected wage, education below the requirement) is a reason *against*, so
a case worker sees both before suggesting a vacancy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from django.utils.translation import gettext as _

from jastar.matching.features import (
    OCCUPATION_LEVELS,
    PLACE_DISTRICT,
    PLACE_DISTRICT_CENTRE,
    PLACE_NEIGHBOUR,
    PLACE_SETTLEMENT,
)
from jastar.matching.scoring import Contribution

# How many helping features a result lists; low features are always listed.
REASONS_SHOWN: Final = 3
LOW: Final = 0.5
# Features whose low value is a concern worth saying (a low text similarity is not).
CONCERNS: Final = ("occupation", "education", "experience", "salary", "employment_type")


@dataclass(frozen=True)
class Reason:
    """One sentence about a pair; ``helps`` tells a reason for from a reason against."""

    feature: str
    helps: bool
    text: str
    contribution: float  # share of the score, 0..1


def _percent(value: float) -> str:
    return f"{round(value * 100)}%"


def _occupation(value: float) -> str:
    levels = {
        OCCUPATION_LEVELS[4]: _("The same occupation the person wants or is skilled in"),
        OCCUPATION_LEVELS[3]: _("A closely related occupation (same minor group)"),
        OCCUPATION_LEVELS[2]: _("A related occupation (same sub-major group)"),
        OCCUPATION_LEVELS[1]: _("An occupation of the same broad group"),
    }
    return levels.get(round(value, 4), _("A different occupation"))


def _place(value: float) -> str:
    places = {
        PLACE_SETTLEMENT: _("In the person's own settlement"),
        PLACE_DISTRICT_CENTRE: _("In the centre of the person's district"),
        PLACE_DISTRICT: _("In the person's district"),
        PLACE_NEIGHBOUR: _("In a neighbouring district"),
    }
    return places.get(round(value, 4), _("Further away"))


def _education(value: float) -> str:
    if value >= 1:
        return _("Education meets the requirement")
    if value == 0.5:
        return _("The person's education is not recorded")
    if value > 0:
        return _("Education one level below the requirement")
    return _("Education below the requirement")


def _experience(value: float) -> str:
    if value >= 1:
        return _("Enough work experience")
    return _("Has %(share)s of the work experience asked for") % {"share": _percent(value)}


def _salary(value: float) -> str:
    if value >= 1:
        return _("Pay meets the expected wage")
    if value == 0.5:
        return _("Pay or expected wage not stated")
    return _("Pay below the expected wage")


def _employment(value: float) -> str:
    if value >= 1:
        return _("The kind of job the person wants")
    if value == 0.5:
        return _("The person has not said what kind of job they want")
    return _("Not the kind of job the person wants")


def _text(value: float) -> str:
    return _("Title and description resemble the person's skills (%(share)s)") % {
        "share": _percent(value)
    }


def _skills(value: float) -> str:
    return _("Names %(share)s of the person's skills") % {"share": _percent(value)}


def _program(value: float) -> str:
    if value > 0:
        return _("A subsidised program place the person is eligible for")
    return _("Not a program place")


def _meaning(value: float) -> str:
    return _("Similar in meaning (%(share)s)") % {"share": _percent(value)}


_SENTENCES: Final[dict[str, Callable[[float], str]]] = {
    "occupation": _occupation,
    "text": _text,
    "skills": _skills,
    "place": _place,
    "education": _education,
    "experience": _experience,
    "salary": _salary,
    "employment_type": _employment,
    "program": _program,
    "meaning": _meaning,
}


def sentence(item: Contribution) -> str:
    """The sentence for one feature of a pair, in the active language."""
    return _SENTENCES[item.feature](item.value)


def reasons(items: list[Contribution]) -> list[Reason]:
    """The top helping features, then every low one (in the reader's language)."""
    helping = [i for i in items if i.contribution > 0 and i.value >= LOW][:REASONS_SHOWN]
    low = [i for i in items if i.value < LOW and i.feature in CONCERNS]
    return [Reason(i.feature, True, sentence(i), i.contribution) for i in helping] + [
        Reason(i.feature, False, sentence(i), i.contribution) for i in low
    ]
