"""Keeping the ranked lists current when a person or a vacancy changes, without a batch.

- A changed person: their own list of vacancies is recomputed; in every nearby vacancy's
  candidate list they are removed, then put back where they now make the top k.
- A changed or new vacancy: its candidate list is recomputed from the people nearby, and it
  enters the list of each of them it now beats the k-th vacancy of.
- A vacancy no longer open: it leaves every list; the people who had it get their lists
  recomputed.

Lists only exist after a first batch run, so before one nothing is done here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date

import numpy as np
from django.db import transaction
from django.db.models import Count, F, Min, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from jastar.matching.batch import TopK, candidates_for, match_people
from jastar.matching.engine import Engine
from jastar.matching.engines import current_engine
from jastar.matching.loading import eligible_programs, person_inputs
from jastar.matching.models import Match, MatchKind
from jastar.matching.scoring import EXCLUDED
from jastar.matching.services.common import chunks
from jastar.matching.services.writing import write_matches
from jastar.registry.models import District, Person


def lists_exist() -> bool:
    """Whether any ranked list has been written (by a batch run)."""
    return Match.objects.exists()


def matches_refresh(
    *, person_ids: Sequence[int] = (), vacancy_ids: Sequence[int] = (), on: date | None = None
) -> int:
    """Bring the lists of these people and vacancies up to date; returns rows written."""
    if not lists_exist():
        return 0
    on = on or timezone.localdate()
    engine = current_engine(on)
    written = 0
    gone = [v for v in vacancy_ids if v not in engine.row_of]
    affected = set(person_ids) | _drop_vacancies(gone)
    for vacancy_id in vacancy_ids:
        if vacancy_id in engine.row_of:
            written += _refresh_vacancy(engine, vacancy_id, on)
    for part in chunks(sorted(affected)):
        written += _refresh_people(engine, part, on)
    return written


def _drop_vacancies(vacancy_ids: Iterable[int]) -> set[int]:
    """Remove closed vacancies from every list; the people who had them."""
    rows = Match.objects.filter(vacancy_id__in=list(vacancy_ids))
    people = set(rows.filter(kind=MatchKind.VACANCY).values_list("person_id", flat=True))
    rows.delete()
    return people


def _refresh_people(engine: Engine, person_ids: list[int], on: date) -> int:
    written = 0
    by_district: defaultdict[int, list[int]] = defaultdict(list)
    for pk, district_id in Person.objects.filter(pk__in=person_ids).values_list(
        "pk", "district_id"
    ):
        by_district[district_id].append(pk)
    # People deleted since: their rows went with them (cascade).
    for district in District.objects.filter(pk__in=by_district):
        people = Person.objects.filter(pk__in=by_district[district.pk])
        inputs = person_inputs(people, eligible=_eligible(engine, on, people, district))
        encoded = engine.encode_people(inputs)
        rows = np.arange(len(inputs), dtype=np.int64)
        best, candidates = match_people(engine, encoded, rows, engine.near_vacancies(district.code))
        with transaction.atomic():
            Match.objects.filter(person_id__in=[p.id for p in inputs]).delete()
            kept = _entering(candidates, engine.settings.top_k)
            written += write_matches(best, kept, {p.id: district.pk for p in inputs})
            _trim(kept.owner.tolist(), engine.settings.top_k)
    return written


# Above this many people of one district, eligibility is checked for the whole district in
# bulk (a few queries) rather than person by person (a few queries each).
BULK_ELIGIBILITY_FROM = 200


def _eligible(
    engine: Engine, on: date, people: QuerySet[Person], district: District
) -> dict[int, frozenset[str]]:
    if not engine.programs:
        return {}
    if people.count() >= BULK_ELIGIBILITY_FROM:
        return eligible_programs(engine.programs, on, district)
    return eligible_programs(engine.programs, on, people=list(people))


def _thresholds(
    kind: str, owner: str, owner_ids: list[int], *, without_vacancy: int | None = None
) -> dict[int, tuple[int, float | None]]:
    """Each owner's list as it stands: how many entries, and the lowest score among them."""
    rows = Match.objects.filter(kind=kind)
    if without_vacancy is not None:
        rows = rows.exclude(vacancy_id=without_vacancy)
    return {
        row[owner]: (row["n"], row["low"])
        for part in chunks(owner_ids)
        for row in rows.filter(**{f"{owner}__in": part})
        .values(owner)
        .annotate(n=Count("id"), low=Min("score"))
    }


def _entering(candidates: TopK, k: int) -> TopK:
    """The candidate entries that make their vacancy's current top k."""
    thresholds = _thresholds(MatchKind.CANDIDATE, "vacancy_id", candidates.owner.tolist())
    scores = candidates.scores.copy()
    for row, vacancy in enumerate(candidates.owner.tolist()):
        count, low = thresholds.get(vacancy, (0, None))
        if count >= k and low is not None:
            scores[row][scores[row] <= low] = EXCLUDED
    ids = np.where(scores > EXCLUDED, candidates.ids, -1)
    keep = (ids >= 0).any(axis=1)
    return TopK(candidates.owner[keep], ids[keep], scores[keep])


def _renumber(kind: str, owner: str, partner: str, owner_ids: list[int], k: int) -> None:
    """Keep each owner's best ``k`` entries of ``kind`` and renumber their ranks by score:
    one windowed query for many owners instead of one per owner."""
    for part in chunks(owner_ids):
        _renumber_part(kind, owner, partner, part, k)


def _renumber_part(kind: str, owner: str, partner: str, owner_ids: list[int], k: int) -> None:
    rows = (
        Match.objects.filter(kind=kind, **{f"{owner}__in": owner_ids})
        .annotate(
            position=Window(
                RowNumber(),
                partition_by=[F(owner)],
                order_by=[F("score").desc(), F(partner).asc()],
            )
        )
        .values_list("pk", "rank", "position")
    )
    drop, moved = [], []
    for pk, rank, position in rows:
        if position > k:
            drop.append(pk)
        elif rank != position:
            moved.append(Match(pk=pk, rank=position))
    for part in chunks(drop):
        Match.objects.filter(pk__in=part).delete()
    Match.objects.bulk_update(moved, ["rank"], batch_size=1000)


def _trim(vacancy_ids: list[int], k: int) -> None:
    """Keep each vacancy's best k candidates (ranks renumbered by score)."""
    _renumber(MatchKind.CANDIDATE, "vacancy_id", "person_id", vacancy_ids, k)


def _refresh_vacancy(engine: Engine, vacancy_id: int, on: date) -> int:
    """Recompute one open vacancy's candidates, and offer it to those it now suits."""
    row = engine.row_of[vacancy_id]
    district = engine.districts[int(engine.vacancies.district[row])]
    near = [d for d in engine.districts if district in engine.geography.near(d)]
    people = Person.objects.filter(district__code__in=near)
    program = engine.records[vacancy_id].program
    eligible = eligible_programs([program], on) if program else {}
    inputs = person_inputs(people, eligible=eligible)
    encoded = engine.encode_people(inputs)
    rows, scores = candidates_for(engine, encoded, row, engine.settings.top_k)
    all_rows, all_scores = candidates_for(engine, encoded, row, len(inputs))
    district_of = dict(people.values_list("pk", "district_id"))
    k = engine.settings.top_k
    empty = TopK(np.zeros(0, np.int64), np.zeros((0, k), np.int64), np.zeros((0, k), np.float32))
    candidates = TopK(
        np.array([vacancy_id]),
        np.pad(encoded.ids[rows], (0, k - len(rows)), constant_values=-1)[None, :],
        np.pad(scores, (0, k - len(rows)), constant_values=EXCLUDED)[None, :],
    )
    offered = _offered_to(vacancy_id, encoded.ids[all_rows], all_scores, k)
    with transaction.atomic():
        Match.objects.filter(vacancy_id=vacancy_id).delete()
        written = write_matches(empty, candidates, district_of)
        written += write_matches(offered, empty, district_of)
        _trim_people(offered.owner.tolist(), k)
    return written


def _offered_to(vacancy_id: int, person_ids: np.ndarray, scores: np.ndarray, k: int) -> TopK:
    """The people whose current top k this vacancy enters, as one-entry lists."""
    thresholds = _thresholds(
        MatchKind.VACANCY, "person_id", person_ids.tolist(), without_vacancy=vacancy_id
    )
    owners, values = [], []
    for person, score in zip(person_ids.tolist(), scores.tolist(), strict=True):
        count, low = thresholds.get(person, (0, None))
        if count < k or (low is not None and score > low):
            owners.append(person)
            values.append(score)
    ids = np.full((len(owners), k), -1, dtype=np.int64)
    matrix = np.full((len(owners), k), EXCLUDED, dtype=np.float32)
    ids[:, 0] = vacancy_id
    matrix[:, 0] = values
    return TopK(np.array(owners, dtype=np.int64), ids, matrix)


def _trim_people(person_ids: list[int], k: int) -> None:
    """Keep each person's best k vacancies (ranks renumbered by score)."""
    _renumber(MatchKind.VACANCY, "person_id", "vacancy_id", person_ids, k)
