"""API routes, mounted at ``/api/`` outside ``i18n_patterns`` (no language prefix).

Version 1 lives under ``v1/``; the schema and its docs page describe it."""

from django.urls import URLPattern, URLResolver, include, path, re_path
from drf_spectacular.views import SpectacularAPIView

from jastar.api.views import (
    activity,
    base,
    catalogue,
    docs,
    employers,
    indicators,
    matching,
    people,
)

app_name = "api"
urlpatterns: list[URLPattern | URLResolver] = [
    # People
    path("v1/people/", people.PersonListApi.as_view(), name="person-list"),
    path("v1/people/<int:person_id>/", people.PersonDetailApi.as_view(), name="person-detail"),
    path(
        "v1/people/<int:person_id>/status/",
        people.PersonStatusApi.as_view(),
        name="person-status",
    ),
    path(
        "v1/people/<int:person_id>/eligibility/",
        catalogue.PersonEligibilityApi.as_view(),
        name="person-eligibility",
    ),
    path(
        "v1/people/<int:person_id>/recommendations/",
        matching.PersonRecommendationsApi.as_view(),
        name="person-recommendations",
    ),
    path(
        "v1/people/<int:person_id>/programs/",
        matching.PersonProgramsApi.as_view(),
        name="person-programs",
    ),
    # Employers and vacancies
    path("v1/employers/", employers.EmployerListApi.as_view(), name="employer-list"),
    path(
        "v1/employers/<int:employer_id>/",
        employers.EmployerDetailApi.as_view(),
        name="employer-detail",
    ),
    path("v1/vacancies/", employers.VacancyListApi.as_view(), name="vacancy-list"),
    path(
        "v1/vacancies/<int:vacancy_id>/",
        employers.VacancyDetailApi.as_view(),
        name="vacancy-detail",
    ),
    path(
        "v1/vacancies/<int:vacancy_id>/status/",
        employers.VacancyStatusApi.as_view(),
        name="vacancy-status",
    ),
    path(
        "v1/vacancies/<int:vacancy_id>/candidates/",
        matching.VacancyCandidatesApi.as_view(),
        name="vacancy-candidates",
    ),
    # Placements, programs and participations
    path("v1/placements/", activity.PlacementListApi.as_view(), name="placement-list"),
    path("v1/programs/", catalogue.ProgramListApi.as_view(), name="program-list"),
    path("v1/participations/", activity.ParticipationListApi.as_view(), name="participation-list"),
    path(
        "v1/participations/<int:participation_id>/",
        activity.ParticipationDetailApi.as_view(),
        name="participation-detail",
    ),
    # Figures, reference data, matching runs
    path("v1/indicators/", indicators.IndicatorsApi.as_view(), name="indicators"),
    path(
        "v1/occupations/lookup/",
        matching.OccupationLookupApi.as_view(),
        name="occupation-lookup",
    ),
    path("v1/matching/runs/", matching.MatchRunStartApi.as_view(), name="matching-run-start"),
    path(
        "v1/matching/runs/<int:run_id>/",
        matching.MatchRunDetailApi.as_view(),
        name="matching-run-detail",
    ),
    # Community: centres, volunteering, talent reserve, prizes, traders.
    path("v1/community/", include("jastar.community.api_urls")),
    path("v1/jobs/", include("jastar.jobs.api_urls")),
    # The OpenAPI 3 document, and a page listing it (no Swagger UI: it loads from a CDN).
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs.api_docs, name="docs"),
    # Last: anything else under v1/ is a 404 in the error format, not Django's HTML page.
    re_path(r"^v1/", base.UnknownPathApi.as_view(), name="unknown"),
]
