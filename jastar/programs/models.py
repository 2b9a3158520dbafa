"""The program catalogue, its yearly editions and quotas, and people's participation.

A program's identity is a Program; its parameters for a year (eligibility rules, duration,
subsidy, payer) are a ProgramEdition, and each district's share of it a ProgramQuota. A
Participation follows one person through one edition (:mod:`jastar.programs.lifecycle`),
with its ParticipationEvent log and the FollowUp checks after a placement.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP
from typing import Any, Final

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jastar.core.i18n import TranslatedName
from jastar.core.models import BaseModel, choices_check
from jastar.programs.lifecycle import (
    ACTIVE_STATUSES,
    PLACE_HOLDING_STATUSES,
    ParticipationStatus,
)
from jastar.registry.models import District, Person, Placement, YearlyRates


class ProgramKind(models.TextChoices):
    WAGE_SUBSIDY = "wage_subsidy", _("Wage subsidy")
    INTERNSHIP = "internship", _("Internship")
    GRANT = "grant", _("Grant")
    TRAINING = "training", _("Training")
    SEASONAL_WORK = "seasonal_work", _("Seasonal work")
    FORMALISATION = "formalisation", _("Formalisation of employment")
    RELOCATION = "relocation", _("Relocation support")


class Program(TranslatedName, BaseModel):
    """A program in the catalogue (Youth Practice, First Job, Bastau Business …)."""

    code = models.SlugField(_("code"), max_length=48, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=ProgramKind.choices)
    description_kk = models.TextField(_("description (Kazakh)"), blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=500, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["code"]
        constraints = [choices_check("kind", ProgramKind, "program_kind_valid")]


class Payer(models.TextChoices):
    STATE_BUDGET = "state_budget", _("Republican budget")
    LOCAL_BUDGET = "local_budget", _("Local budget")
    EMPLOYER = "employer", _("Employer")
    SHARED = "shared", _("Shared by the state and the employer")


def _null_or(field: str, **lookups: object) -> models.Q:
    """A check that holds when ``field`` is empty or meets ``lookups``."""
    return models.Q(**{f"{field}__isnull": True}) | models.Q(**lookups)


class ProgramEdition(BaseModel):
    """A program's parameters for one year: rules, duration, subsidy and payer.

    Amounts in MRP are converted to tenge with the MRP of the edition's year
    (``registry.YearlyRates``). Parameters that no primary source confirms are kept here as
    editable data with ``is_verified`` off (domain.md marks them ❌ or ◐).
    """

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.PROTECT, related_name="editions"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    rules: models.JSONField[list[dict[str, Any]], list[dict[str, Any]]] = models.JSONField(
        _("eligibility rules"),
        default=list,
        blank=True,
        help_text=_("A list of rules, each an object with a “type” and “params”."),
    )
    max_duration_months = models.PositiveSmallIntegerField(
        _("maximum duration, months"), null=True, blank=True
    )
    subsidy_mrp = models.DecimalField(
        _("monthly subsidy, MRP"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    subsidy_wage_share = models.DecimalField(
        _("monthly subsidy, share of the wage"),
        max_digits=4,
        decimal_places=3,
        null=True,
        blank=True,
        help_text=_("From 0 to 1; 0.35 means 35 percent of the wage."),
    )
    subsidy_cap_mrp = models.DecimalField(
        _("cap of the wage subsidy, MRP"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    one_off_mrp = models.DecimalField(
        _("one-off payment, MRP"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    payer = models.CharField(_("payer"), max_length=16, choices=Payer.choices)
    notes = models.TextField(_("notes"), blank=True)
    source = models.CharField(_("source"), max_length=1000, blank=True)
    is_verified = models.BooleanField(
        _("verified"),
        default=False,
        help_text=_("Off while a parameter is not confirmed by a primary source."),
    )

    class Meta:
        verbose_name = _("program edition")
        verbose_name_plural = _("program editions")
        ordering = ["program__code", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["program", "year"], name="edition_one_per_year"),
            models.CheckConstraint(
                condition=models.Q(year__gte=2000, year__lte=2100), name="edition_year_sane"
            ),
            models.CheckConstraint(
                condition=_null_or("max_duration_months", max_duration_months__gt=0),
                name="edition_duration_positive",
            ),
            models.CheckConstraint(
                condition=_null_or("subsidy_mrp", subsidy_mrp__gt=0),
                name="edition_subsidy_mrp_positive",
            ),
            models.CheckConstraint(
                condition=_null_or(
                    "subsidy_wage_share", subsidy_wage_share__gt=0, subsidy_wage_share__lte=1
                ),
                name="edition_wage_share_in_range",
            ),
            models.CheckConstraint(
                condition=_null_or("subsidy_cap_mrp", subsidy_cap_mrp__gt=0),
                name="edition_cap_positive",
            ),
            models.CheckConstraint(
                condition=_null_or("one_off_mrp", one_off_mrp__gt=0),
                name="edition_one_off_positive",
            ),
            # A monthly subsidy is either a fixed amount or a share of the wage.
            models.CheckConstraint(
                condition=models.Q(subsidy_mrp__isnull=True)
                | models.Q(subsidy_wage_share__isnull=True),
                name="edition_one_subsidy_form",
            ),
            models.CheckConstraint(
                condition=models.Q(subsidy_cap_mrp__isnull=True)
                | models.Q(subsidy_wage_share__isnull=False),
                name="edition_cap_needs_share",
            ),
            choices_check("payer", Payer, "edition_payer_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.program} {self.year}"

    def monthly_subsidy_tenge(self, rates: YearlyRates, wage: int | None = None) -> int | None:
        """The monthly subsidy in tenge with ``rates`` (the MRP of the edition's year).

        A fixed subsidy is its MRP amount. A share of the wage is applied to ``wage`` and
        capped; without a wage the cap is the most it can be, so that is what a budget must
        hold. None when the edition pays no monthly subsidy (or its size is unknown).
        """
        if self.subsidy_mrp is not None:
            return rates.mrp_to_tenge(float(self.subsidy_mrp))
        if self.subsidy_wage_share is None:
            return None
        cap = (
            None
            if self.subsidy_cap_mrp is None
            else rates.mrp_to_tenge(float(self.subsidy_cap_mrp))
        )
        if wage is None:
            return cap
        share = int((self.subsidy_wage_share * wage).to_integral_value(ROUND_HALF_UP))
        return share if cap is None else min(share, cap)

    def one_off_tenge(self, rates: YearlyRates) -> int | None:
        """The one-off payment (a grant, a lifting allowance) in tenge; None when there is none."""
        if self.one_off_mrp is None:
            return None
        return rates.mrp_to_tenge(float(self.one_off_mrp))


class ProgramQuota(BaseModel):
    """How many people a district may enrol in an edition, and the money it has for them."""

    edition = models.ForeignKey(
        ProgramEdition,
        verbose_name=_("program edition"),
        on_delete=models.CASCADE,
        related_name="quotas",
    )
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="program_quotas",
    )
    places = models.PositiveIntegerField(_("places"))
    budget_tenge = models.PositiveBigIntegerField(_("budget, ₸"))

    class Meta:
        verbose_name = _("program quota")
        verbose_name_plural = _("program quotas")
        ordering = ["edition", "district"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "district"], name="quota_one_per_district"),
        ]

    def __str__(self) -> str:
        return f"{self.edition} {self.district}"


class Participation(BaseModel):
    """A person's way through one program edition, from application to the end.

    The status changes only through the services in ``jastar.programs.services``, which
    follow :mod:`jastar.programs.lifecycle` and log each change as a ParticipationEvent.
    """

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="participations"
    )
    edition = models.ForeignKey(
        ProgramEdition,
        verbose_name=_("program edition"),
        on_delete=models.PROTECT,
        related_name="participations",
    )
    # The person's district when applying: its quota pays, even if the person moves later.
    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ParticipationStatus.choices, db_index=True
    )
    applied_on = models.DateField(_("applied on"))
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    enrolled_on = models.DateField(_("enrolled on"), null=True, blank=True)
    placed_on = models.DateField(_("placed on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    rejection_reason = models.CharField(_("reason for rejection"), max_length=500, blank=True)
    drop_reason = models.CharField(_("reason for dropping out"), max_length=500, blank=True)
    placement = models.ForeignKey(
        Placement,
        verbose_name=_("placement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="participations",
    )
    # Fixed at enrolment with that year's MRP, so later changes of rates or parameters do
    # not change what was promised.
    monthly_subsidy_tenge = models.PositiveIntegerField(_("monthly subsidy, ₸"), default=0)
    one_off_tenge = models.PositiveIntegerField(_("one-off payment, ₸"), default=0)
    months_planned = models.PositiveSmallIntegerField(_("months planned"), null=True, blank=True)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["-applied_on", "-id"]
        indexes = [
            models.Index(fields=["edition", "district", "status"], name="participation_quota_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "edition"],
                condition=models.Q(status__in=ACTIVE_STATUSES),
                name="participation_one_active_per_edition",
            ),
            models.UniqueConstraint(fields=["placement"], name="participation_placement_once"),
            choices_check("status", ParticipationStatus, "participation_status_valid"),
            models.CheckConstraint(
                condition=_null_or("decided_on", decided_on__gte=models.F("applied_on")),
                name="participation_decided_after_applied",
            ),
            models.CheckConstraint(
                condition=_null_or("enrolled_on", enrolled_on__gte=models.F("applied_on")),
                name="participation_enrolled_after_applied",
            ),
            models.CheckConstraint(
                condition=_null_or("placed_on", placed_on__gte=models.F("enrolled_on")),
                name="participation_placed_after_enrolled",
            ),
            models.CheckConstraint(
                condition=_null_or("ended_on", ended_on__gte=models.F("applied_on")),
                name="participation_ended_after_applied",
            ),
            models.CheckConstraint(
                condition=_null_or("months_planned", months_planned__gt=0),
                name="participation_months_positive",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=PLACE_HOLDING_STATUSES)
                | models.Q(enrolled_on__isnull=False, months_planned__isnull=False),
                name="participation_enrolment_recorded",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=ParticipationStatus.PLACED)
                | models.Q(placement__isnull=False),
                name="participation_placed_has_placement",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.edition} {self.status}"


class ParticipationEvent(BaseModel):
    """One change of a participation's status: the dated, audited log of its life."""

    participation = models.ForeignKey(
        Participation,
        verbose_name=_("participation"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    from_status = models.CharField(
        _("from status"), max_length=16, choices=ParticipationStatus.choices, blank=True
    )
    to_status = models.CharField(_("to status"), max_length=16, choices=ParticipationStatus.choices)
    on = models.DateField(_("date"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("participation event")
        verbose_name_plural = _("participation events")
        ordering = ["participation", "on", "id"]

    def __str__(self) -> str:
        return f"{self.on}: {self.from_status or '-'} → {self.to_status}"


class FollowUpKind(models.TextChoices):
    SIX_MONTHS = "6m", _("6 months after placement")
    TWELVE_MONTHS = "12m", _("12 months after placement")


# Months after the placement at which each follow-up is due.
FOLLOW_UP_MONTHS: Final[dict[str, int]] = {
    FollowUpKind.SIX_MONTHS: 6,
    FollowUpKind.TWELVE_MONTHS: 12,
}


class FollowUp(BaseModel):
    """A check, some months after the placement, that the person still works."""

    participation = models.ForeignKey(
        Participation,
        verbose_name=_("participation"),
        on_delete=models.CASCADE,
        related_name="followups",
    )
    kind = models.CharField(_("kind"), max_length=3, choices=FollowUpKind.choices)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    still_employed = models.BooleanField(_("still employed"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["participation", "kind"], name="followup_one_per_kind"),
            choices_check("kind", FollowUpKind, "followup_kind_valid"),
            # Done means answered: both or neither.
            models.CheckConstraint(
                condition=models.Q(done_on__isnull=True, still_employed__isnull=True)
                | models.Q(done_on__isnull=False, still_employed__isnull=False),
                name="followup_done_has_answer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participation_id} {self.kind} {self.due_on}"


# The grant and brigade (Zhasyl El) models live in their own modules; importing them here
# registers them with the programs app (they import Participation from this module, hence
# the end of the file).
from jastar.programs.brigades.models import Brigade as Brigade  # noqa: E402
from jastar.programs.brigades.models import BrigadeMember as BrigadeMember  # noqa: E402
from jastar.programs.brigades.models import WorkLog as WorkLog  # noqa: E402
from jastar.programs.grants.models import GrantApplication as GrantApplication  # noqa: E402
from jastar.programs.grants.models import GrantDecision as GrantDecision  # noqa: E402
from jastar.programs.grants.models import GrantScore as GrantScore  # noqa: E402
