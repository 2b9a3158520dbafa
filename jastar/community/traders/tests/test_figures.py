from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from jastar.accounts.models import Role
from jastar.accounts.tests.factories import make_user
from jastar.community.traders import selectors, services
from jastar.community.traders.figures import module_figures
from jastar.community.traders.models import Contract, ContractKind, Trader
from jastar.community.traders.tests.factories import make_market, make_trader, sign
from jastar.registry.tests.factories import district, make_employer

pytestmark = pytest.mark.django_db


@pytest.fixture
def region() -> dict[str, object]:
    karasai = make_market()
    balkhash = make_market(district=district("balkhash"), name="Балқаш базары")
    employer = make_employer()
    a, b, c = make_trader(karasai), make_trader(karasai), make_trader(balkhash)
    make_trader(karasai)  # informal
    sign(a, employer, date(2025, 3, 1))
    sign(a, employer, date(2025, 8, 1))  # a second contract: the trader counts once
    sign(b, employer, date(2024, 12, 1))  # another year
    sign(c, employer, date(2025, 5, 1), kind=ContractKind.ENTREPRENEUR)
    services.target_set(actor=None, district=district("karasai"), year=2025, target=4)
    services.target_set(actor=None, district=district("balkhash"), year=2025, target=6)
    return {"karasai": karasai, "balkhash": balkhash}


class FiguresTests:
    def test_region_figures_equal_the_records(self, region):
        with translation.override("en"):
            figures = module_figures(year=2025, district=None, today=date(2025, 12, 31))
        values = {f.key: f.value for f in figures.figures}
        assert values == {
            "markets": 2,
            "traders_registered": Trader.objects.filter(registered_on__year=2025).count(),
            "contracts_signed": Contract.objects.filter(signed_on__year=2025).count(),
            "traders_formalised": 1,
            "target": 10,
            "entrepreneurs": 1,
        }
        assert figures.figure("traders_formalised").progress == 10.0
        assert figures.key == "traders"

    def test_counts_stop_at_today(self, region):
        figures = module_figures(year=2025, district=None, today=date(2025, 4, 1))
        assert figures.figure("contracts_signed").value == 1

    def test_district_figures_and_table(self, region):
        with translation.override("en"):
            figures = module_figures(
                year=2025, district=district("karasai"), today=date(2025, 12, 31)
            )
        assert figures.figure("markets").value == 1
        assert figures.figure("target").value == 4
        (table,) = figures.tables
        assert [row.values[1:] for row in table.rows] == [(4, 1, 25.0)]

    def test_region_table_has_a_row_per_district_and_a_total(self, region):
        figures = module_figures(year=2025, district=None, today=date(2025, 12, 31))
        (table,) = figures.tables
        assert len(table.rows) == 3
        assert table.rows[-1].total
        assert table.rows[-1].values[1:] == (10, 1, 10.0)


class ProgressTests:
    def test_a_case_worker_sees_the_progress_of_her_district_only(self, region):
        worker = make_user("aliya", Role.CASE_WORKER, district=district("karasai"))
        rows = selectors.progress_by_district(year=2025, today=date(2025, 12, 31), user=worker)
        assert [r.district.code for r in rows] == ["karasai"]
        assert (rows[0].target, rows[0].formalised, rows[0].percent) == (4, 1, 25.0)

    def test_a_district_without_a_target_has_no_percent(self, region):
        rows = selectors.progress_by_district(year=2026, today=date(2026, 6, 1))
        assert all(r.target is None and r.percent is None for r in rows)


class ScopeTests:
    def test_a_case_worker_sees_markets_and_traders_of_her_district(self, region):
        worker = make_user("aliya", Role.CASE_WORKER, district=district("karasai"))
        assert list(selectors.markets_for(worker)) == [region["karasai"]]
        assert {t.market for t in selectors.traders_for(worker)} == {region["karasai"]}
        assert all(
            c.trader.person.district.code == "karasai" for c in selectors.contracts_for(worker)
        )

    def test_an_analyst_sees_every_market(self, region):
        analyst = make_user("dana", Role.ANALYST)
        assert selectors.markets_for(analyst).count() == 2

    def test_a_young_persons_login_sees_no_market(self, region):
        trader = Trader.objects.first()
        assert trader is not None
        youth = make_user("zhan", Role.YOUTH, person=trader.person)
        assert selectors.markets_for(youth).count() == 0

    def test_market_counts_traders_and_formalised(self, region):
        market = selectors.market_list().get(pk=region["karasai"].pk)
        counts = (market.trader_count, market.formalised_count)  # type: ignore[attr-defined]
        assert counts == (3, 2)
