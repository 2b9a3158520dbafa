"""REST API v1 of background jobs, under ``/api/v1/jobs/`` (namespace ``api``)."""

from django.urls import URLPattern, URLResolver, path

from jastar.jobs import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("", api.JobListApi.as_view(), name="job-list"),
    path("<int:job_id>/", api.JobDetailApi.as_view(), name="job-detail"),
    path("<int:job_id>/cancel/", api.JobCancelApi.as_view(), name="job-cancel"),
    path("<int:job_id>/retry/", api.JobRetryApi.as_view(), name="job-retry"),
]
