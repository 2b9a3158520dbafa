from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from jastar.accounts.models import Role
from jastar.accounts.services import account_assign
from jastar.community.traders.models import Contract, FormalisationTarget, Market, Trader
from jastar.community.traders.tests.factories import make_market, make_trader, sign
from jastar.core.models import AuditAction, AuditEvent
from jastar.registry.tests.factories import district, make_employer, make_person

pytestmark = pytest.mark.django_db


def client_of(role: str, **links: Any) -> Client:
    """A client logged in with ``role`` (no password: hashing one is most of a test's time)."""
    user = User.objects.create(username=f"u{role}")
    account_assign(actor=None, user=user, role=role, **links)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def worker() -> Client:
    return client_of(Role.CASE_WORKER, district=district("karasai"))


class PagesTests:
    def test_the_progress_page_shows_each_district_against_its_target(self):
        trader = make_trader()
        sign(trader)
        FormalisationTarget.objects.create(district=district("karasai"), year=2025, target=8)
        page = client_of(Role.REGIONAL_OFFICER).get(
            reverse("community:traders:progress") + "?year=2025"
        )
        assert page.status_code == 200
        assert b"<progress" in page.content
        assert page.context["rows"][0].percent == 12.5

    def test_the_market_page_names_traders_and_audits_it(self, worker):
        trader = make_trader()
        page = worker.get(
            reverse("community:traders:market", kwargs={"market_id": trader.market_id})
        )
        assert trader.person.full_name in page.content.decode()
        assert AuditEvent.objects.filter(
            action=AuditAction.VIEW, target_type="registry.person", target_id=str(trader.person_id)
        ).exists()

    def test_an_analyst_sees_the_market_without_names(self):
        trader = make_trader()
        page = client_of(Role.ANALYST).get(
            reverse("community:traders:market", kwargs={"market_id": trader.market_id})
        )
        assert page.status_code == 200
        assert trader.person.last_name not in page.content.decode()

    def test_a_market_of_another_district_is_not_found(self, worker):
        market = make_market(district=district("balkhash"), name="Балқаш")
        url = reverse("community:traders:market", kwargs={"market_id": market.pk})
        assert worker.get(url).status_code == 404

    def test_an_employers_login_is_refused(self):
        client = client_of(Role.EMPLOYER, employer=make_employer())
        assert client.get(reverse("community:traders:markets")).status_code == 403


class FormsTests:
    def test_a_case_worker_records_a_market(self, worker):
        response = worker.post(
            reverse("community:traders:market-new"),
            {"district": district("karasai").pk, "name": "Жаңа базар", "traders_estimated": 40},
        )
        market = Market.objects.get(name="Жаңа базар")
        assert response.status_code == 302
        assert market.traders_estimated == 40

    def test_a_case_worker_registers_a_trader_by_iin(self, worker):
        market = make_market()
        person = make_person(status="employed")
        url = reverse("community:traders:trader-new", kwargs={"market_id": market.pk})
        response = worker.post(
            url, {"iin": person.iin, "stall": "A-1", "registered_on": "2026-06-01"}
        )
        assert response.status_code == 302
        assert Trader.objects.get(person=person).stall == "A-1"

    def test_a_person_out_of_reach_cannot_be_registered(self, worker):
        market = make_market()
        person = make_person(district=district("balkhash"))
        url = reverse("community:traders:trader-new", kwargs={"market_id": market.pk})
        response = worker.post(url, {"iin": person.iin, "registered_on": "2026-06-01"})
        assert response.status_code == 200
        assert not Trader.objects.exists()

    def test_a_case_worker_records_a_contract(self, worker):
        trader = make_trader()
        employer = make_employer()
        url = reverse("community:traders:contract-new", kwargs={"trader_id": trader.pk})
        response = worker.post(
            url,
            {"employer_bin": employer.bin, "signed_on": "2025-05-05", "kind": "labour_contract"},
        )
        assert response.status_code == 302
        assert Contract.objects.get().trader == trader

    def test_a_regional_officer_sets_targets(self):
        officer = client_of(Role.REGIONAL_OFFICER)
        karasai = district("karasai")
        url = reverse("community:traders:targets") + "?year=2025"
        assert officer.post(url, {f"d{karasai.pk}": 55}).status_code == 302
        assert FormalisationTarget.objects.get(year=2025, district=karasai).target == 55

    def test_a_case_worker_may_not_set_targets(self, worker):
        assert worker.get(reverse("community:traders:targets")).status_code == 403


def test_contract_date_is_shown_on_the_market_page(worker):
    trader = make_trader()
    sign(trader, on=date(2025, 4, 10))
    page = worker.get(reverse("community:traders:market", kwargs={"market_id": trader.market_id}))
    assert "10.04.2025" in page.content.decode()


class MarketActionsTests:
    """Editing a market, ending a contract and a trader leaving, from the market page."""

    def test_the_market_page_offers_the_actions_to_a_case_worker_of_the_district(self, worker):
        trader = make_trader()
        contract = sign(trader)
        page = worker.get(reverse("community:traders:market", args=[trader.market_id]))
        body = page.content.decode()
        assert reverse("community:traders:market-edit", args=[trader.market_id]) in body
        assert reverse("community:traders:contract-end", args=[contract.pk]) in body
        assert reverse("community:traders:trader-leave", args=[trader.pk]) in body

    def test_an_analyst_is_offered_none_of_them(self):
        trader = make_trader()
        sign(trader)
        page = client_of(Role.ANALYST).get(
            reverse("community:traders:market", args=[trader.market_id])
        )
        assert page.status_code == 200
        assert b"/edit/" not in page.content
        assert b"/end/" not in page.content
        assert b"/leave/" not in page.content

    def test_a_case_worker_edits_a_market(self, worker):
        market = make_market()
        url = reverse("community:traders:market-edit", args=[market.pk])
        assert worker.get(url).status_code == 200
        response = worker.post(
            url, {"name": "Қаскелең базары", "administration_name": "", "traders_estimated": 320}
        )
        assert response.status_code == 302
        market.refresh_from_db()
        assert (market.name, market.traders_estimated) == ("Қаскелең базары", 320)
        assert AuditEvent.objects.filter(
            action=AuditAction.UPDATE, target_type="traders.market", target_id=str(market.pk)
        ).exists()

    def test_an_analyst_may_not_edit_a_market(self):
        market = make_market()
        response = client_of(Role.ANALYST).post(
            reverse("community:traders:market-edit", args=[market.pk]),
            {"name": "Other", "traders_estimated": 1},
        )
        assert response.status_code == 403
        market.refresh_from_db()
        assert market.name == "Қаскелең орталық базары"

    def test_a_case_worker_ends_a_contract_and_the_trader_is_informal_again(self, worker):
        trader = make_trader()
        contract = sign(trader)
        response = worker.post(
            reverse("community:traders:contract-end", args=[contract.pk]),
            {"ends_on": "2025-09-30"},
        )
        assert response.status_code == 302
        contract.refresh_from_db()
        trader.refresh_from_db()
        assert contract.ends_on == date(2025, 9, 30)
        assert trader.status == "informal"

    def test_a_contract_cannot_end_before_it_was_signed(self, worker):
        contract = sign(make_trader())
        response = worker.post(
            reverse("community:traders:contract-end", args=[contract.pk]),
            {"ends_on": "2025-01-01"},
        )
        assert response.status_code == 200
        assert response.context["form"].errors["ends_on"]
        contract.refresh_from_db()
        assert contract.ends_on is None

    def test_an_analyst_may_not_end_a_contract(self):
        contract = sign(make_trader())
        response = client_of(Role.ANALYST).post(
            reverse("community:traders:contract-end", args=[contract.pk]),
            {"ends_on": "2025-09-30"},
        )
        assert response.status_code == 403
        contract.refresh_from_db()
        assert contract.ends_on is None

    def test_a_contract_of_another_district_is_not_found(self, worker):
        market = make_market(district=district("balkhash"), name="Балқаш")
        contract = sign(make_trader(market=market))
        response = worker.post(
            reverse("community:traders:contract-end", args=[contract.pk]),
            {"ends_on": "2025-09-30"},
        )
        assert response.status_code == 404

    def test_a_case_worker_records_that_a_trader_left(self, worker):
        trader = make_trader()
        response = worker.post(
            reverse("community:traders:trader-leave", args=[trader.pk]), {"left_on": "2025-08-01"}
        )
        assert response.status_code == 302
        trader.refresh_from_db()
        assert (trader.status, trader.left_on) == ("left", date(2025, 8, 1))

    def test_an_analyst_may_not_record_that_a_trader_left(self):
        trader = make_trader()
        response = client_of(Role.ANALYST).post(
            reverse("community:traders:trader-leave", args=[trader.pk]), {"left_on": "2025-08-01"}
        )
        assert response.status_code == 403
        trader.refresh_from_db()
        assert trader.status == "informal"
