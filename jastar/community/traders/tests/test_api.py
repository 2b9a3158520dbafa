from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from jastar.accounts.models import Role
from jastar.accounts.tests.factories import make_user
from jastar.community.traders.models import Contract, TraderStatus
from jastar.community.traders.services import target_set
from jastar.community.traders.tests.factories import make_market, make_trader, sign
from jastar.core.models import AuditAction, AuditEvent
from jastar.registry.tests.factories import district, make_employer

pytestmark = pytest.mark.django_db


def api_of(role: str, **links: object) -> APIClient:
    client = APIClient()
    client.force_authenticate(make_user(f"api-{role}", role, **links))
    return client


@pytest.fixture
def worker() -> APIClient:
    return api_of(Role.CASE_WORKER, district=district("karasai"))


class MarketApiTests:
    def test_lists_the_markets_of_the_callers_district(self, worker):
        make_market()
        make_market(district=district("balkhash"), name="Балқаш")
        answer = worker.get(reverse("api:traders-market-list"))
        assert answer.status_code == 200
        assert [m["district"] for m in answer.json()["results"]] == ["karasai"]

    def test_a_market_out_of_scope_is_404(self, worker):
        market = make_market(district=district("balkhash"), name="Балқаш")
        url = reverse("api:traders-market-detail", kwargs={"market_id": market.pk})
        assert worker.get(url).status_code == 404

    def test_anonymous_callers_get_401(self):
        assert APIClient().get(reverse("api:traders-market-list")).status_code == 401

    def test_a_bad_district_filter_is_400(self, worker):
        answer = worker.get(reverse("api:traders-market-list") + "?district=nowhere")
        assert answer.status_code == 400


class TraderApiTests:
    def test_names_go_to_staff_with_personal_data_and_are_audited(self, worker):
        trader = make_trader()
        answer = worker.get(reverse("api:traders-trader-list"))
        assert answer.json()["results"][0]["person"]["name"] == trader.person.full_name
        assert AuditEvent.objects.filter(
            action=AuditAction.VIEW, target_id=str(trader.person_id)
        ).exists()

    def test_an_analyst_gets_no_names(self):
        make_trader()
        answer = api_of(Role.ANALYST).get(reverse("api:traders-trader-list"))
        assert answer.json()["results"][0]["person"]["name"] is None


class ContractApiTests:
    def test_a_case_worker_records_a_contract(self, worker):
        trader = make_trader()
        employer = make_employer()
        answer = worker.post(
            reverse("api:traders-contract-list"),
            {"trader": trader.pk, "employer": employer.pk, "signed_on": "2025-03-03"},
            format="json",
        )
        assert answer.status_code == 201, answer.json()
        trader.refresh_from_db()
        assert trader.status == TraderStatus.FORMALISED

    def test_an_analyst_may_not_record_a_contract(self):
        trader = make_trader()
        answer = api_of(Role.ANALYST).post(
            reverse("api:traders-contract-list"),
            {"trader": trader.pk, "employer": make_employer().pk, "signed_on": "2025-03-03"},
            format="json",
        )
        assert answer.status_code == 403
        assert not Contract.objects.exists()

    def test_a_fixed_term_contract_without_end_is_400(self, worker):
        trader = make_trader()
        answer = worker.post(
            reverse("api:traders-contract-list"),
            {
                "trader": trader.pk,
                "employer": make_employer().pk,
                "signed_on": "2025-03-03",
                "kind": "fixed_term",
            },
            format="json",
        )
        assert answer.status_code == 400
        assert "message" in answer.json()

    def test_lists_contracts_of_a_year(self, worker):
        trader = make_trader()
        sign(trader, on=date(2025, 3, 1))
        sign(trader, on=date(2026, 3, 1))
        answer = worker.get(reverse("api:traders-contract-list") + "?year=2025")
        assert answer.json()["count"] == 1


class ProgressApiTests:
    def test_progress_per_district(self):
        sign(make_trader())
        target_set(actor=None, district=district("karasai"), year=2025, target=2)
        answer = api_of(Role.REGIONAL_OFFICER).get(reverse("api:traders-progress") + "?year=2025")
        data = answer.json()
        assert (data["target"], data["formalised"]) == (2, 1)
        assert data["districts"][0]["percent"] == 50.0
