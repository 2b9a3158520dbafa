"""Reads for outreach: the NEET young people of a district to reach first, and a person's
risk as their page shows it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

from django.db.models import Max

from jastar.insight.models import ContactAttempt, ProgramImpact, RiskModelVersion, RiskScore
from jastar.insight.services import latest_version
from jastar.registry.models import District, Person
from jastar.registry.models.people import NEET_STATUSES

# Risk bands of ten percentiles: within a band, whoever has waited longest comes first.
BAND: Final = 10
NEVER: Final = 10**6  # days since contact of someone never contacted


@dataclass(frozen=True)
class OutreachRow:
    person: Person
    score: RiskScore
    last_contact: ContactAttempt | None
    days_since_contact: int | None  # None: never contacted

    @property
    def band(self) -> int:
        """The risk band, 10 (highest tenth of risk) down to 1."""
        return min(self.score.percentile // BAND + 1, 10)


def outreach_list(district: District, on: date, *, limit: int = 100) -> list[OutreachRow]:
    """NEET young people of ``district`` to contact first: highest risk band first, then
    the longest since anyone contacted them (never first), then the highest risk."""
    version = latest_version()
    if version is None:
        return []
    people = Person.objects.filter(district=district, status__in=NEET_STATUSES)
    scores = {
        s.person_id: s
        for s in RiskScore.objects.filter(version=version, person__in=people).select_related(
            "person"
        )
    }
    last = _last_contacts(list(scores), on)
    rows = [
        OutreachRow(score.person, score, last.get(pid), _days(last.get(pid), on))
        for pid, score in scores.items()
    ]
    rows.sort(
        key=lambda r: (
            -r.band,
            -(NEVER if r.days_since_contact is None else r.days_since_contact),
            -r.score.probability,
            r.person.pk,
        )
    )
    return rows[:limit]


def _last_contacts(person_ids: list[int], on: date) -> dict[int, ContactAttempt]:
    latest = (
        ContactAttempt.objects.filter(person_id__in=person_ids, on__lte=on)
        .values("person_id")
        .annotate(last=Max("on"))
    )
    wanted = {(row["person_id"], row["last"]) for row in latest}
    found: dict[int, ContactAttempt] = {}
    attempts = ContactAttempt.objects.filter(person_id__in=person_ids, on__lte=on)
    for attempt in attempts.order_by("person_id", "-on", "-id"):
        if (attempt.person_id, attempt.on) in wanted and attempt.person_id not in found:
            found[attempt.person_id] = attempt
    return found


def _days(attempt: ContactAttempt | None, on: date) -> int | None:
    return None if attempt is None else (on - attempt.on).days


def person_risk(person: Person) -> RiskScore | None:
    """The person's score by the latest model version (None before any scoring)."""
    version: RiskModelVersion | None = latest_version()
    if version is None:
        return None
    return RiskScore.objects.filter(version=version, person=person).first()


def impact_list(year: int) -> list[ProgramImpact]:
    """The stored impact estimates of a year's program editions, by program and horizon."""
    return list(
        ProgramImpact.objects.filter(edition__year=year)
        .select_related("edition__program")
        .order_by("edition__program__code", "horizon")
    )
