"""``jastar targets import FILE [--commit]``: import job-creation-map targets from Excel."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from jastar.analytics.services.targets import TargetImport, targets_import_xlsx
from jastar.core.errors import ApplicationError


class Command(BaseCommand):
    help = (
        "Import targets from the first sheet of an XLSX workbook. A dry run unless "
        "--commit; prints the counts and every rejected row; exits with 1 if any row "
        "was rejected."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        importing = actions.add_parser("import", help="import targets from an XLSX file")
        importing.add_argument("file", type=Path)
        importing.add_argument(
            "--commit", action="store_true", help="save the accepted rows (default: dry run)"
        )
        importing.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="language of the messages about rejected rows",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["language"]):
            try:
                result = targets_import_xlsx(
                    actor=None, file=options["file"], commit=options["commit"]
                )
            except ApplicationError as err:
                raise CommandError(str(err.message)) from err
            self._report(result)
            if result.rejected:
                raise CommandError(
                    _("Rows rejected: %(count)d.") % {"count": result.rejected_rows},
                    returncode=1,
                )

    def _report(self, result: TargetImport) -> None:
        for row in result.rejected:
            self.stdout.write(
                _("line %(line)d, column %(column)s: %(reason)s")
                % {"line": row.line, "column": row.column or "–", "reason": row.reason}
            )
        counts = _(
            "Rows read: %(read)d; new: %(created)d; changed: %(updated)d; "
            "unchanged: %(unchanged)d; rejected: %(rejected)d."
        ) % {
            "read": result.read,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "rejected": result.rejected_rows,
        }
        self.stdout.write(counts)
        if result.committed:
            self.stdout.write(self.style.SUCCESS(_("Saved.")))
        else:
            self.stdout.write(self.style.WARNING(_("Dry run: nothing saved; add --commit.")))
