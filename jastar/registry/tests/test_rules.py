"""Pure tests of the registry's validation rules (no database)."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from jastar.core.identifiers import make_iin
from jastar.registry.rules import (
    age_on,
    check_graduation_year,
    check_identity,
    check_not_future,
    check_salary_range,
    check_youth_age,
    years_before,
)


class AgeTests:
    def test_birthday_not_yet_reached_counts_previous_year(self):
        assert age_on(date(2000, 6, 16), date(2026, 6, 15)) == 25
        assert age_on(date(2000, 6, 15), date(2026, 6, 15)) == 26

    def test_years_before_leap_day_falls_back_to_28_february(self):
        assert years_before(date(2024, 2, 29), 1) == date(2023, 2, 28)

    @given(st.dates(date(1950, 1, 1), date(2020, 12, 31)), st.integers(0, 60))
    def test_years_before_gives_exact_age(self, day, years):
        earlier = years_before(day, years)
        assert age_on(earlier, day) == years


class IdentityTests:
    iin = make_iin(date(2003, 5, 14), "F", 17)

    def test_takes_birth_date_and_sex_from_iin(self):
        identity = check_identity(self.iin, None, None)
        assert (identity.birth_date, identity.sex, identity.errors) == (date(2003, 5, 14), "F", {})

    def test_reports_disagreeing_birth_date_and_sex(self):
        identity = check_identity(self.iin, date(2003, 5, 15), "M")
        assert set(identity.errors) == {"birth_date", "sex"}

    def test_reports_bad_iin_only(self):
        assert set(check_identity("123", None, None).errors) == {"iin"}


class RangeTests:
    def test_youth_age_limits_are_inclusive(self):
        assert check_youth_age(date(2012, 6, 15), date(2026, 6, 15), 14, 35) is None
        assert check_youth_age(date(1990, 6, 16), date(2026, 6, 15), 14, 35) is None
        assert check_youth_age(date(1990, 6, 15), date(2026, 6, 15), 14, 35) is not None
        assert check_youth_age(date(2012, 6, 16), date(2026, 6, 15), 14, 35) is not None

    def test_future_dates_and_graduation_years(self):
        today = date(2026, 6, 15)
        assert check_not_future(date(2026, 6, 16), today) is not None
        assert check_not_future(today, today) is None
        assert check_graduation_year(2030, date(2008, 1, 1), today) is None
        assert check_graduation_year(2033, date(2008, 1, 1), today) is not None
        assert check_graduation_year(2015, date(2008, 1, 1), today) is not None

    def test_salary_range_order(self):
        assert check_salary_range(100, 50) is not None
        assert check_salary_range(50, 100) is None
        assert check_salary_range(None, 100) is None
