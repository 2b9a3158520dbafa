"""Possible duplicates of people, flagged for a human, and the record of every merge."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from jastar.core.identifiers import mask_iin
from jastar.core.models import BaseModel, choices_check
from jastar.registry import duplicates
from jastar.registry.models.people import Person


class DuplicateReason(models.TextChoices):
    SAME_NAME = duplicates.SAME_NAME, _("Same name in another script or spelling")
    SWAPPED = duplicates.SWAPPED, _("Last and first name swapped")
    SIMILAR = duplicates.SIMILAR, _("Similar name")


class DuplicateStatus(models.TextChoices):
    OPEN = "open", _("To review")
    MERGED = "merged", _("Merged")
    DISMISSED = "dismissed", _("Different people")


class PersonMerge(BaseModel):
    """One person record merged into another: what the removed record held and where it went.

    The removed person's row is deleted; its id, IIN and every field stay here, with the
    records moved to the kept person and those dropped in a conflict, so the history of
    both survives. Its audit events keep its old id.
    """

    kept = models.ForeignKey(
        Person, verbose_name=_("kept person"), on_delete=models.PROTECT, related_name="merges"
    )
    removed_person_id = models.BigIntegerField(_("id of the removed person"), db_index=True)
    removed_iin = models.CharField(_("IIN of the removed person"), max_length=12, db_index=True)
    snapshot: models.JSONField[dict[str, Any], dict[str, Any]] = models.JSONField(
        _("removed person's record"), encoder=DjangoJSONEncoder
    )
    # {model label: {"moved": [ids], "dropped": [rows]}}
    moved: models.JSONField[dict[str, Any], dict[str, Any]] = models.JSONField(
        _("records moved"), encoder=DjangoJSONEncoder, default=dict, blank=True
    )
    # {field: [kept person's old value, value taken from the removed person]}
    filled: models.JSONField[dict[str, Any], dict[str, Any]] = models.JSONField(
        _("fields filled in"), encoder=DjangoJSONEncoder, default=dict, blank=True
    )
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("merged by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    merged_at = models.DateTimeField(_("merged at"))

    class Meta:
        verbose_name = _("merge of people")
        verbose_name_plural = _("merges of people")
        ordering = ["-merged_at", "-id"]

    def __str__(self) -> str:
        return f"{mask_iin(self.removed_iin)} → {self.kept_id}"

    @property
    def masked_removed_iin(self) -> str:
        return mask_iin(self.removed_iin)


class PossibleDuplicate(BaseModel):
    """Two people with different IINs who may be one person, for a human to merge or dismiss.

    The pair is stored once, the lower id first. When a person is merged away, the pairs
    that named them keep their decision and point to the merge; the person's side is empty.
    """

    person_a = models.ForeignKey(
        Person,
        verbose_name=_("first person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    person_b = models.ForeignKey(
        Person,
        verbose_name=_("second person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    score = models.PositiveSmallIntegerField(_("name similarity, %"))
    reason = models.CharField(_("reason"), max_length=16, choices=DuplicateReason.choices)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=DuplicateStatus.choices,
        default=DuplicateStatus.OPEN,
        db_index=True,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    merge = models.ForeignKey(
        PersonMerge,
        verbose_name=_("merge"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
    )

    class Meta:
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        ordering = ["-score", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="duplicate_pair_once"),
            # A merged-away person leaves an empty side; otherwise the lower id comes first.
            models.CheckConstraint(
                condition=models.Q(person_a__isnull=True)
                | models.Q(person_b__isnull=True)
                | models.Q(person_a__lt=models.F("person_b")),
                name="duplicate_pair_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(score__lte=100), name="duplicate_score_percent"
            ),
            choices_check("status", DuplicateStatus, "duplicate_status_valid"),
            choices_check("reason", DuplicateReason, "duplicate_reason_valid"),
            # Decided exactly when no longer open.
            models.CheckConstraint(
                condition=models.Q(status=DuplicateStatus.OPEN, decided_at__isnull=True)
                | (~models.Q(status=DuplicateStatus.OPEN) & models.Q(decided_at__isnull=False)),
                name="duplicate_decided_when_closed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_a_id or '-'} ~ {self.person_b_id or '-'}"

    def people(self) -> list[Person]:
        """The people of the pair still in the registry."""
        return [p for p in (self.person_a, self.person_b) if p is not None]
