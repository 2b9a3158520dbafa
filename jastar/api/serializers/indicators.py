"""Serializers of the dashboard figures (``jastar.analytics.selectors.Dashboard``).

The figures are defined in ``docs/indicators.md``; rates and progress are percentages.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from jastar.analytics.forecast import Outlook
from jastar.api.filters import FIRST_YEAR, LAST_YEAR
from jastar.api.serializers.common import by_code
from jastar.registry.models import District


class IndicatorsInputSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField(
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        required=False,
        help_text="This year by default; up to today for the current year.",
    )
    district = by_code(
        District.objects.all(), "District code; the whole region when left out.", required=False
    )

    def validate_year(self, year: int) -> int:
        if year > timezone.localdate().year:
            raise serializers.ValidationError(_("There are no figures for future years yet."))
        return year


class NeetOutputSerializer(serializers.Serializer[Any]):
    """A ``NeetPoint``: the registry's youth (14–35) and how many were NEET on a day."""

    on = serializers.DateField()
    youth = serializers.IntegerField()
    neet = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True, help_text="NEET share of youth, %.")


class ForecastOutputSerializer(serializers.Serializer[Any]):
    point = serializers.IntegerField()
    low = serializers.IntegerField()
    high = serializers.IntegerField()
    years_used = serializers.IntegerField()


class OutcomeOutputSerializer(serializers.Serializer[Any]):
    """An ``Outcome``: placements so far against the year's target, with the forecast."""

    placed = serializers.IntegerField()
    previous = serializers.IntegerField(help_text="The same months of the previous year.")
    change = serializers.FloatField(allow_null=True, help_text="On the previous year, %.")
    target = serializers.IntegerField(allow_null=True)
    progress = serializers.FloatField(allow_null=True, help_text="Share of the target, %.")
    forecast = ForecastOutputSerializer(allow_null=True, help_text="Null once the year is over.")
    outlook = serializers.ChoiceField(choices=[o.value for o in Outlook], allow_null=True)


class DistrictIndicatorsOutputSerializer(serializers.Serializer[Any]):
    """A ``DistrictFigures`` row."""

    district = serializers.CharField(source="district.code")
    name = serializers.CharField(source="district.name")
    placements = OutcomeOutputSerializer(source="outcome")
    neet_start = NeetOutputSerializer()
    neet_now = NeetOutputSerializer()


class IndicatorsOutputSerializer(serializers.Serializer[Any]):
    """A ``Dashboard``: the year's figures for the region or one district."""

    year = serializers.IntegerField(source="period.year")
    on = serializers.DateField(source="period.on", help_text="The figures count up to this day.")
    district = serializers.CharField(source="district.code", allow_null=True)
    youth = serializers.IntegerField(source="neet_now.youth")
    neet = serializers.IntegerField(source="neet_now.neet")
    neet_rate = serializers.FloatField(source="neet_now.rate", allow_null=True)
    neet_start = NeetOutputSerializer(help_text="At the end of the previous year.")
    placements = OutcomeOutputSerializer(source="outcome")
    channels = serializers.DictField(
        child=serializers.IntegerField(), help_text="Placements of the year by channel."
    )
    districts = DistrictIndicatorsOutputSerializer(many=True)
