from django.urls import path

from jastar.analytics import report_views, views

app_name = "analytics"
urlpatterns = [
    path("dashboard/", views.dashboard_page, name="dashboard"),
    path("dashboard/report/", report_views.report_download, name="report"),
]
