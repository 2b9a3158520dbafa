"""Workspace pages of the community parts, under ``/community/`` (namespace ``community``).

Each part keeps its routes in ``jastar/community/<part>/urls.py`` (namespace
``community:<part>``)."""

from django.urls import URLPattern, URLResolver, include, path

from jastar.community import views

app_name = "community"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.community_home, name="home"),
    path("centres/", include("jastar.community.centres.urls")),
    path("volunteering/", include("jastar.community.volunteering.urls")),
    path("talent/", include("jastar.community.talent.urls")),
    path("prizes/", include("jastar.community.prizes.urls")),
    path("traders/", include("jastar.community.traders.urls")),
]
