"""The yearly report as a file: HTML (a printable A4 page), PDF (WeasyPrint) or XLSX.

The HTML and the PDF are the same document (``analytics/report.html``); the PDF is set
in DejaVu Sans, which has every Kazakh letter (Debian's fonts-dejavu-core, with
matplotlib's copy of the font as a fallback).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Final

from django.template.loader import render_to_string
from django.utils import translation

from jastar.analytics.report.content import report_content
from jastar.analytics.report.document import Report
from jastar.registry.models import District

CONTENT_TYPES: Final = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMATS: Final = tuple(CONTENT_TYPES)


@dataclass(frozen=True)
class ReportFile:
    content: bytes
    content_type: str
    filename: str


def report_filename(*, year: int, lang: str, format: str, district: District | None = None) -> str:
    """``jastar-report-2025-kk.pdf``; with a district, ``jastar-report-2025-karasai-kk.pdf``."""
    where = f"-{district.code}" if district else ""
    return f"jastar-report-{year}{where}-{lang}.{format}"


def _fonts() -> dict[str, str]:
    """matplotlib's copies of DejaVu Sans, used when the system has none."""
    import matplotlib

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return {
        "regular": (folder / "DejaVuSans.ttf").as_uri(),
        "bold": (folder / "DejaVuSans-Bold.ttf").as_uri(),
    }


def render_html(report: Report, *, for_print: bool = False) -> str:
    """The report as one standalone HTML page, charts included as data URIs."""
    from jastar.analytics.report.charts import report_charts

    with translation.override(report.lang):
        charts = report_charts(report.figures)
        sections = [
            replace(s, tables=tuple(t.printed for t in s.tables), charts=charts.get(s.key, ()))
            for s in report.sections
        ]
        return render_to_string(
            "analytics/report.html",
            {"report": report, "sections": sections, "fonts": _fonts() if for_print else None},
        )


def render_pdf(report: Report) -> bytes:
    # Imported when needed: WeasyPrint loads pango and fonts (settings quiet its INFO log).
    from weasyprint import HTML  # type: ignore[import-untyped]

    pdf: bytes = HTML(string=render_html(report, for_print=True)).write_pdf()
    return pdf


def render_xlsx(report: Report) -> bytes:
    from jastar.analytics.report.xlsx import workbook_bytes

    return workbook_bytes(report)


def _html_bytes(report: Report) -> bytes:
    return render_html(report).encode("utf-8")


RENDERERS: Final[dict[str, Callable[[Report], bytes]]] = {
    "html": _html_bytes,
    "pdf": render_pdf,
    "xlsx": render_xlsx,
}


def report_file(
    *,
    year: int,
    lang: str,
    format: str,
    district: District | None = None,
    today: date | None = None,
) -> ReportFile:
    """The report of ``year`` in ``lang`` as a ``format`` file (html, pdf or xlsx)."""
    report = report_content(year=year, lang=lang, district=district, today=today)
    return ReportFile(
        content=RENDERERS[format](report),
        content_type=CONTENT_TYPES[format],
        filename=report_filename(year=year, lang=lang, format=format, district=district),
    )


def report_html(
    *, year: int, lang: str, district: District | None = None, today: date | None = None
) -> str:
    """The report as a printable HTML page."""
    return render_html(report_content(year=year, lang=lang, district=district, today=today))


def report_pdf(
    *, year: int, lang: str, district: District | None = None, today: date | None = None
) -> bytes:
    """The report as an A4 PDF."""
    return render_pdf(report_content(year=year, lang=lang, district=district, today=today))


def report_xlsx(
    *, year: int, lang: str, district: District | None = None, today: date | None = None
) -> bytes:
    """The report's figures as a workbook: Summary, Districts, Channels, Months, Programs,
    NEET and People sheets."""
    return render_xlsx(report_content(year=year, lang=lang, district=district, today=today))
