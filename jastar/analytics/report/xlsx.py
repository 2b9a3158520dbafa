"""The report's figures as an XLSX workbook (openpyxl).

One sheet per table, headers in the report's language, numbers stored as numbers (counts,
tenge; percentages as fractions formatted as %), a bold header row, frozen panes and set
column widths.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from typing import Any, Final

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from jastar.analytics.report.document import Kind, Report, Table, Value

NUMBER_FORMATS: Final = {
    Kind.COUNT: "#,##0",
    Kind.TENGE: "#,##0",
    Kind.CHANGE: "+#,##0;-#,##0;0",
    Kind.PERCENT: "0.0%",
    Kind.SIGNED_PERCENT: "+0.0%;-0.0%;0.0%",
    Kind.DATE: "dd.mm.yyyy",
}
HEADER_FILL: Final = PatternFill("solid", fgColor="DCE6F1")
BOLD: Final = Font(bold=True)
MAX_WIDTH: Final = 60


def _cell_value(kind: Kind, value: Value) -> Any:
    if value is None or kind == Kind.TEXT or isinstance(value, str | date):
        return value
    if kind in (Kind.PERCENT, Kind.SIGNED_PERCENT):
        return value / 100  # Excel's percent format multiplies by 100
    return round(value) if kind in (Kind.COUNT, Kind.TENGE, Kind.CHANGE) else value


def _write_table(sheet: Any, table: Table, first_row: int = 1) -> int:
    """Write ``table`` from ``first_row`` (header first); returns the next free row."""
    for col, column in enumerate(table.columns, start=1):
        cell = sheet.cell(row=first_row, column=col, value=column.label)
        cell.font, cell.fill = BOLD, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(table.rows, start=first_row + 1):
        for col, (column, value) in enumerate(zip(table.columns, row.values, strict=True), 1):
            cell = sheet.cell(row=r, column=col, value=_cell_value(column.kind, value))
            if column.kind in NUMBER_FORMATS:
                cell.number_format = NUMBER_FORMATS[column.kind]
            if row.total:
                cell.font = BOLD
    return first_row + len(table.rows) + 1


def _widths(sheet: Any, tables: Sequence[Table]) -> None:
    width: dict[int, int] = {}
    for table in tables:
        for col, column in enumerate(table.columns, start=1):
            longest = max([len(r.texts[col - 1]) for r in table.rows] or [0])
            wanted = max(min(len(column.label), 24), longest) + 2
            width[col] = min(max(width.get(col, 8), wanted), MAX_WIDTH)
    for col, value in width.items():
        sheet.column_dimensions[get_column_letter(col)].width = value


def _table_sheet(book: Workbook, title: str, tables: Sequence[Table]) -> None:
    sheet = book.create_sheet(title)
    row = 1
    for i, table in enumerate(tables):
        if len(tables) > 1:
            sheet.cell(row=row, column=1, value=table.title).font = BOLD
            row += 1
        row = _write_table(sheet, table, row) + 1
        if i == 0:
            sheet.freeze_panes = sheet.cell(row=2 if len(tables) == 1 else 3, column=2)
    _widths(sheet, tables)


def _summary_sheet(book: Workbook, report: Report) -> None:
    sheet = book.active
    sheet.title = pgettext("sheet", "Summary")
    lines = [report.title, report.region, report.district, report.period, report.as_of]
    lines = [line for line in lines if line]
    if report.synthetic:
        lines.append(report.synthetic)
    for r, text in enumerate(lines, start=1):
        sheet.cell(row=r, column=1, value=text)
    sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
    if report.synthetic:
        sheet.cell(row=len(lines), column=1).font = Font(bold=True, color="9C0006")
    row = len(lines) + 2
    for col, label in enumerate((_("Indicator"), _("Value"), _("Note")), start=1):
        cell = sheet.cell(row=row, column=col, value=label)
        cell.font, cell.fill = BOLD, HEADER_FILL
    for figure in report.key_figures:
        row += 1
        sheet.cell(row=row, column=1, value=figure.label)
        value = sheet.cell(row=row, column=2, value=_cell_value(figure.kind, figure.value))
        value.number_format = NUMBER_FORMATS.get(figure.kind, "General")
        sheet.cell(row=row, column=3, value=figure.note)
    row += 2
    sheet.cell(row=row, column=1, value=_("Key results")).font = BOLD
    for sentence in report.sentences:
        row += 1
        sheet.cell(row=row, column=1, value=sentence).alignment = Alignment(wrap_text=True)
    sheet.column_dimensions["A"].width = 100
    sheet.column_dimensions["B"].width = 14
    sheet.column_dimensions["C"].width = 36
    sheet.freeze_panes = "A2"


def workbook_bytes(report: Report) -> bytes:
    """The workbook of ``report``, as the bytes of an .xlsx file."""
    t = report.tables
    with translation.override(report.lang):
        book = Workbook()
        _summary_sheet(book, report)
        _table_sheet(book, pgettext("sheet", "Districts"), [t["districts"]])
        _table_sheet(book, pgettext("sheet", "Channels"), [t["channels"]])
        _table_sheet(book, pgettext("sheet", "Months"), [t["months"]])
        _table_sheet(book, pgettext("sheet", "Programs"), [t["programs"]])
        _table_sheet(book, pgettext("sheet", "NEET"), [t["neet"]])
        _table_sheet(book, pgettext("sheet", "People"), [t["sex"], t["area"], t["age"]])
        for section in report.sections:
            if section.key.startswith("community-"):
                # A sheet's name holds at most 31 characters.
                _table_sheet(book, section.title[:31], list(section.tables))
        book.properties.title = report.title
        book.properties.creator = "Jastar"
        buffer = io.BytesIO()
        book.save(buffer)
    return buffer.getvalue()
