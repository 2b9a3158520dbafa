"""The participation state machine: every pair of statuses, without a database."""

from __future__ import annotations

import itertools

import pytest
from django.utils import translation

from jastar.programs.lifecycle import (
    ACTIVE_STATUSES,
    FINAL_STATUSES,
    PLACE_HOLDING_STATUSES,
    TRANSITIONS,
    ParticipationStatus,
    check_transition,
)

S = ParticipationStatus
LEGAL = {
    (S.APPLIED, S.APPROVED),
    (S.APPLIED, S.REJECTED),
    (S.APPROVED, S.ENROLLED),
    (S.APPROVED, S.DROPPED_OUT),
    (S.ENROLLED, S.PLACED),
    (S.ENROLLED, S.COMPLETED),
    (S.ENROLLED, S.DROPPED_OUT),
    (S.PLACED, S.COMPLETED),
    (S.PLACED, S.DROPPED_OUT),
}
ALL_PAIRS = list(itertools.product(S.values, S.values))
ILLEGAL = [pair for pair in ALL_PAIRS if pair not in LEGAL]


class TransitionTableTests:
    def test_every_status_has_an_entry(self):
        assert set(TRANSITIONS) == set(S.values)

    def test_table_is_exactly_the_documented_lifecycle(self):
        table = {(a, b) for a, targets in TRANSITIONS.items() for b in targets}
        assert table == LEGAL

    def test_final_statuses_lead_nowhere(self):
        assert set(FINAL_STATUSES) == {S.REJECTED, S.COMPLETED, S.DROPPED_OUT}

    def test_nothing_returns_to_applied(self):
        assert all(S.APPLIED not in targets for targets in TRANSITIONS.values())

    def test_active_and_place_holding_statuses(self):
        assert set(ACTIVE_STATUSES) == {S.APPLIED, S.APPROVED, S.ENROLLED, S.PLACED}
        assert set(PLACE_HOLDING_STATUSES) == {S.ENROLLED, S.PLACED, S.COMPLETED}

    def test_every_status_is_reachable_from_applied(self):
        reached, frontier = {S.APPLIED.value}, [S.APPLIED.value]
        while frontier:
            for target in TRANSITIONS[frontier.pop()]:
                if target not in reached:
                    reached.add(target)
                    frontier.append(target)
        assert reached == set(S.values)


class CheckTransitionTests:
    @pytest.mark.parametrize(("current", "target"), sorted(LEGAL))
    def test_allows_legal_move(self, current, target):
        assert check_transition(current, target) is None

    @pytest.mark.parametrize(("current", "target"), ILLEGAL)
    def test_refuses_illegal_move_with_a_message(self, current, target):
        problem = check_transition(current, target)
        assert problem is not None
        with translation.override("en"):
            text = str(problem)
            assert str(S(current).label) in text
            assert str(S(target).label) in text

    def test_pairs_cover_every_combination(self):
        assert len(LEGAL) + len(ILLEGAL) == len(S.values) ** 2 == 49

    def test_explains_where_a_status_can_go(self):
        with translation.override("en"):
            text = str(check_transition(S.APPLIED, S.ENROLLED))
        assert text == (
            "A participation cannot go from “Applied” to “Enrolled”; "
            "from “Applied” it can only become: Approved, Rejected."
        )

    def test_says_a_final_status_is_final(self):
        with translation.override("en"):
            text = str(check_transition(S.COMPLETED, S.DROPPED_OUT))
        assert text == (
            "The participation is “Completed”, which is final; it cannot become “Dropped out”."
        )

    def test_says_when_already_in_the_status(self):
        with translation.override("en"):
            assert str(check_transition(S.ENROLLED, S.ENROLLED)) == (
                "The participation is already “Enrolled”."
            )

    @pytest.mark.parametrize(("current", "target"), [("paused", S.APPLIED), (S.APPLIED, "paused")])
    def test_refuses_unknown_status(self, current, target):
        with translation.override("en"):
            assert str(check_transition(current, target)) == (
                "Unknown participation status “paused”."
            )

    def test_message_renders_in_the_readers_language(self):
        problem = check_transition(S.APPLIED, S.ENROLLED)
        with translation.override("ru"):
            russian = str(problem)
        with translation.override("en"):
            english = str(problem)
        assert russian and english
