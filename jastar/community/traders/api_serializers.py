"""Input and output shapes of the trader formalisation API."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from jastar.api.filters import FIRST_YEAR, LAST_YEAR
from jastar.api.serializers.common import (
    PersonRefOutputSerializer,
    ScopedInputSerializer,
    by_code,
    scoped,
)
from jastar.api.serializers.people import MAX_TENGE
from jastar.community.traders.models import Contract, ContractKind, Market, Trader, TraderStatus
from jastar.registry.models import District, Employer


class MarketOutputSerializer(serializers.Serializer[Market]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    district = serializers.CharField(source="district.code")
    administration_name = serializers.CharField()
    administration_employer = serializers.IntegerField(
        source="administration_employer_id", allow_null=True, help_text="Employer id."
    )
    address = serializers.CharField()
    contact_person = serializers.CharField()
    phone = serializers.CharField()
    traders_estimated = serializers.IntegerField()
    traders = serializers.IntegerField(source="trader_count", help_text="Traders registered.")
    formalised = serializers.IntegerField(
        source="formalised_count", help_text="Traders with a contract in force."
    )


class ContractOutputSerializer(serializers.Serializer[Contract]):
    id = serializers.IntegerField()
    trader = serializers.IntegerField(source="trader_id")
    employer = serializers.IntegerField(source="employer_id")
    employer_name = serializers.CharField(source="employer.name")
    signed_on = serializers.DateField()
    kind = serializers.ChoiceField(choices=ContractKind.choices)
    ends_on = serializers.DateField(allow_null=True)
    monthly_wage = serializers.IntegerField(allow_null=True)
    number = serializers.CharField()


class TraderOutputSerializer(serializers.Serializer[Trader]):
    id = serializers.IntegerField()
    person = PersonRefOutputSerializer()
    market = serializers.IntegerField(source="market_id")
    stall = serializers.CharField()
    goods = serializers.CharField()
    trading_since = serializers.DateField(allow_null=True)
    registered_on = serializers.DateField()
    status = serializers.ChoiceField(choices=TraderStatus.choices)
    left_on = serializers.DateField(allow_null=True)


class ContractSignInputSerializer(ScopedInputSerializer):
    trader = scoped(Trader.objects.none(), "Id of a trader in the caller's scope.")
    employer = scoped(Employer.objects.none(), "Employer id.")
    signed_on = serializers.DateField()
    kind = serializers.ChoiceField(choices=ContractKind.choices, required=False)
    ends_on = serializers.DateField(required=False, allow_null=True)
    monthly_wage = serializers.IntegerField(
        min_value=0, max_value=MAX_TENGE, required=False, allow_null=True
    )
    number = serializers.CharField(max_length=64, required=False, allow_blank=True)


class ProgressInputSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField(
        min_value=FIRST_YEAR, max_value=LAST_YEAR, required=False, help_text="This year by default."
    )
    district = by_code(
        District.objects.all(), "District code; every district when left out.", required=False
    )


class DistrictProgressOutputSerializer(serializers.Serializer[Any]):
    district = serializers.CharField(source="district.code")
    district_name = serializers.CharField(source="district.name")
    markets = serializers.IntegerField()
    traders = serializers.IntegerField()
    target = serializers.IntegerField(allow_null=True)
    formalised = serializers.IntegerField(
        help_text="Traders (each once) with a labour contract signed in the year."
    )
    percent = serializers.FloatField(allow_null=True)


class ProgressOutputSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    target = serializers.IntegerField(help_text="Sum of the districts' targets.")
    formalised = serializers.IntegerField()
    districts = DistrictProgressOutputSerializer(many=True)
