"""Youth prizes and grants: the prizes, their yearly calls, applications, jury scores, awards.

A **prize** ("Zañğar") or **grant** ("Täuelsızdık ūrpaqtary") is reference data with names
in three languages. Each year it opens a **call** with a number of places, an amount per
winner (in MRP, converted with the MRP of the call's year, or fixed in tenge) and an
optional budget. Young people (14–35 on the day they apply) **apply** once per call; the
office screens the applications, the jury (regional officers and administrators) **scores**
the eligible ones from 0 to 100, and the best ``places`` by mean score win an **award**.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from jastar.core.i18n import localized
from jastar.core.models import BaseModel, choices_check
from jastar.registry.models import District, Person

# The legal definition of youth in Kazakhstan; a call may narrow it.
YOUTH_AGE_MIN: Final = 14
YOUTH_AGE_MAX: Final = 35
SCORE_MAX: Final = 100
DEFAULT_MIN_JURORS: Final = 2


class PrizeKind(models.TextChoices):
    PRIZE = "prize", _("Prize")
    GRANT = "grant", _("Grant")


class CallStatus(models.TextChoices):
    OPEN = "open", _("Open")
    JUDGING = "judging", _("Judging")
    DECIDED = "decided", _("Decided")


class PrizeApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ELIGIBLE = "eligible", _("Eligible")
    REJECTED = "rejected", _("Rejected")
    WINNER = "winner", _("Winner")
    NOT_SELECTED = "not_selected", _("Not selected")


class Prize(BaseModel):
    """A youth prize or grant of the region, awarded through yearly calls."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=200)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=8, choices=PrizeKind.choices)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("youth prize or grant")
        verbose_name_plural = _("youth prizes and grants")
        ordering = ["code"]
        constraints = [choices_check("kind", PrizeKind, "prize_kind_valid")]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")


class Call(BaseModel):
    """A prize's call of one year: who may apply, until when, how many win and how much."""

    prize = models.ForeignKey(
        Prize, verbose_name=_("prize"), on_delete=models.PROTECT, related_name="calls"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    # Blank: the prize's name and the year.
    title_kk = models.CharField(_("title (Kazakh)"), max_length=200, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    places = models.PositiveSmallIntegerField(_("winners"), validators=[MinValueValidator(1)])
    amount_mrp = models.DecimalField(
        _("amount per winner, MRP"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    amount_tenge = models.PositiveBigIntegerField(
        _("amount per winner, ₸"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    # Blank: no limit beyond places × amount.
    budget_tenge = models.PositiveBigIntegerField(_("budget, ₸"), null=True, blank=True)
    age_min = models.PositiveSmallIntegerField(_("minimum age"), default=YOUTH_AGE_MIN)
    age_max = models.PositiveSmallIntegerField(_("maximum age"), default=YOUTH_AGE_MAX)
    min_jurors = models.PositiveSmallIntegerField(
        _("jurors needed per application"),
        default=DEFAULT_MIN_JURORS,
        validators=[MinValueValidator(1)],
    )
    status = models.CharField(
        _("status"), max_length=8, choices=CallStatus.choices, default=CallStatus.OPEN
    )

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-year", "prize__code"]
        constraints = [
            models.UniqueConstraint(fields=["prize", "year"], name="prize_call_one_per_year"),
            choices_check("status", CallStatus, "prize_call_status_valid"),
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="prize_call_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=models.Q(amount_mrp__isnull=False) | models.Q(amount_tenge__isnull=False),
                name="prize_call_has_amount",
            ),
            models.CheckConstraint(
                condition=models.Q(age_min__lte=models.F("age_max")),
                name="prize_call_age_range",
            ),
            models.CheckConstraint(condition=models.Q(places__gte=1), name="prize_call_places"),
            models.CheckConstraint(
                condition=models.Q(min_jurors__gte=1), name="prize_call_min_jurors"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title") or f"{self.prize.name} {self.year}"


class Application(BaseModel):
    """A young person's application to a call, and what the office and the jury made of it."""

    call = models.ForeignKey(
        Call, verbose_name=_("call"), on_delete=models.PROTECT, related_name="applications"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="prize_applications",
    )
    # The person's district when applying: where the winner is counted.
    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_on = models.DateField(_("submitted on"))
    project_title = models.CharField(_("project title"), max_length=300)
    summary = models.TextField(_("summary"))
    category = models.CharField(_("nomination"), max_length=200, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=PrizeApplicationStatus.choices,
        default=PrizeApplicationStatus.SUBMITTED,
        db_index=True,
    )
    reject_reason = models.CharField(_("reason for rejection"), max_length=500, blank=True)
    screened_on = models.DateField(_("screened on"), null=True, blank=True)
    # Kept by the scoring service: the mean of the jurors' scores and how many scored.
    score_mean = models.DecimalField(
        _("mean score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    jurors = models.PositiveSmallIntegerField(_("jurors who scored"), default=0)

    class Meta:
        verbose_name = _("prize application")
        verbose_name_plural = _("prize applications")
        ordering = ["call", "submitted_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "person"], name="prize_application_one_per_call"
            ),
            choices_check("status", PrizeApplicationStatus, "prize_application_status_valid"),
            models.CheckConstraint(
                condition=~models.Q(status=PrizeApplicationStatus.REJECTED)
                | ~models.Q(reject_reason=""),
                name="prize_application_rejected_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.project_title


class JuryScore(BaseModel):
    """One juror's score of one application, from 0 to 100."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="scores",
    )
    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("juror"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(0), MaxValueValidator(SCORE_MAX)]
    )
    comment = models.TextField(_("comment"), blank=True)
    scored_on = models.DateField(_("scored on"))

    class Meta:
        verbose_name = _("jury score")
        verbose_name_plural = _("jury scores")
        ordering = ["application", "juror"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "juror"], name="prize_score_one_per_juror"
            ),
            models.CheckConstraint(
                condition=models.Q(score__lte=SCORE_MAX), name="prize_score_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.score}"


class Award(BaseModel):
    """A winner of a call: the rank, the amount in tenge and when it was paid."""

    application = models.OneToOneField(
        Application,
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        related_name="award",
    )
    rank = models.PositiveSmallIntegerField(_("rank"), validators=[MinValueValidator(1)])
    # The call's amount in MRP (blank for an amount fixed in tenge) and in tenge, with the
    # MRP of the call's year.
    amount_mrp = models.DecimalField(
        _("amount, MRP"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    amount_tenge = models.PositiveBigIntegerField(_("amount, ₸"))
    decided_on = models.DateField(_("decided on"))
    paid_on = models.DateField(_("paid on"), null=True, blank=True)

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["application__call", "rank"]
        constraints = [
            models.CheckConstraint(condition=models.Q(rank__gte=1), name="prize_award_rank"),
            models.CheckConstraint(
                condition=models.Q(paid_on__isnull=True)
                | models.Q(paid_on__gte=models.F("decided_on")),
                name="prize_award_paid_after_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} #{self.rank}"
