"""The regional talent reserve: yearly intakes, nominations scored on criteria, the members
selected for a period, their trainings and their appointments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from jastar.core.i18n import TranslatedName
from jastar.core.models import BaseModel, choices_check
from jastar.registry.models import Person


class IntakeStatus(models.TextChoices):
    OPEN = "open", _("Open for nominations")
    SCORING = "scoring", _("Scoring")
    CLOSED = "closed", _("Closed")


class NominationStatus(models.TextChoices):
    NOMINATED = "nominated", _("Nominated")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    SELECTED = "selected", _("Selected")
    REJECTED = "rejected", _("Not selected")


class MembershipStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Intake(BaseModel):
    """One yearly selection round of the reserve: "Talent reserve 2025", 25 places."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    opens_on = models.DateField(_("nominations open on"))
    closes_on = models.DateField(_("nominations close on"))
    places = models.PositiveSmallIntegerField(_("places"), default=25)
    status = models.CharField(
        _("status"), max_length=16, choices=IntakeStatus.choices, default=IntakeStatus.OPEN
    )

    class Meta:
        verbose_name = _("talent reserve intake")
        verbose_name_plural = _("talent reserve intakes")
        ordering = ["-year"]
        constraints = [
            choices_check("status", IntakeStatus, "talent_intake_status_valid"),
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")), name="talent_intake_dates_ordered"
            ),
            models.CheckConstraint(condition=Q(places__gt=0), name="talent_intake_places_positive"),
        ]

    def __str__(self) -> str:
        return self.title


class Criterion(TranslatedName, BaseModel):
    """A selection criterion of an intake, with its weight and the highest score."""

    intake = models.ForeignKey(
        Intake, verbose_name=_("intake"), on_delete=models.CASCADE, related_name="criteria"
    )
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    max_score = models.PositiveSmallIntegerField(_("highest score"), default=10)

    class Meta:
        verbose_name = _("selection criterion")
        verbose_name_plural = _("selection criteria")
        ordering = ["intake", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gt=0), name="talent_criterion_weight_pos"),
            models.CheckConstraint(condition=Q(max_score__gt=0), name="talent_criterion_max_pos"),
        ]


class Nomination(BaseModel):
    """A young specialist nominated to an intake by an organisation."""

    intake = models.ForeignKey(
        Intake, verbose_name=_("intake"), on_delete=models.PROTECT, related_name="nominations"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="talent_nominations",
    )
    nominated_by = models.CharField(_("nominated by (organisation)"), max_length=255)
    nominated_on = models.DateField(_("nominated on"))
    position = models.CharField(_("current post"), max_length=255, blank=True)
    motivation = models.TextField(_("motivation"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=NominationStatus.choices,
        default=NominationStatus.NOMINATED,
    )

    class Meta:
        verbose_name = _("nomination to the talent reserve")
        verbose_name_plural = _("nominations to the talent reserve")
        ordering = ["intake", "nominated_on", "pk"]
        constraints = [
            choices_check("status", NominationStatus, "talent_nomination_status_valid"),
            models.UniqueConstraint(
                fields=["intake", "person"], name="talent_nomination_once_per_intake"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.intake_id}/{self.person_id}"


class Score(BaseModel):
    """One scorer's score of a nomination on one criterion (0 to the criterion's highest)."""

    nomination = models.ForeignKey(
        Nomination, verbose_name=_("nomination"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.CASCADE, related_name="scores"
    )
    # Empty for scores the system wrote (the demo region's selection panel).
    scorer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("scorer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    score = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("selection score")
        verbose_name_plural = _("selection scores")
        ordering = ["nomination", "criterion", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["nomination", "criterion", "scorer"], name="talent_score_once_per_scorer"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nomination_id}/{self.criterion_id}: {self.score}"


class Membership(BaseModel):
    """A person's membership of the reserve for a period (three years as a rule)."""

    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="talent_memberships",
    )
    intake = models.ForeignKey(
        Intake, verbose_name=_("intake"), on_delete=models.PROTECT, related_name="memberships"
    )
    starts_on = models.DateField(_("member from"))
    ends_on = models.DateField(_("member until"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=MembershipStatus.choices,
        default=MembershipStatus.ACTIVE,
    )

    class Meta:
        verbose_name = _("talent reserve member")
        verbose_name_plural = _("talent reserve members")
        ordering = ["-starts_on", "pk"]
        constraints = [
            choices_check("status", MembershipStatus, "talent_membership_status_valid"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="talent_membership_dates_ordered"
            ),
            models.UniqueConstraint(
                fields=["intake", "person"], name="talent_membership_once_per_intake"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.intake_id}/{self.person_id}"


class Training(BaseModel):
    """A training a member completed: "Public administration basics", 72 hours."""

    membership = models.ForeignKey(
        Membership, verbose_name=_("member"), on_delete=models.CASCADE, related_name="trainings"
    )
    title = models.CharField(_("title"), max_length=255)
    provider = models.CharField(_("provider"), max_length=255)
    completed_on = models.DateField(_("completed on"))
    hours = models.PositiveSmallIntegerField(_("hours"))

    class Meta:
        verbose_name = _("reserve member's training")
        verbose_name_plural = _("reserve members' trainings")
        ordering = ["-completed_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="talent_training_hours_pos"),
        ]

    def __str__(self) -> str:
        return self.title


class Appointment(BaseModel):
    """A member appointed to a post: the post, the organisation, the date."""

    membership = models.ForeignKey(
        Membership,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="appointments",
    )
    post = models.CharField(_("post"), max_length=255)
    organisation = models.CharField(_("organisation"), max_length=255)
    appointed_on = models.DateField(_("appointed on"))
    leading_post = models.BooleanField(_("leading post"), default=False)

    class Meta:
        verbose_name = _("reserve member's appointment")
        verbose_name_plural = _("reserve members' appointments")
        ordering = ["-appointed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.post}, {self.organisation}"
