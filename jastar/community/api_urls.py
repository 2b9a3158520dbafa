"""REST API v1 of the community parts, under ``/api/v1/community/`` (namespace ``api``).

Route names start with the part: ``api:centres-list``, ``api:traders-contract-list``."""

from django.urls import URLPattern, URLResolver, include, path

from jastar.community import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("indicators/", api.CommunityIndicatorsApi.as_view(), name="community-indicators"),
    path("centres/", include("jastar.community.centres.api_urls")),
    path("volunteering/", include("jastar.community.volunteering.api_urls")),
    path("talent/", include("jastar.community.talent.api_urls")),
    path("prizes/", include("jastar.community.prizes.api_urls")),
    path("traders/", include("jastar.community.traders.api_urls")),
]
