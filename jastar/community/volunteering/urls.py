"""Workspace pages of volunteering (namespace ``community:volunteering``)."""

from django.urls import URLPattern, URLResolver, path

from jastar.community.volunteering import views

app_name = "volunteering"
urlpatterns: list[URLPattern | URLResolver] = [
    path("events/", views.events_public, name="events-public"),
    path("", views.organisations, name="organisations"),
    path("organisations/new/", views.organisation_new, name="organisation-new"),
    path("organisations/<int:organisation_id>/", views.organisation, name="organisation"),
    path("organisations/<int:organisation_id>/events/new/", views.event_new, name="event-new"),
    path("events/<int:event_id>/", views.event, name="event"),
    path("events/<int:event_id>/tasks/new/", views.task_new, name="task-new"),
    path("events/<int:event_id>/hours/new/", views.hours_new, name="hours-new"),
    path("hours/<int:log_id>/decide/", views.hours_decide, name="hours-decide"),
    path("volunteers/new/", views.volunteer_new, name="volunteer-new"),
    path("volunteers/<int:volunteer_id>/", views.volunteer, name="volunteer"),
    path(
        "volunteers/<int:volunteer_id>/certificates/new/",
        views.certificate_new,
        name="certificate-new",
    ),
    path("certificates/<int:certificate_id>/pdf/", views.certificate_pdf, name="certificate-pdf"),
    path("awards/", views.awards, name="awards"),
    path("awards/new/", views.award_new, name="award-new"),
    path("awards/<int:award_id>/grant/", views.award_grant, name="award-grant"),
]
