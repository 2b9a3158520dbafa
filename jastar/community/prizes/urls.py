"""Workspace pages of youth prizes and grants (namespace ``community:prizes``)."""

from django.urls import URLPattern, URLResolver, path

from jastar.community.prizes import views

app_name = "prizes"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("prizes/new/", views.prize_new, name="prize-new"),
    path("prizes/<int:prize_id>/calls/new/", views.call_new, name="call-new"),
    path("calls/<int:call_id>/", views.call, name="call"),
    path("calls/<int:call_id>/apply/", views.apply, name="apply"),
    path("calls/<int:call_id>/decide/", views.decide, name="decide"),
    path("calls/<int:call_id>/winners/", views.winners, name="winners"),
    path("applications/<int:application_id>/screen/", views.screen, name="screen"),
    path("applications/<int:application_id>/score/", views.score, name="score"),
    path("awards/<int:award_id>/pay/", views.pay, name="pay"),
]
