"""Allocate scarce subsidised places to young people so that the total match is the best possible.

Program-linked vacancies come with a limited number of subsidised places, capped three ways: per
vacancy, per quota group (one program in one district) and per program overall. The office wants
the assignment (each person at most one place) that maximises the sum of match scores, where
NEET, rural and long-term unemployed youth count more through a priority weight.

That is a maximum-weight b-matching with nested capacities, which a min-cost flow solves exactly
and quickly: source -> person -> vacancy -> quota group -> program -> sink, with the negated
weighted score as the cost of each person-vacancy arc. ``allocate`` builds that network for
OR-Tools' ``SimpleMinCostFlow`` with vectorised calls, so 200,000 candidate pairs take seconds.

``allocate_greedy`` is the baseline: what an officer does by hand, handing out the best-scoring
pairs first and ignoring priority. ``compare`` counts how many members of each priority group
each allocation placed, so the office can see what the optimiser buys over the hand method.

The module is pure (numpy and OR-Tools only) so it can be tested and benchmarked without Django.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

# The solver works in integers: weighted scores are multiplied by this and rounded. With scores
# in [0, 1] and weights around 1-2, 1/10,000 keeps rounding far below any difference that matters
# while the costs stay small enough for the solver never to overflow.
_COST_SCALE = 10_000

_SOURCE = 0
_SINK = 1


def _vector(name: str, value: Any, dtype: type[np.generic]) -> npt.NDArray[Any]:
    """Turn ``value`` into a 1-D array of ``dtype``, refusing shapes and types that would lie."""
    array = np.asarray(value)
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {array.shape}")
    # Casting 1.5 to an index would silently truncate, so integer fields must hold integers.
    if dtype is np.int64 and array.size and not np.issubdtype(array.dtype, np.integer):
        raise ValueError(f"{name} must hold integers, got {array.dtype}")
    if dtype is np.bool_ and array.size and array.dtype != np.bool_:
        raise ValueError(f"{name} must hold booleans, got {array.dtype}")
    return array.astype(dtype, copy=False)


def _check_same_length(names: str, *arrays: npt.NDArray[Any]) -> None:
    lengths = {len(array) for array in arrays}
    if len(lengths) > 1:
        raise ValueError(f"{names} must have the same length, got {[len(a) for a in arrays]}")


def _check_range(name: str, array: IntArray, low: int, high: int) -> None:
    """Every value must be in ``low <= value < high``."""
    if array.size and (array.min() < low or array.max() >= high):
        bad = array[(array < low) | (array >= high)][0]
        raise ValueError(f"{name} must be in {low}..{high - 1}, got {bad}")


_INT_FIELDS = (
    "person",
    "vacancy",
    "vacancy_places",
    "vacancy_group",
    "group_places",
    "group_program",
    "program_places",
)


@dataclass(frozen=True)
class AllocationProblem:
    """Candidate pairs (one entry per person-vacancy edge) and the places they compete for."""

    person: IntArray  # (E,) person index 0..P-1 of each candidate pair
    vacancy: IntArray  # (E,) vacancy index 0..V-1 of each candidate pair
    score: FloatArray  # (E,) match score in [0, 1] of each pair
    priority: FloatArray  # (P,) weight >= 1 of each person, see priority_weights
    vacancy_places: IntArray  # (V,) places on each vacancy
    vacancy_group: IntArray  # (V,) quota group of each vacancy, -1 = no group limit
    group_places: IntArray  # (G,) places left in each quota group (a program in a district)
    group_program: IntArray  # (G,) program index of each group
    program_places: IntArray  # (R,) places left per program overall, negative = unlimited

    def __post_init__(self) -> None:
        # Coerce once here (lists, int32 arrays) so the solvers can trust dtypes and shapes.
        for name in _INT_FIELDS:
            object.__setattr__(self, name, _vector(name, getattr(self, name), np.int64))
        for name in ("score", "priority"):
            object.__setattr__(self, name, _vector(name, getattr(self, name), np.float64))
        self._check_lengths()
        self._check_values()

    def _check_lengths(self) -> None:
        _check_same_length("person, vacancy and score", self.person, self.vacancy, self.score)
        _check_same_length(
            "vacancy_places and vacancy_group", self.vacancy_places, self.vacancy_group
        )
        _check_same_length("group_places and group_program", self.group_places, self.group_program)
        _check_range("person", self.person, 0, len(self.priority))
        _check_range("vacancy", self.vacancy, 0, len(self.vacancy_places))
        _check_range("vacancy_group", self.vacancy_group, -1, len(self.group_places))
        _check_range("group_program", self.group_program, 0, len(self.program_places))

    def _check_values(self) -> None:
        # NaN fails every comparison, so "not (x in range)" also catches it.
        if not np.all((self.score >= 0) & (self.score <= 1)):
            raise ValueError("score must be in [0, 1]")
        if not np.all(self.priority >= 1) or not np.all(np.isfinite(self.priority)):
            raise ValueError("priority must be a finite number >= 1")
        if np.any(self.vacancy_places < 0):
            raise ValueError("vacancy_places must be >= 0")
        if np.any(self.group_places < 0):
            raise ValueError("group_places must be >= 0")
        # A repeated pair would be two ways to count the same placement: a bug upstream.
        pairs = self.person * len(self.vacancy_places) + self.vacancy
        if np.unique(pairs).size != pairs.size:
            raise ValueError("each (person, vacancy) pair may appear only once")


@dataclass(frozen=True)
class Allocation:
    """Who got which place, sorted by person."""

    person: IntArray  # (A,) assigned person index
    vacancy: IntArray  # (A,) the vacancy each got
    score: FloatArray  # (A,) their match score
    objective: float  # sum of score * priority over the assigned pairs

    def of_person(self) -> dict[int, int]:
        """Map each assigned person to their vacancy."""
        return dict(zip(self.person.tolist(), self.vacancy.tolist(), strict=True))


@dataclass(frozen=True)
class PriorityWeights:
    """Bonus added to a person's weight of 1 for each priority group they belong to."""

    neet: float = 0.5
    rural: float = 0.25
    long_term: float = 0.25

    def __post_init__(self) -> None:
        if min(self.neet, self.rural, self.long_term) < 0:
            raise ValueError("priority bonuses must be >= 0")


def priority_weights(
    neet: BoolArray, rural: BoolArray, long_term: BoolArray, weights: PriorityWeights
) -> FloatArray:
    """Weight of each person: 1 plus the bonus of every priority group they belong to."""
    neet = _vector("neet", neet, np.bool_)
    rural = _vector("rural", rural, np.bool_)
    long_term = _vector("long_term", long_term, np.bool_)
    _check_same_length("neet, rural and long_term", neet, rural, long_term)
    weight: FloatArray = (
        1.0 + neet * weights.neet + rural * weights.rural + long_term * weights.long_term
    )
    return weight


def _allocation(problem: AllocationProblem, edges: IntArray) -> Allocation:
    """Package the chosen edge indices, sorted by person so results compare and print stably."""
    edges = edges[np.argsort(problem.person[edges], kind="stable")]
    person, score = problem.person[edges], problem.score[edges]
    return Allocation(
        person=person,
        vacancy=problem.vacancy[edges],
        score=score,
        objective=float(np.sum(score * problem.priority[person])),
    )


@dataclass(frozen=True)
class _Layout:
    """Node numbers in the flow network: source, sink, persons, vacancies, groups, programs."""

    persons: int
    vacancies: int
    groups: int

    @property
    def person(self) -> int:
        return 2

    @property
    def vacancy(self) -> int:
        return self.person + self.persons

    @property
    def group(self) -> int:
        return self.vacancy + self.vacancies

    @property
    def program(self) -> int:
        return self.group + self.groups


def _edge_arcs(
    problem: AllocationProblem, layout: _Layout, edges: IntArray
) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    """Person -> vacancy arcs; a cheaper arc is a better weighted match."""
    person = problem.person[edges]
    gain = problem.score[edges] * problem.priority[person]
    cost = -np.rint(gain * _COST_SCALE).astype(np.int64)
    return (
        layout.person + person,
        layout.vacancy + problem.vacancy[edges],
        np.ones_like(cost),
        cost,
    )


def _quota_arcs(
    problem: AllocationProblem, layout: _Layout, people: IntArray, supply: int
) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    """Source -> person, vacancy -> group (or sink), group -> program, program -> sink, bypass."""
    grouped = problem.vacancy_group >= 0
    vacancy_head = np.where(grouped, layout.group + problem.vacancy_group, _SINK)
    unlimited = problem.program_places < 0
    # No capacity needs to exceed the number of people; clipping keeps huge inputs in range.
    program_cap = np.where(unlimited, supply, np.minimum(problem.program_places, supply))
    blocks = [
        (np.full_like(people, _SOURCE), layout.person + people, np.ones_like(people)),
        (layout.vacancy + np.arange(layout.vacancies), vacancy_head, problem.vacancy_places),
        (
            layout.group + np.arange(layout.groups),
            layout.program + problem.group_program,
            problem.group_places,
        ),
        (
            layout.program + np.arange(len(program_cap)),
            np.full_like(program_cap, _SINK),
            program_cap,
        ),
        # Staying unassigned costs nothing, so the flow can always carry the full supply.
        (np.array([_SOURCE]), np.array([_SINK]), np.array([supply])),
    ]
    tails, heads, caps = (np.concatenate([block[i] for block in blocks]) for i in range(3))
    caps = np.minimum(caps, supply)
    return tails, heads, caps, np.zeros_like(caps)


def allocate(problem: AllocationProblem) -> Allocation:
    """The allocation with the largest sum of score * priority that respects every quota.

    Solved exactly as a min-cost flow (up to rounding the weighted scores to 1/10,000). Pairs with
    a zero score are never assigned: they would add nothing to the objective.
    """
    edges = np.flatnonzero(problem.score > 0).astype(np.int64)
    people = np.unique(problem.person[edges])
    supply = int(people.size)
    if supply == 0:
        return _allocation(problem, edges)
    layout = _Layout(len(problem.priority), len(problem.vacancy_places), len(problem.group_places))
    # Edge arcs go first so that arc k is candidate edges[k] when reading the flows back.
    parts = zip(
        _edge_arcs(problem, layout, edges),
        _quota_arcs(problem, layout, people, supply),
        strict=True,
    )
    tails, heads, caps, costs = (np.concatenate(pair) for pair in parts)
    # Imported here: this module is reached from the admin at start-up.
    from ortools.graph.python import min_cost_flow

    solver = min_cost_flow.SimpleMinCostFlow()
    solver.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32), heads.astype(np.int32), caps, costs
    )
    solver.set_nodes_supplies(
        np.array([_SOURCE, _SINK], dtype=np.int32), np.array([supply, -supply], dtype=np.int64)
    )
    status = solver.solve()
    if status != solver.OPTIMAL:
        raise RuntimeError(f"min-cost flow did not reach an optimum: {status.name}")
    flows = np.asarray(solver.flows(np.arange(edges.size, dtype=np.int32)))
    return _allocation(problem, edges[flows > 0])


def allocate_greedy(problem: AllocationProblem) -> Allocation:
    """The hand method: best score first, ignoring priority, while every quota has room.

    Ties go to the lower person index, then the lower vacancy index, so the result is stable.
    """
    edges = np.flatnonzero(problem.score > 0)
    # lexsort sorts by the last key first: score descending, then person, then vacancy.
    order = np.lexsort((problem.vacancy[edges], problem.person[edges], -problem.score[edges]))
    return _allocation(problem, _take_in_order(problem, edges[order].astype(np.int64)))


def _take_in_order(problem: AllocationProblem, edges: IntArray) -> IntArray:
    """Walk the edges in order and keep each one whose person is free and whose quotas have room."""
    vacancy_left = problem.vacancy_places.tolist()
    group_left = problem.group_places.tolist()
    unlimited = problem.program_places < 0
    program_left = np.where(unlimited, edges.size + 1, problem.program_places).tolist()
    vacancy_group = problem.vacancy_group.tolist()
    group_program = problem.group_program.tolist()
    placed = [False] * len(problem.priority)
    chosen: list[int] = []
    pairs = zip(
        edges.tolist(), problem.person[edges].tolist(), problem.vacancy[edges].tolist(), strict=True
    )
    for edge, person, vacancy in pairs:
        group = vacancy_group[vacancy]
        program = group_program[group] if group >= 0 else -1
        if placed[person] or vacancy_left[vacancy] <= 0:
            continue
        if group >= 0 and (group_left[group] <= 0 or program_left[program] <= 0):
            continue
        placed[person] = True
        vacancy_left[vacancy] -= 1
        if group >= 0:
            group_left[group] -= 1
            program_left[program] -= 1
        chosen.append(edge)
    return np.array(chosen, dtype=np.int64)


@dataclass(frozen=True)
class GroupCount:
    """How many members of one priority group each allocation placed."""

    name: str
    placed_optimal: int
    placed_greedy: int
    members: int


def compare(
    problem: AllocationProblem,
    optimal: Allocation,
    greedy: Allocation,
    groups: Mapping[str, BoolArray],
) -> list[GroupCount]:
    """For each named priority group (a flag per person), count members placed by each method."""
    persons = len(problem.priority)
    counts = []
    for name, flags in groups.items():
        members = _vector(name, flags, np.bool_)
        if members.size != persons:
            raise ValueError(
                f"{name} must have one flag per person ({persons}), got {members.size}"
            )
        counts.append(
            GroupCount(
                name=name,
                placed_optimal=int(members[optimal.person].sum()),
                placed_greedy=int(members[greedy.person].sum()),
                members=int(members.sum()),
            )
        )
    return counts
