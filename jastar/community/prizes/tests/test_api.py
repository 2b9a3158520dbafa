"""The prizes API: lists, submit, jury score; 401, 403, 404 and 400 answers."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from jastar.accounts.models import Role
from jastar.accounts.tests.factories import make_user
from jastar.community.prizes.models import JuryScore
from jastar.community.prizes.tests.helpers import apply, eligible, zangar_2025
from jastar.registry.tests.factories import aigerim_neet_graduate, district, nurlan_student

pytestmark = pytest.mark.django_db


def _api(role: str | None, **links: object) -> APIClient:
    client = APIClient()
    client.force_authenticate(make_user(f"u-{role}", role, **links))
    return client


def _worker() -> APIClient:
    return _api(Role.CASE_WORKER, district=district("karasai"))


class ListsTests:
    def test_office_staff_list_prizes_and_calls(self) -> None:
        call = zangar_2025()
        client = _api(Role.ANALYST)
        assert client.get(reverse("api:prizes-prize-list")).json()["count"] == 1
        calls = client.get(reverse("api:prizes-call-list"), {"year": 2025}).json()
        assert calls["results"][0]["id"] == call.pk
        detail = client.get(reverse("api:prizes-call-detail", args=[call.pk])).json()
        assert detail["amount_mrp"] == "100.00"

    def test_anonymous_callers_are_refused(self) -> None:
        assert APIClient().get(reverse("api:prizes-call-list")).status_code == 401

    def test_a_missing_call_is_404(self) -> None:
        response = _worker().get(reverse("api:prizes-call-detail", args=[999]))
        assert response.status_code == 404

    def test_a_case_worker_lists_their_districts_applications(self) -> None:
        call = zangar_2025()
        mine = apply(call, aigerim_neet_graduate())
        apply(call, nurlan_student())
        rows = _worker().get(reverse("api:prizes-application-list")).json()["results"]
        assert [row["id"] for row in rows] == [mine.pk]

    def test_an_analyst_may_not_list_applicants(self) -> None:
        response = _api(Role.ANALYST).get(reverse("api:prizes-application-list"))
        assert response.status_code == 403


class SubmitTests:
    def test_submits_an_application(self) -> None:
        call = zangar_2025()
        person = aigerim_neet_graduate()
        body = {
            "call": call.pk,
            "person": person.pk,
            "project_title": "Коворкинг",
            "summary": "Қаскелең",
            "submitted_on": "2025-03-10",
        }
        response = _worker().post(reverse("api:prizes-application-list"), body, format="json")
        assert response.status_code == 201, response.json()
        assert response.json()["district"] == "karasai"

    def test_a_person_out_of_reach_is_a_400(self) -> None:
        call = zangar_2025()
        body = {
            "call": call.pk,
            "person": nurlan_student().pk,
            "project_title": "x",
            "summary": "y",
        }
        response = _worker().post(reverse("api:prizes-application-list"), body, format="json")
        assert response.status_code == 400

    def test_a_date_outside_the_call_is_a_400_in_the_error_format(self) -> None:
        call = zangar_2025()
        body = {
            "call": call.pk,
            "person": aigerim_neet_graduate().pk,
            "project_title": "x",
            "summary": "y",
            "submitted_on": "2025-06-01",
        }
        response = _worker().post(reverse("api:prizes-application-list"), body, format="json")
        assert response.status_code == 400
        assert set(response.json()) == {"message", "extra"}


class JuryScoreTests:
    def test_an_officer_scores(self) -> None:
        application = eligible(zangar_2025(), aigerim_neet_graduate())
        url = reverse("api:prizes-jury-score", args=[application.pk])
        response = _api(Role.REGIONAL_OFFICER).post(url, {"score": 64}, format="json")
        assert response.status_code == 201
        assert JuryScore.objects.get().score == 64

    def test_a_case_worker_is_forbidden(self) -> None:
        application = eligible(zangar_2025(), aigerim_neet_graduate())
        url = reverse("api:prizes-jury-score", args=[application.pk])
        assert _worker().post(url, {"score": 64}, format="json").status_code == 403

    def test_a_missing_application_is_404_and_a_bad_score_400(self) -> None:
        application = eligible(zangar_2025(), aigerim_neet_graduate())
        client = _api(Role.ADMINISTRATOR)
        missing = reverse("api:prizes-jury-score", args=[application.pk + 1000])
        assert client.post(missing, {"score": 1}, format="json").status_code == 404
        url = reverse("api:prizes-jury-score", args=[application.pk])
        assert client.post(url, {"score": 101}, format="json").status_code == 400
