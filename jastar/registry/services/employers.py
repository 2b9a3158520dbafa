"""Registering employers and managing their vacancies."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jastar.core.audit import Actor, audit_record, diff_fields
from jastar.core.identifiers import IdentifierError, parse_bin, parse_iin
from jastar.core.locking import version_bump
from jastar.core.models import AuditAction
from jastar.registry.models import (
    District,
    Employer,
    EmployerKind,
    Industry,
    Settlement,
    Vacancy,
    VacancySource,
    VacancyStatus,
)
from jastar.registry.rules import Errors, add_error, check_salary_range, raise_errors
from jastar.registry.services.common import check_place, refuse_fields


def _check_identifier(errors: Errors, kind: str, value: str) -> None:
    # An individual entrepreneur is registered under the owner's IIN, not a BIN.
    try:
        if kind == EmployerKind.ENTREPRENEUR:
            parse_iin(value)
        else:
            parse_bin(value)
    except IdentifierError as err:
        add_error(errors, "bin", err.message)


def employer_registration_check(
    *, bin: str, kind: str, district: District, settlement: Settlement | None
) -> Errors:
    """Every rule a new employer must meet, without touching the database.

    The BIN (an entrepreneur's IIN) must be valid for the kind, and the settlement must
    lie in the district. The form, the API and bulk imports all register through these.
    """
    errors: Errors = {}
    _check_identifier(errors, kind, bin)
    check_place(errors, district, settlement)
    return errors


def employer_update_check(*, employer: Employer, data: Mapping[str, Any]) -> Errors:
    """The rules a change of ``employer``'s details must meet, without writing."""
    errors: Errors = {}
    check_place(errors, data.get("district", employer.district), data.get("settlement"))
    return errors


@transaction.atomic
def employer_register(
    *,
    actor: Actor,
    bin: str,
    name: str,
    district: District,
    kind: str = EmployerKind.LEGAL_ENTITY,
    industry: Industry | None = None,
    settlement: Settlement | None = None,
    address: str = "",
    contact_person: str = "",
    phone: str = "",
    email: str = "",
) -> Employer:
    """Register an employer after checking its BIN (or IIN for an entrepreneur)."""
    bin = bin.strip()
    raise_errors(
        employer_registration_check(bin=bin, kind=kind, district=district, settlement=settlement)
    )
    employer = Employer(
        bin=bin,
        kind=kind,
        name=name.strip(),
        district=district,
        industry=industry,
        settlement=settlement,
        address=address,
        contact_person=contact_person,
        phone=phone,
        email=email,
    )
    employer.full_clean()
    employer.save()
    audit_record(actor=actor, action=AuditAction.CREATE, target=employer, summary=employer.name)
    return employer


_EMPLOYER_EDITABLE = {
    "name",
    "industry",
    "district",
    "settlement",
    "address",
    "contact_person",
    "phone",
    "email",
}


@transaction.atomic
def employer_update(
    *,
    actor: Actor,
    employer: Employer,
    data: dict[str, Any],
    expected_version: int | None = None,
) -> Employer:
    """Change an employer's details; the BIN identifies it and does not change.

    ``expected_version`` guards against overwriting someone else's change (jastar.core.locking).
    """
    refuse_fields(data, _EMPLOYER_EDITABLE)
    raise_errors(employer_update_check(employer=employer, data=data))
    versioned = version_bump(employer, expected_version)
    changes = diff_fields(employer, data)
    for field_name in changes:
        setattr(employer, field_name, data[field_name])
    employer.full_clean()
    employer.save(update_fields=[*changes, *versioned, "updated_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, target=employer, changes=changes)
    return employer


def vacancy_check(*, values: Mapping[str, Any]) -> Errors:
    """Every rule a vacancy's values must meet, without touching the database.

    ``values`` are Vacancy fields; a missing district skips the place check (the
    services always give one). Shared by the form, the API and bulk imports.
    """
    errors: Errors = {}
    if not (values.get("title_kk") or "").strip() and not (values.get("title_ru") or "").strip():
        add_error(errors, "title_kk", _("Give the title in Kazakh, in Russian, or in both."))
    add_error(
        errors, "salary_max", check_salary_range(values.get("salary_min"), values.get("salary_max"))
    )
    posted_on, closes_on = values.get("posted_on"), values.get("closes_on")
    if posted_on and closes_on and closes_on < posted_on:
        add_error(errors, "closes_on", _("The closing date is before the posting date."))
    if values.get("source") == VacancySource.PROGRAM and values.get("program") is None:
        add_error(errors, "program", _("A program place must name its program."))
    if values.get("district") is not None:
        check_place(errors, values["district"], values.get("settlement"))
    return errors


@transaction.atomic
def vacancy_create(*, actor: Actor, employer: Employer, **values: Any) -> Vacancy:
    """Post a vacancy of ``employer``; the district defaults to the employer's.

    ``values`` are Vacancy fields (title_kk, title_ru, occupation, salary_min, …).
    """
    values.setdefault("district", employer.district)
    values.setdefault("posted_on", timezone.localdate())
    raise_errors(vacancy_check(values=values))
    vacancy = Vacancy(employer=employer, **values)
    vacancy.full_clean()
    vacancy.save()
    audit_record(actor=actor, action=AuditAction.CREATE, target=vacancy, summary=vacancy.title)
    return vacancy


@transaction.atomic
def vacancy_update(
    *,
    actor: Actor,
    vacancy: Vacancy,
    data: dict[str, Any],
    expected_version: int | None = None,
) -> Vacancy:
    """Change a vacancy's text, place, pay or requirements.

    ``expected_version`` guards against overwriting someone else's change (jastar.core.locking).
    """
    if "employer" in data or "status" in data or "version" in data:
        raise ValidationError(_("Use the status change to open, fill or close a vacancy."))
    merged = {f.name: getattr(vacancy, f.name) for f in Vacancy._meta.concrete_fields}
    merged.update(data)
    raise_errors(vacancy_check(values=merged))
    versioned = version_bump(vacancy, expected_version)
    changes = diff_fields(vacancy, data)
    for field_name in changes:
        setattr(vacancy, field_name, data[field_name])
    vacancy.full_clean()
    vacancy.save(update_fields=[*changes, *versioned, "updated_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, target=vacancy, changes=changes)
    return vacancy


@transaction.atomic
def vacancy_set_status(
    *, actor: Actor, vacancy: Vacancy, status: str, on: date | None = None
) -> Vacancy:
    """Open, fill or close a vacancy; closing records the closing date."""
    if status not in VacancyStatus.values:
        raise ValidationError({"status": _("Unknown status %(status)s.") % {"status": status}})
    old = vacancy.status
    versioned = version_bump(vacancy, None)
    vacancy.status = status
    fields = ["status", *versioned, "updated_at"]
    if status != VacancyStatus.OPEN and vacancy.closes_on is None:
        vacancy.closes_on = on or timezone.localdate()
        fields.append("closes_on")
    vacancy.save(update_fields=fields)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=vacancy,
        summary="status",
        changes={"status": [old, status]},
    )
    return vacancy
