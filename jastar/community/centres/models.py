"""Youth centres and coworking spaces, their events, and who came to them."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jastar.core.i18n import localized
from jastar.core.models import BaseModel, choices_check
from jastar.registry.models import District, Person


class CentreKind(models.TextChoices):
    YOUTH_CENTRE = "youth_centre", _("Youth centre")
    COWORKING = "coworking", _("Coworking space")


class CentreStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Audience(models.TextChoices):
    TEENS = "teens", _("Teenagers")
    YOUTH = "youth", _("Young people")
    NEET = "neet", _("NEET young people")
    ENTREPRENEURS = "entrepreneurs", _("Young entrepreneurs")
    EVERYONE = "everyone", _("Everyone")


class VisitPurpose(models.TextChoices):
    CONSULTATION = "consultation", _("Consultation")
    TRAINING = "training", _("Training")
    COWORKING = "coworking", _("Coworking")
    EVENT = "event", _("Event")
    LEISURE = "leisure", _("Leisure")


class Centre(BaseModel):
    """A youth centre or a coworking space of a district: planned, open or closed."""

    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.PROTECT, related_name="centres"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=CentreKind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=CentreStatus.choices, default=CentreStatus.PLANNED
    )
    name_kk = models.CharField(_("name (Kazakh)"), max_length=255)
    name_ru = models.CharField(_("name (Russian)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    capacity = models.PositiveIntegerField(_("capacity, places"), default=0)
    planned_on = models.DateField(_("planned opening"), null=True, blank=True)
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("youth centre")
        verbose_name_plural = _("youth centres")
        ordering = ["district__code", "name_kk"]
        constraints = [
            choices_check("kind", CentreKind, "centre_kind_valid"),
            choices_check("status", CentreStatus, "centre_status_valid"),
            models.CheckConstraint(
                condition=Q(status=CentreStatus.PLANNED) | Q(opened_on__isnull=False),
                name="centre_opened_on_when_open",
            ),
            models.CheckConstraint(
                condition=~Q(status=CentreStatus.CLOSED) | Q(closed_on__isnull=False),
                name="centre_closed_on_when_closed",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True)
                | Q(opened_on__isnull=True)
                | Q(closed_on__gte=models.F("opened_on")),
                name="centre_closes_after_opening",
            ),
            models.UniqueConstraint(fields=["district", "name_kk"], name="centre_name_kk_unique"),
            models.UniqueConstraint(fields=["district", "name_ru"], name="centre_name_ru_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language (kk → ru → en fallback)."""
        return localized(self, "name")


class CentreEvent(BaseModel):
    """An event a centre held: a training, a meeting, a competition."""

    centre = models.ForeignKey(
        Centre, verbose_name=_("centre"), on_delete=models.CASCADE, related_name="events"
    )
    title = models.CharField(_("title"), max_length=255)
    held_on = models.DateField(_("held on"))
    audience = models.CharField(
        _("audience"), max_length=16, choices=Audience.choices, default=Audience.YOUTH
    )
    partners = models.TextField(_("partners"), blank=True)
    description = models.TextField(_("description"), blank=True)
    # Participants not identified by name (registered ones are visits with this event).
    anonymous_participants = models.PositiveIntegerField(_("participants not named"), default=0)

    class Meta:
        verbose_name = _("centre event")
        verbose_name_plural = _("centre events")
        ordering = ["-held_on", "-id"]
        constraints = [
            choices_check("audience", Audience, "centre_event_audience_valid"),
            models.UniqueConstraint(
                fields=["centre", "title", "held_on"], name="centre_event_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d.%m.%Y})"


class Visit(BaseModel):
    """A registered young person's visit to a centre on a day, or a count of visitors
    not identified (exactly one of the two)."""

    centre = models.ForeignKey(
        Centre, verbose_name=_("centre"), on_delete=models.CASCADE, related_name="visits"
    )
    visited_on = models.DateField(_("visited on"))
    person = models.ForeignKey(
        Person,
        verbose_name=_("young person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="centre_visits",
    )
    anonymous_count = models.PositiveIntegerField(_("visitors not named"), default=0)
    event = models.ForeignKey(
        CentreEvent,
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="visits",
    )
    purpose = models.CharField(_("purpose"), max_length=16, choices=VisitPurpose.choices)

    class Meta:
        verbose_name = _("centre visit")
        verbose_name_plural = _("centre visits")
        ordering = ["-visited_on", "-id"]
        constraints = [
            choices_check("purpose", VisitPurpose, "centre_visit_purpose_valid"),
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(anonymous_count=0))
                | (Q(person__isnull=True) & Q(anonymous_count__gt=0)),
                name="centre_visit_person_or_count",
            ),
            # One row per person, day and event (or no event), so imports are idempotent.
            models.UniqueConstraint(
                fields=["centre", "person", "visited_on", "event"],
                condition=Q(person__isnull=False, event__isnull=False),
                name="centre_visit_person_event_unique",
            ),
            models.UniqueConstraint(
                fields=["centre", "person", "visited_on"],
                condition=Q(person__isnull=False, event__isnull=True),
                name="centre_visit_person_day_unique",
            ),
            # One count of unnamed visitors per day, event and purpose.
            models.UniqueConstraint(
                fields=["centre", "visited_on", "event", "purpose"],
                condition=Q(person__isnull=True, event__isnull=False),
                name="centre_visit_count_event_unique",
            ),
            models.UniqueConstraint(
                fields=["centre", "visited_on", "purpose"],
                condition=Q(person__isnull=True, event__isnull=True),
                name="centre_visit_count_day_unique",
            ),
        ]
        indexes = [models.Index(fields=["centre", "visited_on"], name="centre_visit_day_idx")]

    def __str__(self) -> str:
        return f"{self.centre_id} {self.visited_on:%d.%m.%Y}"

    @property
    def visitors(self) -> int:
        """How many people this row counts: one named person, or the unnamed count."""
        return 1 if self.person_id is not None else self.anonymous_count
