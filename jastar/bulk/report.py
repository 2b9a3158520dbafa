"""The error report of an import: each rejected row as the file had it, with line,
column and reason, as CSV (UTF-8 with BOM, ``;``) or XLSX."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import IO

from django.utils import translation
from django.utils.translation import gettext as _

from jastar.bulk.models import ImportJob


def rejection_rows(job: ImportJob) -> Iterator[list[str]]:
    """Header, then one row per problem: line, column, reason, then the original cells."""
    with translation.override(job.language):
        yield [_("Line"), _("Column"), _("Reason"), *job.headers]
    rows = job.rejections.order_by("line", "id").values_list("line", "column", "reason", "cells")
    for line, column, reason, cells in rows.iterator(chunk_size=2000):
        yield [str(line), column, reason, *cells]


def rejections_write(*, job: ImportJob, out: IO[bytes], fmt: str = "csv") -> int:
    """Write the report to ``out``; returns the number of problems written."""
    if fmt == "xlsx":
        return _write_xlsx(job, out)
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
    writer = csv.writer(text, delimiter=";")
    count = -1
    for count, row in enumerate(rejection_rows(job)):  # noqa: B007
        writer.writerow(row)
    text.flush()
    text.detach()
    return max(count, 0)


def _write_xlsx(job: ImportJob, out: IO[bytes]) -> int:
    from openpyxl import Workbook  # type: ignore[import-untyped]

    book = Workbook(write_only=True)
    with translation.override(job.language):
        sheet = book.create_sheet(_("Rejected rows"))
    count = -1
    for count, row in enumerate(rejection_rows(job)):  # noqa: B007
        sheet.append(row)
    book.save(out)
    return max(count, 0)
