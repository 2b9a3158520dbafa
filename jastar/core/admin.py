from typing import Any, Generic, TypeVar

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from jastar.core.models import AuditEvent, DemoDataset

M = TypeVar("M", bound=models.Model)


class ReadOnlyAdmin(admin.ModelAdmin[M], Generic[M]):
    """Rows only services write (logs, runs, merges): listed and viewed, never added,
    changed or deleted through the admin."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin[AuditEvent]):
    list_display = ["occurred_at", "actor", "action", "target_type", "target_id", "summary"]
    list_filter = ["action", "target_type"]
    search_fields = ["target_id", "summary", "actor__username"]
    date_hierarchy = "occurred_at"
    list_select_related = ["actor"]
    # The audit log is append-only: nobody edits or deletes history through the admin.


@admin.register(DemoDataset)
class DemoDatasetAdmin(admin.ModelAdmin[DemoDataset]):
    list_display = ["seed", "scale", "people", "generated_until", "created_at"]
    readonly_fields = ["seed", "scale", "people", "generated_until"]
