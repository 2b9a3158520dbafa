from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from jastar.community.talent.models import Appointment, MembershipStatus, Nomination, Score
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


def client_of(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


class IntakePageTests:
    def test_a_case_worker_sees_their_districts_nominees_and_the_view_is_audited(self) -> None:
        intake = intake_2025()
        own = nominee(intake)
        other = nominee(
            intake, make_person(district=district("enbekshikazakh"), last_name="Бекова")
        )
        response = client_of(case_worker()).get(
            reverse("community:talent:intake", args=[intake.pk])
        )
        assert response.status_code == 200
        assert own.person.full_name in response.content.decode()
        assert other.person.last_name not in response.content.decode()
        assert AuditEvent.objects.filter(
            action="view", target_type="registry.person", target_id=own.person_id
        ).exists()

    def test_an_analyst_sees_no_names(self) -> None:
        intake = intake_2025()
        shown = nominee(intake)
        response = client_of(analyst()).get(reverse("community:talent:intake", args=[intake.pk]))
        assert response.status_code == 200
        assert shown.person.last_name not in response.content.decode()

    def test_an_unknown_intake_answers_404(self) -> None:
        response = client_of(officer()).get(reverse("community:talent:intake", args=[999999]))
        assert response.status_code == 404

    def test_a_regional_officer_scores_from_the_page(self) -> None:
        intake = intake_2025()
        leadership, _education = criteria(intake)
        nomination = nominee(intake)
        response = client_of(officer()).post(
            reverse("community:talent:intake-score", args=[intake.pk]),
            {"nomination": nomination.pk, "criterion": leadership.pk, "score": 7},
        )
        assert response.status_code == 302
        assert Score.objects.get(nomination=nomination).score == 7

    def test_a_case_worker_may_not_score(self) -> None:
        intake = intake_2025()
        leadership, _education = criteria(intake)
        response = client_of(case_worker()).post(
            reverse("community:talent:intake-score", args=[intake.pk]),
            {"nomination": nominee(intake).pk, "criterion": leadership.pk, "score": 7},
        )
        assert response.status_code == 403

    def test_the_intakes_list_opens_for_staff_only(self) -> None:
        intake_2025()
        url = reverse("community:talent:intakes")
        assert client_of(analyst()).get(url).status_code == 200
        assert client_of(make_person_user()).get(url).status_code == 403


def make_person_user() -> object:
    from jastar.community.talent.tests.helpers import make_user

    return make_user("plain")


class NominatePageTests:
    def test_a_case_worker_nominates_by_iin(self) -> None:
        intake = intake_2025()
        person = make_person()
        response = client_of(case_worker()).post(
            reverse("community:talent:nominate", args=[intake.pk]),
            {
                "iin": person.iin,
                "nominated_by": "Kaskelen akimat",
                "nominated_on": "2025-02-10",
                "position": "Specialist",
                "motivation": "",
            },
        )
        assert response.status_code == 302
        assert Nomination.objects.filter(intake=intake, person=person).exists()

    def test_a_person_out_of_reach_is_not_found_by_iin(self) -> None:
        intake = intake_2025()
        person = make_person(district=district("enbekshikazakh"))
        response = client_of(case_worker()).post(
            reverse("community:talent:nominate", args=[intake.pk]),
            {"iin": person.iin, "nominated_by": "x", "nominated_on": "2025-02-10"},
        )
        assert response.status_code == 200
        assert not Nomination.objects.exists()


class MemberPagesTests:
    def test_the_members_list_shows_trainings_and_appointments(self) -> None:
        membership = member()
        response = client_of(case_worker()).get(reverse("community:talent:members"))
        assert response.status_code == 200
        assert membership.person.full_name in response.content.decode()

    def test_a_case_worker_records_an_appointment(self) -> None:
        membership = member()
        response = client_of(case_worker()).post(
            reverse("community:talent:appointment-new", args=[membership.pk]),
            {
                "post": "Deputy akim",
                "organisation": "Kaskelen akimat",
                "appointed_on": date(2025, 9, 1).isoformat(),
                "leading_post": "on",
            },
        )
        assert response.status_code == 302
        assert Appointment.objects.get(membership=membership).leading_post

    def test_a_member_of_another_district_answers_404(self) -> None:
        membership = member("enbekshikazakh")
        response = client_of(case_worker()).get(
            reverse("community:talent:training-new", args=[membership.pk])
        )
        assert response.status_code == 404


class MembershipEndPageTests:
    def test_a_case_worker_ends_a_membership_from_the_members_page(self) -> None:
        membership = member()
        client = client_of(case_worker())
        listing = client.get(reverse("community:talent:members")).content.decode()
        url = reverse("community:talent:membership-end", args=[membership.pk])
        assert url in listing
        assert client.get(url).status_code == 200
        response = client.post(url, {"on": "2026-01-15", "status": "withdrawn"})
        assert response.status_code == 302
        membership.refresh_from_db()
        assert membership.status == MembershipStatus.WITHDRAWN
        assert membership.ends_on == date(2026, 1, 15)

    def test_a_date_before_the_membership_began_is_refused_on_the_form(self) -> None:
        membership = member()
        response = client_of(case_worker()).post(
            reverse("community:talent:membership-end", args=[membership.pk]),
            {"on": "2025-01-01", "status": "ended"},
        )
        assert response.status_code == 200
        membership.refresh_from_db()
        assert membership.status == MembershipStatus.ACTIVE

    def test_an_analyst_may_not_end_a_membership_nor_sees_the_link(self) -> None:
        membership = member()
        client = client_of(analyst())
        url = reverse("community:talent:membership-end", args=[membership.pk])
        assert url not in client.get(reverse("community:talent:members")).content.decode()
        response = client.post(url, {"on": "2026-01-15", "status": "ended"})
        assert response.status_code == 404
        membership.refresh_from_db()
        assert membership.status == MembershipStatus.ACTIVE

    def test_a_case_worker_of_another_district_gets_404(self) -> None:
        membership = member("enbekshikazakh")
        response = client_of(case_worker()).post(
            reverse("community:talent:membership-end", args=[membership.pk]),
            {"on": "2026-01-15", "status": "ended"},
        )
        assert response.status_code == 404
