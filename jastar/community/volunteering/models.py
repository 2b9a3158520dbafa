"""Volunteering: organisations, volunteers, events and tasks, hours, certificates, awards."""

from __future__ import annotations

from decimal import Decimal
from typing import Final

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jastar.core.i18n import TranslatedName
from jastar.core.identifiers import validate_bin
from jastar.core.models import BaseModel, choices_check
from jastar.registry.models import District, Person

MAX_HOURS_A_DAY: Final = Decimal(24)


class Organisation(BaseModel):
    """A volunteer organisation (a public association, a school club, a youth wing)."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    bin = models.CharField(_("BIN"), max_length=12, blank=True, validators=[validate_bin])
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="volunteer_organisations",
    )
    contact = models.CharField(_("contact"), max_length=255, blank=True)
    # The organisation's own people who confirm the hours its volunteers log.
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinators"),
        blank=True,
        related_name="volunteer_organisations",
    )

    class Meta:
        verbose_name = _("volunteer organisation")
        verbose_name_plural = _("volunteer organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Volunteer(BaseModel):
    """A young person of the registry who volunteers."""

    person = models.OneToOneField(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="volunteer"
    )
    joined_on = models.DateField(_("joined on"))
    organisations = models.ManyToManyField(
        Organisation, verbose_name=_("organisations"), blank=True, related_name="volunteers"
    )

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["-joined_on", "id"]

    def __str__(self) -> str:
        return _("Volunteer #%(id)s") % {"id": self.pk}


class VolunteerEvent(BaseModel):
    """An event an organisation holds: a clean-up, a marathon, help at a care home."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="events",
    )
    title = models.CharField(_("title"), max_length=255)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="volunteer_events",
    )
    description = models.TextField(_("description"), blank=True)
    is_public = models.BooleanField(_("shown on the public page"), default=True)
    places = models.PositiveIntegerField(_("places for volunteers"), null=True, blank=True)

    class Meta:
        verbose_name = _("volunteer event")
        verbose_name_plural = _("volunteer events")
        ordering = ["-starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")),
                name="volunteer_event_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title


class VolunteerTask(BaseModel):
    """A piece of an event's work volunteers sign up for."""

    event = models.ForeignKey(
        VolunteerEvent, verbose_name=_("event"), on_delete=models.CASCADE, related_name="tasks"
    )
    title = models.CharField(_("title"), max_length=255)
    planned_hours = models.DecimalField(
        _("planned hours"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )

    class Meta:
        verbose_name = _("volunteer task")
        verbose_name_plural = _("volunteer tasks")
        ordering = ["event", "title", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "title"], name="volunteer_task_unique_title")
        ]

    def __str__(self) -> str:
        return self.title


class HoursStatus(models.TextChoices):
    LOGGED = "logged", _("Logged")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")


class HoursLog(BaseModel):
    """Hours a volunteer worked on a day at an event; the organisation confirms them."""

    volunteer = models.ForeignKey(
        Volunteer, verbose_name=_("volunteer"), on_delete=models.PROTECT, related_name="hours"
    )
    event = models.ForeignKey(
        VolunteerEvent, verbose_name=_("event"), on_delete=models.PROTECT, related_name="hours"
    )
    task = models.ForeignKey(
        VolunteerTask,
        verbose_name=_("task"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hours",
    )
    worked_on = models.DateField(_("worked on"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(MAX_HOURS_A_DAY)],
    )
    status = models.CharField(
        _("status"), max_length=16, choices=HoursStatus.choices, default=HoursStatus.LOGGED
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("volunteer hours")
        verbose_name_plural = _("volunteer hours")
        ordering = ["-worked_on", "-id"]
        constraints = [
            choices_check("status", HoursStatus, "volunteer_hours_status_valid"),
            models.CheckConstraint(
                condition=Q(hours__gt=0, hours__lte=MAX_HOURS_A_DAY),
                name="volunteer_hours_in_a_day",
            ),
            # One row per volunteer, event, day and task, so a repeated import changes nothing.
            models.UniqueConstraint(
                fields=["volunteer", "event", "worked_on", "task"],
                condition=Q(task__isnull=False),
                name="volunteer_hours_unique_task_day",
            ),
            models.UniqueConstraint(
                fields=["volunteer", "event", "worked_on"],
                condition=Q(task__isnull=True),
                name="volunteer_hours_unique_day",
            ),
        ]
        indexes = [models.Index(fields=["worked_on", "status"], name="volunteer_hours_day_idx")]

    def __str__(self) -> str:
        return f"{self.worked_on} {self.hours}"


class Certificate(BaseModel):
    """A certificate of the confirmed hours a volunteer worked in a period."""

    volunteer = models.ForeignKey(
        Volunteer,
        verbose_name=_("volunteer"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    number = models.CharField(_("number"), max_length=32, unique=True)
    issued_on = models.DateField(_("issued on"))
    period_from = models.DateField(_("period from"))
    period_to = models.DateField(_("period to"))
    hours = models.DecimalField(_("confirmed hours"), max_digits=8, decimal_places=2)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("volunteer certificate")
        verbose_name_plural = _("volunteer certificates")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_to__gte=models.F("period_from")),
                name="volunteer_certificate_period_valid",
            ),
            models.CheckConstraint(condition=Q(hours__gt=0), name="volunteer_certificate_hours"),
        ]

    def __str__(self) -> str:
        return self.number


class AwardStatus(models.TextChoices):
    NOMINATED = "nominated", _("Nominated")
    AWARDED = "awarded", _("Awarded")


class AwardLevel(models.TextChoices):
    REGIONAL = "regional", _("Regional")
    NATIONAL = "national", _("National")
    INTERNATIONAL = "international", _("International")


class Award(TranslatedName, BaseModel):
    """A nomination for an award ("Volunteer of the Year") of a volunteer or an organisation."""

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    level = models.CharField(_("level"), max_length=16, choices=AwardLevel.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=AwardStatus.choices, default=AwardStatus.NOMINATED
    )
    volunteer = models.ForeignKey(
        Volunteer,
        verbose_name=_("volunteer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="awards",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="awards",
    )
    # The district credited in figures: the organisation's, the volunteer's, or the region.
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="volunteer_awards",
    )
    awarded_on = models.DateField(_("awarded on"), null=True, blank=True)

    class Meta:
        verbose_name = _("volunteering award")
        verbose_name_plural = _("volunteering awards")
        ordering = ["-year", "name_en", "id"]
        constraints = [
            choices_check("status", AwardStatus, "volunteer_award_status_valid"),
            choices_check("level", AwardLevel, "volunteer_award_level_valid"),
            models.CheckConstraint(
                condition=Q(volunteer__isnull=True, organisation__isnull=False)
                | Q(volunteer__isnull=False, organisation__isnull=True),
                name="volunteer_award_one_nominee",
            ),
            models.CheckConstraint(
                condition=Q(status=AwardStatus.NOMINATED) | Q(awarded_on__isnull=False),
                name="volunteer_award_granted_dated",
            ),
        ]
