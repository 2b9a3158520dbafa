"""The report as plain data: what every format (HTML, PDF, XLSX) renders.

Texts are already translated and numbers already formatted for the report's language;
each table cell also keeps its raw value, so the spreadsheet stores numbers as numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from jastar.analytics.report import formatting as fmt
from jastar.analytics.selectors import Dashboard

Value = int | float | str | date | None


class Kind(StrEnum):
    """How a column's values are written (and aligned, and stored in a spreadsheet)."""

    TEXT = "text"
    COUNT = "count"
    CHANGE = "change"  # a signed count
    PERCENT = "percent"  # 0–100
    SIGNED_PERCENT = "signed_percent"
    TENGE = "tenge"
    DATE = "date"


def display(kind: Kind, value: Value) -> str:
    """A cell's text in the active language."""
    if value is None:
        return fmt.DASH
    if isinstance(value, date):
        return fmt.short_date(value)
    if kind == Kind.TEXT or isinstance(value, str):
        return str(value)
    if kind == Kind.PERCENT:
        return fmt.percent(float(value))
    if kind == Kind.SIGNED_PERCENT:
        return fmt.signed_percent(float(value))
    if kind == Kind.CHANGE:
        return fmt.signed_count(int(value))
    return fmt.count(round(value))


@dataclass(frozen=True)
class Column:
    label: str
    kind: Kind = Kind.COUNT
    in_print: bool = True  # False: only in the spreadsheet (the page has no room)


@dataclass(frozen=True)
class Row:
    values: tuple[Value, ...]
    texts: tuple[str, ...]
    total: bool = False


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    note: str = ""

    @property
    def printed(self) -> Table:
        """The table without its spreadsheet-only columns."""
        keep = [i for i, column in enumerate(self.columns) if column.in_print]
        if len(keep) == len(self.columns):
            return self
        rows = tuple(
            Row(tuple(row.values[i] for i in keep), tuple(row.texts[i] for i in keep), row.total)
            for row in self.rows
        )
        columns = tuple(self.columns[i] for i in keep)
        return Table(self.key, self.title, columns, rows, self.note)


def table(
    key: str,
    title: str,
    columns: Sequence[Column],
    rows: Sequence[Sequence[Value]],
    total: Sequence[Value] | None = None,
    note: str = "",
) -> Table:
    """A table whose cells are written in the active language."""

    def row(values: Sequence[Value], is_total: bool = False) -> Row:
        texts = tuple(display(c.kind, v) for c, v in zip(columns, values, strict=True))
        return Row(tuple(values), texts, is_total)

    body = [row(values) for values in rows]
    if total is not None:
        body.append(row(total, is_total=True))
    return Table(key, title, tuple(columns), tuple(body), note)


@dataclass(frozen=True)
class KeyFigure:
    """A headline number of the title page: "Young people placed: 27 360"."""

    label: str
    value: Value
    kind: Kind
    note: str = ""

    @property
    def text(self) -> str:
        return display(self.kind, self.value)


@dataclass(frozen=True)
class Chart:
    key: str
    caption: str
    alt: str
    uri: str  # a data: URI of the image


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    paragraphs: tuple[str, ...] = ()
    tables: tuple[Table, ...] = ()
    charts: tuple[Chart, ...] = ()
    side_by_side: bool = False  # small tables printed next to each other


@dataclass(frozen=True)
class Figures:
    """The year's dashboard and the previous year's over the same months."""

    current: Dashboard
    previous: Dashboard


@dataclass(frozen=True)
class Report:
    lang: str
    year: int
    complete: bool  # the whole year (False: the year so far)
    region: str
    district: str  # "" for the whole region
    title: str
    kind: str  # "Annual report" or "Interim report"
    period: str
    as_of: str
    synthetic: str  # "" unless the figures come from the demo dataset
    key_figures: tuple[KeyFigure, ...]
    summary: tuple[tuple[str, ...], ...]  # paragraphs of sentences
    sections: tuple[Section, ...]
    notes: tuple[str, ...]
    figures: Figures
    tables: dict[str, Table] = field(default_factory=dict)  # every table by key

    @property
    def sentences(self) -> list[str]:
        return [sentence for paragraph in self.summary for sentence in paragraph]
