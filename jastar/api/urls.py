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
    path(
        "v1/people/<int:person_id>/recommendations/",
        views.PersonRecommendationsApi.as_view(),
        name="person-recommendations",
    ),
    path(
        "v1/people/<int:person_id>/programs/",
        views.PersonProgramsApi.as_view(),
        name="person-programs",
    ),
    path(
        "v1/vacancies/<int:vacancy_id>/candidates/",
        views.VacancyCandidatesApi.as_view(),
        name="vacancy-candidates",
    ),
    path("v1/occupations/lookup/", views.OccupationLookupApi.as_view(), name="occupation-lookup"),
    path("v1/matching/runs/", views.MatchRunStartApi.as_view(), name="matching-run-start"),
    path(
        "v1/matching/runs/<int:run_id>/",
        views.MatchRunDetailApi.as_view(),
        name="matching-run-detail",
    ),
    # The OpenAPI 3 document only: Swagger UI would load assets from a CDN.
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
]
