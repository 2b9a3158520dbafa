from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jastar.accounts.models import Role
from jastar.accounts.tests.factories import make_user
from jastar.community.traders import services
from jastar.community.traders.models import Contract, ContractKind, TraderStatus
from jastar.community.traders.tests.factories import make_market, make_trader, sign
from jastar.core.models import AuditEvent
from jastar.programs.models import Participation, Program
from jastar.registry.tests.factories import district, make_employer, make_person

pytestmark = pytest.mark.django_db


def _events(obj: object) -> int:
    return AuditEvent.objects.filter(
        target_type=obj._meta.label_lower,  # type: ignore[attr-defined]
        target_id=str(obj.pk),  # type: ignore[attr-defined]
    ).count()


class MarketServiceTests:
    def test_a_case_worker_records_a_market_of_her_district_with_an_audit_event(self):
        worker = make_user("aliya", Role.CASE_WORKER, district=district("karasai"))
        market = services.market_create(
            actor=worker, district=district("karasai"), name=" Шамалған базары ", phone="+7 701"
        )
        assert market.name == "Шамалған базары"
        assert _events(market) == 1

    def test_a_case_worker_may_not_record_a_market_of_another_district(self):
        worker = make_user("aliya", Role.CASE_WORKER, district=district("karasai"))
        with pytest.raises(PermissionDenied):
            services.market_create(actor=worker, district=district("balkhash"), name="Балқаш")

    def test_an_analyst_may_not_record_markets(self):
        analyst = make_user("dana", Role.ANALYST)
        with pytest.raises(PermissionDenied):
            services.market_create(actor=analyst, district=district("karasai"), name="Базар")

    def test_two_markets_of_a_district_cannot_share_a_name(self):
        make_market(name="Базар")
        with pytest.raises(ValidationError):
            make_market(name="Базар")

    def test_update_records_only_what_changed(self):
        market = make_market()
        employer = make_employer()
        services.market_update(
            actor=None, market=market, administration_employer=employer, traders_estimated=310
        )
        market.refresh_from_db()
        assert (market.administration_employer, market.traders_estimated) == (employer, 310)
        assert _events(market) == 2
        services.market_update(actor=None, market=market, traders_estimated=310)
        assert _events(market) == 2


class TraderServiceTests:
    def test_a_registered_trader_is_informal(self):
        trader = make_trader()
        assert trader.status == TraderStatus.INFORMAL
        assert _events(trader) == 1

    def test_a_person_is_a_trader_once(self):
        trader = make_trader()
        with pytest.raises(ValidationError):
            make_trader(market=make_market(name="Басқа"), person=trader.person)

    def test_trading_cannot_start_after_registration(self):
        with pytest.raises(ValidationError):
            make_trader(trading_since=date(2025, 3, 1))

    def test_leaving_marks_the_trader_left_and_keeps_contracts(self):
        trader = make_trader()
        sign(trader)
        services.trader_leave(actor=None, trader=trader, on=date(2025, 9, 1))
        trader.refresh_from_db()
        assert (trader.status, trader.left_on) == (TraderStatus.LEFT, date(2025, 9, 1))
        assert trader.contracts.count() == 1
        with pytest.raises(ValidationError):
            services.trader_leave(actor=None, trader=trader, on=date(2025, 9, 2))


class ContractServiceTests:
    def test_signing_a_contract_formalises_the_trader(self):
        trader = make_trader()
        contract = sign(trader, monthly_wage=150_000, number="17")
        trader.refresh_from_db()
        assert trader.status == TraderStatus.FORMALISED
        assert contract.kind == ContractKind.LABOUR
        assert _events(contract) == 1

    def test_the_same_contract_twice_is_refused(self):
        trader = make_trader()
        employer = make_employer()
        sign(trader, employer)
        with pytest.raises(ValidationError):
            sign(trader, employer)
        assert Contract.objects.count() == 1

    def test_a_fixed_term_contract_needs_its_end(self):
        with pytest.raises(ValidationError) as err:
            sign(make_trader(), kind=ContractKind.FIXED_TERM)
        assert "ends_on" in err.value.error_dict

    def test_a_contract_cannot_be_signed_in_the_future(self):
        with pytest.raises(ValidationError):
            sign(make_trader(), on=date(2026, 7, 1), today=date(2026, 6, 15))

    def test_a_case_worker_of_another_district_may_not_sign(self):
        trader = make_trader()
        worker = make_user("berik", Role.CASE_WORKER, district=district("balkhash"))
        with pytest.raises(PermissionDenied):
            services.contract_sign(
                actor=worker, trader=trader, employer=make_employer(), signed_on=date(2025, 4, 1)
            )

    def test_ending_the_only_contract_makes_the_trader_informal_again(self):
        trader = make_trader()
        first = sign(trader)
        second = sign(trader, on=date(2025, 5, 1))
        services.contract_end(actor=None, contract=first, on=date(2025, 6, 1))
        trader.refresh_from_db()
        assert trader.status == TraderStatus.FORMALISED
        services.contract_end(actor=None, contract=second, on=date(2025, 7, 1))
        trader.refresh_from_db()
        assert trader.status == TraderStatus.INFORMAL

    def test_a_contract_links_the_open_participation_of_the_program(self):
        program = Program.objects.filter(code=services.PROGRAM_CODE).first()
        if program is None or not program.editions.exists():
            pytest.skip("the trader formalisation program has no edition")
        trader = make_trader()
        edition = program.editions.order_by("-year").first()
        assert edition is not None
        participation = Participation.objects.create(
            person=trader.person,
            edition=edition,
            district=trader.person.district,
            status="applied",
            applied_on=date(2025, 3, 1),
        )
        assert sign(trader).participation == participation

    def test_without_a_participation_the_contract_stands_alone(self):
        assert sign(make_trader()).participation is None


class TargetServiceTests:
    def test_a_regional_officer_sets_and_changes_a_target(self):
        officer = make_user("gulnar", Role.REGIONAL_OFFICER)
        row = services.target_set(actor=officer, district=district("karasai"), year=2025, target=60)
        services.target_set(actor=officer, district=district("karasai"), year=2025, target=70)
        row.refresh_from_db()
        assert row.target == 70
        assert _events(row) == 2

    def test_a_case_worker_may_not_set_targets(self):
        worker = make_user("aliya", Role.CASE_WORKER, district=district("karasai"))
        with pytest.raises(PermissionDenied):
            services.target_set(actor=worker, district=district("karasai"), year=2025, target=1)


def test_a_trader_is_a_person_of_the_registry():
    person = make_person(status="employed")
    trader = make_trader(person=person)
    assert trader.person == person
