"""Admin pages of the programs module: they render and save through the services."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from jastar.core.models import AuditEvent
from jastar.programs.lifecycle import ParticipationStatus
from jastar.programs.models import FollowUpKind, Participation, ProgramEdition, ProgramQuota
from jastar.programs.tests.factories import edition, participation_at
from jastar.registry.tests.factories import aigerim_neet_graduate, district

pytestmark = pytest.mark.django_db

MODELS = [
    "programs/programedition",
    "programs/programquota",
    "programs/participation",
    "programs/participationevent",
    "programs/followup",
]


@pytest.fixture
def admin_client(client: Client, django_user_model):
    user = django_user_model.objects.create_superuser("boss", "boss@example.kz", "pw-123456")
    client.force_login(user)
    return client


def _edition_form(**overrides):
    data = {
        "program": edition().program_id,
        "year": 2027,
        "rules": json.dumps([{"type": "age_range", "params": {"min": 18, "max": 35}}]),
        "max_duration_months": 12,
        "subsidy_mrp": "30",
        "payer": "state_budget",
        "quotas-TOTAL_FORMS": 0,
        "quotas-INITIAL_FORMS": 0,
    }
    data.update(overrides)
    return data


class ProgramsAdminTests:
    @pytest.mark.parametrize("model", MODELS)
    def test_every_model_has_a_list_page_in_each_language(self, admin_client: Client, model):
        participation_at(ParticipationStatus.PLACED)
        for language in ("", "ru/", "en/"):
            assert admin_client.get(f"/{language}admin/{model}/").status_code == 200

    @pytest.mark.parametrize(
        ("model", "status"),
        [
            ("programs/programedition", 200),
            ("programs/programquota", 200),
            ("programs/participation", 200),
            ("programs/participationevent", 403),
            ("programs/followup", 403),
        ],
    )
    def test_add_pages(self, admin_client: Client, model, status):
        assert admin_client.get(f"/en/admin/{model}/add/").status_code == status

    def test_change_pages_render(self, admin_client: Client):
        participation = participation_at(ParticipationStatus.PLACED)
        followup = participation.followups.get(kind=FollowUpKind.SIX_MONTHS)
        for path in (
            f"programs/participation/{participation.pk}",
            f"programs/programedition/{participation.edition_id}",
            f"programs/followup/{followup.pk}",
            f"programs/participationevent/{participation.events.all()[0].pk}",
        ):
            assert admin_client.get(f"/en/admin/{path}/change/").status_code == 200

    def test_edition_is_created_through_the_service(self, admin_client: Client):
        response = admin_client.post("/en/admin/programs/programedition/add/", _edition_form())
        assert response.status_code == 302
        created = ProgramEdition.objects.get(program=edition().program, year=2027)
        assert AuditEvent.objects.filter(
            target_type="programs.programedition", target_id=str(created.pk)
        ).exists()

    def test_invalid_rules_show_the_service_error(self, admin_client: Client):
        rules = json.dumps([{"type": "age_range", "params": {"min": 40, "max": 18}}])
        response = admin_client.post(
            "/en/admin/programs/programedition/add/", _edition_form(rules=rules)
        )
        assert response.status_code == 200
        assert "the minimum age 40 is above the maximum 18" in response.content.decode()
        assert not ProgramEdition.objects.filter(year=2027).exists()

    def test_quota_is_set_through_the_service(self, admin_client: Client):
        response = admin_client.post(
            "/en/admin/programs/programquota/add/",
            {
                "edition": edition().pk,
                "district": district().pk,
                "places": 5,
                "budget_tenge": 1_000_000,
            },
        )
        assert response.status_code == 302
        assert ProgramQuota.objects.get().places == 5

    def test_ineligible_application_shows_the_reasons(self, admin_client: Client):
        person = aigerim_neet_graduate()
        response = admin_client.post(
            "/en/admin/programs/participation/add/",
            {
                "person": person.pk,
                "edition": edition().pk,
                "applied_on": "2026-06-01",
                "events-TOTAL_FORMS": 0,
                "events-INITIAL_FORMS": 0,
                "followups-TOTAL_FORMS": 0,
                "followups-INITIAL_FORMS": 0,
            },
        )
        assert response.status_code == 200
        assert "No education level is recorded." in response.content.decode()
        assert not Participation.objects.exists()

    def test_approve_action_moves_applications(self, admin_client: Client):
        participation = participation_at(ParticipationStatus.APPLIED)
        admin_client.post(
            "/en/admin/programs/participation/",
            {"action": "approve_selected", "_selected_action": [participation.pk]},
        )
        participation.refresh_from_db()
        assert participation.status == ParticipationStatus.APPROVED

    def test_follow_up_result_is_recorded_through_the_service(self, admin_client: Client):
        participation = participation_at(ParticipationStatus.PLACED)
        followup = participation.followups.get(kind=FollowUpKind.SIX_MONTHS)
        response = admin_client.post(
            f"/en/admin/programs/followup/{followup.pk}/change/",
            {"done_on": "2026-06-14", "still_employed": "true", "note": "called"},
        )
        assert response.status_code == 302
        followup.refresh_from_db()
        assert followup.still_employed is True
        assert AuditEvent.objects.filter(
            target_type="programs.followup", target_id=str(followup.pk), action="update"
        ).exists()
