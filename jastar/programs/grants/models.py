"""A business-grant application and the committee's scores of it.

The application hangs on a Participation in a grant-kind edition, which carries the
person, edition, district and lifecycle; the application adds the business plan and the
committee's verdict. Imported at the end of ``jastar.programs.models`` so the models
belong to the programs app.
"""

from __future__ import annotations

from typing import Final

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jastar.core.models import BaseModel, choices_check
from jastar.programs.models import Participation
from jastar.registry.models import Industry

__all__ = ["CRITERIA", "CRITERION_MAX", "GrantApplication", "GrantDecision", "GrantScore"]

# Each criterion is scored from 0 to this; a scorer's total is the sum of the four.
CRITERION_MAX: Final = 10
CRITERIA: Final[tuple[str, ...]] = ("viability", "social_impact", "jobs", "readiness")
TOTAL_MAX: Final = CRITERION_MAX * len(CRITERIA)


class GrantDecision(models.TextChoices):
    PENDING = "pending", _("Pending")
    AWARDED = "awarded", _("Awarded")
    NOT_AWARDED = "not_awarded", _("Not awarded")


def _null_or(field: str, **lookups: object) -> models.Q:
    return models.Q(**{f"{field}__isnull": True}) | models.Q(**lookups)


class GrantApplication(BaseModel):
    """A business plan submitted for a grant, and what became of it."""

    participation = models.OneToOneField(
        Participation,
        verbose_name=_("participation"),
        on_delete=models.PROTECT,
        related_name="grant_application",
    )
    business_name = models.CharField(_("business name"), max_length=200)
    business_idea = models.TextField(_("business idea"))
    activity = models.ForeignKey(
        Industry,
        verbose_name=_("type of activity"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    planned_jobs = models.PositiveSmallIntegerField(_("jobs planned"), default=0)
    own_contribution_tenge = models.PositiveBigIntegerField(_("own contribution, ₸"), default=0)
    requested_tenge = models.PositiveBigIntegerField(_("amount requested, ₸"))
    market = models.TextField(_("market and customers"))
    costs = models.TextField(_("costs"))
    revenue_plan = models.TextField(_("revenue plan"))
    submitted_on = models.DateField(_("submitted on"))
    # Computed by the scoring service: the mean of the scorers' totals.
    score_average = models.DecimalField(
        _("average score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    decision = models.CharField(
        _("decision"),
        max_length=16,
        choices=GrantDecision.choices,
        default=GrantDecision.PENDING,
        db_index=True,
    )
    awarded_tenge = models.PositiveBigIntegerField(_("amount awarded, ₸"), null=True, blank=True)
    disbursed_on = models.DateField(_("disbursed on"), null=True, blank=True)
    survival_checked_on = models.DateField(_("survival checked on"), null=True, blank=True)
    survived = models.BooleanField(_("business still operating"), null=True, blank=True)
    survival_note = models.CharField(_("survival check note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("grant application")
        verbose_name_plural = _("grant applications")
        ordering = ["rank", "-submitted_on", "id"]
        constraints = [
            choices_check("decision", GrantDecision, "grant_decision_valid"),
            models.CheckConstraint(
                condition=models.Q(requested_tenge__gt=0), name="grant_requested_positive"
            ),
            models.CheckConstraint(
                condition=_null_or("score_average", score_average__gte=0)
                & _null_or("score_average", score_average__lte=TOTAL_MAX),
                name="grant_average_in_range",
            ),
            models.CheckConstraint(
                condition=_null_or("rank", rank__gte=1), name="grant_rank_positive"
            ),
            # An award, and only an award, has an amount, at most what was requested.
            models.CheckConstraint(
                condition=models.Q(
                    decision=GrantDecision.AWARDED,
                    awarded_tenge__gt=0,
                    awarded_tenge__lte=models.F("requested_tenge"),
                )
                | (
                    ~models.Q(decision=GrantDecision.AWARDED) & models.Q(awarded_tenge__isnull=True)
                ),
                name="grant_award_has_amount",
            ),
            models.CheckConstraint(
                condition=models.Q(disbursed_on__isnull=True)
                | models.Q(decision=GrantDecision.AWARDED),
                name="grant_disbursed_only_if_awarded",
            ),
            models.CheckConstraint(
                condition=_null_or("disbursed_on", disbursed_on__gte=models.F("submitted_on")),
                name="grant_disbursed_after_submitted",
            ),
            # Checked means answered, and only a disbursed grant is checked.
            models.CheckConstraint(
                condition=models.Q(survival_checked_on__isnull=True, survived__isnull=True)
                | models.Q(
                    survival_checked_on__isnull=False,
                    survived__isnull=False,
                    disbursed_on__isnull=False,
                    survival_checked_on__gt=models.F("disbursed_on"),
                ),
                name="grant_survival_check_answered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.business_name} ({self.participation_id})"


class GrantScore(BaseModel):
    """One committee member's scores of one application, each criterion from 0 to 10."""

    application = models.ForeignKey(
        GrantApplication,
        verbose_name=_("grant application"),
        on_delete=models.CASCADE,
        related_name="scores",
    )
    scorer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("scorer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    viability = models.PositiveSmallIntegerField(_("viability"))
    social_impact = models.PositiveSmallIntegerField(_("social impact"))
    jobs = models.PositiveSmallIntegerField(_("jobs created"))
    readiness = models.PositiveSmallIntegerField(_("readiness to start"))
    total = models.GeneratedField(
        expression=models.F("viability")
        + models.F("social_impact")
        + models.F("jobs")
        + models.F("readiness"),
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
        verbose_name=_("total"),
    )

    class Meta:
        verbose_name = _("grant score")
        verbose_name_plural = _("grant scores")
        ordering = ["application", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "scorer"], name="grant_score_one_per_scorer"
            ),
            *(
                models.CheckConstraint(
                    condition=models.Q(**{f"{name}__gte": 0, f"{name}__lte": CRITERION_MAX}),
                    name=f"grant_score_{name}_in_range",
                )
                for name in CRITERIA
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} / {self.scorer_id}: {self.total}"
