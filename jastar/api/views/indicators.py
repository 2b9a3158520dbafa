"""The dashboard's figures for a year: youth, NEET, placements against target, by district."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from jastar.analytics.selectors import dashboard
from jastar.api.permissions import IsOfficeStaff
from jastar.api.serializers.indicators import IndicatorsInputSerializer, IndicatorsOutputSerializer
from jastar.api.views.base import LIST_ERRORS, LocalizedAPIView, render


class IndicatorsApi(LocalizedAPIView):
    """The figures of ``jastar.analytics.selectors.dashboard``, for the region or a district.

    Counts only, no personal data: open to office staff of any district.
    """

    permission_classes = [IsOfficeStaff]

    @extend_schema(
        parameters=[IndicatorsInputSerializer],
        responses={200: IndicatorsOutputSerializer, **LIST_ERRORS},
    )
    def get(self, request: Request) -> Response:
        params = IndicatorsInputSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        year = params.validated_data.get("year") or timezone.localdate().year
        figures = dashboard(year=year, district=params.validated_data.get("district"))
        return render(IndicatorsOutputSerializer, figures, request)
