"""``jastar import people|employers|vacancies|placements FILE``: a thin wrapper over the
import services, with a progress bar and the error report written next to the file."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from jastar.bulk.models import ImportJob, ImportKind
from jastar.bulk.report import rejections_write
from jastar.bulk.services import (
    ImportBusy,
    column_mapping_save,
    file_sha256,
    import_job_create,
    import_job_enqueue,
    import_job_resumable,
    import_job_run,
)
from jastar.core.progress import ProgressBar as TerminalProgress


class ProgressBar(TerminalProgress):
    """The terminal bar fed by an import job's counts."""

    def __call__(self, job: ImportJob) -> None:
        self.show(job.rows_done, job.total_rows or job.rows_done)


class Command(BaseCommand):
    help = "Import a CSV or XLSX list of people, employers, vacancies or placements."
    # A data command: the system checks (URLs, admin, templates) would only slow its start.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("kind", choices=ImportKind.values)
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="check every row, write none")
        parser.add_argument("--mapping", default="", help="apply a saved column mapping")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="HEADER=COLUMN",
            help="map one file header to a column key (repeatable)",
        )
        parser.add_argument("--save-mapping", default="", help="save the mapping under a name")
        parser.add_argument("--errors", type=Path, help="where to write rejected rows (.csv/.xlsx)")
        parser.add_argument("--lang", default="", help="language of messages (kk, ru, en)")
        parser.add_argument("--no-progress", action="store_true")
        parser.add_argument(
            "--queue",
            action="store_true",
            help="hand the import to the background workers (jastar worker) and return",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["lang"] or translation.get_language()):
            self._handle(options)

    def _handle(self, options: dict[str, Any]) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        job = self._job(options, path)
        if options["queue"]:
            job = import_job_enqueue(job=job)
            self.stdout.write(
                _("Import %(id)d is queued as background job %(job)s (jastar jobs watch %(job)s).")
                % {"id": job.pk, "job": job.task_id}
            )
            return
        bar = None if options["no_progress"] else ProgressBar(sys.stderr, job.rows_done)
        try:
            job = import_job_run(job_id=job.pk, progress=bar)
        except ImportBusy as err:
            raise CommandError(
                _("This file is being imported right now by %(worker)s.") % {"worker": err}
            ) from None
        finally:
            if bar:
                bar.end()
        self._report(job, options, path)

    def _job(self, options: dict[str, Any], path: Path) -> ImportJob:
        kind, dry_run = options["kind"], options["dry_run"]
        with path.open("rb") as handle:
            earlier = import_job_resumable(kind=kind, sha256=file_sha256(handle), dry_run=dry_run)
        if earlier is not None and not options["map"] and not options["mapping"]:
            self.stderr.write(
                _("Continuing import %(id)d of this file after line %(line)d.")
                % {"id": earlier.pk, "line": earlier.committed_line}
            )
            return earlier
        mapping = dict(item.split("=", 1) for item in options["map"] if "=" in item)
        try:
            with path.open("rb") as handle:
                job = import_job_create(
                    actor=None,
                    kind=kind,
                    upload=handle,
                    file_name=path.name,
                    dry_run=dry_run,
                    mapping_name=options["mapping"],
                    mapping=mapping,
                )
            if options["save_mapping"]:
                column_mapping_save(actor=None, job=job, name=options["save_mapping"])
        except ValidationError as err:
            raise CommandError(" ".join(err.messages)) from None
        self._describe(job)
        return job

    def _describe(self, job: ImportJob) -> None:
        detail = job.encoding and f"{job.encoding}, «{job.delimiter}»"
        self.stderr.write(
            _("%(file)s: %(format)s %(detail)s, %(rows)d rows.")
            % {
                "file": job.file_name,
                "format": job.file_format.upper(),
                "detail": detail,
                "rows": job.total_rows or 0,
            }
        )
        for index, key in sorted(job.column_keys().items()):
            self.stderr.write(f"  {job.headers[index]} → {key}")

    def _report(self, job: ImportJob, options: dict[str, Any], path: Path) -> None:
        if job.dry_run:
            summary = _(
                "Dry run, nothing written: read %(read)d, would create %(created)d, update "
                "%(updated)d, leave unchanged %(unchanged)d, reject %(rejected)d; possible "
                "duplicates %(dups)d."
            )
        else:
            summary = _(
                "read %(read)d, created %(created)d, updated %(updated)d, "
                "unchanged %(unchanged)d, rejected %(rejected)d, possible duplicates %(dups)d."
            )
        self.stdout.write(
            summary
            % {
                "read": job.read,
                "created": job.created,
                "updated": job.updated,
                "unchanged": job.unchanged,
                "rejected": job.rejected,
                "dups": job.duplicates_flagged,
            }
        )
        if job.rejected:
            target = options["errors"] or path.with_name(f"{path.stem}.errors.csv")
            with target.open("wb") as out:
                rejections_write(job=job, out=out, fmt=target.suffix.lstrip(".") or "csv")
            self.stdout.write(_("Rejected rows and reasons: %(path)s") % {"path": target})
