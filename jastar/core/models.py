"""Shared base model, the audit log, and the marker that labels synthetic data."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def choices_check(field: str, choices: type[models.Choices], name: str) -> models.CheckConstraint:
    """A database constraint that ``field`` holds one of the values of ``choices``."""
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__in": [c.value for c in choices]}), name=name
    )


class BaseModel(models.Model):
    """Every Jastar table records when each row was created and last changed."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class AuditAction(models.TextChoices):
    CREATE = "create", _("Create")
    UPDATE = "update", _("Update")
    DELETE = "delete", _("Delete")
    VIEW = "view", _("View")
    EXPORT = "export", _("Export")


class AuditEvent(models.Model):
    """Who did what to which record, when and from where.

    Rows are only ever appended; the admin shows them read-only.
    """

    occurred_at = models.DateTimeField(_("occurred at"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=16, choices=AuditAction.choices)
    target_type = models.CharField(_("record type"), max_length=64)
    target_id = models.CharField(_("record id"), max_length=64)
    summary = models.CharField(_("summary"), max_length=255, blank=True)
    changes: models.JSONField[dict[str, Any], dict[str, Any]] = models.JSONField(
        _("changes"), default=dict, blank=True
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]

    def __str__(self) -> str:
        return (
            f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action} {self.target_type}#{self.target_id}"
        )


class DemoDataset(BaseModel):
    """Present when the database holds the synthetic demo region.

    Pages and the admin show a banner while a row exists, so generated people are
    never mistaken for real ones.
    """

    seed = models.PositiveIntegerField(_("seed"))
    scale = models.CharField(_("scale"), max_length=16)
    people = models.PositiveIntegerField(_("people"))
    generated_until = models.DateField(_("history generated until"))

    class Meta:
        verbose_name = _("synthetic demo dataset")
        verbose_name_plural = _("synthetic demo datasets")

    def __str__(self) -> str:
        return f"demo seed={self.seed} scale={self.scale}"
