"""Writing ranked lists (:class:`~jastar.matching.models.Match` rows) from engine results."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils import timezone

from jastar.core.bulk_insert import db_datetime, insert_rows
from jastar.matching.batch import TopK
from jastar.matching.models import Match, MatchKind

COLUMNS = ("kind", "person_id", "vacancy_id", "district_id", "score", "rank", "computed_at")


def _rows(
    kind: str, top: TopK, district_of: dict[int, int], person_first: bool
) -> Iterator[tuple[object, ...]]:
    now = db_datetime(timezone.now())
    for owner, partner, rank, score in top.pairs():
        person, vacancy = (owner, partner) if person_first else (partner, owner)
        yield kind, person, vacancy, district_of[person], round(score, 5), rank, now


def write_matches(people: TopK, candidates: TopK, district_of: dict[int, int]) -> int:
    """Insert both lists (inside the caller's transaction); returns the rows written."""
    rows = list(_rows(MatchKind.VACANCY, people, district_of, person_first=True))
    rows += _rows(MatchKind.CANDIDATE, candidates, district_of, person_first=False)
    insert_rows(Match, COLUMNS, rows)
    return len(rows)
