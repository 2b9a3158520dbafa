"""The program catalogue: each state or regional program the office runs.

A program's identity lives here; its yearly parameters (eligibility rules, subsidy,
quotas) are data attached to it by year.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from jastar.core.i18n import TranslatedName
from jastar.core.models import BaseModel


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
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=[k.value for k in ProgramKind]),
                name="program_kind_valid",
            )
        ]
