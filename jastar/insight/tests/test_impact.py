"""Program impact: matching recovers a planted effect where the naive comparison does not."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from jastar.insight.impact import (
    CAVEATS,
    FEW_TREATED,
    MANY_DROPPED,
    POOR_BALANCE,
    UNOBSERVED_CONFOUNDING,
    Estimate,
    Unit,
    att_variance,
    balance,
    caveats,
    control_weights,
    estimate,
    logit,
    match,
    naive_ci,
    propensity,
)
from jastar.insight.planted import COVARIATES, planted_population

SEED = 20240601


def contains(interval: tuple[float, float], value: float) -> bool:
    return interval[0] <= value <= interval[1]


def unit(person_id: int, treated: bool, *covariates: float, y6=True, y12=True) -> Unit:
    return Unit(person_id, treated, tuple(covariates), outcome_6=y6, outcome_12=y12)


def scores_to_ps(*logits: float) -> np.ndarray:
    """Propensity scores whose logits are exactly the given numbers (up to rounding)."""
    return 1 / (1 + np.exp(-np.array(logits, dtype=np.float64)))


@pytest.fixture(scope="module")
def selected() -> tuple[list[Unit], float, Estimate]:
    """Offices enrol the people who would find work anyway (selection 1)."""
    units, truth = planted_population(seed=SEED, selection=1.0)
    return units, truth, estimate(units, 12)


@pytest.fixture(scope="module")
def randomised() -> tuple[list[Unit], float, Estimate]:
    units, truth = planted_population(seed=SEED, selection=0.0)
    return units, truth, estimate(units, 12)


@pytest.fixture(scope="module")
def no_effect() -> tuple[list[Unit], float, Estimate]:
    units, truth = planted_population(seed=SEED, effect=0.0)
    return units, truth, estimate(units, 12)


class PlantedSelectionTests:
    def test_interval_at_12_months_contains_the_true_effect(self, selected):
        _, truth, result = selected
        assert contains(result.ci, truth)
        assert abs(result.att - truth) < 0.02

    def test_naive_difference_overstates_the_effect_and_misses_the_truth(self, selected):
        _, truth, result = selected
        assert result.naive - truth > 0.05
        assert not contains(result.naive_ci, truth)

    def test_matching_balances_every_covariate(self, selected):
        _, _, result = selected
        assert len(result.smd_after) == len(COVARIATES)
        assert max(abs(smd) for smd in result.smd_before) > 0.3
        assert max(abs(smd) for smd in result.smd_after) < 0.1

    def test_effect_is_participant_rate_minus_matched_control_rate(self, selected):
        _, _, result = selected
        assert result.att == pytest.approx(
            result.participant_rate - result.matched_control_rate, abs=1e-12
        )

    def test_reports_the_people_behind_the_estimate(self, selected):
        units, _, result = selected
        assert result.n_treated == sum(u.treated for u in units)
        assert result.n_treated + result.n_controls == len(units)
        assert result.n_matched == result.n_treated - result.n_dropped
        assert 0 < result.n_controls_used <= result.n_controls
        assert result.horizon == 12

    def test_interval_is_symmetric_around_the_estimate(self, selected):
        _, _, result = selected
        assert result.ci[0] < result.att < result.ci[1]
        assert result.ci[1] - result.att == pytest.approx(1.959964 * result.se, rel=1e-6)

    def test_only_the_standing_caveat_on_a_large_well_matched_population(self, selected):
        _, _, result = selected
        assert result.caveats == (UNOBSERVED_CONFOUNDING,)

    def test_6_month_horizon_is_estimated_separately(self, selected):
        units, _, result = selected
        at_6 = estimate(units, 6)
        assert at_6.horizon == 6
        assert at_6.participant_rate < result.participant_rate
        assert at_6.naive - at_6.att > 0.05


class RandomAssignmentTests:
    def test_naive_and_matched_intervals_both_contain_the_truth(self, randomised):
        _, truth, result = randomised
        assert contains(result.ci, truth)
        assert contains(result.naive_ci, truth)

    def test_covariates_are_balanced_before_matching(self, randomised):
        _, _, result = randomised
        assert max(abs(smd) for smd in result.smd_before) < 0.1


class NoEffectTests:
    def test_interval_contains_zero(self, no_effect):
        _, truth, result = no_effect
        assert truth == 0.0
        assert contains(result.ci, 0.0)

    def test_naive_comparison_still_finds_an_effect(self, no_effect):
        _, _, result = no_effect
        assert result.naive_ci[0] > 0.05


class PlantedPopulationTests:
    def test_true_effect_is_slightly_below_the_planted_one_because_of_clipping(self):
        _, truth = planted_population(seed=1, n=5000, effect=0.10)
        assert 0.09 < truth < 0.10

    def test_large_effect_is_clipped_well_below_its_nominal_size(self):
        _, truth = planted_population(seed=1, n=5000, effect=0.5)
        assert truth < 0.4

    def test_no_effect_means_a_true_effect_of_zero(self):
        _, truth = planted_population(seed=1, n=5000, effect=0.0)
        assert truth == 0.0

    def test_is_deterministic_for_a_seed(self):
        assert planted_population(seed=3, n=500) == planted_population(seed=3, n=500)
        assert planted_population(seed=3, n=500) != planted_population(seed=4, n=500)

    def test_every_person_has_both_outcomes_and_the_documented_covariates(self):
        units, _ = planted_population(seed=2, n=300)
        assert [u.person_id for u in units] == list(range(1, 301))
        assert all(len(u.covariates) == len(COVARIATES) for u in units)
        assert all(u.outcome_6 is not None and u.outcome_12 is not None for u in units)

    def test_employed_at_6_months_implies_employed_at_12(self):
        units, _ = planted_population(seed=2, n=2000)
        assert all(u.outcome_12 for u in units if u.outcome_6)

    def test_selection_enrols_people_more_likely_to_find_work(self):
        units, _ = planted_population(seed=2, n=5000, effect=0.0)
        treated = [bool(u.outcome_12) for u in units if u.treated]
        others = [bool(u.outcome_12) for u in units if not u.treated]
        assert np.mean(treated) - np.mean(others) > 0.1


class ReproducibilityTests:
    def test_same_population_gives_the_same_estimate(self, selected):
        units, _, result = selected
        assert estimate(units, 12) == result

    def test_other_draws_give_slightly_different_intervals(self, selected):
        _, _, result = selected
        units, truth = planted_population(seed=SEED + 1, n=20000)
        other = estimate(units, 12)
        assert other.ci != result.ci
        assert abs(other.ci[0] - result.ci[0]) < 0.03
        assert contains(other.ci, truth)


class MatchTests:
    def test_pairs_each_treated_unit_with_its_nearest_control(self):
        ps = scores_to_ps(0.0, 1.0, 0.1, 0.9, 2.0)
        treated = np.array([True, True, False, False, False])
        result = match(ps, treated, caliper_sd=10)
        assert result.treated.tolist() == [0, 1]
        assert [result.controls_of(i).tolist() for i in range(2)] == [[2], [3]]
        assert result.n_dropped == 0

    def test_drops_and_counts_treated_units_without_a_control_in_the_caliper(self):
        ps = scores_to_ps(0.0, 5.0, 0.05, 0.1, -0.1, 0.02)
        treated = np.array([True, True, False, False, False, False])
        result = match(ps, treated)
        assert result.dropped.tolist() == [1]
        assert result.n_dropped == 1
        assert result.treated.tolist() == [0]

    def test_caliper_is_a_fraction_of_the_pooled_sd_of_the_logit(self):
        logits = np.array([0.0, 2.0, 1.0, 3.0, 5.0])
        treated = np.array([True, True, False, False, False])
        result = match(scores_to_ps(*logits), treated, caliper_sd=0.2)
        pooled = math.sqrt((np.var([0.0, 2.0]) + np.var([1.0, 3.0, 5.0])) / 2)
        assert result.caliper == pytest.approx(0.2 * pooled)

    def test_reuses_a_control_for_several_treated_units(self):
        ps = scores_to_ps(0.0, 0.01, 0.02, 3.0)
        treated = np.array([True, True, False, False])
        result = match(ps, treated, caliper_sd=10)
        assert [result.controls_of(i).tolist() for i in range(2)] == [[2], [2]]
        assert control_weights(result, 4).tolist() == [0.0, 0.0, 2.0, 0.0]

    def test_averages_over_all_controls_tied_with_the_nearest(self):
        ps = scores_to_ps(0.0, 0.5, 0.5, 0.5, 0.7)
        treated = np.array([True, False, False, False, False])
        result = match(ps, treated, caliper_sd=10)
        assert sorted(result.controls_of(0).tolist()) == [1, 2, 3]
        weights = control_weights(result, 5)
        assert weights[1:4] == pytest.approx([1 / 3] * 3)
        assert weights.sum() == pytest.approx(1.0)

    def test_ratio_takes_that_many_nearest_controls(self):
        ps = scores_to_ps(0.0, 0.1, -0.2, 0.3, 4.0)
        treated = np.array([True, False, False, False, False])
        result = match(ps, treated, caliper_sd=10, ratio=2)
        assert sorted(result.controls_of(0).tolist()) == [1, 2]

    def test_ratio_keeps_only_the_controls_inside_the_caliper(self):
        ps = scores_to_ps(0.0, 2.0, 0.01, 2.02, 9.0, -9.0)
        treated = np.array([True, True, False, False, False, False])
        result = match(ps, treated, ratio=2)
        assert [result.controls_of(i).tolist() for i in range(2)] == [[2], [3]]

    def test_refuses_a_group_that_is_missing(self):
        with pytest.raises(ValueError, match="both treated and control"):
            match(scores_to_ps(0.0, 1.0), np.array([True, True]))

    def test_refuses_a_caliper_that_is_not_positive(self):
        with pytest.raises(ValueError, match="caliper_sd"):
            match(scores_to_ps(0.0, 1.0), np.array([True, False]), caliper_sd=0)


class PropensityTests:
    def test_participants_get_higher_scores_where_they_are_more_common(self):
        units = [unit(i, i % 4 != 0, 1.0) for i in range(40)]
        units += [unit(100 + i, i % 4 == 0, 0.0) for i in range(40)]
        ps = propensity(units)
        assert ps[:40].mean() > 0.6 > 0.4 > ps[40:].mean()

    def test_is_deterministic(self):
        units, _ = planted_population(seed=5, n=1000)
        assert propensity(units).tolist() == propensity(units).tolist()

    def test_scores_stay_finite_under_perfect_separation(self):
        units = [unit(i, i < 10, float(i < 10)) for i in range(20)]
        assert np.isfinite(logit(propensity(units))).all()

    def test_refuses_covariate_tuples_of_different_lengths(self):
        with pytest.raises(ValueError, match="different lengths"):
            propensity([unit(1, True, 1.0), unit(2, False, 1.0, 2.0)])


class EstimateValidationTests:
    def test_refuses_a_population_where_nobody_took_part(self):
        units = [unit(i, False, float(i)) for i in range(10)]
        with pytest.raises(ValueError, match="no participant"):
            estimate(units, 12)

    def test_refuses_a_population_without_non_participants(self):
        units = [unit(i, True, float(i)) for i in range(10)]
        with pytest.raises(ValueError, match="no non-participant"):
            estimate(units, 12)

    def test_refuses_when_no_participant_outcome_is_observed_yet(self):
        units = [
            unit(i, i % 4 == 0, float(i % 3), y6=None if i % 4 == 0 else True) for i in range(20)
        ]
        with pytest.raises(ValueError, match="no participant has an observed outcome at 6"):
            estimate(units, 6)
        assert estimate(units, 12).n_treated == 5

    def test_refuses_an_unknown_horizon(self):
        units, _ = planted_population(seed=1, n=300)
        with pytest.raises(ValueError, match="horizon"):
            estimate(units, 9)

    def test_leaves_people_without_an_outcome_out_of_that_horizon_only(self):
        units, _ = planted_population(seed=6, n=3000)
        pending = [
            dataclasses.replace(u, outcome_12=None) if u.person_id % 3 == 0 else u for u in units
        ]
        at_6, at_12 = estimate(pending, 6), estimate(pending, 12)
        assert at_6.n_treated + at_6.n_controls == 3000
        assert at_12.n_treated + at_12.n_controls == 2000
        assert at_12 == estimate([u for u in pending if u.outcome_12 is not None], 12)


class CaveatTests:
    def test_a_small_population_is_flagged_as_few_treated(self):
        units, _ = planted_population(seed=7, n=150)
        result = estimate(units, 12)
        assert result.n_matched < 50
        assert FEW_TREATED in result.caveats
        assert result.caveats[-1] == UNOBSERVED_CONFOUNDING

    def test_codes_follow_the_documented_order(self):
        ps = scores_to_ps(0.0, 9.0, 0.0, 0.1)
        matching = match(ps, np.array([True, True, False, False]))
        assert caveats(matching, 2, [0.5, 0.0]) == CAVEATS
        assert caveats(matching, 2, [0.1, -0.1]) == (
            FEW_TREATED,
            MANY_DROPPED,
            UNOBSERVED_CONFOUNDING,
        )

    def test_many_dropped_only_above_a_tenth_of_participants(self):
        logits = [0.0] * 10 + [9.0] + [0.0] * 5
        treated = np.array([True] * 11 + [False] * 5)
        matching = match(scores_to_ps(*logits), treated)
        assert matching.n_dropped == 1
        assert MANY_DROPPED in caveats(matching, 9, [0.0])
        assert MANY_DROPPED not in caveats(matching, 10, [0.0])

    def test_poor_balance_when_a_covariate_still_differs_after_matching(self):
        ps = scores_to_ps(0.0, 0.0)
        matching = match(ps, np.array([True, False]))
        assert POOR_BALANCE in caveats(matching, 1, [0.0, -0.11])
        assert POOR_BALANCE not in caveats(matching, 1, [0.0, -0.1])


class BalanceTests:
    def test_standardized_mean_difference_uses_the_pooled_sd(self):
        x = np.array([[1.0], [3.0], [0.0], [2.0]])
        treated = np.array([True, True, False, False])
        # means 2 and 1; both variances 1
        assert balance(x, treated) == (1.0,)

    def test_after_matching_controls_count_as_often_as_they_are_used(self):
        x = np.array([[1.0], [3.0], [0.0], [2.0]])
        treated = np.array([True, True, False, False])
        weights = np.array([0.0, 0.0, 0.0, 2.0])
        assert balance(x, treated, matched=np.array([0, 1]), weights=weights) == (0.0,)

    def test_constant_covariate_has_no_imbalance(self):
        x = np.array([[1.0, 0.0], [3.0, 0.0], [0.0, 0.0], [2.0, 0.0]])
        treated = np.array([True, True, False, False])
        assert balance(x, treated)[1] == 0.0

    def test_covariate_that_separates_the_groups_is_infinitely_imbalanced(self):
        x = np.array([[1.0], [1.0], [0.0], [0.0]])
        treated = np.array([True, True, False, False])
        assert balance(x, treated) == (math.inf,)


class VarianceTests:
    def test_without_reused_controls_it_is_the_variance_of_the_pair_differences(self):
        ps = scores_to_ps(0.0, 2.0, 0.0, 2.0)
        treated = np.array([True, True, False, False])
        y = np.array([1.0, 1.0, 0.0, 1.0])
        matching = match(ps, treated, caliper_sd=10)
        # differences 1 and 0: spread 0.5 over 2 squared
        assert att_variance(matching, y, logit(ps), treated) == pytest.approx(0.125)

    def test_reused_controls_widen_the_interval(self):
        units, _ = planted_population(seed=8, n=4000, selection=2.0)
        result = estimate(units, 12)
        pairs_only = _pair_difference_se(units)
        assert result.se > 1.2 * pairs_only


def _pair_difference_se(units: list[Unit]) -> float:
    """SE as if every matched pair were independent: what a pairs bootstrap estimates."""
    treated = np.array([u.treated for u in units])
    y = np.array([float(bool(u.outcome_12)) for u in units])
    matching = match(propensity(units), treated)
    control_mean = np.array(
        [y[matching.controls_of(i)].mean() for i in range(matching.treated.size)]
    )
    differences = y[matching.treated] - control_mean
    return float(differences.std() / math.sqrt(differences.size))


class NaiveIntervalTests:
    def test_is_the_normal_interval_for_a_difference_of_proportions(self):
        low, high = naive_ci(np.array([1.0, 1.0, 0.0, 1.0]), np.array([0.0, 1.0, 0.0, 0.0]))
        se = math.sqrt(0.75 * 0.25 / 4 + 0.25 * 0.75 / 4)
        assert (low + high) / 2 == pytest.approx(0.5)
        assert high - low == pytest.approx(2 * 1.959964 * se, rel=1e-6)
