"""The report's charts, drawn with matplotlib as SVG and embedded as data URIs.

WeasyPrint runs no JavaScript, so the dashboard's Chart.js is no use here. The figures
are drawn with matplotlib's object API (no pyplot state, safe in a web process), in
DejaVu Sans (matplotlib ships it; it has every Kazakh letter), with the text turned into
outlines so the SVG looks the same wherever it is opened. Labels are translated: call
inside ``translation.override``.
"""

from __future__ import annotations

import base64
import io
import textwrap
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from itertools import accumulate
from typing import Any, Final

import matplotlib
from django.utils.translation import gettext as _
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from jastar.analytics.report import formatting as fmt
from jastar.analytics.report.document import Chart, Figures
from jastar.analytics.report.tables import previous_label
from jastar.registry.models import PlacementChannel

# Colours of the report: this year, the previous year, the plan, NEET at the start / now.
CURRENT: Final = "#1f4e79"
PREVIOUS: Final = "#9dc3e6"
PLAN: Final = "#c55a11"
GRID: Final = "#d9d9d9"
WIDTH_IN: Final = 6.9  # the A4 page's text width, 175 mm

STYLE: Final[dict[Any, Any]] = {
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "axes.edgecolor": "#7f7f7f",
    "axes.linewidth": 0.6,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "xtick.color": "#404040",
    "ytick.color": "#404040",
    "legend.frameon": False,
    "svg.fonttype": "path",
    "svg.hashsalt": "jastar-report",  # the same figures give the same file
}


@contextmanager
def _figure(height_in: float) -> Iterator[tuple[Figure, Axes]]:
    with matplotlib.rc_context(STYLE):
        figure = Figure(figsize=(WIDTH_IN, height_in), layout="constrained")
        yield figure, figure.subplots()


def _uri(figure: Figure) -> str:
    with matplotlib.rc_context(STYLE):
        buffer = io.BytesIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _counts_axis(axis: Any) -> None:
    axis.set_major_locator(MaxNLocator(nbins=6, integer=True))
    axis.set_major_formatter(FuncFormatter(lambda value, _pos: fmt.count(round(value))))


def report_charts(figures: Figures) -> dict[str, tuple[Chart, ...]]:
    """The charts of each report section, by the section's key."""
    return {
        "months": (months(figures), cumulative(figures)),
        "channels": (channels(figures),),
        "neet": (neet_by_district(figures),),
    }


def months(figures: Figures) -> Chart:
    """Bars for each month of this year and the previous one; the plan as a line."""
    board = figures.current
    year, previous_year = board.period.year, board.period.year - 1
    labels = [fmt.month_abbreviation(m) for m in range(1, 13)]
    placed = [m.placed for m in board.months]
    plan = [m.plan for m in board.months]
    has_plan = any(p is not None for p in plan)
    with _figure(2.6) as (figure, ax):
        x = range(12)
        ax.bar(
            [i - 0.2 for i in x],
            [m.previous for m in board.months],
            0.4,
            color=PREVIOUS,
            label=str(previous_year),
        )
        ax.bar([i + 0.2 for i in x], [p or 0 for p in placed], 0.4, color=CURRENT, label=str(year))
        if has_plan:
            ax.plot(
                x,
                [p or 0 for p in plan],
                color=PLAN,
                marker="o",
                markersize=3,
                linewidth=1.2,
                label=_("Plan"),
            )
        _style(ax, labels)
        uri = _uri(figure)
    values = {"year": year, "previous_year": previous_year}
    if has_plan:
        caption = _("Placements by month: %(year)d, %(previous_year)d and the plan") % values
        alt = (
            _(
                "Bar chart of placements in each month of %(year)d and %(previous_year)d, with the "
                "monthly plan as a line. The figures are in the table above."
            )
            % values
        )
    else:
        caption = _("Placements by month: %(year)d and %(previous_year)d") % values
        alt = (
            _(
                "Bar chart of placements in each month of %(year)d and %(previous_year)d. "
                "The figures are in the table above."
            )
            % values
        )
    return Chart("months", caption, alt, uri)


def _style(ax: Axes, labels: Sequence[str]) -> None:
    ax.set_xticks(range(len(labels)), labels)
    _counts_axis(ax.yaxis)
    ax.grid(axis="y", color=GRID, linewidth=0.5)
    ax.set_axisbelow(True)
    ax.legend(loc="upper left", ncols=3)


def cumulative(figures: Figures) -> Chart:
    """Placements since 1 January, against the previous year and the plan."""
    board = figures.current
    year, previous_year = board.period.year, board.period.year - 1
    labels = [fmt.month_abbreviation(m) for m in range(1, 13)]
    done = [m.placed for m in board.months if m.placed is not None]
    plan = [m.plan for m in board.months]
    with _figure(2.4) as (figure, ax):
        ax.plot(
            range(12),
            list(accumulate(m.previous for m in board.months)),
            color=PREVIOUS,
            linewidth=1.8,
            label=str(previous_year),
        )
        ax.plot(
            range(len(done)),
            list(accumulate(done)),
            color=CURRENT,
            linewidth=2.2,
            marker="o",
            markersize=3,
            label=str(year),
        )
        if any(p is not None for p in plan):
            ax.plot(
                range(12),
                list(accumulate(p or 0 for p in plan)),
                color=PLAN,
                linewidth=1.2,
                linestyle="--",
                label=_("Plan"),
            )
        _style(ax, labels)
        uri = _uri(figure)
    values = {"year": year, "previous_year": previous_year}
    caption = _("Placements since 1 January: %(year)d against %(previous_year)d and the plan")
    alt = _(
        "Line chart of placements added up month by month in %(year)d, in %(previous_year)d "
        "and in the plan. The figures are in the table above."
    )
    return Chart("cumulative", caption % values, alt % values, uri)


def _wrapped(label: str, width: int = 30) -> str:
    return "\n".join(textwrap.wrap(label, width)) or label


def channels(figures: Figures) -> Chart:
    """Horizontal bars: placements by channel this year and in the previous year."""
    board, before = figures.current, figures.previous
    order = list(PlacementChannel)
    labels = [_wrapped(str(c.label)) for c in order]
    now = [board.channels.get(c, 0) for c in order]
    then = [before.channels.get(c, 0) for c in order]
    with _figure(0.45 * len(order) + 0.7) as (figure, ax):
        y = range(len(order))
        ax.barh([i + 0.2 for i in y], then, 0.4, color=PREVIOUS, label=previous_label(board))
        bars = ax.barh([i - 0.2 for i in y], now, 0.4, color=CURRENT, label=str(board.period.year))
        ax.bar_label(bars, [fmt.count(n) for n in now], padding=3, fontsize=7)
        _horizontal(ax, labels)
        uri = _uri(figure)
    values = {"year": board.period.year, "previous_year": board.period.year - 1}
    caption = _("Placements by channel: %(year)d and %(previous_year)d") % values
    alt = (
        _(
            "Bar chart of placements through each channel in %(year)d and %(previous_year)d. "
            "The figures are in the table above."
        )
        % values
    )
    return Chart("channels", caption, alt, uri)


def _horizontal(ax: Axes, labels: Sequence[str]) -> None:
    ax.set_yticks(range(len(labels)), labels)
    ax.invert_yaxis()
    _counts_axis(ax.xaxis)
    ax.grid(axis="x", color=GRID, linewidth=0.5)
    ax.set_axisbelow(True)
    ax.margins(x=0.12)
    ax.legend(loc="lower right")


def neet_by_district(figures: Figures) -> Chart:
    """Horizontal bars: NEET youth in each district at the start of the year and now."""
    board = figures.current
    rows = sorted(board.districts, key=lambda d: -d.neet_now.neet)
    start, end = fmt.short_date(board.neet_start.on), fmt.short_date(board.neet_now.on)
    with _figure(0.32 * len(rows) + 0.8) as (figure, ax):
        y = range(len(rows))
        ax.barh(
            [i + 0.2 for i in y],
            [d.neet_start.neet for d in rows],
            0.4,
            color=PREVIOUS,
            label=start,
        )
        bars = ax.barh(
            [i - 0.2 for i in y], [d.neet_now.neet for d in rows], 0.4, color=CURRENT, label=end
        )
        ax.bar_label(bars, [fmt.count(d.neet_now.neet) for d in rows], padding=3, fontsize=7)
        _horizontal(ax, [_wrapped(d.district.name) for d in rows])
        uri = _uri(figure)
    values = {"start": start, "end": end}
    caption = _("NEET young people by district: %(start)s and %(end)s") % values
    alt = (
        _(
            "Bar chart of NEET young people in each district on %(start)s and on %(end)s. "
            "The figures are in the table of districts."
        )
        % values
    )
    return Chart("neet", caption, alt, uri)
