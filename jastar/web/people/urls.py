"""The young people pages (``web:people`` and the person's pages)."""

from django.urls import URLPattern, URLResolver, path

from jastar.web.people import programs, views

_PARTICIPATION = "<int:person_id>/participations/<int:participation_id>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.people, name="people"),
    path("new/", views.person_new, name="person-new"),
    path("<int:person_id>/", views.person, name="person"),
    path("<int:person_id>/edit/", views.person_edit, name="person-edit"),
    path("<int:person_id>/status/", views.person_status, name="person-status"),
    path("<int:person_id>/eligibility/", views.person_eligibility, name="person-eligibility"),
    path(
        "<int:person_id>/recommendations/",
        views.person_recommendations,
        name="person-recommendations",
    ),
    path("<int:person_id>/programs/", programs.person_enrol, name="person-enrol"),
    path(_PARTICIPATION, programs.participation, name="participation"),
    path(
        _PARTICIPATION + "followups/<int:followup_id>/",
        programs.followup,
        name="followup-record",
    ),
    path("<int:person_id>/placements/new/", programs.placement_new, name="person-placement-new"),
]
