"""Youth centres in the admin: read-only lists (the services and pages write them).

Visits show the visitor's record id only: names are for the pages, which check who may
see them and audit the view.
"""

from __future__ import annotations

from django.contrib import admin

from jastar.community.centres.models import Centre, CentreEvent, Visit
from jastar.core.admin import ReadOnlyAdmin


@admin.register(Centre)
class CentreAdmin(ReadOnlyAdmin[Centre]):
    list_display = ["name_kk", "district", "kind", "status", "capacity", "opened_on"]
    list_filter = ["kind", "status", "district"]
    search_fields = ["name_kk", "name_ru", "name_en"]
    list_select_related = ["district"]


@admin.register(CentreEvent)
class CentreEventAdmin(ReadOnlyAdmin[CentreEvent]):
    list_display = ["title", "centre", "held_on", "audience", "anonymous_participants"]
    list_filter = ["audience"]
    search_fields = ["title", "partners"]
    date_hierarchy = "held_on"
    list_select_related = ["centre"]


@admin.register(Visit)
class VisitAdmin(ReadOnlyAdmin[Visit]):
    list_display = ["visited_on", "centre", "person_id", "anonymous_count", "purpose", "event"]
    list_filter = ["purpose"]
    date_hierarchy = "visited_on"
    list_select_related = ["centre", "event"]
    exclude = ["person"]
