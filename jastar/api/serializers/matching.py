"""Serializers of matching: recommendations, candidates, occupation lookup, batch runs."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from jastar.core.access import can_see_personal_data, scope_of
from jastar.matching.models import RunStatus
from jastar.registry.models import District

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
    """A candidate: id, district code and age on the day matched; the name for the
    vacancy's employer and for staff who may see personal data, the masked IIN for staff
    only (an employer gets names, no IIN)."""

    id = serializers.IntegerField()
    district = serializers.CharField(source="district.code")
    age = serializers.SerializerMethodField()
    name = serializers.CharField(source="full_name", allow_null=True)
    iin = serializers.CharField(source="masked_iin", allow_null=True, help_text="Masked.")

    def get_age(self, person: Any) -> int:
        return int(person.age_on(self.context["on"]))

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = dict(super().to_representation(instance))
        user = self.context["request"].user
        staff_with_personal_data = can_see_personal_data(user, instance)
        # can_see_candidates has let the caller in: an employer here is the vacancy's own.
        names = staff_with_personal_data or scope_of(user).employer_id is not None
        return {
            **data,
            "name": data["name"] if names else None,
            "iin": data["iin"] if staff_with_personal_data else None,
        }


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
