"""Risk model versions in the admin: read-only, with their test figures."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from jastar.insight.models import RiskModelVersion


@admin.register(RiskModelVersion)
class RiskModelVersionAdmin(admin.ModelAdmin[RiskModelVersion]):
    """Versions are written by ``jastar risk train``; nobody edits one by hand."""

    list_display = ("created_at", "trained_on", "tested_on", "rows_trained", "auc", "brier")
    exclude = ("model",)
    readonly_fields = (
        "trained_on",
        "tested_on",
        "seed",
        "rows_trained",
        "rows_tested",
        "metrics",
        "fairness",
    )

    @admin.display(description=_("ROC AUC"))
    def auc(self, version: RiskModelVersion) -> str:
        value = version.metrics.get("roc_auc")
        return "-" if value is None else f"{value:.3f}"

    @admin.display(description=_("Brier score"))
    def brier(self, version: RiskModelVersion) -> str:
        value = version.metrics.get("brier")
        return "-" if value is None else f"{value:.3f}"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
