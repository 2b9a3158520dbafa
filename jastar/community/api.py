"""``/api/v1/community/indicators/``: every community part's figures of a year."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from jastar.api.permissions import IsOfficeStaff
from jastar.api.serializers.indicators import IndicatorsInputSerializer
from jastar.api.views.base import LIST_ERRORS, LocalizedAPIView
from jastar.community.modules import community_figures


class FigureOutputSerializer(serializers.Serializer[Any]):
    """A ``Figure``: one headline number of a part, with its target when it has one."""

    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # "label" names a field here
    value = serializers.JSONField(help_text="A count, a percentage or an amount in tenge.")
    kind = serializers.CharField(help_text="count, percent, tenge, …")
    target = serializers.FloatField(allow_null=True)
    progress = serializers.FloatField(allow_null=True, help_text="Share of the target, %.")


class ModuleOutputSerializer(serializers.Serializer[Any]):
    """A ``ModuleFigures``: one part's figures (the yearly report's section of that part)."""

    key = serializers.CharField()
    title = serializers.CharField()
    figures = FigureOutputSerializer(many=True)


class CommunityIndicatorsOutputSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    district = serializers.CharField(allow_null=True)
    modules = ModuleOutputSerializer(many=True)


class CommunityIndicatorsApi(LocalizedAPIView):
    """Youth centres, volunteering, the talent reserve, prizes and trader formalisation:
    the figures the dashboard and the yearly report show, for the region or a district.

    Counts only, no personal data: open to office staff of any district.
    """

    permission_classes = [IsOfficeStaff]

    @extend_schema(
        parameters=[IndicatorsInputSerializer],
        responses={200: CommunityIndicatorsOutputSerializer, **LIST_ERRORS},
    )
    def get(self, request: Request) -> Response:
        params = IndicatorsInputSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        year = params.validated_data.get("year") or timezone.localdate().year
        district = params.validated_data.get("district")
        modules = community_figures(year=year, district=district)
        data = {"year": year, "district": district.code if district else None, "modules": modules}
        return Response(CommunityIndicatorsOutputSerializer(data).data)
