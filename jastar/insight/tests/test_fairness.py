"""The fairness audit: selection for priority outreach and error rates per group."""

from __future__ import annotations

import numpy as np
import pytest

from jastar.insight.fairness import (
    SMALL_GROUP,
    GroupCalibration,
    GroupRow,
    audit,
    calibration_by_group,
    groups_of,
    selected_for_outreach,
)
from jastar.insight.risk import Snapshot

# Ten people, highest risk first; women and men alternate, each group has two who stayed NEET.
PROBABILITIES = np.array([0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05])
LABELS = np.array([1, 0, 1, 1, 0, 1, 0, 0, 0, 0])
SEX = ["F", "M"] * 5


def _row(rows: list[GroupRow], value: str) -> GroupRow:
    return next(row for row in rows if row.value == value)


class SelectedForOutreachTests:
    def test_selects_the_top_share(self) -> None:
        chosen = selected_for_outreach(PROBABILITIES, 0.3)
        assert chosen.tolist() == [True] * 3 + [False] * 7

    def test_rounds_half_up_and_selects_at_least_one(self) -> None:
        assert selected_for_outreach(PROBABILITIES, 0.25).sum() == 3  # 2.5 people
        assert selected_for_outreach(PROBABILITIES, 0.01).sum() == 1

    def test_treats_tied_scores_alike(self) -> None:
        chosen = selected_for_outreach(np.array([0.5, 0.1, 0.5, 0.5]), 0.25)
        assert chosen.tolist() == [True, False, True, True]

    def test_refuses_a_share_outside_zero_to_one(self) -> None:
        for share in (0, -0.1, 1.5):
            with pytest.raises(ValueError, match="share"):
                selected_for_outreach(PROBABILITIES, share)

    def test_selects_nobody_from_nobody(self) -> None:
        assert selected_for_outreach(np.array([]), 0.2).size == 0


class AuditTests:
    def test_computes_each_groups_rates(self) -> None:
        rows = audit(PROBABILITIES, LABELS, {"sex": SEX}, share=0.3)
        # Selected: people 0 (F, stayed), 1 (M, did not), 2 (F, stayed).
        assert rows == [
            GroupRow(
                attribute="sex",
                value="F",
                n=5,
                small=True,
                base_rate=0.4,
                selection_rate=0.4,
                true_positive_rate=1.0,
                false_positive_rate=0.0,
                false_negative_rate=0.0,
                precision=1.0,
                mean_predicted=pytest.approx(0.5),  # type: ignore[arg-type]
                selection_ratio=1.0,
            ),
            GroupRow(
                attribute="sex",
                value="M",
                n=5,
                small=True,
                base_rate=0.4,
                selection_rate=0.2,
                true_positive_rate=0.0,
                false_positive_rate=pytest.approx(1 / 3),  # type: ignore[arg-type]
                false_negative_rate=1.0,
                precision=0.0,
                mean_predicted=pytest.approx(0.41),  # type: ignore[arg-type]
                selection_ratio=0.5,
            ),
        ]

    def test_audits_every_attribute_with_values_in_order(self) -> None:
        area = ["urban"] * 4 + ["rural"] * 6
        rows = audit(PROBABILITIES, LABELS, {"sex": SEX, "area": area}, share=0.3)
        assert [(row.attribute, row.value) for row in rows] == [
            ("sex", "F"),
            ("sex", "M"),
            ("area", "rural"),
            ("area", "urban"),
        ]
        rural, urban = rows[2], rows[3]
        assert (urban.selection_rate, rural.selection_rate) == (0.75, 0)
        assert (urban.selection_ratio, rural.selection_ratio) == (1.0, 0.0)
        assert rural.precision is None  # nobody rural selected
        assert rural.true_positive_rate == 0.0  # the one who stayed NEET was missed

    def test_leaves_undefined_rates_empty(self) -> None:
        district = ["A"] * 3 + ["B"] * 7
        labels = np.array([1, 1, 1, 0, 0, 0, 0, 0, 0, 0])
        a, b = audit(PROBABILITIES, labels, {"district": district}, share=0.3)
        assert a.false_positive_rate is None  # nobody in A did not stay NEET
        assert b.true_positive_rate is None and b.false_negative_rate is None
        assert b.precision is None

    def test_gives_a_ratio_of_one_to_groups_selected_alike(self) -> None:
        rows = audit(
            np.array([0.9, 0.8, 0.1, 0.2]), np.array([1, 1, 0, 0]), {"sex": SEX[:4]}, share=0.5
        )
        assert [(row.selection_rate, row.selection_ratio) for row in rows] == [(0.5, 1.0)] * 2

    def test_flags_groups_under_thirty_without_dropping_them(self) -> None:
        n = 2 * SMALL_GROUP - 1
        scores = np.linspace(0, 1, n)
        labels = np.arange(n) % 2
        district = ["big"] * SMALL_GROUP + ["tiny"] * (SMALL_GROUP - 1)
        rows = audit(scores, labels, {"district": district})
        assert [(row.value, row.n, row.small) for row in rows] == [
            ("big", 30, False),
            ("tiny", 29, True),
        ]

    def test_accepts_boolean_labels(self) -> None:
        as_bools = audit(PROBABILITIES, LABELS.astype(bool), {"sex": SEX}, share=0.3)
        assert as_bools == audit(PROBABILITIES, LABELS, {"sex": SEX}, share=0.3)

    def test_refuses_groups_of_another_length(self) -> None:
        with pytest.raises(ValueError, match="'sex' has 4 values for 10"):
            audit(PROBABILITIES, LABELS, {"sex": SEX[:4]})

    def test_refuses_labels_that_are_not_outcomes(self) -> None:
        with pytest.raises(ValueError, match="0/1"):
            audit(PROBABILITIES, LABELS * 2, {"sex": SEX})


class CalibrationByGroupTests:
    def test_compares_mean_prediction_with_observed_rate(self) -> None:
        found = calibration_by_group(PROBABILITIES, LABELS, {"sex": SEX})
        assert found == [
            GroupCalibration("sex", "F", 5, True, pytest.approx(0.5), 0.4, pytest.approx(0.1)),  # type: ignore[arg-type]
            GroupCalibration("sex", "M", 5, True, pytest.approx(0.41), 0.4, pytest.approx(0.01)),  # type: ignore[arg-type]
        ]


class GroupsOfTests:
    def test_gives_sex_area_and_district_of_each_row(self) -> None:
        rows = [
            Snapshot(1, 20, "F", 4, "", "D01", True, "inactive", 3, None, 0, 0, 0, True),
            Snapshot(2, 30, "M", 7, "04", "D02", False, "employed", 30, 0, 1, 0, 2, False),
        ]
        assert groups_of(rows) == {
            "sex": ["F", "M"],
            "area": ["rural", "urban"],
            "district": ["D01", "D02"],
        }
