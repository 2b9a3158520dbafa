"""Stored results of matching: batch runs and the ranked lists they (and later changes) wrote.

The engine itself keeps nothing (``jastar.matching.engine``). A batch (:class:`MatchRun`)
writes, per district, each person's best vacancies and each vacancy's best candidates from
that district (:class:`Match`); changes to a person or a vacancy later rewrite only their
own lists (``services.refresh``).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from jastar.core.models import BaseModel, choices_check


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class MatchRun(BaseModel):
    """One batch over the region (or one district): its progress and its figures."""

    on = models.DateField(_("matched on"))
    district = models.ForeignKey(
        "registry.District",
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Empty for the whole region."),
    )
    status = models.CharField(
        _("status"), max_length=8, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    shards_total = models.PositiveIntegerField(_("districts"), default=0)
    shards_done = models.PositiveIntegerField(_("districts done"), default=0)
    people = models.PositiveIntegerField(_("people matched"), default=0)
    vacancies = models.PositiveIntegerField(_("vacancies"), default=0)
    matches = models.PositiveIntegerField(_("recommendations written"), default=0)
    seconds = models.FloatField(_("seconds"), default=0)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    # Set once, by whichever shard finds every shard done: it queues the final step.
    finish_queued = models.BooleanField(default=False)
    allocation: models.JSONField[dict[str, Any], dict[str, Any]] = models.JSONField(
        _("allocation of program places"), default=dict, blank=True
    )

    class Meta:
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")
        ordering = ["-created_at"]
        constraints = [choices_check("status", RunStatus, "matching_run_status_valid")]

    def __str__(self) -> str:
        return f"{self.on} {self.get_status_display()}"


class MatchShard(models.Model):
    """One district of a run, written in the same transaction as the district's lists:
    a shard run again replaces its row, so the run's figures never count it twice."""

    run = models.ForeignKey(
        MatchRun, verbose_name=_("matching run"), on_delete=models.CASCADE, related_name="shards"
    )
    district = models.ForeignKey(
        "registry.District",
        verbose_name=_("district"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    people = models.PositiveIntegerField(_("people matched"), default=0)
    vacancies = models.PositiveIntegerField(_("vacancies"), default=0)
    matches = models.PositiveIntegerField(_("recommendations written"), default=0)
    seconds = models.FloatField(_("seconds"), default=0)
    finished_at = models.DateTimeField(_("finished at"))

    class Meta:
        verbose_name = _("district of a matching run")
        verbose_name_plural = _("districts of matching runs")
        constraints = [
            models.UniqueConstraint(fields=["run", "district"], name="matching_shard_once_per_run")
        ]

    def __str__(self) -> str:
        return f"{self.run_id}/{self.district_id}"


class MatchKind(models.TextChoices):
    VACANCY = "vacancy", _("Vacancy for a person")
    CANDIDATE = "candidate", _("Candidate for a vacancy")


class Match(models.Model):
    """One entry of a ranked list: a vacancy for a person, or a person for a vacancy.

    ``district`` is the person's district, the shard that wrote the row, so a district's
    batch replaces exactly its own rows. Reasons are not stored: pages explain a pair
    afresh from the current records (``selectors``).
    """

    kind = models.CharField(_("kind"), max_length=9, choices=MatchKind.choices)
    person = models.ForeignKey(
        "registry.Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )
    vacancy = models.ForeignKey(
        "registry.Vacancy", verbose_name=_("vacancy"), on_delete=models.CASCADE, related_name="+"
    )
    district = models.ForeignKey(
        "registry.District", verbose_name=_("district"), on_delete=models.CASCADE, related_name="+"
    )
    score = models.FloatField(_("score"))
    rank = models.PositiveSmallIntegerField(_("rank"))
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "person", "vacancy"], name="matching_match_unique_pair"
            ),
            choices_check("kind", MatchKind, "matching_match_kind_valid"),
        ]
        indexes = [
            models.Index(fields=["kind", "person", "rank"], name="matching_person_rank"),
            models.Index(fields=["kind", "vacancy", "score"], name="matching_vacancy_score"),
            models.Index(fields=["kind", "district"], name="matching_kind_district"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.person_id}→{self.vacancy_id} {self.score:.3f}"
