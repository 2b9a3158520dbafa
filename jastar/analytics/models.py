"""Targets of the job-creation map, and the aggregate tables the indicators read.

The aggregate ("fact") tables hold sums kept current as records change
(:mod:`jastar.analytics.services.facts`), so a dashboard reads a few thousand small rows
instead of scanning the registry. The youth tables hold *changes* per day and per month:
the count on a date is the sum of the changes up to it.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from jastar.core.models import BaseModel, choices_check
from jastar.registry.models import Area, District, PlacementChannel, Sex


class AgeBand(models.TextChoices):
    AGE_14_17 = "14-17", _("14–17")
    AGE_18_24 = "18-24", _("18–24")
    AGE_25_29 = "25-29", _("25–29")
    AGE_30_35 = "30-35", _("30–35")
    OTHER = "other", _("Not of youth age")


class YouthDay(models.Model):
    """Change, on one day, of a district's youth in the registry and of its NEET youth."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    youth = models.IntegerField(default=0)
    neet = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "district"], name="youth_day_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.district_id}: {self.youth:+} {self.neet:+}"


class YouthMonth(models.Model):
    """The same changes summed by month (``month`` is its first day)."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    youth = models.IntegerField(default=0)
    neet = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["month", "district"], name="youth_month_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.month} {self.district_id}: {self.youth:+} {self.neet:+}"


class PlacementMonth(models.Model):
    """Placements that started in a month, by district, channel, program and who was placed."""

    month = models.DateField()
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=16, choices=PlacementChannel.choices)
    program = models.CharField(max_length=48, blank=True)  # program code, "" for none
    sex = models.CharField(max_length=1, choices=Sex.choices)
    area = models.CharField(max_length=8, choices=Area.choices)
    age_band = models.CharField(max_length=8, choices=AgeBand.choices)
    placed = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["month", "district", "channel", "program", "sex", "area", "age_band"],
                name="placement_month_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month} {self.district_id} {self.channel}: {self.placed}"


class ProgramMonth(models.Model):
    """What happened in program participations in a month, by district and program.

    Each measure is counted in the month of its own date: enrolments on the enrolment
    date, completions and dropouts on the end date, follow-ups on the day they were done,
    subsidy in each month it is paid for, grants on the day they were disbursed.
    """

    month = models.DateField()
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    program = models.CharField(max_length=48)  # program code
    applied = models.IntegerField(default=0)
    enrolled = models.IntegerField(default=0)
    placed = models.IntegerField(default=0)
    completed = models.IntegerField(default=0)
    dropped_out = models.IntegerField(default=0)
    followed_6 = models.IntegerField(default=0)
    retained_6 = models.IntegerField(default=0)
    followed_12 = models.IntegerField(default=0)
    retained_12 = models.IntegerField(default=0)
    subsidy_tenge = models.BigIntegerField(default=0)
    grants = models.IntegerField(default=0)
    grant_tenge = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["month", "district", "program"], name="program_month_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month} {self.district_id} {self.program}"


class FactSource(models.TextChoices):
    PERSON = "person", _("Person")
    PARTICIPATION = "participation", _("Participation")


class FactState(models.Model):
    """What one source record last added to the aggregate tables.

    Refreshing a record takes away its old share and adds its new one, so the tables stay
    exact whatever changed (a backdated status, a corrected birth date, a move).
    """

    source = models.CharField(max_length=16, choices=FactSource.choices)
    source_id = models.BigIntegerField()
    share: models.JSONField[Any, Any] = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "source_id"], name="fact_state_unique"),
            choices_check("source", FactSource, "fact_state_source_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.source_id}"


class TargetIndicator(models.TextChoices):
    PLACED = "placed", _("Young people placed in jobs")
    PARTICIPANTS = "participants", _("Program participants enrolled")
    GRANTS = "grants", _("Business grants awarded")


class Target(BaseModel):
    """One figure of the job-creation map: a planned count for a year (or one month of it).

    Without a district it is the region's target; without a channel or program it
    covers all of them.
    """

    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(
        _("month"), default=0, help_text=_("1–12, or 0 for the whole year.")
    )
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="targets",
        help_text=_("Empty for the whole region."),
    )
    indicator = models.CharField(
        _("indicator"), max_length=16, choices=TargetIndicator.choices, default="placed"
    )
    channel = models.CharField(
        _("channel"), max_length=16, choices=PlacementChannel.choices, blank=True
    )
    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("program"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="targets",
    )
    value = models.PositiveIntegerField(_("target"))
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["-year", "district", "indicator", "channel", "month"]
        constraints = [
            models.CheckConstraint(condition=models.Q(month__lte=12), name="target_month_valid"),
            models.CheckConstraint(
                condition=models.Q(year__gte=2000, year__lte=2100), name="target_year_sane"
            ),
            choices_check("indicator", TargetIndicator, "target_indicator_valid"),
            models.UniqueConstraint(
                fields=["year", "month", "district", "indicator", "channel", "program"],
                name="target_unique",
                condition=models.Q(district__isnull=False, program__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["year", "month", "indicator", "channel", "program"],
                name="target_unique_region",
                condition=models.Q(district__isnull=True, program__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["year", "month", "district", "indicator", "channel"],
                name="target_unique_all_programs",
                condition=models.Q(district__isnull=False, program__isnull=True),
            ),
            models.UniqueConstraint(
                fields=["year", "month", "indicator", "channel"],
                name="target_unique_region_all_programs",
                condition=models.Q(district__isnull=True, program__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}/{self.month} {self.indicator} {self.value}"
