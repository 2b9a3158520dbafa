"""Calendar arithmetic on plain dates: months added, whole months between two days."""

from __future__ import annotations

import calendar
from datetime import date, timedelta


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later; the 31st becomes the month's last day if shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_between(start: date, last_day: date) -> int:
    """Whole months from ``start`` to ``last_day``, both days included (0 if none).

    1 Jan – 30 Jun is 6 months; 15 Jan – 14 Jun is 5 (the sixth is not over yet).
    """
    end = last_day + timedelta(days=1)
    months = (end.year - start.year) * 12 + end.month - start.month
    if add_months(start, months) > end:
        months -= 1
    return max(months, 0)
