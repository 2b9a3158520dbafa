"""Query filters of the trader formalisation API (a bad value is a 400)."""

from __future__ import annotations

from typing import Any

import django_filters as filters
from drf_spectacular.utils import extend_schema_field

from jastar.api.filters import FIRST_YEAR, LAST_YEAR, YearFilter
from jastar.community.traders.models import Contract, ContractKind, Market, Trader, TraderStatus
from jastar.registry.models import District


def _district(field_name: str) -> Any:
    schema = {"type": "string", "description": "District code, e.g. karasai."}
    return extend_schema_field(schema)(
        filters.ModelChoiceFilter(
            queryset=District.objects.all(), to_field_name="code", field_name=field_name
        )
    )


def _market(field_name: str) -> Any:
    schema = {"type": "integer", "description": "Market id."}
    return extend_schema_field(schema)(
        filters.ModelChoiceFilter(queryset=Market.objects.all(), field_name=field_name)
    )


class MarketFilter(filters.FilterSet):  # type: ignore[misc]
    district = _district("district")

    class Meta:
        model = Market
        fields: list[str] = []


class TraderFilter(filters.FilterSet):  # type: ignore[misc]
    market = _market("market")
    district = _district("market__district")
    status = filters.ChoiceFilter(choices=TraderStatus.choices, help_text="Status.")

    class Meta:
        model = Trader
        fields: list[str] = []


class ContractFilter(filters.FilterSet):  # type: ignore[misc]
    year = extend_schema_field(
        {
            "type": "integer",
            "minimum": FIRST_YEAR,
            "maximum": LAST_YEAR,
            "description": "Year the contract was signed.",
        }
    )(YearFilter(field_name="signed_on__year"))
    market = _market("trader__market")
    kind = filters.ChoiceFilter(choices=ContractKind.choices, help_text="Kind of contract.")

    class Meta:
        model = Contract
        fields: list[str] = []
