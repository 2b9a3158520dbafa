"""Scores of blocks of (person, vacancy) pairs, feature by feature, and their reasons.

:func:`feature_matrix` computes one feature for every pair of a block of people and a
block of vacancies as a dense float32 matrix; :func:`score_block` adds them up with the
weights; :func:`explain` returns one pair's features with their contributions. The
formulas are documented in :mod:`jastar.matching.features` and docs/matching.md.

Pairs that may not be offered (too far away, a program place the person may not join)
score :data:`EXCLUDED`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, cast

import numpy as np
import numpy.typing as npt

from jastar.matching.engine import ANY, NEAR, SAME, Engine, IntArray, People
from jastar.matching.features import (
    FEATURES,
    PLACE_DISTRICT,
    PLACE_DISTRICT_CENTRE,
    PLACE_NEIGHBOUR,
    PLACE_SETTLEMENT,
)

Matrix = npt.NDArray[np.float32]
EXCLUDED = np.float32(-1.0)
# A salary offer this share of the expected wage or less scores 0; the full wage scores 1.
SALARY_FLOOR = 0.5
# Embedding cosines of unrelated short texts sit near this value; above it, meaning counts.
MEANING_FLOOR = 0.75


@dataclass(frozen=True)
class Block:
    """Which people (rows of an encoded :class:`People`) against which vacancy rows."""

    people: People
    rows: IntArray  # people rows
    vacancies: IntArray  # engine.vacancies rows


def _occupation(engine: Engine, block: Block) -> Matrix:
    table = engine.occupation_table
    wanted = block.people.occupations[block.rows]
    offered = engine.vacancies.occupation[block.vacancies]
    result = table[wanted[:, 0]][:, offered]
    for slot in range(1, wanted.shape[1]):
        np.maximum(result, table[wanted[:, slot]][:, offered], out=result)
    return result


def _text(engine: Engine, block: Block) -> Matrix:
    product = block.people.text[block.rows] @ engine.vacancies.text[block.vacancies].T
    return np.clip(product, 0, 1, out=product)


def _skills(engine: Engine, block: Block) -> Matrix:
    mine = block.people.words[block.rows]
    counts = np.asarray(mine.getnnz(axis=1), dtype=np.float32)
    shared = (mine @ engine.vacancies.words[block.vacancies].T).toarray().astype(np.float32)
    share: Matrix = np.divide(shared, counts[:, None], out=shared, where=counts[:, None] > 0)
    return share


def _place(engine: Engine, block: Block) -> Matrix:
    relation = engine.district_relation[block.people.district[block.rows]][
        :, engine.vacancies.district[block.vacancies]
    ]
    centre = engine.vacancies.centre[block.vacancies]
    same_district = np.where(centre, PLACE_DISTRICT_CENTRE, PLACE_DISTRICT).astype(np.float32)
    result = np.where(relation == SAME, same_district[None, :], np.float32(0))
    result[relation == NEAR] = PLACE_NEIGHBOUR
    settlement = block.people.settlement[block.rows]
    same = (settlement[:, None] == engine.vacancies.settlement[block.vacancies][None, :]) & (
        settlement[:, None] >= 0
    )
    result[same] = PLACE_SETTLEMENT
    return result.astype(np.float32, copy=False)


def _education(engine: Engine, block: Block) -> Matrix:
    have = block.people.education[block.rows][:, None]
    need = engine.vacancies.education[block.vacancies][None, :]
    result = np.where(have >= need, np.float32(1), np.float32(0))
    result[(have == need - 1) & (need >= 0)] = 0.4
    result[np.broadcast_to((have < 0) & (need >= 0), result.shape)] = 0.5
    result[np.broadcast_to(need < 0, result.shape)] = 1
    return result.astype(np.float32, copy=False)


def _experience(engine: Engine, block: Block) -> Matrix:
    have = block.people.experience[block.rows][:, None]
    need = engine.vacancies.experience[block.vacancies][None, :]
    ratio = np.divide(
        have,
        need,
        out=np.ones(np.broadcast_shapes(have.shape, need.shape), np.float32),
        where=need > 0,
    )
    return np.minimum(ratio, 1, out=ratio)


def _salary(engine: Engine, block: Block) -> Matrix:
    expected = block.people.salary[block.rows][:, None]
    offered = engine.vacancies.salary[block.vacancies][None, :]
    with np.errstate(invalid="ignore", divide="ignore"):
        share = (offered / expected - SALARY_FLOOR) / (1 - SALARY_FLOOR)
    result: Matrix = np.clip(share, 0, 1).astype(np.float32)
    result[np.isnan(result)] = 0.5  # either side unknown: neither good nor bad
    return result


def _employment_type(engine: Engine, block: Block) -> Matrix:
    wanted = block.people.employment[block.rows][:, None]
    offered = engine.vacancies.employment[block.vacancies][None, :]
    # -1 on either side: not said (neither good nor bad); a type no vacancy offers, or a
    # vacancy whose type is not given, never counts as the wanted one.
    result: Matrix = ((wanted == offered) & (wanted >= 0)).astype(np.float32)
    result[np.broadcast_to((wanted == ANY) | (offered == ANY), result.shape)] = 0.5
    return result


def _program(engine: Engine, block: Block) -> Matrix:
    program = engine.vacancies.program[block.vacancies]
    eligible = block.people.eligible[block.rows]
    result = np.zeros((len(block.rows), len(block.vacancies)), dtype=np.float32)
    linked = np.flatnonzero(program >= 0)
    if len(linked):
        result[:, linked] = eligible[:, program[linked]]
    return result


def _meaning(engine: Engine, block: Block) -> Matrix:
    if block.people.meaning is None or engine.vacancies.meaning is None:
        return np.zeros((len(block.rows), len(block.vacancies)), dtype=np.float32)
    cosine = block.people.meaning[block.rows] @ engine.vacancies.meaning[block.vacancies].T
    result: Matrix = np.clip((cosine - MEANING_FLOOR) / (1 - MEANING_FLOOR), 0, 1)
    return result.astype(np.float32, copy=False)


_FEATURES = {
    "occupation": _occupation,
    "text": _text,
    "skills": _skills,
    "place": _place,
    "education": _education,
    "experience": _experience,
    "salary": _salary,
    "employment_type": _employment_type,
    "program": _program,
    "meaning": _meaning,
}
if tuple(_FEATURES) != FEATURES:  # pragma: no cover - a developer's slip, caught at import
    raise ImportError("scoring and features list different features")


def feature_matrix(engine: Engine, block: Block, name: str) -> Matrix:
    """One feature (0..1) for every pair of ``block``: people rows × vacancy rows."""
    return _FEATURES[name](engine, block)


def excluded(engine: Engine, block: Block, place: Matrix | None = None) -> npt.NDArray[np.bool_]:
    """Pairs never offered: further than a neighbouring district, or a program place the
    person is not eligible for."""
    place = feature_matrix(engine, block, "place") if place is None else place
    result = place <= 0
    program = engine.vacancies.program[block.vacancies]
    linked = np.flatnonzero(program >= 0)
    if len(linked):
        eligible = block.people.eligible[block.rows][:, program[linked]]
        result[:, linked] |= ~eligible
    return result


# Features that depend only on a few columns of each side: the batch computes them on the
# distinct combinations of those columns (a small table) and gathers the table, which is
# exact and far cheaper than one full matrix per feature.
_TABLE_GROUPS: Final = (
    ("occupation",),
    ("place",),
    ("education", "experience", "salary", "employment_type"),
)
# Added to a pair that may not be offered, so its sum stays below zero whatever else adds.
_BARRED: Final = np.float32(-1e4)


def _person_keys(engine: Engine, block: Block, group: tuple[str, ...]) -> npt.NDArray[np.int64]:
    people, rows = block.people, block.rows
    if group == ("occupation",):
        return people.occupations[rows]
    if group == ("place",):
        return np.stack([people.district[rows], people.settlement[rows]], axis=1)
    # Experience beyond the most any vacancy asks scores the same: cap it so keys repeat.
    most = float(engine.vacancies.experience[block.vacancies].max(initial=0))
    return np.stack(
        [
            people.education[rows],
            np.minimum(people.experience[rows], most).astype(np.int64),
            np.nan_to_num(people.salary[rows], nan=-1).astype(np.int64),
            people.employment[rows],
        ],
        axis=1,
    )


def _vacancy_keys(engine: Engine, rows: IntArray, group: tuple[str, ...]) -> npt.NDArray[np.int64]:
    vacancies = engine.vacancies
    if group == ("occupation",):
        return vacancies.occupation[rows][:, None]
    if group == ("place",):
        return np.stack(
            [vacancies.district[rows], vacancies.settlement[rows], vacancies.centre[rows]], axis=1
        ).astype(np.int64)
    return np.stack(
        [
            vacancies.education[rows],
            vacancies.experience[rows].astype(np.int64),
            np.nan_to_num(vacancies.salary[rows], nan=-1).astype(np.int64),
            vacancies.employment[rows],
        ],
        axis=1,
    )


def _distinct(keys: npt.NDArray[np.int64]) -> tuple[IntArray, IntArray]:
    """Rows of the first occurrence of each distinct key, and each row's distinct key."""
    _, first, inverse = np.unique(keys, axis=0, return_index=True, return_inverse=True)
    return first.astype(np.int64), inverse.reshape(-1).astype(np.int64)


MEMO_SIZE: Final = 64


def _vacancy_distinct(
    engine: Engine, rows: IntArray, group: tuple[str, ...]
) -> tuple[IntArray, IntArray]:
    """:func:`_distinct` of the vacancy keys, remembered: a batch scores the same vacancies
    against chunk after chunk of people, and pages the same district's again and again."""
    key = ("distinct", group, len(rows), hash(rows.tobytes()))
    found = engine.memo.get(key)
    if found is None:
        if len(engine.memo) >= MEMO_SIZE:
            engine.memo.pop(next(iter(engine.memo)))
        found = _distinct(_vacancy_keys(engine, rows, group))
        engine.memo[key] = found
    return cast(tuple[IntArray, IntArray], found)


def _table(
    engine: Engine, block: Block, group: tuple[str, ...], weights: dict[str, float]
) -> Matrix:
    """The weighted sum of a group's features for every pair, through a table of the
    distinct combinations; pairs too far apart get a large negative value."""
    people_first, people_inverse = _distinct(_person_keys(engine, block, group))
    vacancy_first, vacancy_inverse = _vacancy_distinct(engine, block.vacancies, group)
    small = Block(block.people, block.rows[people_first], block.vacancies[vacancy_first])
    total = sum(weights.values()) or 1.0
    table = np.zeros((len(people_first), len(vacancy_first)), dtype=np.float32)
    for name in group:
        values = feature_matrix(engine, small, name)
        if weights[name] > 0:
            table += np.float32(weights[name] / total) * values
        if name == "place":
            table[values <= 0] = _BARRED
    return np.take(np.take(table, people_inverse, axis=0), vacancy_inverse, axis=1)


def _add_skills(engine: Engine, block: Block, score: Matrix, weight: float) -> None:
    """Add the skills feature through its non-zero pairs only."""
    mine = block.people.words[block.rows]
    counts = np.asarray(mine.getnnz(axis=1), dtype=np.float32)
    # A product of two CSR matrices has no repeated (row, column): no need to sort it.
    shared = (mine @ engine.vacancies.words[block.vacancies].T).tocsr()
    rows = np.repeat(np.arange(shared.shape[0]), np.diff(shared.indptr))
    score[rows, shared.indices] += np.float32(weight) * shared.data / counts[rows]


def _add_program(engine: Engine, block: Block, score: Matrix, weight: float) -> None:
    """Program places: the weight where the person is eligible, barred where not."""
    program = engine.vacancies.program[block.vacancies]
    linked = np.flatnonzero(program >= 0)
    if len(linked):
        eligible = block.people.eligible[block.rows][:, program[linked]]
        score[:, linked] += np.where(eligible, np.float32(weight), _BARRED)


def _text_scores(people: Matrix, vacancies: Matrix, weight: float) -> Matrix:
    """The weighted text feature: the weight goes into the smaller factor, and the product
    becomes the score matrix itself."""
    scaled: Matrix = (people * np.float32(weight)).astype(np.float32, copy=False)
    product: Matrix = scaled @ vacancies.T
    return np.maximum(product, 0, out=product)


def score_block(engine: Engine, block: Block) -> Matrix:
    """Scores 0..1 of every pair of ``block`` (weighted mean of the features), or
    :data:`EXCLUDED`.

    Equal to summing :func:`feature_matrix` times the weights (the tests check it), but
    computed for batches: dense products for text and meaning, the non-zero pairs for
    skills, and tables of distinct combinations for the other features.
    """
    weights = engine.settings.weights.as_dict()
    total = sum(weights.values()) or 1.0
    people, vacancies = block.people, engine.vacancies
    if weights["text"] > 0:
        score = _text_scores(
            people.text[block.rows], vacancies.text[block.vacancies], weights["text"] / total
        )
    else:
        score = np.zeros((len(block.rows), len(block.vacancies)), dtype=np.float32)
    if weights["meaning"] > 0:
        score += np.float32(weights["meaning"] / total) * _meaning(engine, block)
    for group in _TABLE_GROUPS:
        if group == ("place",) or any(weights[name] > 0 for name in group):
            score += _table(engine, block, group, weights)
    if weights["skills"] > 0:
        _add_skills(engine, block, score, weights["skills"] / total)
    _add_program(engine, block, score, weights["program"] / total)
    score[score < 0] = EXCLUDED
    return score


@dataclass(frozen=True)
class Contribution:
    """One feature of one pair: its value (0..1) and its share of the score."""

    feature: str
    value: float
    contribution: float


def explain(
    engine: Engine, people: People, row: int, vacancy_rows: IntArray
) -> list[list[Contribution]]:
    """For one person and some vacancy rows, every weighted feature of each pair, largest
    contribution first."""
    block = Block(people, np.array([row], dtype=np.int64), vacancy_rows)
    weights = engine.settings.weights.as_dict()
    total = sum(weights.values()) or 1.0
    active = [name for name, weight in weights.items() if weight > 0]
    values = {name: feature_matrix(engine, block, name)[0] for name in active}
    result = []
    for column in range(len(vacancy_rows)):
        items = [
            Contribution(
                name,
                round(float(values[name][column]), 4),
                round(float(values[name][column]) * weights[name] / total, 4),
            )
            for name in active
        ]
        result.append(sorted(items, key=lambda c: (-c.contribution, FEATURES.index(c.feature))))
    return result
