"""The allocation core: optimal min-cost flow against the greedy baseline, quotas and validation."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from typing import Any

import numpy as np
import pytest

from jastar.matching.allocation import (
    Allocation,
    AllocationProblem,
    GroupCount,
    PriorityWeights,
    allocate,
    allocate_greedy,
    compare,
    priority_weights,
)


def problem(
    edges: list[tuple[int, int, float]],
    *,
    persons: int,
    places: list[int],
    groups: list[int] | None = None,
    group_places: tuple[int, ...] = (),
    group_program: tuple[int, ...] = (),
    program_places: tuple[int, ...] = (),
    priority: list[float] | None = None,
) -> AllocationProblem:
    """A hand-written problem: edges as (person, vacancy, score); no quota groups by default."""
    return AllocationProblem(
        person=np.array([e[0] for e in edges], dtype=np.int64),
        vacancy=np.array([e[1] for e in edges], dtype=np.int64),
        score=np.array([e[2] for e in edges], dtype=np.float64),
        priority=np.array(priority or [1.0] * persons),
        vacancy_places=np.array(places, dtype=np.int64),
        vacancy_group=np.array(groups or [-1] * len(places), dtype=np.int64),
        group_places=np.array(group_places, dtype=np.int64),
        group_program=np.array(group_program, dtype=np.int64),
        program_places=np.array(program_places, dtype=np.int64),
    )


def random_problem(
    rng: np.random.Generator, persons: int, vacancies: int, edges: int
) -> AllocationProblem:
    """Random problem with two programs in three districts; scores in steps of 0.01.

    Scores in hundredths times priorities in quarters are exact at the solver's 1/10,000 scale,
    so the optimum found by the flow equals the brute-force optimum exactly.
    """
    pairs = rng.choice(persons * vacancies, size=min(edges, persons * vacancies), replace=False)
    return AllocationProblem(
        person=pairs // vacancies,
        vacancy=pairs % vacancies,
        score=rng.integers(0, 101, size=pairs.size) / 100,
        priority=1 + rng.integers(0, 5, size=persons) / 4,
        vacancy_places=rng.integers(0, 3, size=vacancies),
        vacancy_group=rng.integers(-1, 6, size=vacancies),
        group_places=rng.integers(0, 4, size=6),
        group_program=np.arange(6) % 2,
        program_places=np.array([rng.integers(0, 5), -1]),
    )


def assert_feasible(prob: AllocationProblem, result: Allocation) -> None:
    """Every assigned pair is a candidate with a positive score and no quota is exceeded."""
    assert len(set(result.person.tolist())) == result.person.size
    candidates = {(p, v): s for p, v, s in zip(prob.person, prob.vacancy, prob.score, strict=True)}
    for p, v, s in zip(result.person, result.vacancy, result.score, strict=True):
        assert candidates[(int(p), int(v))] == s > 0
    per_vacancy = Counter(result.vacancy.tolist())
    assert all(n <= prob.vacancy_places[v] for v, n in per_vacancy.items())
    group = prob.vacancy_group[result.vacancy]
    group = group[group >= 0]
    per_group = Counter(group.tolist())
    assert all(n <= prob.group_places[g] for g, n in per_group.items())
    per_program = Counter(prob.group_program[group].tolist())
    limits = prob.program_places
    assert all(limits[r] < 0 or n <= limits[r] for r, n in per_program.items())
    expected = float(np.sum(result.score * prob.priority[result.person]))
    assert result.objective == pytest.approx(expected)


def brute_force_objective(prob: AllocationProblem) -> float:
    """Best objective over every way of giving each person one of their edges or none."""
    options: dict[int, list[int | None]] = {p: [None] for p in range(len(prob.priority))}
    for edge, person in enumerate(prob.person.tolist()):
        options[person].append(edge)
    best = 0.0
    for choice in itertools.product(*options.values()):
        edges = np.array([e for e in choice if e is not None], dtype=np.int64)
        if not _fits(prob, edges):
            continue
        gain = prob.score[edges] * prob.priority[prob.person[edges]]
        best = max(best, float(gain.sum()))
    return best


def _fits(prob: AllocationProblem, edges: np.ndarray) -> bool:
    vacancy = prob.vacancy[edges]
    if np.any(np.bincount(vacancy, minlength=len(prob.vacancy_places)) > prob.vacancy_places):
        return False
    group = prob.vacancy_group[vacancy]
    group = group[group >= 0]
    if np.any(np.bincount(group, minlength=len(prob.group_places)) > prob.group_places):
        return False
    per_program = np.bincount(prob.group_program[group], minlength=len(prob.program_places))
    limited = prob.program_places >= 0
    return not np.any(per_program[limited] > prob.program_places[limited])


class AllocateTests:
    def test_fills_a_vacancy_only_up_to_its_places_with_the_best_scores(self):
        prob = problem([(0, 0, 0.5), (1, 0, 0.9), (2, 0, 0.7)], persons=3, places=[2])
        result = allocate(prob)
        assert result.of_person() == {1: 0, 2: 0}
        assert result.objective == pytest.approx(1.6)

    def test_a_quota_group_caps_its_vacancies_together(self):
        prob = problem(
            [(0, 0, 0.5), (1, 1, 0.8), (2, 1, 0.6)],
            persons=3,
            places=[1, 2],
            groups=[0, 0],
            group_places=(2,),
            group_program=(0,),
            program_places=(-1,),
        )
        assert allocate(prob).of_person() == {1: 1, 2: 1}

    def test_a_program_caps_all_its_groups_together(self):
        prob = problem(
            [(0, 0, 0.5), (1, 1, 0.8), (2, 2, 0.6)],
            persons=3,
            places=[1, 1, 1],
            groups=[0, 1, 2],
            group_places=(1, 1, 1),
            group_program=(0, 0, 1),
            program_places=(1, 5),
        )
        assert allocate(prob).of_person() == {1: 1, 2: 2}

    def test_a_negative_program_limit_means_unlimited(self):
        prob = problem(
            [(0, 0, 0.5), (1, 1, 0.8), (2, 1, 0.6)],
            persons=3,
            places=[1, 2],
            groups=[0, 1],
            group_places=(1, 2),
            group_program=(0, 0),
            program_places=(-1,),
        )
        assert allocate(prob).of_person() == {0: 0, 1: 1, 2: 1}

    def test_a_vacancy_without_a_group_ignores_group_and_program_limits(self):
        prob = problem(
            [(0, 0, 0.5), (1, 1, 0.8)],
            persons=2,
            places=[1, 1],
            groups=[0, -1],
            group_places=(0,),
            group_program=(0,),
            program_places=(0,),
        )
        assert allocate(prob).of_person() == {1: 1}

    def test_gives_each_person_at_most_one_vacancy(self):
        prob = problem([(0, 0, 0.9), (0, 1, 0.8), (0, 2, 0.7)], persons=1, places=[1, 1, 1])
        result = allocate(prob)
        assert result.of_person() == {0: 0}
        assert result.score.tolist() == [0.9]

    def test_finds_the_global_optimum_where_greedy_does_not(self):
        prob = problem([(0, 0, 0.9), (0, 1, 0.8), (1, 0, 0.7)], persons=2, places=[1, 1])
        assert allocate(prob).of_person() == {0: 1, 1: 0}
        assert allocate(prob).objective == pytest.approx(1.5)
        assert allocate_greedy(prob).objective == pytest.approx(0.9)

    def test_priority_makes_a_neet_person_win_a_tie(self):
        prob = problem([(0, 0, 0.6), (1, 0, 0.6)], persons=2, places=[1], priority=[1.0, 1.5])
        assert allocate(prob).of_person() == {1: 0}

    def test_never_assigns_a_zero_score_or_a_zero_place_vacancy(self):
        prob = problem([(0, 0, 0.0), (1, 1, 0.9)], persons=2, places=[1, 0])
        assert allocate(prob).of_person() == {}

    def test_an_empty_problem_gives_an_empty_allocation(self):
        empty = problem([], persons=0, places=[])
        for result in (allocate(empty), allocate_greedy(empty)):
            assert result.person.size == result.vacancy.size == result.score.size == 0
            assert result.objective == 0.0
            assert result.of_person() == {}

    def test_is_deterministic(self):
        prob = random_problem(np.random.default_rng(7), persons=40, vacancies=15, edges=200)
        first, second = allocate(prob), allocate(prob)
        assert first.of_person() == second.of_person()

    @pytest.mark.parametrize("seed", range(20))
    def test_beats_or_equals_greedy_on_random_problems(self, seed):
        prob = random_problem(np.random.default_rng(seed), persons=60, vacancies=20, edges=300)
        optimal, greedy = allocate(prob), allocate_greedy(prob)
        assert_feasible(prob, optimal)
        assert_feasible(prob, greedy)
        assert optimal.objective >= greedy.objective - 1e-9

    @pytest.mark.parametrize("seed", range(30))
    def test_matches_brute_force_on_tiny_problems(self, seed):
        prob = random_problem(np.random.default_rng(1000 + seed), persons=5, vacancies=3, edges=11)
        result = allocate(prob)
        assert_feasible(prob, result)
        assert result.objective == pytest.approx(brute_force_objective(prob), abs=1e-9)

    def test_handles_two_hundred_thousand_edges(self):
        prob = big_problem(np.random.default_rng(2026))
        result = allocate(prob)
        assert_feasible(prob, result)
        assert result.person.size > 0


def big_problem(rng: np.random.Generator) -> AllocationProblem:
    """Region-sized: 50,000 people, 10,000 vacancies, 5 programs in 17 districts, 200,000 pairs."""
    persons, vacancies, groups = 50_000, 10_000, 85
    pairs = rng.choice(persons * vacancies, size=200_000, replace=False)
    return AllocationProblem(
        person=pairs // vacancies,
        vacancy=pairs % vacancies,
        score=rng.random(pairs.size),
        priority=1 + rng.integers(0, 5, size=persons) / 4,
        vacancy_places=rng.integers(0, 4, size=vacancies),
        vacancy_group=rng.integers(-1, groups, size=vacancies),
        group_places=rng.integers(0, 200, size=groups),
        group_program=np.arange(groups) % 5,
        program_places=np.array([1_000, 2_000, -1, 500, 3_000]),
    )


class AllocateGreedyTests:
    def test_takes_the_best_scores_first(self):
        prob = problem([(0, 0, 0.5), (1, 0, 0.9), (2, 0, 0.7)], persons=3, places=[2])
        assert allocate_greedy(prob).of_person() == {1: 0, 2: 0}

    def test_ignores_priority_and_breaks_ties_by_lower_person(self):
        prob = problem([(1, 0, 0.6), (0, 0, 0.6)], persons=2, places=[1], priority=[1.0, 1.5])
        result = allocate_greedy(prob)
        assert result.of_person() == {0: 0}
        assert result.objective == pytest.approx(0.6)

    def test_breaks_ties_of_one_person_by_lower_vacancy(self):
        prob = problem([(0, 1, 0.6), (0, 0, 0.6)], persons=1, places=[1, 1])
        assert allocate_greedy(prob).of_person() == {0: 0}

    def test_respects_group_and_program_limits(self):
        prob = problem(
            [(0, 0, 0.9), (1, 1, 0.8), (2, 2, 0.7), (3, 3, 0.6)],
            persons=4,
            places=[1, 1, 1, 1],
            groups=[0, 0, 1, -1],
            group_places=(1, 1),
            group_program=(0, 0),
            program_places=(1,),
        )
        assert allocate_greedy(prob).of_person() == {0: 0, 3: 3}

    def test_reports_the_objective_with_priority(self):
        prob = problem([(0, 0, 0.8)], persons=1, places=[1], priority=[1.5])
        assert allocate_greedy(prob).objective == pytest.approx(1.2)


class AllocationProblemTests:
    def test_coerces_lists_and_narrower_integer_types(self):
        # Callers outside typed code may pass lists or int32 arrays; they become int64 arrays.
        values: dict[str, Any] = {
            "person": [0],
            "vacancy": np.array([0], dtype=np.int32),
            "score": [0.5],
            "priority": [1.0],
            "vacancy_places": [1],
            "vacancy_group": [-1],
            "group_places": [],
            "group_program": [],
            "program_places": [],
        }
        prob = AllocationProblem(**values)
        assert prob.person.dtype == prob.vacancy.dtype == np.int64
        assert allocate(prob).of_person() == {0: 0}

    @pytest.mark.parametrize(
        ("change", "message"),
        [
            ({"score": [0.5, 0.4]}, "person, vacancy and score must have the same length"),
            ({"vacancy_group": [-1, -1]}, "vacancy_places and vacancy_group"),
            ({"group_program": [0, 0]}, "group_places and group_program"),
            ({"person": [2]}, "person must be in 0..1, got 2"),
            ({"person": [-1]}, "person must be in 0..1, got -1"),
            ({"vacancy": [1]}, "vacancy must be in 0..0, got 1"),
            ({"vacancy_group": [1]}, "vacancy_group must be in -1..0, got 1"),
            ({"group_program": [1]}, "group_program must be in 0..0, got 1"),
            ({"score": [1.5]}, "score must be in"),
            ({"score": [float("nan")]}, "score must be in"),
            ({"priority": [0.5, 1.0]}, "priority must be"),
            ({"vacancy_places": [-1]}, "vacancy_places must be >= 0"),
            ({"group_places": [-1]}, "group_places must be >= 0"),
            ({"person": [0.0]}, "person must hold integers"),
            ({"score": [[0.5]]}, "score must be one-dimensional"),
            (
                {"person": [0, 0], "vacancy": [0, 0], "score": [0.5, 0.6]},
                "each (person, vacancy) pair may appear only once",
            ),
        ],
    )
    def test_rejects_inconsistent_input_with_a_clear_message(self, change, message):
        values = {
            "person": [0],
            "vacancy": [0],
            "score": [0.5],
            "priority": [1.0, 1.0],
            "vacancy_places": [1],
            "vacancy_group": [0],
            "group_places": [1],
            "group_program": [0],
            "program_places": [-1],
        }
        with pytest.raises(ValueError, match=re.escape(message)):
            AllocationProblem(**(values | change))


class PriorityWeightsTests:
    def test_adds_the_bonus_of_every_group_a_person_belongs_to(self):
        weights = priority_weights(
            np.array([False, True, True, False]),
            np.array([False, False, True, False]),
            np.array([False, False, True, True]),
            PriorityWeights(),
        )
        assert weights.tolist() == [1.0, 1.5, 2.0, 1.25]

    def test_uses_the_given_bonuses(self):
        weights = priority_weights(
            np.array([True]), np.array([True]), np.array([False]), PriorityWeights(1.0, 0.1, 0.0)
        )
        assert weights.tolist() == pytest.approx([2.1])

    def test_rejects_flags_of_different_lengths(self):
        with pytest.raises(ValueError, match="same length"):
            priority_weights(
                np.array([True]), np.array([True, False]), np.array([True]), PriorityWeights()
            )

    def test_rejects_a_negative_bonus(self):
        with pytest.raises(ValueError, match=">= 0"):
            PriorityWeights(neet=-0.5)


class CompareTests:
    def test_counts_the_members_each_allocation_placed(self):
        prob = problem(
            [(0, 0, 0.6), (1, 0, 0.6), (2, 1, 0.9), (3, 1, 0.5)],
            persons=4,
            places=[1, 1],
            priority=[1.0, 1.5, 1.0, 1.0],
        )
        optimal, greedy = allocate(prob), allocate_greedy(prob)
        groups = {
            "neet": np.array([False, True, False, True]),
            "rural": np.array([True, False, True, False]),
        }
        assert compare(prob, optimal, greedy, groups) == [
            GroupCount(name="neet", placed_optimal=1, placed_greedy=0, members=2),
            GroupCount(name="rural", placed_optimal=1, placed_greedy=2, members=2),
        ]

    def test_rejects_flags_that_are_not_one_per_person(self):
        prob = problem([(0, 0, 0.6)], persons=2, places=[1])
        result = allocate(prob)
        with pytest.raises(ValueError, match="one flag per person"):
            compare(prob, result, result, {"neet": np.array([True])})
