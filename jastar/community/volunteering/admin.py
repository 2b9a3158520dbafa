"""Volunteering in the administration: read-only, rows are written by the services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from jastar.community.volunteering.models import (
    Award,
    Certificate,
    HoursLog,
    Organisation,
    Volunteer,
    VolunteerEvent,
    VolunteerTask,
)


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyAdmin):
    list_display = ("name", "bin", "district")
    list_filter = ("district",)
    search_fields = ("name", "bin")


@admin.register(VolunteerEvent)
class VolunteerEventAdmin(ReadOnlyAdmin):
    list_display = ("title", "organisation", "starts_at", "district", "is_public")
    list_filter = ("is_public", "district")


@admin.register(VolunteerTask)
class VolunteerTaskAdmin(ReadOnlyAdmin):
    list_display = ("title", "event", "planned_hours")


@admin.register(Volunteer)
class VolunteerAdmin(ReadOnlyAdmin):
    list_display = ("id", "joined_on")
    raw_id_fields = ("person",)


@admin.register(HoursLog)
class HoursLogAdmin(ReadOnlyAdmin):
    list_display = ("id", "event", "worked_on", "hours", "status")
    list_filter = ("status",)


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ("number", "issued_on", "hours")


@admin.register(Award)
class AwardAdmin(ReadOnlyAdmin):
    list_display = ("name_en", "year", "level", "status", "organisation")
    list_filter = ("year", "level", "status")
