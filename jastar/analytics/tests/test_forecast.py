"""The forecast core: seasonal profile, year-end forecast with its range, monthly plan."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jastar.analytics.forecast import (
    Forecast,
    Outlook,
    cumulative_share,
    forecast_year_end,
    monthly_plan,
    outlook,
    seasonal_profile,
)

FLAT = [10] * 12  # 120 a year, the same every month
FRONT = [20] * 6 + [0] * 6  # 120 a year, all in the first half
HISTORY = {2024: FLAT, 2025: FRONT}


class SeasonalProfileTests:
    def test_averages_each_years_monthly_shares(self) -> None:
        profile = seasonal_profile(HISTORY)
        # (1/12 + 1/6) / 2 in the first half, (1/12 + 0) / 2 in the second.
        assert profile[:6] == pytest.approx([0.125] * 6)
        assert profile[6:] == pytest.approx([1 / 24] * 6)
        assert sum(profile) == pytest.approx(1)

    def test_weighs_a_busy_year_like_a_quiet_one(self) -> None:
        busy = [100] * 6 + [0] * 6
        assert seasonal_profile({2024: FLAT, 2025: busy}) == seasonal_profile(HISTORY)

    def test_ignores_years_without_any_count(self) -> None:
        assert seasonal_profile({2023: [0] * 12, 2025: FRONT}) == seasonal_profile({2025: FRONT})

    def test_is_uniform_without_history(self) -> None:
        assert seasonal_profile({}) == pytest.approx([1 / 12] * 12)
        assert seasonal_profile({2024: [0] * 12}) == pytest.approx([1 / 12] * 12)

    def test_refuses_a_year_without_twelve_months(self) -> None:
        with pytest.raises(ValueError, match="12 monthly counts"):
            seasonal_profile({2024: [1] * 11})


class CumulativeShareTests:
    def test_adds_whole_months(self) -> None:
        assert cumulative_share(seasonal_profile(HISTORY), 6) == pytest.approx(0.75)

    def test_counts_part_of_a_month_linearly(self) -> None:
        profile = seasonal_profile(HISTORY)
        assert cumulative_share(profile, 6.5) == pytest.approx(0.75 + 0.5 / 24)
        assert cumulative_share(seasonal_profile({}), 1.5) == pytest.approx(1.5 / 12)

    def test_is_zero_at_the_start_and_one_at_the_end(self) -> None:
        profile = seasonal_profile(HISTORY)
        assert cumulative_share(profile, 0) == 0
        assert cumulative_share(profile, 12) == pytest.approx(1)
        assert cumulative_share(profile, 14) == pytest.approx(1)


class ForecastYearEndTests:
    def test_matches_the_hand_computed_forecast(self) -> None:
        forecast = forecast_year_end(actual=60, elapsed_months=6, history=HISTORY)
        # point 60 / 0.75 = 80; E_2024 = 60 / 0.5 = 120, E_2025 = 60 / 1 = 60; the range
        # widens by 1.96 * sqrt(80 - 60) = 8.77 each side, and stays at or above 60.
        noise = 1.96 * math.sqrt(20)
        assert forecast == Forecast(point=80, low=60, high=round(120 + noise), years_used=2)

    def test_uses_the_uniform_profile_and_poisson_noise_without_history(self) -> None:
        forecast = forecast_year_end(actual=60, elapsed_months=6, history={})
        noise = 1.96 * math.sqrt(60)
        assert forecast == Forecast(
            point=120, low=round(120 - noise), high=round(120 + noise), years_used=0
        )

    def test_is_exactly_the_actual_count_at_twelve_months(self) -> None:
        forecast = forecast_year_end(actual=97, elapsed_months=12, history=HISTORY)
        assert forecast == Forecast(point=97, low=97, high=97, years_used=2)

    def test_uses_earlier_totals_at_the_start_of_the_year(self) -> None:
        history = {2023: [5] * 12, 2024: [10] * 12, 2025: [20] * 12}
        forecast = forecast_year_end(actual=0, elapsed_months=0, history=history)
        assert forecast == Forecast(point=140, low=60, high=240, years_used=3)

    def test_is_zero_at_the_start_without_history(self) -> None:
        assert forecast_year_end(actual=0, elapsed_months=0, history={}) == Forecast(0, 0, 0, 0)

    def test_uses_earlier_totals_when_nothing_was_expected_yet(self) -> None:
        late = [0] * 6 + [20] * 6
        forecast = forecast_year_end(actual=0, elapsed_months=3, history={2025: late})
        assert forecast == Forecast(point=120, low=120, high=120, years_used=1)

    def test_skips_a_year_that_had_nothing_by_now_in_the_range(self) -> None:
        late = [0] * 6 + [20] * 6
        forecast = forecast_year_end(actual=30, elapsed_months=3, history={2024: FLAT, 2025: late})
        # profile share after 3 months: (3/12 + 0) / 2 = 1/8 -> point 240; 2024 alone: 120.
        noise = 1.96 * math.sqrt(210)
        assert forecast.point == 240
        assert forecast.low == round(120 - noise)
        assert forecast.high == round(240 + noise)

    def test_is_never_below_the_actual_count(self) -> None:
        forecast = forecast_year_end(actual=50, elapsed_months=11.99, history=HISTORY)
        assert forecast.low >= 50
        assert forecast.point >= 50

    @given(
        actual=st.integers(min_value=0, max_value=10_000),
        elapsed=st.floats(min_value=0, max_value=12),
        history=st.dictionaries(
            st.integers(min_value=2015, max_value=2025),
            st.lists(st.integers(min_value=0, max_value=500), min_size=12, max_size=12),
            max_size=4,
        ),
    )
    def test_range_is_ordered_and_holds_the_actual_count(self, actual, elapsed, history) -> None:
        forecast = forecast_year_end(actual=actual, elapsed_months=elapsed, history=history)
        assert actual <= forecast.low <= forecast.point <= forecast.high


class MonthlyPlanTests:
    def test_spreads_by_the_profile_with_largest_remainders(self) -> None:
        # 100 * 0.125 = 12.5 in each of months 1-6, 100/24 = 4.17 in months 7-12: the
        # floors give 72 + 24 = 96 and the four half units go to the first four months.
        assert monthly_plan(100, seasonal_profile(HISTORY)) == [13] * 4 + [12] * 2 + [4] * 6

    def test_spreads_evenly_over_a_uniform_profile(self) -> None:
        assert monthly_plan(24, seasonal_profile({})) == [2] * 12

    def test_treats_a_profile_of_zeros_as_uniform(self) -> None:
        assert monthly_plan(12, [0.0] * 12) == [1] * 12

    def test_refuses_a_negative_target(self) -> None:
        with pytest.raises(ValueError, match="negative"):
            monthly_plan(-1, seasonal_profile({}))

    @given(
        annual=st.integers(min_value=0, max_value=1_000_000),
        weights=st.lists(
            st.floats(min_value=0, max_value=1_000, allow_nan=False), min_size=12, max_size=12
        ),
    )
    def test_months_add_up_to_the_annual_target(self, annual, weights) -> None:
        plan = monthly_plan(annual, weights)
        assert sum(plan) == annual
        assert all(month >= 0 for month in plan)


class OutlookTests:
    FORECAST = Forecast(point=100, low=80, high=120, years_used=2)

    @pytest.mark.parametrize(
        ("target", "expected"),
        [
            (90, Outlook.ON_TRACK),
            (100, Outlook.ON_TRACK),
            (101, Outlook.AT_RISK),
            (120, Outlook.AT_RISK),
            (121, Outlook.WILL_MISS),
        ],
    )
    def test_judges_the_target_against_the_forecast(self, target, expected) -> None:
        assert outlook(target, self.FORECAST) == expected

    def test_values_are_stable_codes(self) -> None:
        assert [o.value for o in Outlook] == ["on_track", "at_risk", "will_miss"]
