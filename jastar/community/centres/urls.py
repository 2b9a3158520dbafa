"""Workspace pages of youth centres and coworking (namespace ``community:centres``)."""

from django.urls import URLPattern, URLResolver, path

from jastar.community.centres import views

app_name = "centres"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.centre_list, name="home"),
    path("new/", views.centre_new, name="centre-new"),
    path("<int:centre_id>/", views.centre_detail, name="centre"),
    path("<int:centre_id>/edit/", views.centre_edit, name="centre-edit"),
    path("<int:centre_id>/open/", views.centre_open, name="centre-open"),
    path("<int:centre_id>/close/", views.centre_close, name="centre-close"),
    path("<int:centre_id>/events/new/", views.event_new, name="event-new"),
    path("<int:centre_id>/visits/new/", views.visit_new, name="visit-new"),
]
