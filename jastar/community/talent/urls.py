"""Workspace pages of talent reserve (namespace ``community:talent``)."""

from django.urls import URLPattern, URLResolver, path

from jastar.community.talent import views

app_name = "talent"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.intakes, name="intakes"),
    path("intakes/new/", views.intake_new, name="intake-new"),
    path("intakes/<int:intake_id>/", views.intake, name="intake"),
    path("intakes/<int:intake_id>/score/", views.intake_score, name="intake-score"),
    path("intakes/<int:intake_id>/criteria/", views.intake_criterion, name="intake-criterion"),
    path("intakes/<int:intake_id>/select/", views.intake_select, name="intake-select"),
    path("intakes/<int:intake_id>/nominate/", views.nominate, name="nominate"),
    path("members/", views.members, name="members"),
    path("members/<int:membership_id>/training/", views.training_new, name="training-new"),
    path(
        "members/<int:membership_id>/appointment/",
        views.appointment_new,
        name="appointment-new",
    ),
    path("members/<int:membership_id>/end/", views.membership_end, name="membership-end"),
]
