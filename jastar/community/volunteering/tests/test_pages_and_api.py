from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from jastar.accounts.tests.factories import make_user
from jastar.community.volunteering.models import HoursStatus
from jastar.community.volunteering.tests.helpers import (
    aigerim_volunteer,
    at,
    clean_up,
    kind_hearts,
    logged,
)
from jastar.core.models import AuditAction, AuditEvent
from jastar.registry.tests.factories import district

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return clean_up(kind_hearts(), starts_at=at(2026, 6, 10), ends_at=at(2026, 6, 30))


class PublicPageTests:
    def test_anyone_sees_upcoming_public_events_without_names(self, client, event):
        logged(aigerim_volunteer(), event)
        clean_up(
            event.organisation,
            title="Жабық іс-шара",
            is_public=False,
            starts_at=at(2026, 7, 1),
            ends_at=at(2026, 7, 1, 12),
        )
        clean_up(
            event.organisation,
            title="Өткен іс-шара",
            starts_at=at(2026, 1, 1),
            ends_at=at(2026, 1, 1, 12),
        )
        response = client.get(
            reverse("community:volunteering:events-public"), HTTP_ACCEPT_LANGUAGE="kk"
        )
        text = response.content.decode()
        assert response.status_code == 200
        assert event.title in text and "Мейірім жүректер" in text
        assert "Жабық" not in text and "Өткен" not in text
        assert "Сейітқалиева" not in text
        assert ">29<" in text  # 30 places, one volunteer

    def test_public_api_lists_events_for_anyone(self, client, event):
        response = client.get(reverse("api:volunteering-event-list"))
        assert response.status_code == 200
        [row] = response.json()["results"]
        assert row["title"] == event.title and row["free_places"] == 30


class EventPageTests:
    def test_a_case_worker_sees_names_and_the_view_is_audited(self, client, event):
        log = logged(aigerim_volunteer(), event)
        client.force_login(make_user("w", "case_worker", district=district("karasai")))
        response = client.get(
            reverse("community:volunteering:event", kwargs={"event_id": event.pk})
        )
        assert "Сейітқалиева" in response.content.decode()
        assert AuditEvent.objects.filter(
            action=AuditAction.VIEW, target_id=str(log.volunteer.person_id)
        ).exists()

    def test_an_analyst_sees_the_hours_without_names(self, client, event):
        logged(aigerim_volunteer(), event)
        client.force_login(make_user("a", "analyst"))
        response = client.get(
            reverse("community:volunteering:event", kwargs={"event_id": event.pk})
        )
        assert response.status_code == 200
        assert "Сейітқалиева" not in response.content.decode()

    def test_an_event_of_another_district_is_not_found(self, client, event):
        client.force_login(make_user("w", "case_worker", district=district("talgar")))
        response = client.get(
            reverse("community:volunteering:event", kwargs={"event_id": event.pk})
        )
        assert response.status_code == 404

    def test_a_coordinator_confirms_hours_with_the_button(self, client, event):
        coordinator = make_user("c")
        event.organisation.coordinators.add(coordinator)
        log = logged(aigerim_volunteer(), event)
        client.force_login(coordinator)
        url = reverse("community:volunteering:hours-decide", kwargs={"log_id": log.pk})
        assert client.post(url, {"decision": "confirm"}).status_code == 302
        log.refresh_from_db()
        assert log.status == HoursStatus.CONFIRMED

    def test_logs_hours_with_the_form(self, client, event):
        volunteer = aigerim_volunteer()
        client.force_login(make_user("o", "regional_officer"))
        url = reverse("community:volunteering:hours-new", kwargs={"event_id": event.pk})
        data = {"iin": volunteer.person.iin, "worked_on": "2026-06-12", "hours": "4.5"}
        assert client.post(url, data).status_code == 302
        assert volunteer.hours.get().hours == Decimal("4.5")
        bad = client.post(url, {**data, "worked_on": "2026-06-20"})
        assert bad.status_code == 200 and volunteer.hours.count() == 1

    def test_volunteer_page_is_hidden_from_an_analyst(self, client):
        volunteer = aigerim_volunteer()
        client.force_login(make_user("a", "analyst"))
        url = reverse("community:volunteering:volunteer", kwargs={"volunteer_id": volunteer.pk})
        assert client.get(url).status_code == 404
        client.force_login(make_user("o", "regional_officer"))
        assert client.get(url).status_code == 200

    def test_lists_and_awards_pages_open(self, client, event):
        client.force_login(make_user("o", "regional_officer"))
        for name, kwargs in [
            ("organisations", {}),
            ("organisation", {"organisation_id": event.organisation_id}),
            ("awards", {}),
        ]:
            response = client.get(reverse(f"community:volunteering:{name}", kwargs=kwargs))
            assert response.status_code == 200


class HoursApiTests:
    def test_logs_and_confirms_hours(self, client, event):
        volunteer = aigerim_volunteer()
        client.force_login(make_user("o", "regional_officer"))
        data = {
            "volunteer": volunteer.pk,
            "event": event.pk,
            "worked_on": "2026-06-12",
            "hours": "5",
        }
        created = client.post(
            reverse("api:volunteering-hours-list"), data, content_type="application/json"
        )
        assert created.status_code == 201, created.json()
        log_id = created.json()["id"]
        url = reverse("api:volunteering-hours-confirm", kwargs={"log_id": log_id})
        confirmed = client.post(url)
        assert confirmed.json()["status"] == "confirmed"
        listed = client.get(reverse("api:volunteering-hours-list")).json()["results"]
        assert listed[0]["full_name"].startswith("Сейітқалиева")

    def test_refuses_hours_over_a_day_and_unknown_events(self, client, event):
        volunteer = aigerim_volunteer()
        client.force_login(make_user("o", "regional_officer"))
        data = {
            "volunteer": volunteer.pk,
            "event": event.pk,
            "worked_on": "2026-06-12",
            "hours": "25",
        }
        url = reverse("api:volunteering-hours-list")
        assert client.post(url, data, content_type="application/json").status_code == 400
        data.update(hours="2", event=event.pk + 100)
        assert client.post(url, data, content_type="application/json").status_code == 404

    def test_an_analyst_may_not_confirm_and_anonymous_callers_get_401(self, client, event):
        log = logged(aigerim_volunteer(), event)
        url = reverse("api:volunteering-hours-confirm", kwargs={"log_id": log.pk})
        assert client.post(url).status_code == 401
        client.force_login(make_user("a", "analyst"))
        assert client.post(url).status_code == 403
        [row] = client.get(reverse("api:volunteering-hours-list")).json()["results"]
        assert row["full_name"] == ""


class CertificatePageTests:
    def test_an_officer_issues_and_downloads_a_certificate(self, client, event):
        officer = make_user("o", "regional_officer")
        volunteer = aigerim_volunteer()
        from jastar.community.volunteering import services

        services.hours_confirm(
            actor=officer, log=logged(volunteer, event, worked_on=date(2026, 6, 11))
        )
        client.force_login(officer)
        url = reverse(
            "community:volunteering:certificate-new", kwargs={"volunteer_id": volunteer.pk}
        )
        client.post(url, {"period_from": "2026-01-01", "period_to": "2026-06-15"})
        certificate = volunteer.certificates.get()
        assert certificate.hours == Decimal(6)
        pdf_url = reverse(
            "community:volunteering:certificate-pdf", kwargs={"certificate_id": certificate.pk}
        )
        response = client.get(pdf_url, {"lang": "kk"})
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-")

    def test_a_period_without_confirmed_hours_issues_nothing(self, client):
        volunteer = aigerim_volunteer()
        client.force_login(make_user("o", "regional_officer"))
        url = reverse(
            "community:volunteering:certificate-new", kwargs={"volunteer_id": volunteer.pk}
        )
        client.post(url, {"period_from": "2026-01-01", "period_to": "2026-06-15"})
        assert not volunteer.certificates.exists()


class PublicPageLanguageTests:
    @pytest.mark.parametrize("prefix", ["", "/ru", "/en"])
    def test_public_page_answers_in_each_language(self, client, prefix):
        response = client.get(prefix + "/community/volunteering/events/")
        assert response.status_code == 200
        assert response["Content-Language"] == (prefix.strip("/") or "kk")
