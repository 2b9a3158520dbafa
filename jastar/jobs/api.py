"""API v1 of background jobs: the jobs in the caller's reach with their progress, and
cancelling or re-running one (whoever started it, or an administrator)."""

from __future__ import annotations

from typing import Any

import django_filters as filters
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.exceptions import ValidationError as InputError
from rest_framework.request import Request
from rest_framework.response import Response

from jastar.api.permissions import IsOfficeStaff
from jastar.api.views.base import LIST_ERRORS, RECORD_ERRORS, ListAPIView, LocalizedAPIView, render
from jastar.jobs.models import Job, JobStatus
from jastar.jobs.selectors import can_control_job, job_for, job_progress, jobs_for
from jastar.jobs.services import job_cancel, job_retry
from jastar.jobs.text import job_title

ACTION_ERRORS = {**RECORD_ERRORS, 400: RECORD_ERRORS[404]}


class JobOutputSerializer(serializers.Serializer[Job]):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    title = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=JobStatus.choices)
    district = serializers.SerializerMethodField()
    done = serializers.IntegerField()
    total = serializers.IntegerField(allow_null=True)
    percent = serializers.SerializerMethodField()
    rate_per_second = serializers.SerializerMethodField()
    seconds_left = serializers.SerializerMethodField()
    attempts = serializers.IntegerField()
    worker = serializers.CharField()
    created_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    peak_memory_kb = serializers.IntegerField(allow_null=True)
    result = serializers.JSONField()
    error = serializers.CharField()

    def get_title(self, job: Job) -> str:
        return job_title(job)

    def get_district(self, job: Job) -> str | None:
        """The district's code, for a district's job."""
        return job.district.code if job.district is not None else None

    def _view(self, job: Job) -> Any:
        return job_progress(job, now=timezone.now())

    def get_percent(self, job: Job) -> int | None:
        percent: int | None = self._view(job).percent
        return percent

    def get_rate_per_second(self, job: Job) -> float | None:
        rate = self._view(job).rate
        return None if rate is None else round(rate, 2)

    def get_seconds_left(self, job: Job) -> float | None:
        left = self._view(job).seconds_left
        return None if left is None else round(left, 1)


class JobFilter(filters.FilterSet):  # type: ignore[misc]
    status = filters.ChoiceFilter(choices=JobStatus.choices)
    kind = filters.CharFilter()

    class Meta:
        model = Job
        fields = ["status", "kind"]


def _job(request: Request, job_id: int) -> Job:
    try:
        return job_for(request.user, job_id)
    except Job.DoesNotExist:
        raise NotFound(_("There is no job with this id.")) from None


class JobListApi(ListAPIView):
    """Background jobs in the caller's reach, newest first."""

    permission_classes = [IsOfficeStaff]
    filterset_class = JobFilter
    queryset = Job.objects.none()

    @extend_schema(responses={200: JobOutputSerializer(many=True), **LIST_ERRORS})
    def get(self, request: Request) -> Response:
        """Jobs, filtered by status and kind, paged; each with its progress."""
        return self.page(jobs_for(request.user), JobOutputSerializer)


class JobDetailApi(LocalizedAPIView):
    """One job with its progress (done, total, rate, time left) and outcome."""

    permission_classes = [IsOfficeStaff]

    @extend_schema(responses={200: JobOutputSerializer, **RECORD_ERRORS})
    def get(self, request: Request, job_id: int) -> Response:
        return render(JobOutputSerializer, _job(request, job_id), request)


class _JobActionApi(LocalizedAPIView):
    permission_classes = [IsOfficeStaff]

    def act(self, request: Request, job_id: int, action: Any) -> Response:
        job = _job(request, job_id)
        if not can_control_job(request.user, job):
            raise PermissionDenied(
                _("Only whoever started a job, or an administrator, may do this.")
            )
        try:
            job = action(actor=request.user, job=job)
        except ValidationError as error:
            raise InputError({"status": error.messages}) from None
        return render(JobOutputSerializer, job, request)


class JobCancelApi(_JobActionApi):
    """Cancel a job: a queued one at once, a running one at its next progress report."""

    @extend_schema(request=None, responses={200: JobOutputSerializer, **ACTION_ERRORS})
    def post(self, request: Request, job_id: int) -> Response:
        return self.act(request, job_id, job_cancel)


class JobRetryApi(_JobActionApi):
    """Run a failed or cancelled job again."""

    @extend_schema(request=None, responses={200: JobOutputSerializer, **ACTION_ERRORS})
    def post(self, request: Request, job_id: int) -> Response:
        return self.act(request, job_id, job_retry)
