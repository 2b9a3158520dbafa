"""An employer's pages, under ``employer/`` in the ``web`` namespace."""

from django.urls import URLPattern, URLResolver, path

from jastar.web.employer import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.vacancies, name="employer-vacancies"),
    path("vacancies/new/", views.vacancy_new, name="employer-vacancy-new"),
    path("vacancies/<int:vacancy_id>/", views.vacancy_detail, name="employer-vacancy"),
    path("vacancies/<int:vacancy_id>/edit/", views.vacancy_edit, name="employer-vacancy-edit"),
    path(
        "vacancies/<int:vacancy_id>/status/",
        views.vacancy_status,
        name="employer-vacancy-status",
    ),
    path(
        "vacancies/<int:vacancy_id>/candidates/<int:person_id>/invite/",
        views.candidate_invite,
        name="employer-invite-candidate",
    ),
    path(
        "vacancies/<int:vacancy_id>/applications/<int:application_id>/status/",
        views.application_status,
        name="employer-application-status",
    ),
    path(
        "vacancies/<int:vacancy_id>/applications/<int:application_id>/hire/",
        views.hire,
        name="employer-hire",
    ),
]
