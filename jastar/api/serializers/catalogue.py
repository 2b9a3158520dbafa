"""Serializers of the program catalogue and of people's eligibility."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from jastar.programs.models import Payer, ProgramKind

# --- Programs -----------------------------------------------------------------------------


class EditionOutputSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    max_duration_months = serializers.IntegerField(allow_null=True)
    subsidy_mrp = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    subsidy_wage_share = serializers.DecimalField(max_digits=4, decimal_places=3, allow_null=True)
    subsidy_cap_mrp = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    one_off_mrp = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    payer = serializers.ChoiceField(choices=Payer.choices)
    is_verified = serializers.BooleanField()
    # As stored: a list of {"type": ..., "params": {...}} (see programs.eligibility).
    rules = serializers.ListField(child=serializers.DictField(child=serializers.JSONField()))


class ProgramOutputSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    kind = serializers.ChoiceField(choices=ProgramKind.choices)
    is_active = serializers.BooleanField()
    name_kk = serializers.CharField()
    name_ru = serializers.CharField()
    name_en = serializers.CharField()
    # In the request's language, falling back kk → ru → en.
    name = serializers.CharField()
    editions = EditionOutputSerializer(many=True)


# --- Eligibility --------------------------------------------------------------------------


class EligibilityInputSerializer(serializers.Serializer[Any]):
    on = serializers.DateField(
        required=False, help_text="The date to check on (YYYY-MM-DD); today by default."
    )


class RuleResultOutputSerializer(serializers.Serializer[Any]):
    type = serializers.CharField()
    passed = serializers.BooleanField()
    # A lazy sentence, rendered here in the request's language.
    message = serializers.CharField()
    details = serializers.DictField(child=serializers.JSONField())


class ProgramEligibilityOutputSerializer(serializers.Serializer[Any]):
    """One ``eligibility_display.EligibilityRow``: an edition and the person's outcome."""

    program_code = serializers.CharField(source="outcome.program_code")
    program_name = serializers.CharField(source="edition.program.name")
    edition_year = serializers.IntegerField(source="edition.year")
    eligible = serializers.BooleanField(source="outcome.eligible")
    results = RuleResultOutputSerializer(source="outcome.results", many=True)


class PersonEligibilityOutputSerializer(serializers.Serializer[Any]):
    person_id = serializers.IntegerField()
    on = serializers.DateField()
    programs = ProgramEligibilityOutputSerializer(many=True)
