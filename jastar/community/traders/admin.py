"""Trader formalisation in the admin: read-only lists (rows are written by the services,
so every change is checked and audited)."""

from __future__ import annotations

from django.contrib import admin

from jastar.community.traders.models import Contract, FormalisationTarget, Market, Trader
from jastar.core.admin import ReadOnlyAdmin


@admin.register(Market)
class MarketAdmin(ReadOnlyAdmin[Market]):
    list_display = ["name", "district", "administration_name", "traders_estimated"]
    list_filter = ["district"]
    search_fields = ["name", "administration_name"]
    list_select_related = ["district"]


@admin.register(Trader)
class TraderAdmin(ReadOnlyAdmin[Trader]):
    list_display = ["pk", "market", "stall", "status", "registered_on"]
    list_filter = ["status", "market__district"]
    list_select_related = ["market"]
    raw_id_fields = ["person"]


@admin.register(Contract)
class ContractAdmin(ReadOnlyAdmin[Contract]):
    list_display = ["pk", "trader", "employer", "kind", "signed_on", "ends_on"]
    list_filter = ["kind"]
    date_hierarchy = "signed_on"
    list_select_related = ["trader__market", "employer"]
    raw_id_fields = ["trader", "employer", "participation"]


@admin.register(FormalisationTarget)
class FormalisationTargetAdmin(ReadOnlyAdmin[FormalisationTarget]):
    list_display = ["district", "year", "target"]
    list_filter = ["year"]
