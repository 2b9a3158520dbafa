"""URL configuration: language switching, the REST API, the admin and the web workspace.

The API has no language prefix; it answers in the language the client asks for."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

urlpatterns: list[URLPattern | URLResolver] = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("jastar.api.urls")),
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("imports/", include("jastar.bulk.urls")),
    path("jobs/", include("jastar.jobs.urls")),
    path("community/", include("jastar.community.urls")),
    path("", include("jastar.analytics.urls")),
    path("", include("jastar.web.urls")),
    prefix_default_language=False,
)
