"""Reads of the programs module: editions, quota use and spending, eligible people."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Final

from django.db.models import Prefetch, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.functional import lazy

from jastar.core.dates import months_between
from jastar.core.i18n import localized
from jastar.programs.eligibility import RuleSpec, get_rule, rules_from_data, validate_rules
from jastar.programs.facts import PERSON_FACT_FIELDS, facts_from_row, program_histories
from jastar.programs.lifecycle import (
    PLACE_HOLDING_STATUSES,
    ParticipationStatus,
)
from jastar.programs.models import Participation, Program, ProgramEdition, ProgramQuota
from jastar.registry.models import NEET_STATUSES, District, EducationLevel, Person
from jastar.registry.rules import years_before

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# --- Editions -----------------------------------------------------------------------------


def edition_list(*, year: int | None = None) -> QuerySet[ProgramEdition]:
    """Program editions with their program, optionally of one year."""
    editions = ProgramEdition.objects.select_related("program")
    return editions if year is None else editions.filter(year=year)


def edition_get(*, program_code: str, year: int) -> ProgramEdition | None:
    """The edition of a program for a year, or None when there is none."""
    return edition_list(year=year).filter(program__code=program_code).first()


def participation_list(
    *, edition: ProgramEdition | None = None, district: District | None = None
) -> QuerySet[Participation]:
    """Participations with person, edition and district, newest application first."""
    rows = Participation.objects.select_related("person", "edition__program", "district")
    if edition is not None:
        rows = rows.filter(edition=edition)
    return rows if district is None else rows.filter(district=district)


def _lazy_name(obj: object) -> StrOrPromise:
    # Rendered in the reader's language when a message is shown, not when it is built.
    return lazy(localized, str)(obj, "name")


def rule_names() -> tuple[dict[str, StrOrPromise], dict[str, StrOrPromise]]:
    """Display names for rule messages: programs by code, and districts and education
    levels by code (as ``evaluate``'s ``program_names`` and ``labels``)."""
    programs = {p.code: _lazy_name(p) for p in Program.objects.all()}
    labels = {d.code: _lazy_name(d) for d in District.objects.all()}
    labels |= {level.code: _lazy_name(level) for level in EducationLevel.objects.all()}
    return programs, labels


# --- Quota use and spending ---------------------------------------------------------------


@dataclass(frozen=True)
class QuotaUsage:
    """How much of an edition's places and money is taken (in one district, or all)."""

    places_used: int
    committed_tenge: int
    spent_tenge: int


_USAGE_FIELDS: Final = (
    "status",
    "monthly_subsidy_tenge",
    "one_off_tenge",
    "months_planned",
    "enrolled_on",
    "ended_on",
)


def _months_paid(row: Mapping[str, Any], until: date) -> int:
    last_day = until if row["ended_on"] is None else min(row["ended_on"], until)
    planned: int = row["months_planned"]
    return min(months_between(row["enrolled_on"], last_day), planned)


def _committed(row: Mapping[str, Any], today: date) -> int:
    # A drop-out keeps what was paid until they left; the rest of their money is free.
    if row["status"] == ParticipationStatus.DROPPED_OUT:
        months = _months_paid(row, today)
    else:
        months = row["months_planned"]
    return int(row["monthly_subsidy_tenge"]) * months + int(row["one_off_tenge"])


def _spent(row: Mapping[str, Any], today: date) -> int:
    # The one-off payment is made at enrolment; a monthly subsidy for each month completed.
    return int(row["monthly_subsidy_tenge"]) * _months_paid(row, today) + int(row["one_off_tenge"])


def quota_usage(
    edition: ProgramEdition, district: District | None = None, *, today: date | None = None
) -> QuotaUsage:
    """Places taken (enrolled, placed, completed) and money committed and spent so far.

    Committed is each enrolment's monthly subsidy × months planned plus its one-off
    payment; a drop-out counts only what was paid before leaving. Spent counts the whole
    months from enrolment until ``today`` (or until the participation ended).
    """
    today = today or timezone.localdate()
    rows = Participation.objects.filter(
        Q(status__in=PLACE_HOLDING_STATUSES)
        | Q(status=ParticipationStatus.DROPPED_OUT, enrolled_on__isnull=False),
        edition=edition,
    )
    if district is not None:
        rows = rows.filter(district=district)
    values = list(rows.values(*_USAGE_FIELDS))
    return QuotaUsage(
        places_used=sum(1 for row in values if row["status"] in PLACE_HOLDING_STATUSES),
        committed_tenge=sum(_committed(row, today) for row in values),
        spent_tenge=sum(_spent(row, today) for row in values),
    )


def edition_spending(
    edition: ProgramEdition, district: District | None = None, *, today: date | None = None
) -> dict[str, int]:
    """An edition's places and budget (all districts, or one) and how much is used.

    Keys: ``places``, ``places_used``, ``places_left``, ``budget_tenge``,
    ``committed_tenge``, ``budget_left_tenge`` and ``spent_tenge``.
    """
    quotas = ProgramQuota.objects.filter(edition=edition)
    if district is not None:
        quotas = quotas.filter(district=district)
    totals = quotas.aggregate(places=Sum("places"), budget=Sum("budget_tenge"))
    places, budget = totals["places"] or 0, totals["budget"] or 0
    usage = quota_usage(edition, district, today=today)
    return {
        "places": places,
        "places_used": usage.places_used,
        "places_left": max(places - usage.places_used, 0),
        "budget_tenge": budget,
        "committed_tenge": usage.committed_tenge,
        "budget_left_tenge": max(budget - usage.committed_tenge, 0),
        "spent_tenge": usage.spent_tenge,
    }


# --- People eligible for an edition -------------------------------------------------------

CHUNK: Final = 5_000

# Narrowing in SQL for simple top-level rule types, so Python evaluates fewer people. Each
# filter keeps at least everyone the rule would pass; the rules still decide for each one.
Prefilter = Callable[[Mapping[str, Any], date], Q]


def _age_filter(params: Mapping[str, Any], on: date) -> Q:
    # Age ≤ max means born after the day max + 1 years earlier (as rules.person.age_range);
    # a day wider on each side, so a 29 February never falls out by rounding.
    oldest = years_before(on, params["max"] + 1)
    youngest = years_before(on, params["min"]) + timedelta(days=1)
    return Q(birth_date__gte=oldest, birth_date__lte=youngest)


def _graduation_filter(params: Mapping[str, Any], on: date) -> Q:
    condition = Q(graduation_year__gte=on.year - params["years"], graduation_year__lte=on.year)
    if params.get("levels"):
        condition &= Q(education_level__code__in=list(params["levels"]))
    return condition


def _field_filter(params: Mapping[str, Any], on: date) -> Q:
    condition = Q(pk__in=[])
    for accepted in params["fields"]:
        condition |= Q(field_of_study__code__startswith=accepted)
    return condition


PREFILTERS: Final[dict[str, Prefilter]] = {
    "age_range": _age_filter,
    "status_in": lambda params, on: Q(status__in=list(params["statuses"])),
    "neet": lambda params, on: Q(status__in=[s.value for s in NEET_STATUSES]),
    "sex_in": lambda params, on: Q(sex__in=list(params["sexes"])),
    "district_in": lambda params, on: Q(district__code__in=list(params["districts"])),
    "rural_resident": lambda params, on: Q(area="rural"),
    "no_work_experience": lambda params, on: Q(experience_months__lte=params.get("max_months", 0)),
    "graduated_within": _graduation_filter,
    "education_level_at_least": lambda params, on: Q(education_level__order__gte=params["order"]),
    "education_level_in": lambda params, on: Q(education_level__code__in=list(params["levels"])),
    "field_in": _field_filter,
}


def _prefilter(specs: Iterable[RuleSpec], on: date) -> Q:
    condition = Q()
    for spec in specs:
        narrow = PREFILTERS.get(spec.type)
        if narrow is not None:
            condition &= narrow(spec.params, on)
    return condition


def eligible_not_enrolled(
    edition: ProgramEdition, on: date, district: District | None = None
) -> list[int]:
    """Ids of people (in ``district``, if given) eligible on ``on`` for the edition's rules
    and with no active participation in its program, in id order.

    The rules run in Python over PersonFacts built in bulk: one query for people (read in
    chunks), one for program histories. Rules that do not validate find nobody eligible.
    """
    specs, errors = rules_from_data(edition.rules)
    if errors or validate_rules(specs):
        return []
    rules = [(get_rule(spec.type), spec.params) for spec in specs]
    histories = program_histories(on, district=district)
    code = edition.program.code
    people = Person.objects.filter(_prefilter(specs, on))
    if district is not None:
        people = people.filter(district=district)
    eligible: list[int] = []
    for row in people.order_by("id").values(*PERSON_FACT_FIELDS).iterator(chunk_size=CHUNK):
        history = histories.get(row["id"])
        if history is not None and code in history.active:
            continue
        facts = facts_from_row(row, history)
        if all(rule(facts, params, on).passed for rule, params in rules if rule is not None):
            eligible.append(row["id"])
    return eligible


def program_catalogue() -> QuerySet[Program]:
    """Every program with its editions, newest first (a few dozen rows: no pagination)."""
    editions = ProgramEdition.objects.order_by("-year")
    return Program.objects.prefetch_related(Prefetch("editions", queryset=editions))
