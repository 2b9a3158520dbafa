"""REST API v1 routes of youth centres and coworking.

Under ``/api/v1/community/centres/`` (namespace ``api``)."""

from django.urls import URLPattern, URLResolver, path

from jastar.community.centres import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("", api.CentreListApi.as_view(), name="centres-list"),
    path("<int:centre_id>/", api.CentreDetailApi.as_view(), name="centres-detail"),
    path("<int:centre_id>/events/", api.CentreEventListApi.as_view(), name="centres-event-list"),
    path(
        "<int:centre_id>/visits/", api.CentreVisitCreateApi.as_view(), name="centres-visit-create"
    ),
]
