"""Plain records of the demo region, referring to reference data by code.

Places are district codes and settlements are (district code, Kazakh name); occupations,
education levels, fields of study, industries and programs are their codes. Employers,
vacancies and people are referred to by their index in the region's lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

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
