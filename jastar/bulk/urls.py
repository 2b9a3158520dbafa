from django.urls import path

from jastar.bulk import views

app_name = "bulk"
urlpatterns = [
    path("", views.import_list, name="list"),
    path("<int:pk>/", views.import_job_page, name="job"),
    path("<int:pk>/progress.json", views.import_job_progress_json, name="progress"),
    path("<int:pk>/cancel/", views.import_job_cancel_page, name="cancel"),
    path("<int:pk>/resume/", views.import_job_resume_page, name="resume"),
    path("<int:pk>/errors.csv", views.import_job_errors, {"fmt": "csv"}, name="errors_csv"),
    path("<int:pk>/errors.xlsx", views.import_job_errors, {"fmt": "xlsx"}, name="errors_xlsx"),
]
