"""Registering young people, editing them, and recording their status over time."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, Final

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jastar.core.audit import Actor, actor_user, audit_record, diff_fields
from jastar.core.locking import version_bump
from jastar.core.models import AuditAction
from jastar.core.translit import to_latin, words_search_key
from jastar.registry.duplicates import blocking_key
from jastar.registry.models import (
    Area,
    District,
    EducationLevel,
    FieldOfStudy,
    Language,
    Occupation,
    Person,
    PersonStatus,
    PersonStatusChange,
    Settlement,
    VulnerableGroup,
)
from jastar.registry.rules import (
    Errors,
    Identity,
    add_error,
    check_graduation_year,
    check_identity,
    check_not_future,
    check_youth_age,
    raise_errors,
)
from jastar.registry.services.common import check_place, refuse_fields

_NAME_FIELDS = ("last_name", "first_name", "patronymic")


def default_area(district: District, settlement: Settlement | None) -> str:
    """Urban or rural, from the settlement, or else from the kind of district."""
    # Without a settlement, a city of regional significance is urban, a district rural.
    if settlement is not None:
        return Area.RURAL if settlement.is_rural else Area.URBAN
    return Area.URBAN if district.kind == "city" else Area.RURAL


_LANGUAGE_CODES = frozenset(Language.values)


def _check_languages(errors: Errors, languages: Iterable[str]) -> list[str]:
    known = _LANGUAGE_CODES
    cleaned = [code for code in dict.fromkeys(languages)]
    unknown = [code for code in cleaned if code not in known]
    if unknown:
        add_error(
            errors,
            "languages",
            _("Unknown language codes: %(codes)s.") % {"codes": ", ".join(unknown)},
        )
    return cleaned


def person_fill_derived(person: Person) -> None:
    """Fill the Latin spellings left blank and the search keys from the names."""
    _fill_derived(person)


# Fields _fill_derived sets besides the Latin names.
_DERIVED = ("name_key", "duplicate_key")


def _fill_derived(person: Person) -> None:
    # Through the instance's dict: an import fills these for every row it registers.
    state = person.__dict__
    for name, latin in _LATIN_FIELDS:
        if not state.get(latin):
            state[latin] = to_latin(state[name])
    last, first = state["last_name"], state["first_name"]
    state["name_key"] = words_search_key((last, first, state["patronymic"]))
    state["duplicate_key"] = blocking_key(state["birth_date"], last, first)


_LATIN_FIELDS: Final = tuple((name, f"{name}_latn") for name in _NAME_FIELDS)


def _group_codes(groups: Iterable[VulnerableGroup]) -> list[str]:
    # Codes, not ids, in the audit trail: they stay readable if a group is ever reloaded.
    return sorted({group.code for group in groups})


def person_registration_check(
    *,
    iin: str,
    birth_date: date | None,
    sex: str | None,
    district: District,
    settlement: Settlement | None,
    registered_on: date,
    consent_given_on: date | None,
    status_since: date | None,
    languages: Iterable[str],
    graduation_year: int | None,
    today: date,
) -> tuple[Identity, list[str]]:
    """Every rule a new person must meet, without touching the database.

    Returns the identity (birth date and sex, from the IIN when not given) whose
    ``errors`` hold every problem found, and the cleaned language codes. The form, the
    API and bulk imports all register through these rules.
    """
    identity = check_identity(iin, birth_date, sex)
    errors = identity.errors
    add_error(errors, "registered_on", check_not_future(registered_on, today))
    add_error(errors, "consent_given_on", check_not_future(consent_given_on, today))
    add_error(errors, "status_since", check_not_future(status_since, today))
    check_place(errors, district, settlement)
    cleaned_languages = _check_languages(errors, languages)
    if identity.birth_date is not None and "iin" not in errors:
        add_error(
            errors,
            "birth_date",
            check_youth_age(
                identity.birth_date,
                registered_on,
                settings.JASTAR_YOUTH_MIN_AGE,
                settings.JASTAR_YOUTH_MAX_AGE,
            ),
        )
        add_error(
            errors,
            "graduation_year",
            check_graduation_year(graduation_year, identity.birth_date, today),
        )
    return identity, cleaned_languages


@transaction.atomic
def person_register(
    *,
    actor: Actor,
    iin: str,
    last_name: str,
    first_name: str,
    district: District,
    status: str,
    patronymic: str = "",
    birth_date: date | None = None,
    sex: str | None = None,
    settlement: Settlement | None = None,
    area: str | None = None,
    education_level: EducationLevel | None = None,
    graduation_year: int | None = None,
    field_of_study: FieldOfStudy | None = None,
    status_since: date | None = None,
    languages: Iterable[str] = (),
    skills: str = "",
    skill_occupations: Iterable[Occupation] = (),
    desired_occupations: Iterable[Occupation] = (),
    vulnerable_groups: Iterable[VulnerableGroup] = (),
    phone: str = "",
    email: str = "",
    consent_given_on: date | None = None,
    registered_on: date | None = None,
    experience_months: int = 0,
    expected_salary: int | None = None,
) -> Person:
    """Register a young person: validate identity, age and place, record the status.

    Birth date and sex come from the IIN when not given, and must agree with it when
    given. The person must be 14–35 on the registration date. Writes the first entry of
    the status history and an audit event (with the vulnerable groups, when any). Raises
    ValidationError with every problem.
    """
    today = timezone.localdate()
    registered_on = registered_on or today
    identity, cleaned_languages = person_registration_check(
        iin=iin.strip(),
        birth_date=birth_date,
        sex=sex,
        district=district,
        settlement=settlement,
        registered_on=registered_on,
        consent_given_on=consent_given_on,
        status_since=status_since,
        languages=languages,
        graduation_year=graduation_year,
        today=today,
    )
    errors = identity.errors
    raise_errors(errors)
    assert identity.birth_date is not None and identity.sex is not None  # noqa: S101
    person = Person(
        iin=iin.strip(),
        last_name=last_name.strip(),
        first_name=first_name.strip(),
        patronymic=patronymic.strip(),
        birth_date=identity.birth_date,
        sex=identity.sex,
        district=district,
        settlement=settlement,
        area=area or default_area(district, settlement),
        education_level=education_level,
        graduation_year=graduation_year,
        field_of_study=field_of_study,
        status=status,
        status_since=status_since or registered_on,
        languages=cleaned_languages,
        skills=skills,
        phone=phone,
        email=email,
        consent_given_on=consent_given_on,
        registered_on=registered_on,
        experience_months=experience_months,
        expected_salary=expected_salary,
    )
    _fill_derived(person)
    person.full_clean()
    person.save()
    person.skill_occupations.set(skill_occupations)
    person.desired_occupations.set(desired_occupations)
    groups = list(vulnerable_groups)
    person.vulnerable_groups.set(groups)
    PersonStatusChange.objects.create(
        person=person,
        status=person.status,
        valid_from=person.status_since,
        note=str(_("Status on registration")),
        recorded_by=actor_user(actor),
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=person,
        summary=person.masked_iin,
        changes={"vulnerable_groups": _group_codes(groups)} if groups else None,
    )
    return person


_EDITABLE = {
    "last_name",
    "first_name",
    "patronymic",
    "last_name_latn",
    "first_name_latn",
    "patronymic_latn",
    "district",
    "settlement",
    "area",
    "education_level",
    "graduation_year",
    "field_of_study",
    "languages",
    "skills",
    "phone",
    "email",
    "consent_given_on",
    "experience_months",
    "expected_salary",
}


def person_update_check(
    *, person: Person, data: dict[str, Any], today: date
) -> tuple[Errors, dict[str, Any]]:
    """The rules a change of ``person``'s editable fields must meet, without writing.

    Returns the problems found and the data as it would be saved (languages cleaned,
    urban or rural following a move). Shared by the form, the API and bulk imports.
    """
    errors: Errors = {}
    district = data.get("district", person.district)
    settlement = data.get("settlement", person.settlement)
    check_place(errors, district, settlement)
    if "languages" in data:
        data = {**data, "languages": _check_languages(errors, data["languages"])}
    add_error(errors, "consent_given_on", check_not_future(data.get("consent_given_on"), today))
    add_error(
        errors,
        "graduation_year",
        check_graduation_year(data.get("graduation_year"), person.birth_date, today),
    )
    if ("district" in data or "settlement" in data) and "area" not in data:
        data = {**data, "area": default_area(district, settlement)}
    return errors, data


@transaction.atomic
def person_update(
    *,
    actor: Actor,
    person: Person,
    data: dict[str, Any],
    skill_occupations: Iterable[Occupation] | None = None,
    desired_occupations: Iterable[Occupation] | None = None,
    vulnerable_groups: Iterable[VulnerableGroup] | None = None,
    expected_version: int | None = None,
) -> Person:
    """Change a person's editable fields; the IIN, birth date and status have their own paths.

    Only changed fields are saved; the audit event lists old and new values, the
    vulnerable groups as codes. ``None`` for a many-to-many leaves it as it is. A form
    passes the ``expected_version`` it showed: a change made by someone else since then
    is refused (jastar.core.locking).
    """
    refuse_fields(data, _EDITABLE)
    errors, data = person_update_check(person=person, data=data, today=timezone.localdate())
    raise_errors(errors)
    versioned = version_bump(person, expected_version)
    changes = diff_fields(person, data)
    for field_name in changes:
        setattr(person, field_name, data[field_name])
    if any(f in changes for f in _NAME_FIELDS):
        for name in _NAME_FIELDS:
            if f"{name}_latn" not in data:
                setattr(person, f"{name}_latn", "")
        _fill_derived(person)
    person.full_clean()
    fields = [
        *changes,
        *_DERIVED,
        *(f"{n}_latn" for n in _NAME_FIELDS),
        *versioned,
        "updated_at",
    ]
    person.save(update_fields=list(dict.fromkeys(fields)))
    if skill_occupations is not None:
        person.skill_occupations.set(skill_occupations)
    if desired_occupations is not None:
        person.desired_occupations.set(desired_occupations)
    if vulnerable_groups is not None:
        changes |= _set_groups(person, vulnerable_groups)
    audit_record(actor=actor, action=AuditAction.UPDATE, target=person, changes=changes)
    return person


def _set_groups(person: Person, groups: Iterable[VulnerableGroup]) -> dict[str, Any]:
    """Set the person's groups; ``{"vulnerable_groups": [old, new]}`` when they changed."""
    chosen = list(groups)
    old = sorted(person.vulnerable_groups.values_list("code", flat=True))
    new = _group_codes(chosen)
    if old == new:
        return {}
    person.vulnerable_groups.set(chosen)
    return {"vulnerable_groups": [old, new]}


@transaction.atomic
def person_change_status(
    *,
    actor: Actor,
    person: Person,
    status: str,
    valid_from: date,
    note: str = "",
) -> PersonStatusChange:
    """Record that ``person`` has ``status`` from ``valid_from`` on.

    A second change on the same day replaces the first. The person's current status is
    the latest change that has already taken effect.
    """
    errors: Errors = {}
    if status not in PersonStatus.values:
        add_error(errors, "status", _("Unknown status %(status)s.") % {"status": status})
    add_error(errors, "valid_from", check_not_future(valid_from, timezone.localdate()))
    if valid_from < person.birth_date:
        add_error(errors, "valid_from", _("The status cannot start before the birth date."))
    raise_errors(errors)
    user = actor_user(actor)
    change, _created = PersonStatusChange.objects.update_or_create(
        person=person,
        valid_from=valid_from,
        defaults={"status": status, "note": note, "recorded_by": user},
    )
    _refresh_current_status(person)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=person,
        summary="status",
        changes={"status": status, "valid_from": valid_from.isoformat()},
    )
    return change


def _refresh_current_status(person: Person) -> None:
    latest = (
        PersonStatusChange.objects.filter(person=person, valid_from__lte=timezone.localdate())
        .order_by("-valid_from")
        .first()
    )
    if latest is None:
        return
    if (person.status, person.status_since) != (latest.status, latest.valid_from):
        person.status = latest.status
        person.status_since = latest.valid_from
        person.save(update_fields=["status", "status_since", "updated_at"])


def person_record_view(*, actor: Actor, person: Person, ip_address: str | None = None) -> None:
    """Audit that ``actor`` opened the personal record of ``person``."""
    audit_record(
        actor=actor,
        action=AuditAction.VIEW,
        target=person,
        summary=person.masked_iin,
        ip_address=ip_address,
    )
