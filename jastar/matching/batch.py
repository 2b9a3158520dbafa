"""Top-k vacancies for every person and top-k candidates for every vacancy, in bounded memory.

A shard is the people of one district: they are scored against the vacancies of that
district and its neighbours (nobody is offered anything further), ``chunk_size`` people at
a time, so memory is bounded by chunk × nearby vacancies whatever the region's size. A
shard is a pure function of (its people, the engine): shards run as independent tasks on
any number of workers, and their results only need concatenating (:func:`merge_candidates`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from jastar.matching.engine import Engine, IntArray, People
from jastar.matching.features import PersonInput
from jastar.matching.scoring import EXCLUDED, Block, Matrix, score_block

Progress = Callable[[int], None]


@dataclass
class TopK:
    """Best partners per row: ``ids`` and ``scores`` of shape (rows, k), best first,
    padded with id -1 and score :data:`~jastar.matching.scoring.EXCLUDED`."""

    owner: IntArray  # the person or vacancy id of each row
    ids: IntArray
    scores: Matrix

    def pairs(self) -> Iterable[tuple[int, int, int, float]]:
        """(owner id, partner id, rank from 1, score) of every real entry."""
        for row, owner in enumerate(self.owner.tolist()):
            for rank, (partner, score) in enumerate(
                zip(self.ids[row].tolist(), self.scores[row].tolist(), strict=True), start=1
            ):
                if partner >= 0:
                    yield owner, partner, rank, score


def _best_along(scores: Matrix, k: int, axis: int) -> tuple[IntArray, Matrix]:
    """Positions and values of the ``k`` best along ``axis``, best first (k clipped)."""
    size = scores.shape[axis]
    if size > k:
        part = np.argpartition(-scores, k - 1, axis=axis)
        part = part[:, :k] if axis == 1 else part[:k, :]
    else:
        shape = (scores.shape[0], size) if axis == 1 else (size, scores.shape[1])
        part = np.indices(shape)[axis]
    values = np.take_along_axis(scores, part, axis=axis)
    order = np.argsort(-values, axis=axis, kind="stable")
    return np.take_along_axis(part, order, axis=axis), np.take_along_axis(values, order, axis=axis)


def _pad(ids: IntArray, scores: Matrix, k: int) -> tuple[IntArray, Matrix]:
    ids = np.where(scores > EXCLUDED, ids, -1)
    missing = k - ids.shape[1]
    if missing > 0:
        ids = np.pad(ids, ((0, 0), (0, missing)), constant_values=-1)
        scores = np.pad(scores, ((0, 0), (0, missing)), constant_values=EXCLUDED)
    return ids, scores


# The k-th best of a sample is a lower bound of the k-th best of the whole row, so the
# pairs at or above it always contain the top k; a sample of an eighth keeps them few.
SAMPLE_EVERY = 8


def _grouped_top(
    group: IntArray, partner: IntArray, values: Matrix, k: int
) -> tuple[IntArray, IntArray, Matrix, IntArray]:
    """Per ``group``, its ``k`` best entries: best score first, then lower partner.

    Returns the kept entries' group, partner, score and rank (0-based).
    """
    # One integer sort key: group, then score descending (scores lie in 0..1; ties keep
    # the order given, which callers make partner order).
    rank_of_value = ((1.0 - values.astype(np.float64)) * 2**30).astype(np.int64)
    order = np.argsort((group.astype(np.int64) << 31) | rank_of_value, kind="stable")
    group, partner, values = group[order], partner[order], values[order]
    starts = np.r_[True, group[1:] != group[:-1]] if len(group) else np.zeros(0, bool)
    first = np.maximum.accumulate(np.where(starts, np.arange(len(group)), 0))
    rank = np.arange(len(group)) - first
    keep = rank < k
    return group[keep], partner[keep], values[keep], rank[keep]


def _sample_floor(scores: Matrix, k: int, axis: int) -> Matrix:
    """Per row (axis 1) or column (axis 0): a score at or below the k-th best."""
    size = scores.shape[axis]
    if size <= k * SAMPLE_EVERY:
        return np.full(scores.shape[1 - axis], EXCLUDED, dtype=np.float32)
    sample = scores[:, ::SAMPLE_EVERY] if axis == 1 else scores[::SAMPLE_EVERY, :]
    floor = np.partition(sample, -k, axis=axis).take(-k, axis=axis)
    return np.asarray(floor, dtype=np.float32)


def _top_per_row(scores: Matrix, k: int) -> tuple[IntArray, Matrix]:
    """Columns and values of each row's ``k`` best (padded with -1 / EXCLUDED)."""
    floor = np.maximum(_sample_floor(scores, k, axis=1), 0)
    rows, columns = np.nonzero(scores >= floor[:, None])
    group, partner, values, rank = _grouped_top(rows, columns, scores[rows, columns], k)
    ids = np.full((scores.shape[0], k), -1, dtype=np.int64)
    best = np.full((scores.shape[0], k), EXCLUDED, dtype=np.float32)
    ids[group, rank] = partner
    best[group, rank] = values
    return ids, best


class _CandidateHeap:
    """Running top-k people per vacancy across the chunks of a shard."""

    def __init__(self, vacancy_rows: IntArray, k: int) -> None:
        self.k = k
        self.ids = np.full((k, len(vacancy_rows)), -1, dtype=np.int64)
        self.scores = np.full((k, len(vacancy_rows)), EXCLUDED, dtype=np.float32)
        self.empty = True

    def _start(self, scores: Matrix, person_ids: IntArray) -> None:
        # The first chunk fills the heap by partitioning each column; later chunks only
        # add the few pairs that beat a column's k-th best so far.
        positions, values = _best_along(scores, self.k, axis=0)
        count = positions.shape[0]
        self.ids[:count] = np.where(values > EXCLUDED, person_ids[positions], -1)
        self.scores[:count] = np.maximum(values, EXCLUDED)
        self.empty = False

    def add(self, scores: Matrix, person_ids: IntArray) -> None:
        if self.empty:
            self._start(scores, person_ids)
            return
        rows, columns = np.nonzero(scores >= np.maximum(self.scores[-1], 0)[None, :])
        if not len(rows):
            return
        touched = np.unique(columns)
        old_rank, old_column = np.nonzero(self.ids[:, touched] >= 0)
        group = np.concatenate([columns, touched[old_column]])
        partner = np.concatenate([person_ids[rows], self.ids[old_rank, touched[old_column]]])
        values = np.concatenate([scores[rows, columns], self.scores[old_rank, touched[old_column]]])
        group, partner, values, rank = _grouped_top(group, partner, values, self.k)
        self.ids[:, touched] = -1
        self.scores[:, touched] = EXCLUDED
        self.ids[rank, group] = partner
        self.scores[rank, group] = values


def match_people(
    engine: Engine,
    people: People,
    rows: IntArray,
    vacancy_rows: IntArray,
    *,
    progress: Progress | None = None,
) -> tuple[TopK, TopK]:
    """Top-k vacancies of each of ``rows`` and top-k of those people for each vacancy."""
    k, chunk = engine.settings.top_k, engine.settings.chunk_size
    vacancy_ids = engine.vacancies.ids[vacancy_rows]
    heap = _CandidateHeap(vacancy_rows, k)
    best_ids, best_scores = [], []
    for start in range(0, len(rows), chunk):
        part = rows[start : start + chunk]
        scores = score_block(engine, Block(people, part, vacancy_rows))
        positions, values = _top_per_row(scores, k)
        safe = vacancy_ids[positions] if len(vacancy_ids) else positions
        best_ids.append(np.where(positions >= 0, safe, -1))
        best_scores.append(values)
        heap.add(scores, people.ids[part])
        if progress is not None:
            progress(len(part))
    empty = np.zeros((0, k))
    people_top = TopK(
        people.ids[rows],
        np.vstack(best_ids).astype(np.int64) if best_ids else empty.astype(np.int64),
        np.vstack(best_scores).astype(np.float32) if best_scores else empty.astype(np.float32),
    )
    candidate_ids, candidate_scores = _pad(heap.ids.T, heap.scores.T, k)
    return people_top, TopK(vacancy_ids, candidate_ids, candidate_scores)


def match_shard(
    engine: Engine,
    district: str,
    people: Sequence[PersonInput],
    *,
    progress: Progress | None = None,
) -> tuple[TopK, TopK]:
    """A district's people against the vacancies they may be offered (see module docs)."""
    encoded = engine.encode_people(people)
    rows = np.arange(len(people), dtype=np.int64)
    return match_people(engine, encoded, rows, engine.near_vacancies(district), progress=progress)


def merge_candidates(parts: Sequence[TopK], k: int) -> TopK:
    """One vacancy top-k from the shards' partial ones (a vacancy is seen by its own
    district's shard and its neighbours')."""
    if not parts:
        return TopK(np.zeros(0, np.int64), np.zeros((0, k), np.int64), np.zeros((0, k), np.float32))
    owners = np.concatenate([p.owner for p in parts])
    ids = np.concatenate([p.ids for p in parts])
    scores = np.concatenate([p.scores for p in parts])
    unique, inverse = np.unique(owners, return_inverse=True)
    merged_ids = np.full((len(unique), len(parts) * k), -1, dtype=np.int64)
    merged_scores = np.full((len(unique), len(parts) * k), EXCLUDED, dtype=np.float32)
    slot = np.zeros(len(unique), dtype=np.int64)
    for row, target in enumerate(inverse.tolist()):
        begin = slot[target]
        merged_ids[target, begin : begin + k] = ids[row]
        merged_scores[target, begin : begin + k] = scores[row]
        slot[target] += k
    positions, values = _best_along(merged_scores, k, axis=1)
    out_ids, out_scores = _pad(np.take_along_axis(merged_ids, positions, axis=1), values, k)
    return TopK(unique, out_ids, out_scores)


def recommend(engine: Engine, people: People, row: int, limit: int) -> tuple[IntArray, Matrix]:
    """One encoded person's best vacancy rows and scores (for a page, not a batch)."""
    district = (
        engine.districts[people.district[row]]
        if people.district[row] < len(engine.districts)
        else ""
    )
    candidates = engine.near_vacancies(district) if district else np.zeros(0, np.int64)
    if not len(candidates):
        return np.zeros(0, np.int64), np.zeros(0, np.float32)
    scores = score_block(engine, Block(people, np.array([row]), candidates))
    positions, values = _best_along(scores, limit, axis=1)
    keep = values[0] > EXCLUDED
    return candidates[positions[0][keep]], values[0][keep]


def candidates_for(
    engine: Engine, people: People, vacancy_row: int, limit: int
) -> tuple[IntArray, Matrix]:
    """The best of ``people`` (rows) for one vacancy row, with scores."""
    rows = np.arange(len(people), dtype=np.int64)
    if not len(rows):
        return rows, np.zeros(0, np.float32)
    scores = score_block(engine, Block(people, rows, np.array([vacancy_row])))
    positions, values = _best_along(scores.T, limit, axis=1)
    keep = values[0] > EXCLUDED
    return positions[0][keep], values[0][keep]
