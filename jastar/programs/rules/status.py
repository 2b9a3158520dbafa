"""Rules on what the person is doing now: status and work experience."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from jastar.programs.eligibility import Param, PersonFacts, RuleResult, joined, message, rule
from jastar.registry.models.people import NEET_STATUSES, PersonStatus

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def status_label(value: str) -> StrOrPromise:
    """A status in words (the PersonStatus label); an unknown value shows as itself."""
    try:
        return PersonStatus(value).label
    except ValueError:
        return value


def _status_details(person: PersonFacts) -> dict[str, Any]:
    return {"status": person.status, "status_since": person.status_since.isoformat()}


@rule(Param("statuses", "str_list", choices=tuple(PersonStatus.values)))
def status_in(person: PersonFacts, params: Mapping[str, Any], on: date) -> RuleResult:
    """The person's current status is one of ``statuses``."""
    statuses: list[str] = list(params["statuses"])
    passed = person.status in statuses
    status = status_label(person.status)
    if passed:
        text = message(_("Status is “%(status)s”, which the program accepts."), status=status)
    else:
        text = message(
            _("Status is “%(status)s”; the program accepts only: %(accepted)s."),
            status=status,
            accepted=joined(status_label(s) for s in statuses),
        )
    details = {**_status_details(person), "statuses": statuses}
    return RuleResult("status_in", passed, text, details)


@rule()
def neet(person: PersonFacts, params: Mapping[str, Any], on: date) -> RuleResult:
    """The person is NEET: unemployed or inactive (not in employment, education or training)."""
    passed = person.status in NEET_STATUSES
    status = status_label(person.status)
    if passed:
        text = message(
            _("Not in employment, education or training (status “%(status)s”)."), status=status
        )
    else:
        text = message(
            _(
                "Status is “%(status)s”; the program is for young people not in "
                "employment, education or training."
            ),
            status=status,
        )
    return RuleResult("neet", passed, text, _status_details(person))


@rule(Param("max_months", "int", required=False))
def no_work_experience(person: PersonFacts, params: Mapping[str, Any], on: date) -> RuleResult:
    """Work experience is at most ``max_months`` months (default 0: none at all)."""
    limit: int = params.get("max_months", 0)
    months = person.experience_months
    passed = months <= limit
    # Months are shown as "in months: N" so no language needs a plural form of "month".
    if months == 0:
        text = _("Has no work experience.")
    elif passed:
        text = message(
            _("Work experience in months: %(months)d, within the limit of %(max)d."),
            months=months,
            max=limit,
        )
    else:
        text = message(
            _("Work experience in months: %(months)d, above the limit of %(max)d."),
            months=months,
            max=limit,
        )
    details = {"experience_months": months, "max_months": limit}
    return RuleResult("no_work_experience", passed, text, details)
