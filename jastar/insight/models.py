"""Versions of the NEET risk model: when and on what each was trained, and how it did."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from jastar.core.models import BaseModel


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
