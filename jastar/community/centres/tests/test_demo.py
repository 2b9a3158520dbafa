from __future__ import annotations

from datetime import date

import pytest

from jastar.community.centres.demo import demo_load, demo_unload
from jastar.community.centres.figures import module_figures
from jastar.community.centres.models import Centre, CentreKind, CentreStatus, Visit
from jastar.registry.tests.factories import aigerim_neet_graduate

pytestmark = pytest.mark.django_db


class CentreDemoTests:
    def test_the_demo_echoes_the_offices_reports(self) -> None:
        aigerim = aigerim_neet_graduate()
        counts = demo_load(seed=7, until=date(2026, 6, 15))
        assert counts["centres.Centre"] == 9
        opened = Centre.objects.filter(status=CentreStatus.OPEN)
        assert sorted(opened.values_list("district__code", flat=True)) == [
            "balkhash",
            "karasai",
            "kegen",
            "konaev",
            "raiymbek",
        ]
        assert opened.get(kind=CentreKind.COWORKING).district.code == "konaev"
        planned = Centre.objects.filter(status=CentreStatus.PLANNED)
        assert sorted(planned.values_list("district__code", flat=True)) == [
            "enbekshikazakh",
            "enbekshikazakh",
            "uighur",
            "uighur",
        ]
        assert Visit.objects.filter(person=aigerim).exists()
        figures = module_figures(year=2026, district=None, today=date(2026, 6, 15))
        assert figures.figure("centres_open").target == 9

    def test_the_demo_is_deterministic_and_unloads(self) -> None:
        first = demo_load(seed=3, until=date(2026, 6, 15))
        assert demo_unload() == sum(first.values())
        assert demo_load(seed=3, until=date(2026, 6, 15)) == first
