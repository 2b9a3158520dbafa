"""API routes, mounted at ``/api/`` outside ``i18n_patterns`` (no language prefix)."""

from django.urls import URLPattern, URLResolver, path
from drf_spectacular.views import SpectacularAPIView

from jastar.api import views

app_name = "api"
urlpatterns: list[URLPattern | URLResolver] = [
    path("v1/programs/", views.ProgramListApi.as_view(), name="program-list"),
    path(
        "v1/people/<int:person_id>/eligibility/",
        views.PersonEligibilityApi.as_view(),
        name="person-eligibility",
    ),
    # The OpenAPI 3 document only: Swagger UI would load assets from a CDN.
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
]
