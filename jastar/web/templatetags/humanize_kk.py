"""Number formatting used in Kazakh and Russian publications: 27 360, not 27,360."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def intspace(value: int | None) -> str:
    """Group thousands with a narrow no-break space, as Kazakh and Russian texts do."""
    if value is None:
        return "—"
    return f"{int(value):,}".replace(",", "\u202f")
