"""The pages that add a prize and open a call: who may, the forms, and the links to them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from jastar.accounts.models import Role
from jastar.accounts.tests.factories import make_user
from jastar.community.prizes.models import Call, CallStatus, Prize
from jastar.community.prizes.tests.helpers import zangar, zangar_2025
from jastar.core.models import AuditAction, AuditEvent
from jastar.registry.tests.factories import district

pytestmark = pytest.mark.django_db


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _officer() -> Client:
    return _client(make_user("oleg", Role.REGIONAL_OFFICER))


def _worker() -> Client:
    return _client(make_user("aliya", Role.CASE_WORKER, district=district("karasai")))


PRIZE = {
    "code": "urpaq",
    "name_kk": "«Тәуелсіздік ұрпақтары» гранты",
    "name_ru": "Грант «Поколение Независимости»",
    "name_en": "",
    "kind": "grant",
    "description": "",
}


def _call(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "year": "2025",
        "title_kk": "",
        "title_ru": "",
        "title_en": "",
        "opens_on": "2025-03-01",
        "closes_on": "2025-04-30",
        "places": "10",
        "amount_mrp": "300",
        "amount_tenge": "",
        "budget_tenge": "",
        "age_min": "18",
        "age_max": "29",
        "min_jurors": "2",
    }
    values.update(overrides)
    return values


class PrizeNewPageTests:
    def test_a_regional_officer_adds_a_prize_and_it_is_audited(self) -> None:
        client = _officer()
        assert client.get(reverse("community:prizes:prize-new")).status_code == 200
        response = client.post(reverse("community:prizes:prize-new"), PRIZE)
        assert response.status_code == 302
        assert response["Location"] == reverse("community:prizes:index")
        prize = Prize.objects.get(code="urpaq")
        assert prize.kind == "grant"
        assert AuditEvent.objects.filter(
            action=AuditAction.CREATE, target_type="prizes.prize", target_id=str(prize.pk)
        ).exists()

    def test_a_case_worker_is_refused(self) -> None:
        client = _worker()
        assert client.get(reverse("community:prizes:prize-new")).status_code == 403
        assert client.post(reverse("community:prizes:prize-new"), PRIZE).status_code == 403
        assert not Prize.objects.exists()

    def test_a_code_already_taken_is_shown_on_the_form(self) -> None:
        zangar()
        response = _officer().post(
            reverse("community:prizes:prize-new"), {**PRIZE, "code": "zangar"}
        )
        assert response.status_code == 200
        assert response.context["form"].errors["code"]
        assert Prize.objects.count() == 1


class CallNewPageTests:
    def test_an_administrator_opens_a_call_in_mrp(self) -> None:
        prize = zangar()
        client = _client(make_user("admin", Role.ADMINISTRATOR))
        url = reverse("community:prizes:call-new", args=[prize.pk])
        assert client.get(url).status_code == 200
        response = client.post(url, _call())
        call = Call.objects.get(prize=prize, year=2025)
        assert response.status_code == 302
        assert response["Location"] == reverse("community:prizes:call", args=[call.pk])
        assert call.status == CallStatus.OPEN
        assert (call.places, call.amount_mrp, call.amount_tenge) == (10, Decimal("300"), None)
        assert (call.age_min, call.age_max) == (18, 29)

    def test_a_case_worker_and_an_analyst_are_refused(self) -> None:
        url = reverse("community:prizes:call-new", args=[zangar().pk])
        assert _worker().post(url, _call()).status_code == 403
        assert _client(make_user("dana", Role.ANALYST)).get(url).status_code == 403
        assert not Call.objects.exists()

    def test_an_amount_in_both_mrp_and_tenge_is_refused_on_the_form(self) -> None:
        url = reverse("community:prizes:call-new", args=[zangar().pk])
        response = _officer().post(url, _call(amount_tenge="400000"))
        assert response.status_code == 200
        assert response.context["form"].errors["amount_mrp"]
        assert not Call.objects.exists()

    def test_an_unknown_prize_is_not_found(self) -> None:
        url = reverse("community:prizes:call-new", args=[999999])
        assert _officer().get(url).status_code == 404


class ManageLinksTests:
    def test_the_index_and_the_call_page_link_to_the_forms_for_an_officer(self) -> None:
        call = zangar_2025()
        client = _officer()
        index = client.get(reverse("community:prizes:index")).content.decode()
        page = client.get(reverse("community:prizes:call", args=[call.pk])).content.decode()
        call_new = reverse("community:prizes:call-new", args=[call.prize_id])
        assert reverse("community:prizes:prize-new") in index and call_new in index
        assert call_new in page

    def test_a_case_worker_sees_no_links_to_them(self) -> None:
        call = zangar_2025()
        client = _worker()
        index = client.get(reverse("community:prizes:index")).content.decode()
        page = client.get(reverse("community:prizes:call", args=[call.pk])).content.decode()
        assert "/prizes/new/" not in index and "/calls/new/" not in index
        assert "/calls/new/" not in page
