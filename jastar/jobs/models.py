"""A background job: what is to be done, by which worker, how far it got, how it ended."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jastar.core.models import BaseModel, choices_check


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


FINISHED = frozenset({JobStatus.DONE, JobStatus.FAILED, JobStatus.CANCELLED})


class Job(BaseModel):
    """One piece of background work, run by whichever worker takes it.

    ``kind`` names a registered handler (``jastar.jobs.registry``) and ``params`` its
    arguments. A handler is written so that running it again after a worker died midway
    gives the same result as one clean run; the job is then simply run again.
    """

    kind = models.CharField(_("kind"), max_length=40, db_index=True)
    params: models.JSONField[dict[str, Any], dict[str, Any]] = models.JSONField(
        _("parameters"), default=dict, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    district = models.ForeignKey(
        "registry.District",
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    total = models.PositiveBigIntegerField(_("total"), null=True, blank=True)
    done = models.PositiveBigIntegerField(_("done"), default=0)
    # ``done`` when the current attempt started: the rate counts this attempt's work only.
    done_at_start = models.PositiveBigIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("attempts allowed"), default=3)
    cancel_requested = models.BooleanField(_("cancel requested"), default=False)
    task_id = models.CharField(_("queue entry"), max_length=64, blank=True)
    worker = models.CharField(_("worker"), max_length=128, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    seconds = models.FloatField(_("seconds"), null=True, blank=True)
    peak_memory_kb = models.PositiveBigIntegerField(
        _("peak memory of the worker (KiB)"), null=True, blank=True
    )
    result: models.JSONField[dict[str, Any], dict[str, Any]] = models.JSONField(
        _("result"), default=dict, blank=True
    )
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="jobs_status_heartbeat")]
        constraints = [choices_check("status", JobStatus, "jobs_job_status_valid")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def active(self) -> bool:
        return self.status in (JobStatus.QUEUED, JobStatus.RUNNING)
