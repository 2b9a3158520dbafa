"""Input and output serializers of API v1: shapes only, no business rules (STYLE rule 6).

Names are unique across the API because drf-spectacular names schema components after them.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from jastar.matching.models import RunStatus
from jastar.programs.models import Payer, ProgramKind
from jastar.registry.models import District


class ErrorOutputSerializer(serializers.Serializer[Any]):
    """The one error format (see ``jastar.api.exceptions``)."""

    message = serializers.CharField()
    extra = serializers.DictField(child=serializers.JSONField())


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


# --- Matching -----------------------------------------------------------------------------


class MatchLimitInputSerializer(serializers.Serializer[Any]):
    limit = serializers.IntegerField(
        min_value=1, max_value=50, default=10, help_text="How many to list (1–50); 10 by default."
    )


class MatchReasonOutputSerializer(serializers.Serializer[Any]):
    """One ``matching.reasons.Reason``: a sentence for or (``helps`` false) against a pair."""

    feature = serializers.CharField()
    helps = serializers.BooleanField()
    text = serializers.CharField()
    # The feature's share of the score, 0..1.
    contribution = serializers.FloatField()


class MatchVacancyOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    title_kk = serializers.CharField()
    title_ru = serializers.CharField()
    employer = serializers.CharField(source="employer.name")
    district = serializers.CharField(source="district.code")
    # The settlement's name in the request's language.
    settlement = serializers.CharField(source="settlement.name", allow_null=True)
    salary_min = serializers.IntegerField(allow_null=True)
    salary_max = serializers.IntegerField(allow_null=True)
    # The program's code when the vacancy is a subsidised program place.
    program = serializers.CharField(source="program.code", allow_null=True)


class VacancyRecommendationOutputSerializer(serializers.Serializer[Any]):
    """One ``matching.selectors.VacancyMatch``."""

    vacancy = MatchVacancyOutputSerializer()
    score = serializers.FloatField()
    reasons = MatchReasonOutputSerializer(many=True)


class RuleMessageField(serializers.CharField):
    """A rule result (``programs.eligibility.RuleResult``) as its sentence."""

    def to_representation(self, value: Any) -> str:
        return str(value.message)


class ProgramRecommendationOutputSerializer(serializers.Serializer[Any]):
    """One ``matching.selectors.ProgramMatch``."""

    program = serializers.CharField(source="edition.program.code")
    program_name = serializers.CharField(source="edition.program.name")
    year = serializers.IntegerField(source="edition.year")
    score = serializers.FloatField()
    eligible = serializers.BooleanField(source="eligibility.eligible")
    # None when no quota is set for the person's district.
    places_left = serializers.IntegerField(allow_null=True)
    program_places_nearby = serializers.IntegerField()
    reasons = serializers.ListField(child=serializers.CharField())
    failures = serializers.ListField(child=RuleMessageField(), source="eligibility.failures")


class CandidatePersonOutputSerializer(serializers.Serializer[Any]):
    """A candidate without personal data: id, district code and age on the day matched."""

    id = serializers.IntegerField()
    district = serializers.CharField(source="district.code")
    age = serializers.SerializerMethodField()

    def get_age(self, person: Any) -> int:
        return int(person.age_on(self.context["on"]))


class VacancyCandidateOutputSerializer(serializers.Serializer[Any]):
    """One ``matching.selectors.CandidateMatch``."""

    person = CandidatePersonOutputSerializer()
    score = serializers.FloatField()
    reasons = MatchReasonOutputSerializer(many=True)


class OccupationLookupInputSerializer(serializers.Serializer[Any]):
    q = serializers.CharField(help_text="An occupation's name in any language or script.")
    limit = serializers.IntegerField(
        min_value=1, max_value=50, default=5, help_text="How many to list (1–50); 5 by default."
    )


class OccupationLookupOutputSerializer(serializers.Serializer[Any]):
    """One ``matching.selectors.OccupationResult``."""

    code = serializers.CharField(source="occupation.code")
    name_kk = serializers.CharField(source="occupation.name_kk")
    name_ru = serializers.CharField(source="occupation.name_ru")
    name_en = serializers.CharField(source="occupation.name_en")
    score = serializers.FloatField()
    # The name or synonym that matched the text.
    matched = serializers.CharField()


class MatchRunInputSerializer(serializers.Serializer[Any]):
    district = serializers.SlugRelatedField(
        slug_field="code",
        queryset=District.objects.all(),
        required=False,
        allow_null=True,
        help_text="A district's code; the whole region when left out.",
    )


class MatchRunOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    on = serializers.DateField()
    district = serializers.CharField(source="district.code", allow_null=True)
    status = serializers.ChoiceField(choices=RunStatus.choices)
    shards_done = serializers.IntegerField()
    shards_total = serializers.IntegerField()
    people = serializers.IntegerField()
    vacancies = serializers.IntegerField()
    matches = serializers.IntegerField()
    seconds = serializers.FloatField()
