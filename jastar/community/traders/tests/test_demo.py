from __future__ import annotations

from datetime import date

import pytest

from jastar.community.traders.demo import demo_load, demo_unload
from jastar.community.traders.models import Contract, FormalisationTarget, Market, Trader
from jastar.registry.tests.factories import district, make_employer, make_person

pytestmark = pytest.mark.django_db


class DemoTests:
    def test_loads_markets_traders_contracts_and_targets_then_unloads(self):
        for code in ("karasai", "talgar"):
            make_employer(district=district(code))
            for _ in range(15):
                make_person(district=district(code), birth_date=date(1995, 3, 3))
        counts = demo_load(seed=7, until=date(2025, 12, 31))
        assert counts["traders.market"] == Market.objects.count() == 12
        traders = Trader.objects.count()
        assert counts["traders.trader"] == traders == 3  # one per ten young people
        assert counts["traders.contract"] == Contract.objects.count() == round(traders * 5 / 7)
        targets = sum(FormalisationTarget.objects.values_list("target", flat=True))
        assert targets == round(traders * 5 / 7)
        again = demo_unload()
        assert (
            again
            == 12 + traders + counts["traders.contract"] + counts["traders.formalisationtarget"]
        )
        assert not Market.objects.exists()

    def test_the_same_seed_gives_the_same_rows(self):
        make_employer()
        for _ in range(20):
            make_person(birth_date=date(1995, 3, 3))
        demo_load(seed=3, until=date(2025, 12, 31))
        first = list(Contract.objects.order_by("pk").values_list("signed_on", "monthly_wage"))
        demo_unload()
        demo_load(seed=3, until=date(2025, 12, 31))
        second = list(Contract.objects.order_by("pk").values_list("signed_on", "monthly_wage"))
        assert first == second
