"""Youth prizes and grants in the admin: read-only lists (rows are written by the services)."""

from __future__ import annotations

from django.contrib import admin

from jastar.community.prizes.models import Application, Award, Call, JuryScore, Prize
from jastar.core.admin import ReadOnlyAdmin


@admin.register(Prize)
class PrizeAdmin(ReadOnlyAdmin[Prize]):
    list_display = ("code", "name_kk", "name_ru", "kind")
    search_fields = ("code", "name_kk", "name_ru", "name_en")


@admin.register(Call)
class CallAdmin(ReadOnlyAdmin[Call]):
    list_display = ("prize", "year", "opens_on", "closes_on", "places", "status")
    list_filter = ("year", "status", "prize")


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin[Application]):
    list_display = ("project_title", "call", "district", "submitted_on", "status", "score_mean")
    list_filter = ("status", "call", "district")
    raw_id_fields = ("person",)


@admin.register(JuryScore)
class JuryScoreAdmin(ReadOnlyAdmin[JuryScore]):
    list_display = ("application", "juror", "score", "scored_on")


@admin.register(Award)
class AwardAdmin(ReadOnlyAdmin[Award]):
    list_display = ("application", "rank", "amount_tenge", "decided_on", "paid_on")
