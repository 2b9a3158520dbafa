"""Whole-array date arithmetic on proleptic ordinals (``date.toordinal()``).

The generator keeps every date of 432,000 people as int64 ordinals, so that ages,
birthdays and intervals are numpy operations instead of Python loops.
"""

from __future__ import annotations

from datetime import date
from typing import Final

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

_EPOCH: Final = date(1970, 1, 1).toordinal()


def as_date(ordinal: int) -> date:
    """The date of an ordinal."""
    return date.fromordinal(int(ordinal))


def _datetime64(ordinals: IntArray) -> npt.NDArray[np.datetime64]:
    return (ordinals - _EPOCH).astype("datetime64[D]")


def _ordinals(days: npt.NDArray[np.datetime64]) -> IntArray:
    return days.astype("datetime64[D]").astype(np.int64) + _EPOCH


def years_of(ordinals: IntArray) -> IntArray:
    """Calendar year of each date."""
    return _datetime64(ordinals).astype("datetime64[Y]").astype(np.int64) + 1970


def add_years(ordinals: IntArray, years: int | IntArray) -> IntArray:
    """The same day ``years`` later; 29 February becomes 1 March in a common year.

    1 March, not 28 February, because that is the first day ``age_on`` counts the
    birthday as passed for someone born on 29 February.
    """
    days = _datetime64(ordinals)
    months = days.astype("datetime64[M]")
    day_of_month = (days - months).astype(np.int64)
    shifted = months + np.asarray(years, dtype=np.int64) * 12
    return _ordinals(shifted.astype("datetime64[D]") + day_of_month)


def day_of_year(years: IntArray, month: int, day: int) -> IntArray:
    """The ordinal of ``month``/``day`` in each of ``years``."""
    starts = (np.asarray(years, dtype=np.int64) - 1970).astype("datetime64[Y]")
    months = starts.astype("datetime64[M]") + (month - 1)
    return _ordinals(months.astype("datetime64[D]") + (day - 1))


def uniform_dates(rng: np.random.Generator, low: IntArray, high: IntArray) -> IntArray:
    """A uniformly random date in ``[low, high]`` for each pair (``high >= low``)."""
    span = np.maximum(high - low, 0) + 1
    offsets = np.floor(rng.random(len(low)) * span).astype(np.int64)
    return np.asarray(low + offsets, dtype=np.int64)
