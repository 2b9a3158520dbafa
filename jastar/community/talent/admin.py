"""The talent reserve in the admin: read-only lists (rows are written by the services and
the pages; names stay on the pages, which audit them)."""

from __future__ import annotations

from django.contrib import admin

from jastar.community.talent.models import (
    Appointment,
    Criterion,
    Intake,
    Membership,
    Nomination,
    Score,
    Training,
)
from jastar.core.admin import ReadOnlyAdmin


@admin.register(Intake)
class IntakeAdmin(ReadOnlyAdmin[Intake]):
    list_display = ["year", "title", "opens_on", "closes_on", "places", "status"]
    list_filter = ["status"]


@admin.register(Criterion)
class CriterionAdmin(ReadOnlyAdmin[Criterion]):
    list_display = ["name_kk", "name_ru", "name_en", "intake", "weight", "max_score"]
    list_filter = ["intake"]


@admin.register(Nomination)
class NominationAdmin(ReadOnlyAdmin[Nomination]):
    list_display = ["pk", "intake", "person_id", "nominated_by", "nominated_on", "status"]
    list_filter = ["intake", "status"]


@admin.register(Score)
class ScoreAdmin(ReadOnlyAdmin[Score]):
    list_display = ["nomination_id", "criterion", "scorer", "score"]
    list_filter = ["criterion__intake"]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin[Membership]):
    list_display = ["pk", "intake", "person_id", "starts_on", "ends_on", "status"]
    list_filter = ["intake", "status"]


@admin.register(Training)
class TrainingAdmin(ReadOnlyAdmin[Training]):
    list_display = ["title", "provider", "membership_id", "completed_on", "hours"]


@admin.register(Appointment)
class AppointmentAdmin(ReadOnlyAdmin[Appointment]):
    list_display = ["post", "organisation", "membership_id", "appointed_on", "leading_post"]
    list_filter = ["leading_post"]
