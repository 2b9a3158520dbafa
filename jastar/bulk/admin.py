"""Admin: import jobs and saved mappings, read-only (imports run through the services)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from jastar.bulk.models import ColumnMapping, ImportJob, ImportRejection


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class RejectionInline(admin.TabularInline[ImportRejection, ImportJob]):
    model = ImportRejection
    fields = ["line", "column", "reason"]
    readonly_fields = ["line", "column", "reason"]
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = False


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdmin):
    list_display = [
        "file_name",
        "kind",
        "status",
        "dry_run",
        "created",
        "updated",
        "unchanged",
        "rejected",
        "created_by",
        "created_at",
    ]
    list_filter = ["kind", "status", "dry_run"]
    search_fields = ["file_name", "sha256"]
    inlines = [RejectionInline]


@admin.register(ColumnMapping)
class ColumnMappingAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "created_by", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["name"]
