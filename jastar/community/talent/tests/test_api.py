import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from jastar.community.talent import services
from jastar.community.talent.models import Appointment
from jastar.community.talent.tests.helpers import (
    analyst,
    case_worker,
    criteria,
    intake_2025,
    member,
    nominee,
    officer,
)
from jastar.core.models import AuditEvent
from jastar.registry.tests.factories import district, make_person

pytestmark = pytest.mark.django_db


def api_of(user: object | None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)  # type: ignore[arg-type]
    return client


class IntakeListApiTests:
    def test_lists_intakes_with_their_numbers(self) -> None:
        intake = intake_2025()
        nominee(intake)
        response = api_of(analyst()).get(reverse("api:talent-intake-list"))
        assert response.status_code == 200
        (row,) = response.json()["results"]
        assert (row["year"], row["nominations"], row["members"]) == (2025, 1, 0)

    def test_answers_401_to_anonymous_callers(self) -> None:
        assert api_of(None).get(reverse("api:talent-intake-list")).status_code == 401


class NominationListApiTests:
    def test_a_case_worker_gets_their_districts_nominees_with_names_and_ranks(self) -> None:
        intake = intake_2025()
        leadership, _education = criteria(intake)
        own = nominee(intake)
        nominee(intake, make_person(district=district("enbekshikazakh")))
        services.score_record(actor=None, nomination=own, criterion=leadership, score=5)
        response = api_of(case_worker()).get(reverse("api:talent-nomination-list"))
        assert response.status_code == 200
        (row,) = response.json()["results"]
        assert row["person"]["name"] == own.person.full_name
        assert (row["rank"], row["score"]) == (1, 50.0)
        assert AuditEvent.objects.filter(
            action="view", target_type="registry.person", target_id=own.person_id
        ).exists()

    def test_an_analyst_gets_no_names(self) -> None:
        nominee(intake_2025())
        response = api_of(analyst()).get(reverse("api:talent-nomination-list"))
        (row,) = response.json()["results"]
        assert row["person"]["name"] is None

    def test_a_bad_filter_is_a_400(self) -> None:
        response = api_of(officer()).get(
            reverse("api:talent-nomination-list"), {"district": "nowhere"}
        )
        assert response.status_code == 400


class MemberListApiTests:
    def test_lists_members_with_appointments(self) -> None:
        membership = member()
        response = api_of(officer()).get(reverse("api:talent-member-list"))
        (row,) = response.json()["results"]
        assert row["id"] == membership.pk and row["appointments"] == []


class AppointmentCreateApiTests:
    def url(self, membership_id: int) -> str:
        return reverse("api:talent-appointment-create", args=[membership_id])

    BODY = {"post": "Deputy akim", "organisation": "Akimat", "appointed_on": "2025-09-01"}

    def test_a_case_worker_records_an_appointment(self) -> None:
        membership = member()
        response = api_of(case_worker()).post(
            self.url(membership.pk), {**self.BODY, "leading_post": True}, format="json"
        )
        assert response.status_code == 201, response.json()
        assert Appointment.objects.get(membership=membership).leading_post

    def test_a_member_of_another_district_answers_404(self) -> None:
        membership = member("enbekshikazakh")
        response = api_of(case_worker()).post(self.url(membership.pk), self.BODY, format="json")
        assert response.status_code == 404

    def test_an_analyst_answers_403(self) -> None:
        membership = member()
        response = api_of(analyst()).post(self.url(membership.pk), self.BODY, format="json")
        assert response.status_code == 403

    def test_a_date_before_the_membership_is_a_400(self) -> None:
        membership = member()
        body = {**self.BODY, "appointed_on": "2024-01-01"}
        response = api_of(officer()).post(self.url(membership.pk), body, format="json")
        assert response.status_code == 400
        assert "message" in response.json()
