"""``jastar report``: write the yearly report of the region (or a district) to a file."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jastar.analytics.report.forms import UNKNOWN_DISTRICT, ReportForm
from jastar.analytics.report.render import FORMATS, report_file, report_filename
from jastar.analytics.selectors import region_districts


class Command(BaseCommand):
    help = (
        "Write the yearly report (headline figures as sentences, tables by district, "
        "channel, month and program, charts) as PDF, HTML or XLSX, in Kazakh, Russian "
        "or English."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, help="the year (default: this year, so far)")
        parser.add_argument(
            "--lang",
            default=settings.LANGUAGE_CODE,
            choices=[code for code, _name in settings.LANGUAGES],
            help="the report's language (default: %(default)s)",
        )
        parser.add_argument("--format", default="pdf", choices=FORMATS, help="default: %(default)s")
        parser.add_argument(
            "--district", default="", help="a district's code (default: the whole region)"
        )
        parser.add_argument(
            "--output",
            type=Path,
            help="the file to write (default: jastar-report-YEAR[-DISTRICT]-LANG.FORMAT "
            "in the current directory)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        form = ReportForm(
            {"year": options["year"], "district": options["district"], "format": options["format"]}
        )
        if not form.is_valid():
            raise CommandError(_problems(form))
        data = form.cleaned_data
        started = time.perf_counter()
        report = report_file(
            year=data["year"],
            lang=options["lang"],
            format=data["format"],
            district=data["district"],
        )
        path: Path = options["output"] or Path.cwd() / report_filename(
            year=data["year"],
            lang=options["lang"],
            format=data["format"],
            district=data["district"],
        )
        try:
            path.write_bytes(report.content)
        except OSError as error:
            raise CommandError(f"cannot write {path}: {error.strerror}") from error
        self.stdout.write(
            f"report written to {path.resolve()} "
            f"({len(report.content) / 1024:,.0f} KB, {time.perf_counter() - started:.1f} s)"
        )


def _problems(form: ReportForm) -> str:
    lines = [
        f"--{field}: {' '.join(str(e) for e in errors)}" for field, errors in form.errors.items()
    ]
    if form.has_error("district", UNKNOWN_DISTRICT):
        codes = ", ".join(d.code for d in region_districts())
        lines.append(f"districts: {codes}")
    return "\n".join(lines)
