"""Reading the CSV and XLSX files offices receive, whatever their encoding and separator.

Pure: a path in, header and rows out, no database. Rows stream, so a file of any size
is read in constant memory. Every row keeps the line number a person sees in the file
(the header is line 1), so an error report points at the right line.

CSV: UTF-8 (with or without a byte-order mark), UTF-16 (Excel's "Unicode text") or
Windows-1251 (Excel on a Russian-language Windows); separator ``;``, ``,`` or tab, found
from the header line. XLSX: the first sheet; dates become ``dd.mm.yyyy`` and whole numbers
lose the ``.0`` Excel gives them, so cells read like the text a person typed.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, Final

SAMPLE_BYTES: Final = 64 * 1024
DELIMITERS: Final = (";", ",", "\t", "|")
XLSX_MAGIC: Final = b"PK\x03\x04"
XLS_MAGIC: Final = b"\xd0\xcf\x11\xe0"


class FileFormatError(ValueError):
    """The file cannot be read as a table; ``args[0]`` is a message for the user."""


@dataclass(frozen=True)
class Row:
    line: int
    cells: list[str]


# Asked about each row's cells as read, before anything else is done with them: False
# skips the row (its line still counts).
Keep = Callable[[list[str]], bool]


def detect_encoding(sample: bytes) -> str:
    """The encoding of a CSV file from its first bytes."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as err:
        # A multi-byte letter cut by the end of the sample is still UTF-8.
        if err.start < len(sample) - 4:
            return "cp1251"
    return "utf-8"


def detect_delimiter(header_line: str) -> str:
    """The separator that splits the header line into the most cells."""
    counts = {d: header_line.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _clean(cells: list[str]) -> list[str]:
    return [cell.strip().replace("\u00a0", " ") for cell in cells]


def _blank(cells: list[str]) -> bool:
    return not any(cells)


class CsvTable:
    """A CSV file opened for reading rows after the header."""

    def __init__(self, path: Path) -> None:
        with path.open("rb") as raw:
            sample = raw.read(SAMPLE_BYTES)
        if not sample.strip():
            raise FileFormatError("empty")
        self.path = path
        self.encoding = detect_encoding(sample)
        text = sample.decode(self.encoding, errors="replace")
        first_line = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
        self.delimiter = detect_delimiter(first_line)

    def _open(self) -> IO[str]:
        return self.path.open(encoding=self.encoding, errors="replace", newline="")

    def rows(self, keep: Keep | None = None) -> tuple[list[str], Iterator[Row]]:
        handle = self._open()
        reader = csv.reader(handle, delimiter=self.delimiter)
        headers = _clean(next(reader, []))

        def iterate() -> Iterator[Row]:
            with handle:
                for cells in reader:
                    if keep is not None and not keep(cells):
                        continue
                    cleaned = _clean(cells)
                    if not _blank(cleaned):
                        # line_num counts physical lines; a quoted multi-line cell
                        # reports the line where its row ends.
                        yield Row(reader.line_num, cleaned)

        return headers, iterate()

    def count(self) -> int:
        """The rows after the header that are not blank, as :meth:`rows` reads them."""
        with self._open() as handle:
            next(handle, None)
            # Without quotes a line is a row, and blank when nothing but separators and
            # spaces: counted in less than half the time parsing the rows takes.
            delimiter, rows = self.delimiter, 0
            for line in handle:
                if '"' in line:
                    break
                if line.replace(delimiter, "").strip():
                    rows += 1
            else:
                return rows
        with self._open() as handle:
            reader = csv.reader(handle, delimiter=self.delimiter)
            next(reader, None)
            return sum(1 for cells in reader if not _blank(_clean(cells)))


def cell_text(value: object) -> str:
    """A spreadsheet cell as the text a person would have typed."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.hour or value.minute or value.second:
            return f"{value:%d.%m.%Y %H:%M}"
        return f"{value:%d.%m.%Y}"
    if isinstance(value, date):
        return f"{value:%d.%m.%Y}"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value).strip().replace("\u00a0", " ")


class XlsxTable:
    """The first sheet of an XLSX workbook, read in streaming mode."""

    def __init__(self, path: Path) -> None:
        from openpyxl import load_workbook  # type: ignore[import-untyped]

        try:
            self.workbook = load_workbook(path, read_only=True, data_only=True)
        except Exception as err:  # openpyxl raises many types for a damaged file
            raise FileFormatError("xlsx") from err
        self.sheet = self.workbook.worksheets[0]
        self.encoding = ""
        self.delimiter = ""

    def rows(self, keep: Keep | None = None) -> tuple[list[str], Iterator[Row]]:
        values = self.sheet.iter_rows(values_only=True)
        first = next(values, ())
        headers = [cell_text(v) for v in first]
        width = len(headers)

        def iterate() -> Iterator[Row]:
            try:
                for line, raw in enumerate(values, start=2):
                    cells = [cell_text(v) for v in raw[:width]]
                    if keep is not None and not keep(cells):
                        continue
                    if not _blank(cells):
                        yield Row(line, cells)
            finally:
                self.workbook.close()

        return headers, iterate()

    def count(self) -> int:
        # The sheet's stated dimension; may include trailing blank rows.
        return max((self.sheet.max_row or 1) - 1, 0)


Table = CsvTable | XlsxTable


def open_table(path: Path) -> Table:
    """Open a CSV or XLSX file by its content, not its name."""
    with path.open("rb") as raw:
        magic = raw.read(4)
    if magic == XLSX_MAGIC:
        return XlsxTable(path)
    if magic == XLS_MAGIC:
        raise FileFormatError("xls")
    return CsvTable(path)
