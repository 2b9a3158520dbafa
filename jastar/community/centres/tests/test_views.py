from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from jastar.accounts.models import Role
from jastar.accounts.tests.factories import PASSWORD, make_user
from jastar.community.centres.models import Centre, CentreStatus, Visit, VisitPurpose
from jastar.community.centres.services import visit_record
from jastar.community.centres.tests.helpers import kaskelen_centre, kegen_planned
from jastar.core.models import AuditAction, AuditEvent
from jastar.registry.tests.factories import aigerim_neet_graduate, district, nurlan_student

pytestmark = pytest.mark.django_db


def signed_in(role: str, **links: object) -> Client:
    user = make_user(f"user-{role}", role, **links)
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def url(name: str, **kwargs: int) -> str:
    return reverse(f"community:centres:{name}", kwargs=kwargs)


class CentrePagesTests:
    def test_a_case_worker_lists_only_their_districts_centres(self) -> None:
        mine, theirs = kaskelen_centre(), kegen_planned()
        client = signed_in(Role.CASE_WORKER, district=district("karasai"))
        page = client.get(url("home")).content.decode()
        assert mine.name_kk in page
        assert theirs.name_kk not in page
        assert client.get(url("centre", centre_id=theirs.pk)).status_code == 404
        assert client.get(url("centre-edit", centre_id=theirs.pk)).status_code == 404

    def test_a_case_worker_sees_a_named_visitor_and_the_view_is_audited(self) -> None:
        centre, aigerim = kaskelen_centre(), aigerim_neet_graduate()
        visit_record(
            actor=None,
            centre=centre,
            visited_on=date(2026, 5, 4),
            person=aigerim,
            purpose=VisitPurpose.CONSULTATION,
        )
        client = signed_in(Role.CASE_WORKER, district=district("karasai"))
        page = client.get(url("centre", centre_id=centre.pk)).content.decode()
        assert aigerim.first_name in page
        views = AuditEvent.objects.filter(action=AuditAction.VIEW, target_id=str(aigerim.pk))
        assert views.filter(target_type="registry.person").count() == 1

    def test_an_analyst_sees_the_centre_but_no_visitor_names_and_cannot_change_it(self) -> None:
        centre, aigerim = kaskelen_centre(), aigerim_neet_graduate()
        visit_record(
            actor=None,
            centre=centre,
            visited_on=date(2026, 5, 4),
            person=aigerim,
            purpose=VisitPurpose.CONSULTATION,
        )
        client = signed_in(Role.ANALYST)
        page = client.get(url("centre", centre_id=centre.pk)).content.decode()
        assert aigerim.first_name not in page
        assert client.get(url("visit-new", centre_id=centre.pk)).status_code == 403
        assert client.get(url("centre-new")).status_code == 403

    def test_an_officer_registers_and_opens_a_centre(self) -> None:
        client = signed_in(Role.REGIONAL_OFFICER)
        response = client.post(
            url("centre-new"),
            {
                "district": district("balkhash").pk,
                "kind": "youth_centre",
                "name_kk": "Балқаш жастар орталығы",
                "name_ru": "Молодёжный центр Балхаша",
                "capacity": 40,
            },
        )
        assert response.status_code == 302
        centre = Centre.objects.get(name_kk__startswith="Балқаш")
        response = client.post(url("centre-open", centre_id=centre.pk), {"on": "2026-06-01"})
        assert response.status_code == 302
        centre.refresh_from_db()
        assert centre.status == CentreStatus.OPEN

    def test_a_case_worker_records_a_visit_by_iin_of_a_person_in_reach_only(self) -> None:
        centre, aigerim = kaskelen_centre(), aigerim_neet_graduate()
        nurlan = nurlan_student()
        client = signed_in(Role.CASE_WORKER, district=district("karasai"))
        form = {"visited_on": "2026-05-04", "purpose": "consultation"}
        refused = client.post(url("visit-new", centre_id=centre.pk), {**form, "iin": nurlan.iin})
        assert refused.status_code == 200
        assert not Visit.objects.exists()
        done = client.post(url("visit-new", centre_id=centre.pk), {**form, "iin": aigerim.iin})
        assert done.status_code == 302
        assert Visit.objects.get().person == aigerim

    def test_an_event_form_records_the_event(self) -> None:
        centre = kaskelen_centre()
        client = signed_in(Role.CASE_WORKER, district=district("karasai"))
        response = client.post(
            url("event-new", centre_id=centre.pk),
            {
                "title": "IT-мектеп",
                "held_on": "2026-05-20",
                "audience": "teens",
                "anonymous_participants": 12,
            },
        )
        assert response.status_code == 302
        assert centre.events.get().anonymous_participants == 12
