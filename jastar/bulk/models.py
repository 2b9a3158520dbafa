"""Import jobs, the rows they rejected, and the column mappings people save."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jastar.bulk.schema import KIND_LABELS
from jastar.core.models import BaseModel, choices_check


class ImportKind(models.TextChoices):
    PEOPLE = "people", KIND_LABELS["people"]
    EMPLOYERS = "employers", KIND_LABELS["employers"]
    VACANCIES = "vacancies", KIND_LABELS["vacancies"]
    PLACEMENTS = "placements", KIND_LABELS["placements"]
    # Lists of the community parts (their schemas and importers: jastar.bulk.registry).
    CENTRE_VISITS = "centre_visits", _("Youth centre visits")
    VOLUNTEER_HOURS = "volunteer_hours", _("Volunteer hours")
    TRADERS = "traders", _("Market traders and contracts")


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


# Lists whose rows identify young people (IIN, names).
PERSONAL_KINDS = (
    ImportKind.PEOPLE,
    ImportKind.PLACEMENTS,
    ImportKind.CENTRE_VISITS,
    ImportKind.VOLUNTEER_HOURS,
    ImportKind.TRADERS,
)

# States from which a job may (still) run; anything else is finished.
UNFINISHED = (ImportStatus.PENDING, ImportStatus.QUEUED, ImportStatus.RUNNING, ImportStatus.FAILED)


def _upload_to(job: ImportJob, filename: str) -> str:
    return f"imports/{job.kind}/{job.sha256[:16]}-{filename[-80:]}"


class ImportCounts(models.Model):
    """How far an import got in its file and what became of the rows it read."""

    committed_line = models.PositiveIntegerField(_("last committed line"), default=1)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)
    duplicates_flagged = models.PositiveIntegerField(_("possible duplicates flagged"), default=0)

    COUNTS: ClassVar = ("created", "updated", "unchanged", "rejected", "duplicates_flagged")

    class Meta:
        abstract = True

    @property
    def read(self) -> int:
        return self.created + self.updated + self.unchanged + self.rejected


class ImportJob(ImportCounts, BaseModel):
    """One file being imported: where it is, how its columns map, how far it got.

    ``committed_line`` is the last file line whose batch is committed; a run that was
    killed resumes after it. Counts add up over runs.
    """

    kind = models.CharField(_("list"), max_length=16, choices=ImportKind.choices)
    file = models.FileField(_("file"), upload_to=_upload_to, max_length=255)
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, db_index=True)
    file_format = models.CharField(_("format"), max_length=8, blank=True)
    encoding = models.CharField(_("encoding"), max_length=16, blank=True)
    delimiter = models.CharField(_("separator"), max_length=2, blank=True)
    headers: models.JSONField[list[str], list[str]] = models.JSONField(
        _("headers"), default=list, blank=True
    )
    # {column index as text: column key}
    mapping: models.JSONField[dict[str, str], dict[str, str]] = models.JSONField(
        _("column mapping"), default=dict, blank=True
    )
    mapping_name = models.CharField(_("saved mapping used"), max_length=100, blank=True)
    dry_run = models.BooleanField(_("dry run"), default=False)
    language = models.CharField(_("language of the error report"), max_length=8, default="kk")
    status = models.CharField(
        _("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    task_id = models.CharField(_("background task"), max_length=64, blank=True)
    total_rows = models.PositiveIntegerField(_("rows in the file"), null=True, blank=True)
    rows_done = models.PositiveIntegerField(_("rows processed"), default=0)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    # host:pid of the process running the job, to tell a killed run from a live one.
    worker = models.CharField(_("worker"), max_length=128, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]
        constraints = [
            choices_check("kind", ImportKind, "import_kind_valid"),
            choices_check("status", ImportStatus, "import_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.file_name}"

    @property
    def finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.CANCELLED)

    def column_keys(self) -> dict[int, str]:
        return {int(index): key for index, key in self.mapping.items()}


class ImportPart(ImportCounts):
    """One worker's share of a job imported by several processes at once.

    Each row of the file belongs to one part (see ``jastar.bulk.services``); the part
    keeps the last file line it committed and its own counts, which add up to the job's.
    """

    job = models.ForeignKey(
        ImportJob, verbose_name=_("import"), on_delete=models.CASCADE, related_name="parts"
    )
    index = models.PositiveSmallIntegerField(_("part"))

    class Meta:
        verbose_name = _("part of an import")
        verbose_name_plural = _("parts of imports")
        ordering = ["job", "index"]
        constraints = [
            models.UniqueConstraint(fields=["job", "index"], name="import_part_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.job_id}/{self.index}"


class ImportRejection(models.Model):
    """A row the import refused, with the reason, as the file had it."""

    job = models.ForeignKey(
        ImportJob, verbose_name=_("import"), on_delete=models.CASCADE, related_name="rejections"
    )
    line = models.PositiveIntegerField(_("line"))
    column = models.CharField(_("column"), max_length=255, blank=True)
    reason = models.TextField(_("reason"))
    cells: models.JSONField[list[str], list[str]] = models.JSONField(_("row"), default=list)

    class Meta:
        verbose_name = _("rejected row")
        verbose_name_plural = _("rejected rows")
        ordering = ["job", "line", "id"]
        indexes = [models.Index(fields=["job", "line"], name="import_rejection_line_idx")]

    def __str__(self) -> str:
        return f"{self.line}: {self.reason[:60]}"


class ColumnMapping(BaseModel):
    """A named mapping of a sender's headers to Jastar's columns, kept for their next file."""

    kind = models.CharField(_("list"), max_length=16, choices=ImportKind.choices)
    name = models.CharField(_("name"), max_length=100)
    # {header text: column key}
    columns: models.JSONField[dict[str, str], dict[str, Any]] = models.JSONField(
        _("columns"), default=dict
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("column mapping")
        verbose_name_plural = _("column mappings")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "name"], name="column_mapping_unique_name"),
            choices_check("kind", ImportKind, "column_mapping_kind_valid"),
        ]

    def __str__(self) -> str:
        return self.name
