"""Serializers of young people's records: lists, the record, registration, edits, status.

Personal data (IIN, names, birth date, contacts, vulnerable groups) is shown only to those
``can_see_personal_data`` allows; others get the IIN masked and the rest null (analysts get
de-identified rows). Lists mask the IIN for everyone; only the record shows it whole.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from jastar.api.serializers.common import by_code, code_of, personal, withhold
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
    Sex,
    VulnerableGroup,
)

# Bounds that keep numbers inside their database columns; the services check the rest.
MAX_MONTHS = 600
MAX_TENGE = 100_000_000
MAX_VERSION = 2_147_483_647

_LIST_PERSONAL = ("last_name", "first_name", "patronymic", "birth_date")
_RECORD_PERSONAL = (
    *_LIST_PERSONAL,
    "last_name_latn",
    "first_name_latn",
    "patronymic_latn",
    "phone",
    "email",
    "vulnerable_groups",
)


@extend_schema_field(serializers.ListField(child=serializers.CharField()))
class CodesField(serializers.Field):  # type: ignore[type-arg]
    """A many-to-many relation to reference data, as the sorted codes of its rows."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value: Any) -> list[str]:
        return sorted(row.code for row in value.all())


class PersonListOutputSerializer(serializers.Serializer[Person]):
    """A row of the people list."""

    id = serializers.IntegerField()
    iin = serializers.CharField(source="masked_iin", help_text="Masked: ********3456.")
    last_name = serializers.CharField(allow_null=True)
    first_name = serializers.CharField(allow_null=True)
    patronymic = serializers.CharField(allow_null=True)
    birth_date = serializers.DateField(allow_null=True)
    age = serializers.SerializerMethodField()
    sex = serializers.ChoiceField(choices=Sex.choices)
    district = serializers.CharField(source="district.code")
    settlement = serializers.IntegerField(source="settlement_id", allow_null=True)
    area = serializers.ChoiceField(choices=Area.choices)
    status = serializers.ChoiceField(choices=PersonStatus.choices)
    status_since = serializers.DateField()
    is_neet = serializers.BooleanField()
    registered_on = serializers.DateField()

    personal_fields: tuple[str, ...] = _LIST_PERSONAL

    def get_age(self, person: Person) -> int:
        return person.age_on(self.context["on"])

    def to_representation(self, instance: Person) -> dict[str, Any]:
        data = dict(super().to_representation(instance))
        if personal(self.context, instance):
            return data
        return withhold(data, self.personal_fields)


class PersonOutputSerializer(PersonListOutputSerializer):
    """A person's record. ``iin`` is the whole IIN for those who may see personal data."""

    iin = serializers.CharField(help_text="The whole IIN, or masked without personal data.")
    version = serializers.IntegerField(help_text="Send it back with a change (PATCH).")
    last_name_latn = serializers.CharField(allow_null=True)
    first_name_latn = serializers.CharField(allow_null=True)
    patronymic_latn = serializers.CharField(allow_null=True)
    settlement_name = serializers.CharField(source="settlement.name", allow_null=True)
    education_level = code_of("education_level")
    graduation_year = serializers.IntegerField(allow_null=True)
    field_of_study = code_of("field_of_study")
    experience_months = serializers.IntegerField()
    expected_salary = serializers.IntegerField(allow_null=True)
    languages = serializers.ListField(child=serializers.CharField())
    skills = serializers.CharField()
    skill_occupations = CodesField()
    desired_occupations = CodesField()
    vulnerable_groups = CodesField(allow_null=True)
    phone = serializers.CharField(allow_null=True)
    email = serializers.CharField(allow_null=True)
    consent_given_on = serializers.DateField(allow_null=True)

    personal_fields = _RECORD_PERSONAL

    def to_representation(self, instance: Person) -> dict[str, Any]:
        data = super().to_representation(instance)
        if not personal(self.context, instance):
            data["iin"] = instance.masked_iin
        return data


def _occupations(help_text: str) -> Any:
    return by_code(Occupation.objects.all(), help_text, many=True, required=False)


class PersonFieldsInputSerializer(serializers.Serializer[Any]):
    """The fields registration and edits share; all optional here."""

    last_name = serializers.CharField(max_length=100, required=False)
    first_name = serializers.CharField(max_length=100, required=False)
    patronymic = serializers.CharField(max_length=100, required=False, allow_blank=True)
    district = by_code(District.objects.all(), "District code, e.g. karasai.", required=False)
    settlement = serializers.PrimaryKeyRelatedField(
        queryset=Settlement.objects.all(), required=False, allow_null=True
    )
    area = serializers.ChoiceField(choices=Area.choices, required=False)
    education_level = by_code(
        EducationLevel.objects.all(), "Education level code.", required=False, allow_null=True
    )
    graduation_year = serializers.IntegerField(
        min_value=1950, max_value=2100, required=False, allow_null=True
    )
    field_of_study = by_code(
        FieldOfStudy.objects.all(), "ISCED-F code.", required=False, allow_null=True
    )
    languages = serializers.ListField(
        child=serializers.ChoiceField(choices=Language.choices), required=False
    )
    skills = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    skill_occupations = _occupations("Occupation codes of the person's skills.")
    desired_occupations = _occupations("Occupation codes the person wants.")
    vulnerable_groups = by_code(
        VulnerableGroup.objects.all(), "Vulnerable group codes.", many=True, required=False
    )
    phone = serializers.CharField(max_length=32, required=False, allow_blank=True)
    email = serializers.EmailField(max_length=254, required=False, allow_blank=True)
    consent_given_on = serializers.DateField(required=False, allow_null=True)
    experience_months = serializers.IntegerField(min_value=0, max_value=MAX_MONTHS, required=False)
    expected_salary = serializers.IntegerField(
        min_value=0, max_value=MAX_TENGE, required=False, allow_null=True
    )


class PersonRegisterInputSerializer(PersonFieldsInputSerializer):
    """A new person. Birth date and sex come from the IIN when left out."""

    iin = serializers.CharField(max_length=12, help_text="12 digits.")
    last_name = serializers.CharField(max_length=100)
    first_name = serializers.CharField(max_length=100)
    district = by_code(District.objects.all(), "District code, e.g. karasai.")
    status = serializers.ChoiceField(choices=PersonStatus.choices)
    birth_date = serializers.DateField(required=False)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False)
    status_since = serializers.DateField(required=False)
    registered_on = serializers.DateField(required=False)


class PersonUpdateInputSerializer(PersonFieldsInputSerializer):
    """A change of some fields; ``version`` is the one the change was based on."""

    version = serializers.IntegerField(
        min_value=1, max_value=MAX_VERSION, help_text="The record's version when it was read."
    )


class PersonStatusInputSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=PersonStatus.choices)
    valid_from = serializers.DateField(required=False, help_text="Today by default.")
    note = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class PersonStatusOutputSerializer(serializers.Serializer[PersonStatusChange]):
    person_id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=PersonStatus.choices)
    valid_from = serializers.DateField()
    note = serializers.CharField()
