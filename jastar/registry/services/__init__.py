"""Registry services: every change to people, employers, vacancies and placements."""

from jastar.registry.services.applications import (
    application_hire,
    application_set_status,
    candidates_record_view,
    vacancy_apply,
    vacancy_invite,
)
from jastar.registry.services.duplicates import (
    duplicate_dismiss,
    duplicates_flag,
    person_merge,
)
from jastar.registry.services.employers import (
    employer_register,
    employer_update,
    vacancy_create,
    vacancy_set_status,
    vacancy_update,
)
from jastar.registry.services.people import (
    person_change_status,
    person_record_view,
    person_register,
    person_update,
)
from jastar.registry.services.placements import placement_record

__all__ = [
    "application_hire",
    "application_set_status",
    "candidates_record_view",
    "duplicate_dismiss",
    "duplicates_flag",
    "employer_register",
    "employer_update",
    "person_change_status",
    "person_merge",
    "person_record_view",
    "person_register",
    "person_update",
    "placement_record",
    "vacancy_apply",
    "vacancy_create",
    "vacancy_invite",
    "vacancy_set_status",
    "vacancy_update",
]
