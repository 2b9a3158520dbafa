"""The prizes pages: who sees what, the forms, and the audit of named pages."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from jastar.accounts.models import Role
from jastar.accounts.tests.factories import make_user
from jastar.community.prizes.models import Application, CallStatus, JuryScore
from jastar.community.prizes.tests.helpers import apply, eligible, zangar_2025
from jastar.core.models import AuditAction, AuditEvent
from jastar.registry.tests.factories import aigerim_neet_graduate, district, nurlan_student

pytestmark = pytest.mark.django_db


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _worker() -> Client:
    return _client(make_user("aliya", Role.CASE_WORKER, district=district("karasai")))


class CallPageTests:
    def test_a_case_worker_sees_their_districts_applicants_only_and_it_is_audited(self) -> None:
        call = zangar_2025()
        mine = aigerim_neet_graduate()
        apply(call, mine)
        apply(call, nurlan_student())
        response = _worker().get(reverse("community:prizes:call", args=[call.pk]))
        assert response.status_code == 200
        text = response.content.decode()
        assert "Сейітқалиева" in text and "Омаров" not in text
        assert AuditEvent.objects.filter(
            action=AuditAction.VIEW, target_type="registry.person", target_id=str(mine.pk)
        ).exists()

    def test_an_analyst_sees_the_call_without_names(self) -> None:
        call = zangar_2025()
        apply(call, aigerim_neet_graduate())
        client = _client(make_user("dana", Role.ANALYST))
        response = client.get(reverse("community:prizes:call", args=[call.pk]))
        assert response.status_code == 200
        assert "Сейітқалиева" not in response.content.decode()

    def test_a_young_persons_login_is_refused(self) -> None:
        call = zangar_2025()
        client = _client(make_user("plain"))
        assert client.get(reverse("community:prizes:call", args=[call.pk])).status_code == 403

    def test_the_index_lists_the_calls(self) -> None:
        call = zangar_2025()
        response = _worker().get(reverse("community:prizes:index"))
        assert call.title in response.content.decode()


class ApplyPageTests:
    def test_submits_an_application_for_a_person_found_by_iin(self) -> None:
        call = zangar_2025()
        person = aigerim_neet_graduate()
        data = {
            "iin": person.iin,
            "project_title": "Жастар коворкингі",
            "summary": "Қаскелеңде",
            "category": "",
            "submitted_on": "2025-03-10",
        }
        response = _worker().post(reverse("community:prizes:apply", args=[call.pk]), data)
        assert response.status_code == 302
        assert Application.objects.filter(call=call, person=person).exists()

    def test_refuses_a_person_outside_the_district(self) -> None:
        call = zangar_2025()
        data = {
            "iin": nurlan_student().iin,
            "project_title": "x",
            "summary": "y",
            "submitted_on": "2025-03-10",
        }
        response = _worker().post(reverse("community:prizes:apply", args=[call.pk]), data)
        assert response.status_code == 200
        assert not Application.objects.exists()


class JuryPagesTests:
    def test_a_juror_scores_and_decides(self) -> None:
        call = zangar_2025(places=1, min_jurors=1)
        application = eligible(call, aigerim_neet_graduate())
        officer = _client(make_user("oleg", Role.REGIONAL_OFFICER))
        officer.post(reverse("community:prizes:score", args=[application.pk]), {"score": "77"})
        assert JuryScore.objects.get(application=application).score == 77
        response = officer.post(reverse("community:prizes:decide", args=[call.pk]))
        assert response.status_code == 302
        call.refresh_from_db()
        assert call.status == CallStatus.DECIDED
        page = officer.get(reverse("community:prizes:winners", args=[call.pk]))
        assert "Сейітқалиева" in page.content.decode()

    def test_a_case_worker_may_not_score(self) -> None:
        application = eligible(zangar_2025(), aigerim_neet_graduate())
        response = _worker().post(
            reverse("community:prizes:score", args=[application.pk]), {"score": "50"}
        )
        assert response.status_code == 403

    def test_an_application_out_of_reach_is_not_found(self) -> None:
        application = eligible(zangar_2025(), nurlan_student())
        response = _worker().post(
            reverse("community:prizes:screen", args=[application.pk]), {"eligible": "1"}
        )
        assert response.status_code == 404

    def test_a_case_worker_screens_in_their_district(self) -> None:
        application = apply(zangar_2025(), aigerim_neet_graduate())
        _worker().post(
            reverse("community:prizes:screen", args=[application.pk]),
            {"eligible": "0", "reason": "Жоба жоқ"},
        )
        application.refresh_from_db()
        assert application.reject_reason == "Жоба жоқ"
