from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from jastar.accounts.models import Role
from jastar.api.tests.helpers import assert_error, client_for, user_with
from jastar.community.centres.models import Visit
from jastar.community.centres.services import event_record
from jastar.community.centres.tests.helpers import kaskelen_centre, kegen_planned
from jastar.registry.tests.factories import aigerim_neet_graduate, district, nurlan_student

pytestmark = pytest.mark.django_db


def worker() -> APIClient:
    return client_for(user_with(Role.CASE_WORKER, "kw", district=district("karasai")))


def visits_url(centre_id: int) -> str:
    return reverse("api:centres-visit-create", kwargs={"centre_id": centre_id})


class CentreApiTests:
    def test_the_list_is_filtered_and_scoped(self) -> None:
        kaskelen_centre()
        kegen_planned()
        officer = client_for(user_with(Role.REGIONAL_OFFICER, "ro"))
        listed = officer.get(reverse("api:centres-list"), {"status": "planned"}).json()
        assert [row["district"] for row in listed["results"]] == ["kegen"]
        mine = worker().get(reverse("api:centres-list")).json()
        assert [row["district"] for row in mine["results"]] == ["karasai"]

    def test_a_bad_filter_is_a_400_and_an_anonymous_caller_a_401(self) -> None:
        officer = client_for(user_with(Role.REGIONAL_OFFICER, "ro"))
        assert_error(officer.get(reverse("api:centres-list"), {"district": "nowhere"}), 400)
        assert APIClient().get(reverse("api:centres-list")).status_code == 401

    def test_another_districts_centre_is_not_found(self) -> None:
        theirs = kegen_planned()
        url = reverse("api:centres-detail", kwargs={"centre_id": theirs.pk})
        assert_error(worker().get(url), 404)

    def test_the_detail_and_events_of_a_centre(self) -> None:
        centre = kaskelen_centre()
        event_record(actor=None, centre=centre, title="Форум", held_on=date(2026, 4, 2))
        client = worker()
        detail = client.get(reverse("api:centres-detail", kwargs={"centre_id": centre.pk}))
        assert detail.json()["this_year"]["events_held"] == 1
        events = client.get(reverse("api:centres-event-list", kwargs={"centre_id": centre.pk}))
        assert events.json()["results"][0]["title"] == "Форум"

    def test_a_case_worker_records_a_visit_by_iin(self) -> None:
        centre, aigerim = kaskelen_centre(), aigerim_neet_graduate()
        response = worker().post(
            visits_url(centre.pk),
            {"visited_on": "2026-05-04", "purpose": "training", "iin": aigerim.iin},
            format="json",
        )
        assert response.status_code == 201, response.content
        assert response.json()["person"]["name"] == aigerim.full_name

    def test_a_person_out_of_reach_or_both_kinds_of_visitor_are_refused(self) -> None:
        centre, nurlan = kaskelen_centre(), nurlan_student()
        client = worker()
        body = {"visited_on": "2026-05-04", "purpose": "training"}
        assert_error(
            client.post(visits_url(centre.pk), {**body, "iin": nurlan.iin}, format="json"),
            400,
            {"iin"},
        )
        both = {**body, "iin": nurlan.iin, "anonymous_count": 3}
        assert_error(client.post(visits_url(centre.pk), both, format="json"), 400)
        assert not Visit.objects.exists()

    def test_a_visit_before_the_opening_is_a_400(self) -> None:
        centre = kaskelen_centre()
        body = {"visited_on": "2024-05-04", "purpose": "leisure", "anonymous_count": 3}
        assert_error(worker().post(visits_url(centre.pk), body, format="json"), 400)

    def test_an_analyst_may_not_record_visits(self) -> None:
        centre = kaskelen_centre()
        analyst = client_for(user_with(Role.ANALYST, "an"))
        body = {"visited_on": "2026-05-04", "purpose": "leisure", "anonymous_count": 3}
        assert_error(analyst.post(visits_url(centre.pk), body, format="json"), 403)
