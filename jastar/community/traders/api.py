"""REST API v1 of trader formalisation: markets, traders, contracts, progress.

Office staff read (markets of their districts, traders of the people they reach; names
only for those who may see personal data, and audited); those who manage community work
of the market's district record contracts. Out-of-scope records answer 404.
"""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from jastar.api.permissions import IsOfficeStaff
from jastar.api.views.base import (
    CREATE_ERRORS,
    LIST_ERRORS,
    RECORD_ERRORS,
    ListAPIView,
    LocalizedAPIView,
    context,
    render,
)
from jastar.community.traders import selectors, services
from jastar.community.traders.api_filters import ContractFilter, MarketFilter, TraderFilter
from jastar.community.traders.api_serializers import (
    ContractOutputSerializer,
    ContractSignInputSerializer,
    MarketOutputSerializer,
    ProgressInputSerializer,
    ProgressOutputSerializer,
    TraderOutputSerializer,
)
from jastar.community.traders.models import Contract, Market, Trader
from jastar.core.access import can_manage_in_district, can_see_personal_data, employers_for
from jastar.registry.models import Employer


class MarketListApi(ListAPIView):
    """Markets of the districts the caller sees."""

    permission_classes = [IsOfficeStaff]
    filterset_class = MarketFilter
    queryset = Market.objects.none()

    @extend_schema(responses={200: MarketOutputSerializer(many=True), **LIST_ERRORS})
    def get(self, request: Request) -> Response:
        rows = selectors.markets_for(request.user).order_by("district__code", "name", "pk")
        return self.page(rows, MarketOutputSerializer)


class MarketDetailApi(LocalizedAPIView):
    """One market the caller sees."""

    permission_classes = [IsOfficeStaff]

    @extend_schema(responses={200: MarketOutputSerializer, **RECORD_ERRORS})
    def get(self, request: Request, market_id: int) -> Response:
        try:
            market = selectors.market_for(request.user, market_id)
        except Http404:
            raise NotFound(_("There is no market with this id.")) from None
        return render(MarketOutputSerializer, market, request)


class TraderListApi(ListAPIView):
    """Traders whose person the caller reaches; names only with access to personal data."""

    permission_classes = [IsOfficeStaff]
    filterset_class = TraderFilter
    queryset = Trader.objects.none()

    @extend_schema(responses={200: TraderOutputSerializer(many=True), **LIST_ERRORS})
    def get(self, request: Request) -> Response:
        rows = selectors.traders_for(request.user).order_by("pk")
        page = list(self.paginate_queryset(self.filter_queryset(rows)) or [])
        if can_see_personal_data(request.user):
            services.traders_shown(actor=request.user, traders=page, where="api")
        serializer = TraderOutputSerializer(page, many=True, context=context(request))  # type: ignore[arg-type]
        return self.get_paginated_response(serializer.data)


class ContractListApi(ListAPIView):
    """GET: contracts of the traders the caller reaches. POST: record a contract signed."""

    permission_classes = [IsOfficeStaff]
    filterset_class = ContractFilter
    queryset = Contract.objects.none()

    @extend_schema(responses={200: ContractOutputSerializer(many=True), **LIST_ERRORS})
    def get(self, request: Request) -> Response:
        rows = selectors.contracts_for(request.user).order_by("-signed_on", "pk")
        return self.page(rows, ContractOutputSerializer)

    @extend_schema(
        request=ContractSignInputSerializer,
        responses={201: ContractOutputSerializer, **CREATE_ERRORS},
    )
    def post(self, request: Request) -> Response:
        """Record a contract: the trader becomes formalised. Only who manages community
        work of the market's district may (403 otherwise)."""
        scopes = {
            "trader": selectors.traders_for(request.user),
            "employer": employers_for(request.user, Employer.objects.all()),
        }
        params = ContractSignInputSerializer(data=request.data, scopes=scopes)
        params.is_valid(raise_exception=True)
        data = dict(params.validated_data)
        trader = data.pop("trader")
        if not can_manage_in_district(request.user, trader.market.district_id):
            raise PermissionDenied(_("You may not record traders of this district."))
        contract = services.contract_sign(
            actor=request.user, trader=trader, today=timezone.localdate(), **data
        )
        return render(ContractOutputSerializer, contract, request, status.HTTP_201_CREATED)


class ProgressApi(LocalizedAPIView):
    """Traders with a labour contract in the year against each district's target (counts
    only: open to office staff; a case worker gets their own district)."""

    permission_classes = [IsOfficeStaff]

    @extend_schema(
        parameters=[ProgressInputSerializer],
        responses={200: ProgressOutputSerializer, **LIST_ERRORS},
    )
    def get(self, request: Request) -> Response:
        params = ProgressInputSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        today = timezone.localdate()
        year = params.validated_data.get("year") or today.year
        rows = selectors.progress_by_district(
            year=year,
            today=today,
            district=params.validated_data.get("district"),
            user=request.user,
        )
        data = {
            "year": year,
            "target": sum(r.target or 0 for r in rows),
            "formalised": sum(r.formalised for r in rows),
            "districts": rows,
        }
        return render(ProgressOutputSerializer, data, request)
