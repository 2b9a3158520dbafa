"""The NEET risk model's versions and scores, case workers' opinions of the scores, and the
outreach log of contact attempts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jastar.core.models import BaseModel, choices_check


class RiskModelVersion(BaseModel):
    """One trained risk model, with its metrics on a later, held-out period.

    Trained on the registry as it was on ``trained_on`` (labels: NEET twelve months later)
    and tested on the registry as it was on ``tested_on``, twelve months on. ``model`` is
    the pickled model (``jastar.insight.risk.to_bytes``): only models this system trained
    are ever loaded from it.
    """

    trained_on = models.DateField(_("trained on the registry of"))
    tested_on = models.DateField(_("tested on the registry of"))
    seed = models.PositiveIntegerField(_("seed"))
    rows_trained = models.PositiveIntegerField(_("people trained on"))
    rows_tested = models.PositiveIntegerField(_("people tested on"))
    metrics = models.JSONField(_("metrics"), default=dict)
    fairness = models.JSONField(_("fairness audit"), default=list)
    model = models.BinaryField(_("model"))

    class Meta:
        verbose_name = _("risk model version")
        verbose_name_plural = _("risk model versions")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.trained_on} → {self.tested_on} (#{self.pk})"


class RiskScore(models.Model):
    """A person's risk of still being NEET in twelve months, by one model version.

    ``reasons`` lists the features pushing the risk up most, as (feature, contribution to
    the log-odds) pairs; pages turn them into sentences. Written by ``risk_scores_refresh``
    for everyone at once; the newest version's scores are the ones shown.
    """

    person = models.ForeignKey(
        "registry.Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )
    version = models.ForeignKey(
        RiskModelVersion, verbose_name=_("model version"), on_delete=models.CASCADE
    )
    probability = models.FloatField(_("probability"))
    percentile = models.PositiveSmallIntegerField(_("percentile"))
    reasons = models.JSONField(_("reasons"), default=list)
    computed_on = models.DateField(_("computed on"))

    class Meta:
        verbose_name = _("risk score")
        verbose_name_plural = _("risk scores")
        constraints = [
            models.UniqueConstraint(fields=["version", "person"], name="insight_score_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.probability:.2f}"


class ContactChannel(models.TextChoices):
    PHONE = "phone", _("Phone call")
    MESSAGE = "message", _("Text message")
    VISIT = "visit", _("Home visit")
    OFFICE = "office", _("Visit to the office")
    EVENT = "event", _("Event")


class ContactOutcome(models.TextChoices):
    NO_ANSWER = "no_answer", _("No answer")
    REACHED = "reached", _("Reached, no interest now")
    INTERESTED = "interested", _("Interested, follow-up agreed")
    REFERRED = "referred", _("Referred to a vacancy or program")
    WRONG_CONTACT = "wrong_contact", _("Wrong or outdated contact")


class ContactAttempt(BaseModel):
    """One attempt by the office to reach a young person (outreach log)."""

    person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="contact_attempts",
    )
    on = models.DateField(_("date"))
    channel = models.CharField(
        pgettext_lazy("outreach", "channel"), max_length=8, choices=ContactChannel.choices
    )
    outcome = models.CharField(_("outcome"), max_length=16, choices=ContactOutcome.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("contact attempt")
        verbose_name_plural = _("contact attempts")
        ordering = ["-on", "-id"]
        indexes = [models.Index(fields=["person", "on"], name="insight_contact_person_on")]
        constraints = [
            choices_check("channel", ContactChannel, "insight_contact_channel_valid"),
            choices_check("outcome", ContactOutcome, "insight_contact_outcome_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.on} {self.get_channel_display()}: {self.get_outcome_display()}"


class RiskOpinion(BaseModel):
    """A case worker's view of a person's risk score: the score never decides alone."""

    score = models.ForeignKey(RiskScore, verbose_name=_("risk score"), on_delete=models.CASCADE)
    agrees = models.BooleanField(_("agrees with the score"))
    note = models.CharField(_("reason"), max_length=500)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("opinion on a risk score")
        verbose_name_plural = _("opinions on risk scores")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.score_id}: {'agrees' if self.agrees else 'disagrees'}"


class ProgramImpact(BaseModel):
    """The measured effect of one program edition on employment 6 or 12 months after the
    start: participants against matched comparable non-participants (``jastar impact``)."""

    edition = models.ForeignKey(
        "programs.ProgramEdition", verbose_name=_("program edition"), on_delete=models.CASCADE
    )
    horizon = models.PositiveSmallIntegerField(_("months after the start"))
    effect = models.FloatField(_("effect (percentage points)"), null=True, blank=True)
    ci_low = models.FloatField(_("confidence interval from"), null=True, blank=True)
    ci_high = models.FloatField(_("confidence interval to"), null=True, blank=True)
    naive = models.FloatField(_("naive difference"), null=True, blank=True)
    participant_rate = models.FloatField(_("employed participants"), null=True, blank=True)
    control_rate = models.FloatField(
        _("employed comparable non-participants"), null=True, blank=True
    )
    participants = models.PositiveIntegerField(_("participants"), default=0)
    matched = models.PositiveIntegerField(_("participants matched"), default=0)
    controls = models.PositiveIntegerField(_("non-participants used"), default=0)
    caveats = models.JSONField(_("caveats"), default=list)
    unavailable = models.CharField(_("why there is no estimate"), max_length=255, blank=True)
    computed_on = models.DateField(_("computed on"))

    class Meta:
        verbose_name = _("program impact")
        verbose_name_plural = _("program impacts")
        ordering = ["edition", "horizon"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "horizon"], name="insight_impact_unique")
        ]

    def __str__(self) -> str:
        return f"{self.edition} +{self.horizon}"
