"""The files of an export: CSV (streamed in pieces) and XLSX (a write-only workbook).

Every writer takes ``(export, out, *, separator)`` and is named in ``exports.FORMATS``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from contextlib import closing
from datetime import date
from typing import IO, TYPE_CHECKING, Any, Final

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

if TYPE_CHECKING:
    from jastar.bulk.exports import ListExport, Value

SEPARATORS: Final = (";", ",")
# CSV rows encoded and handed on at a time.
CSV_PIECE_ROWS: Final = 500
DATE_FORMAT: Final = "DD.MM.YYYY"
# Excel's limit of characters in a cell; longer text makes it refuse the file.
XLSX_MAX_TEXT: Final = 32_767

# Text Excel would run as a formula when it opens a CSV file. Phone numbers and plain
# numbers ("+7 701 …", "-5") are left alone.
_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")
_NUMBER_LIKE: Final = re.compile(r"[+-]?[\d\s().-]*")


def _csv_text(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return f"{value.day:02d}.{value.month:02d}.{value.year}"
    if isinstance(value, int):
        return str(value)
    if value.startswith(_FORMULA_START) and not _NUMBER_LIKE.fullmatch(value):
        return "'" + value
    return value


def csv_chunks(export: ListExport, *, separator: str = ";") -> Iterator[bytes]:
    """The export as CSV, in pieces of a few hundred rows: UTF-8 with a byte-order mark
    (so Excel reads Kazakh letters), ``separator`` between cells.

    The separator is checked at once; rows are read only as the pieces are taken.
    """
    if separator not in SEPARATORS:
        raise ValidationError(_("The separator must be “;” or “,”."), code="unknown_separator")
    return _csv_pieces(export, separator)


def _csv_pieces(export: ListExport, separator: str) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator)
    buffer.write("\ufeff")
    writer.writerow(export.headers)
    # Closed here, not left to the garbage collector, so a download cut short is audited
    # as such at once.
    with closing(export.rows()) as rows:
        for count, row in enumerate(rows, start=1):
            writer.writerow([_csv_text(value) for value in row])
            if count % CSV_PIECE_ROWS == 0:
                yield buffer.getvalue().encode("utf-8")
                buffer.seek(0)
                buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def write_csv(export: ListExport, out: IO[bytes], *, separator: str = ";") -> None:
    """Write the export to ``out`` as CSV (see ``csv_chunks``)."""
    for chunk in csv_chunks(export, separator=separator):
        out.write(chunk)


def _xlsx_value(sheet: Any, value: Value) -> Any:
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = DATE_FORMAT
        return cell
    if isinstance(value, str):
        text = ILLEGAL_CHARACTERS_RE.sub("", value)[:XLSX_MAX_TEXT]
        if text.startswith("="):
            # Text, never a formula: the cell shows what was stored.
            cell = WriteOnlyCell(sheet, text)
            cell.data_type = "s"
            return cell
        return text or None
    return value


def write_xlsx(export: ListExport, out: IO[bytes], *, separator: str = ";") -> None:
    """Write the export to ``out`` as an XLSX workbook of one sheet.

    The workbook is write-only: rows go to a temporary file as they come, so memory stays
    flat. Dates are real dates shown as ``dd.mm.yyyy``; IINs, BINs and phones stay text.
    ``separator`` is ignored (every writer takes the same arguments).
    """
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=export.title[:31])
    for index, header in enumerate(export.headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(len(header), 10), 40) + 2
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for header in export.headers:
        cell = WriteOnlyCell(sheet, header)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    with closing(export.rows()) as rows:
        for row in rows:
            sheet.append([_xlsx_value(sheet, value) for value in row])
    book.properties.creator = "Jastar"
    book.properties.title = export.title
    book.save(out)
