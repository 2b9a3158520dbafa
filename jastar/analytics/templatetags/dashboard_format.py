"""Numbers on the dashboard: percentages, changes and tenge, in the active language's format.

Whole numbers use :func:`jastar.web.templatetags.humanize_kk.intspace` (27 360), as the
office's publications do.
"""

from __future__ import annotations

from django import template
from django.utils import formats

from jastar.analytics.selectors import Dashboard, ProgramFigures
from jastar.web.templatetags.humanize_kk import intspace

register = template.Library()

MINUS = "\u2212"
NO_BREAK = "\u00a0"


@register.filter
def percent(value: float | None, digits: int = 1) -> str:
    """12.345 → "12,3%" (in kk and ru), "—" when there is no value."""
    if value is None:
        return "—"
    return f"{formats.number_format(round(value, digits), digits)}%"


@register.filter
def signed_percent(value: float | None) -> str:
    """A change: "+4,2%", "−3,0%" (a true minus sign), "—" when there is none."""
    if value is None:
        return "—"
    sign = "+" if value > 0 else MINUS if value < 0 else ""
    return f"{sign}{percent(abs(value))}"


@register.filter
def signed_int(value: int | None) -> str:
    """A change in a count: "+1 204", "−87", "0"."""
    if value is None:
        return "—"
    sign = "+" if value > 0 else MINUS if value < 0 else ""
    return f"{sign}{intspace(abs(value))}"


@register.filter
def tenge(value: int | None) -> str:
    """An amount of money: "1 250 000 ₸"."""
    if value is None:
        return "—"
    return f"{intspace(value)}{NO_BREAK}₸"


@register.filter
def share_of(part: int, whole: int) -> str:
    """``part`` as a percentage of ``whole``: "41,5%"."""
    return percent(100 * part / whole) if whole else "—"


@register.filter
def bar_width(value: float | None) -> str:
    """A percentage as a CSS width for a progress bar, capped at 100 and with a dot."""
    if value is None:
        return "0"
    return f"{min(max(value, 0.0), 100.0):.1f}"


@register.filter
def minus(value: int, other: int) -> int:
    """``value − other``, for changes between two counts."""
    return value - other


@register.filter
def measure(program: ProgramFigures, name: str) -> int:
    """One of a program's :data:`~jastar.analytics.facts.PROGRAM_MEASURES` (0 if none)."""
    return program.measures.get(name, 0)


@register.filter
def program_total(dash: Dashboard, name: str) -> int:
    """A measure summed over the dashboard's programs."""
    return dash.program_total(name)
