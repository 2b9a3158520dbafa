"""Plain records of the demo region, referring to reference data by code.

Places are district codes and settlements are (district code, Kazakh name); occupations,
education levels, fields of study, industries and programs are their codes. Employers,
vacancies, people and placements are referred to by their index in the region's lists,
program editions by (program code, year).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

SettlementKey = tuple[str, str]  # (district code, name_kk)


@dataclass(frozen=True, slots=True)
class StatusChangeRecord:
    valid_from: date
    status: str


@dataclass(frozen=True, slots=True)
class PersonRecord:
    index: int
    iin: str
    last_name: str
    first_name: str
    patronymic: str
    birth_date: date
    sex: str
    district: str
    settlement: SettlementKey
    area: str
    education_level: str | None
    graduation_year: int | None
    field_of_study: str | None
    experience_months: int
    expected_salary: int | None
    languages: tuple[str, ...]
    skills: str
    skill_occupations: tuple[str, ...]
    desired_occupations: tuple[str, ...]
    phone: str
    email: str
    consent_given_on: date | None
    registered_on: date
    status_changes: tuple[StatusChangeRecord, ...]

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)

    @property
    def status(self) -> str:
        """The status in force on the last day of the history."""
        return self.status_changes[-1].status

    @property
    def status_since(self) -> date:
        return self.status_changes[-1].valid_from


@dataclass(frozen=True, slots=True)
class EmployerRecord:
    index: int
    bin: str
    kind: str
    name: str
    industry: str
    district: str
    settlement: SettlementKey
    contact_person: str
    phone: str
    email: str


@dataclass(frozen=True, slots=True)
class VacancyRecord:
    index: int
    employer: int
    title_kk: str
    title_ru: str
    description_kk: str
    description_ru: str
    occupation: str
    district: str
    settlement: SettlementKey
    salary_min: int | None
    salary_max: int | None
    employment_type: str
    education_required: str | None
    experience_months_required: int
    places: int
    status: str
    source: str
    external_id: str
    program: str | None
    posted_on: date
    closes_on: date | None


@dataclass(frozen=True, slots=True)
class PlacementRecord:
    person: int
    employer: int | None
    vacancy: int | None
    start_date: date
    end_date: date | None
    employment_type: str
    channel: str
    program: str | None
    district: str
    monthly_wage: int | None


@dataclass(frozen=True, slots=True)
class ParticipationEventRecord:
    """One change of a participation's status; ``from_status`` is "" for the application."""

    from_status: str
    to_status: str
    on: date
    reason: str = ""


@dataclass(frozen=True, slots=True)
class FollowUpRecord:
    kind: str  # a FollowUpKind value: "6m", "12m"
    due_on: date
    done_on: date | None
    still_employed: bool | None


@dataclass(frozen=True, slots=True)
class GrantRecord:
    """The business plan of a grant participation and what became of it (awarded)."""

    business_name: str
    business_idea: str
    activity: str  # industry code
    market: str
    costs: str
    revenue_plan: str
    planned_jobs: int
    own_contribution_tenge: int
    requested_tenge: int
    awarded_tenge: int
    submitted_on: date
    score_average: Decimal
    rank: int
    disbursed_on: date
    survival_checked_on: date | None
    survived: bool | None
    survival_note: str


@dataclass(frozen=True, slots=True)
class ParticipationRecord:
    """A person's way through one program edition (``program`` in ``year``).

    ``placement`` is the index of the linked placement in the region's placements.
    """

    person: int
    program: str
    year: int
    district: str
    status: str
    applied_on: date
    decided_on: date | None
    enrolled_on: date | None
    placed_on: date | None
    ended_on: date | None
    rejection_reason: str
    drop_reason: str
    placement: int | None
    monthly_subsidy_tenge: int
    one_off_tenge: int
    months_planned: int | None
    events: tuple[ParticipationEventRecord, ...]
    follow_ups: tuple[FollowUpRecord, ...] = ()
    grant: GrantRecord | None = None


@dataclass(frozen=True, slots=True)
class QuotaRecord:
    program: str
    year: int
    district: str
    places: int
    budget_tenge: int
