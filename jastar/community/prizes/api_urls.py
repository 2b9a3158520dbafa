"""REST API v1 routes of youth prizes and grants, under ``/api/v1/community/prizes/``
(namespace ``api``)."""

from django.urls import URLPattern, URLResolver, path

from jastar.community.prizes import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("", api.PrizeListApi.as_view(), name="prizes-prize-list"),
    path("calls/", api.CallListApi.as_view(), name="prizes-call-list"),
    path("calls/<int:call_id>/", api.CallDetailApi.as_view(), name="prizes-call-detail"),
    path("applications/", api.ApplicationListApi.as_view(), name="prizes-application-list"),
    path(
        "applications/<int:application_id>/scores/",
        api.JuryScoreApi.as_view(),
        name="prizes-jury-score",
    ),
]
