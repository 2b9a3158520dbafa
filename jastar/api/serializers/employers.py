"""Serializers of employers and their vacancies."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from jastar.api.serializers.common import ScopedInputSerializer, by_code, code_of, scoped
from jastar.api.serializers.people import MAX_MONTHS, MAX_TENGE, MAX_VERSION
from jastar.programs.models import Program
from jastar.registry.models import (
    District,
    EducationLevel,
    Employer,
    EmployerKind,
    EmploymentType,
    Industry,
    Occupation,
    Settlement,
    Vacancy,
    VacancySource,
    VacancyStatus,
)

# --- Employers ----------------------------------------------------------------------------


class EmployerOutputSerializer(serializers.Serializer[Employer]):
    id = serializers.IntegerField()
    version = serializers.IntegerField(help_text="Send it back with a change (PATCH).")
    bin = serializers.CharField()
    kind = serializers.ChoiceField(choices=EmployerKind.choices)
    name = serializers.CharField()
    industry = code_of("industry")
    district = serializers.CharField(source="district.code")
    settlement = serializers.IntegerField(source="settlement_id", allow_null=True)
    address = serializers.CharField()
    contact_person = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()


class EmployerFieldsInputSerializer(serializers.Serializer[Any]):
    """The details registration and edits share; all optional here."""

    name = serializers.CharField(max_length=255, required=False)
    industry = by_code(Industry.objects.all(), "Industry (OKED section) code.", required=False)
    district = by_code(District.objects.all(), "District code, e.g. karasai.", required=False)
    settlement = serializers.PrimaryKeyRelatedField(
        queryset=Settlement.objects.all(), required=False, allow_null=True
    )
    address = serializers.CharField(max_length=255, required=False, allow_blank=True)
    contact_person = serializers.CharField(max_length=255, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=32, required=False, allow_blank=True)
    email = serializers.EmailField(max_length=254, required=False, allow_blank=True)


class EmployerRegisterInputSerializer(EmployerFieldsInputSerializer):
    bin = serializers.CharField(max_length=12, help_text="BIN (an entrepreneur's IIN).")
    kind = serializers.ChoiceField(choices=EmployerKind.choices, default=EmployerKind.LEGAL_ENTITY)
    name = serializers.CharField(max_length=255)
    district = by_code(District.objects.all(), "District code, e.g. karasai.")


class EmployerUpdateInputSerializer(EmployerFieldsInputSerializer):
    version = serializers.IntegerField(
        min_value=1, max_value=MAX_VERSION, help_text="The record's version when it was read."
    )


# --- Vacancies ----------------------------------------------------------------------------


class VacancyEmployerOutputSerializer(serializers.Serializer[Employer]):
    id = serializers.IntegerField()
    name = serializers.CharField()


class VacancyOutputSerializer(serializers.Serializer[Vacancy]):
    id = serializers.IntegerField()
    version = serializers.IntegerField(help_text="Send it back with a change (PATCH).")
    employer = VacancyEmployerOutputSerializer()
    # In the request's language, falling back to the other.
    title = serializers.CharField()
    title_kk = serializers.CharField()
    title_ru = serializers.CharField()
    description_kk = serializers.CharField()
    description_ru = serializers.CharField()
    occupation = code_of("occupation")
    district = serializers.CharField(source="district.code")
    settlement = serializers.IntegerField(source="settlement_id", allow_null=True)
    salary_min = serializers.IntegerField(allow_null=True)
    salary_max = serializers.IntegerField(allow_null=True)
    employment_type = serializers.ChoiceField(choices=EmploymentType.choices)
    education_required = code_of("education_required")
    experience_months_required = serializers.IntegerField()
    places = serializers.IntegerField()
    status = serializers.ChoiceField(choices=VacancyStatus.choices)
    # The serializer metaclass takes declared fields off the class, so this does not
    # replace Field.source; only the type checker sees a clash.
    source = serializers.ChoiceField(choices=VacancySource.choices)  # type: ignore[assignment]
    program = code_of("program")
    posted_on = serializers.DateField()
    closes_on = serializers.DateField(allow_null=True)


def _tenge() -> Any:
    return serializers.IntegerField(
        min_value=0, max_value=MAX_TENGE, required=False, allow_null=True
    )


class VacancyFieldsInputSerializer(serializers.Serializer[Any]):
    """The fields posting and edits share; all optional here."""

    title_kk = serializers.CharField(max_length=255, required=False, allow_blank=True)
    title_ru = serializers.CharField(max_length=255, required=False, allow_blank=True)
    description_kk = serializers.CharField(max_length=10_000, required=False, allow_blank=True)
    description_ru = serializers.CharField(max_length=10_000, required=False, allow_blank=True)
    occupation = by_code(
        Occupation.objects.all(), "Occupation code, e.g. 8322.", required=False, allow_null=True
    )
    district = by_code(
        District.objects.all(), "District code; the employer's by default.", required=False
    )
    settlement = serializers.PrimaryKeyRelatedField(
        queryset=Settlement.objects.all(), required=False, allow_null=True
    )
    salary_min = _tenge()
    salary_max = _tenge()
    employment_type = serializers.ChoiceField(choices=EmploymentType.choices, required=False)
    education_required = by_code(
        EducationLevel.objects.all(), "Education level code.", required=False, allow_null=True
    )
    experience_months_required = serializers.IntegerField(
        min_value=0, max_value=MAX_MONTHS, required=False
    )
    places = serializers.IntegerField(min_value=1, max_value=10_000, required=False)
    program = by_code(
        Program.objects.all(),
        "Program code of a subsidised place.",
        required=False,
        allow_null=True,
    )
    closes_on = serializers.DateField(required=False, allow_null=True)


class VacancyCreateInputSerializer(ScopedInputSerializer, VacancyFieldsInputSerializer):
    """A new vacancy. ``employer`` must be one the caller may see (their own for an
    employer's login)."""

    employer = scoped(Employer.objects.none(), "Employer id.")
    employment_type = serializers.ChoiceField(choices=EmploymentType.choices)
    source = serializers.ChoiceField(  # type: ignore[assignment]  # see VacancyOutput
        choices=VacancySource.choices, required=False
    )
    posted_on = serializers.DateField(required=False, help_text="Today by default.")


class VacancyUpdateInputSerializer(VacancyFieldsInputSerializer):
    version = serializers.IntegerField(
        min_value=1, max_value=MAX_VERSION, help_text="The record's version when it was read."
    )


class VacancyStatusInputSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=VacancyStatus.choices)
    on = serializers.DateField(
        required=False, help_text="Closing date when filled or closed; today by default."
    )
