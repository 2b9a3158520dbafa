from datetime import date

import pytest
from django.utils import translation

from jastar.community.talent.demo import demo_load, demo_unload
from jastar.community.talent.figures import module_figures
from jastar.registry.tests.factories import make_person

pytestmark = pytest.mark.django_db


class DemoTests:
    def test_loads_the_offices_reserve_and_unloads_it(self) -> None:
        for year in range(1991, 2003):
            for month in (3, 9):
                for day in (5, 15, 25):
                    make_person(birth_date=date(year, month, day))
        counts = demo_load(seed=7, until=date(2026, 3, 1))
        assert counts["talent.nomination"] == 60
        assert counts["talent.membership"] == 25
        assert counts["talent.appointment"] == 4
        with translation.override("en"):
            figures = module_figures(year=2025, district=None, today=date(2025, 12, 31))
        assert figures.figure("members_selected").value == 25
        assert figures.figure("appointed_leading").value == 4
        assert figures.figure("share_appointed").value == 16.0
        assert demo_unload() == sum(counts.values()) + 4  # and the four criteria
