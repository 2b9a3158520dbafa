"""REST API v1 routes of volunteering (namespace ``api``)."""

from django.urls import URLPattern, URLResolver, path

from jastar.community.volunteering import api

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "organisations/", api.OrganisationListApi.as_view(), name="volunteering-organisation-list"
    ),
    path("events/", api.PublicEventListApi.as_view(), name="volunteering-event-list"),
    path("hours/", api.HoursListApi.as_view(), name="volunteering-hours-list"),
    path(
        "hours/<int:log_id>/confirm/",
        api.HoursConfirmApi.as_view(),
        name="volunteering-hours-confirm",
    ),
]
