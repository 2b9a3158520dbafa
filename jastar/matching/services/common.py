"""What the matching services share."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Final

# Ids per IN (...) list: SQLite allows 32,766 parameters a statement, and a region's
# people or vacancies are more.
CHUNK: Final = 5_000


def chunks(ids: Sequence[int]) -> Iterator[list[int]]:
    """``ids`` in lists of at most :data:`CHUNK`, for ``__in`` lookups."""
    for start in range(0, len(ids), CHUNK):
        yield list(ids[start : start + CHUNK])
