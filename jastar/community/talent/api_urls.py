"""REST API v1 routes of talent reserve, under ``/api/v1/community/talent/`` (namespace ``api``)."""

from django.urls import URLPattern, URLResolver, path

from jastar.community.talent import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("intakes/", api.IntakeListApi.as_view(), name="talent-intake-list"),
    path("nominations/", api.NominationListApi.as_view(), name="talent-nomination-list"),
    path("members/", api.MemberListApi.as_view(), name="talent-member-list"),
    path(
        "members/<int:membership_id>/appointments/",
        api.AppointmentCreateApi.as_view(),
        name="talent-appointment-create",
    ),
]
