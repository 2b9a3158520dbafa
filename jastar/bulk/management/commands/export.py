"""``jastar export``: write a list (people, employers, vacancies, placements) as CSV or XLSX.

Run by an operator on the server, so the export includes personal data; it is audited
like an export from the admin. Counts go to stderr, so ``--output -`` can be piped.
"""

from __future__ import annotations

import sys
import time
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jastar.bulk.export_files import SEPARATORS
from jastar.bulk.exports import (
    FORMATS,
    ExportResult,
    export_filename,
    export_kinds,
    export_queryset,
    list_export,
)
from jastar.registry.selectors import district_find


def _day(value: str) -> date:
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(value, pattern).date()  # noqa: DTZ007 (a date, no time)
        except ValueError:
            continue
    raise ValueError(value)


class Command(BaseCommand):
    help = (
        "Export a list (people, employers, vacancies or placements) as CSV or XLSX with "
        "headers in Kazakh, Russian or English, filtered by district, status, NEET, dates "
        "or year. Includes personal data; every export is audited."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=list(export_kinds()), help="the list to export")
        parser.add_argument("--format", default="csv", choices=list(FORMATS), help="%(default)s")
        parser.add_argument(
            "--lang",
            default=settings.LANGUAGE_CODE,
            choices=[code for code, _name in settings.LANGUAGES],
            help="the language of headers and values (default: %(default)s)",
        )
        parser.add_argument(
            "--output",
            help="the file to write, - for stdout (default: jastar-KIND-DATE.FORMAT here)",
        )
        parser.add_argument("--district", help="a district's code or name")
        parser.add_argument("--status", help="people's or vacancies' status, e.g. unemployed")
        parser.add_argument("--neet", action="store_true", help="only NEET young people")
        parser.add_argument("--from", dest="since", type=_day, help="from this date (inclusive)")
        parser.add_argument("--to", dest="until", type=_day, help="to this date (inclusive)")
        parser.add_argument(
            "--year", type=int, help="the year of the list's date (placements: start)"
        )
        parser.add_argument(
            "--separator", default=";", choices=SEPARATORS, help="CSV separator (default: ;)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        kind, fmt = options["kind"], options["format"]
        try:
            district = district_find(options["district"]) if options["district"] else None
            queryset = export_queryset(
                kind,
                district=district,
                status=options["status"],
                neet=True if options["neet"] else None,
                registered_from=options["since"],
                registered_to=options["until"],
                year=options["year"],
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        filters = {
            key: str(options[key])
            for key in ("district", "status", "neet", "since", "until", "year")
            if options[key]
        }
        target = options["output"] or export_filename(kind, fmt)
        started = time.perf_counter()
        result = self._write(target, kind, fmt, queryset, options, filters)
        self._report(result, target, time.perf_counter() - started)

    def _write(
        self,
        target: str,
        kind: str,
        fmt: str,
        queryset: Any,
        options: dict[str, Any],
        filters: dict[str, str],
    ) -> ExportResult:
        def run(out: IO[bytes]) -> ExportResult:
            return list_export(
                actor=None,
                kind=kind,
                queryset=queryset,
                fmt=fmt,
                out=out,
                language=options["lang"],
                separator=options["separator"],
                filters=filters,
            )

        if target == "-":
            result = run(sys.stdout.buffer)
            sys.stdout.buffer.flush()
            return result
        try:
            with Path(target).open("wb") as out:
                return run(out)
        except OSError as error:
            raise CommandError(f"cannot write {target}: {error.strerror}") from error

    def _report(self, result: ExportResult, target: str, seconds: float) -> None:
        where = "stdout" if target == "-" else str(Path(target).resolve())
        personal = "with personal data" if result.personal else "without personal data"
        speed = result.rows / seconds if seconds else 0
        self.stderr.write(
            f"{result.rows:,} rows, {result.columns} columns ({personal}) written to {where} "
            f"in {seconds:.1f} s ({speed:,.0f} rows/s)"
        )
