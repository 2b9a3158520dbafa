from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from jastar.analytics.selectors import dashboard
from jastar.core.models import AuditAction, AuditEvent, DemoDataset
from jastar.registry import services
from jastar.registry.tests.factories import aigerim_neet_graduate, nurlan_student

pytestmark = pytest.mark.django_db


class HomePageTests:
    def test_shows_region_and_districts_in_kazakh_by_default(self, client: Client):
        aigerim_neet_graduate()
        response = client.get("/")
        assert response.status_code == 200
        body = response.content.decode()
        assert '<html lang="kk">' in body
        assert "Алматы облысы" in body
        assert "Қарасай ауданы" in body

    def test_switches_to_russian(self, client: Client):
        response = client.get("/ru/")
        assert response.status_code == 200
        assert "Карасайский район" in response.content.decode()

    def test_shows_the_aggregate_figures_of_the_dashboard(self, client: Client):
        aigerim = aigerim_neet_graduate()
        nurlan_student()
        services.placement_record(
            actor=None,
            person=aigerim,
            start_date=date(2026, 3, 2),
            channel="enbek",
            employment_type="permanent",
        )
        dash = dashboard(year=2026)
        assert (dash.neet_now.youth, dash.neet_now.neet, dash.outcome.placed) == (2, 0, 1)
        body = client.get("/en/").content.decode()
        figures = re.findall(r'<span class="figure">([^<]*)</span>', body)
        assert figures == ["2", "0", "0.0%", "1"]
        assert "placements in 2026" in body

    def test_shows_no_personal_data_to_visitors(self, client: Client):
        aigerim = aigerim_neet_graduate()
        body = client.get("/").content.decode()
        assert aigerim.iin not in body
        assert aigerim.first_name not in body

    def test_links_to_the_dashboard(self, client: Client):
        assert 'href="/ru/dashboard/"' in client.get("/ru/").content.decode()

    def test_reads_the_aggregates_in_a_few_queries(
        self, client: Client, django_assert_max_num_queries: Any
    ):
        for _ in range(3):
            aigerim_neet_graduate()
        with django_assert_max_num_queries(20):
            assert client.get("/").status_code == 200

    def test_shows_synthetic_banner_only_when_demo_loaded(self, client: Client):
        assert "demo-banner" not in client.get("/en/").content.decode()
        DemoDataset.objects.create(seed=1, scale="small", people=0, generated_until="2026-01-01")
        assert "demo-banner" in client.get("/en/").content.decode()


class AdminTests:
    @pytest.fixture
    def admin_client(self, client: Client, django_user_model):
        user = django_user_model.objects.create_superuser("boss", "boss@example.kz", "pw-123456")
        client.force_login(user)
        return client

    @pytest.mark.parametrize(
        "model",
        [
            "registry/person",
            "registry/employer",
            "registry/vacancy",
            "registry/placement",
            "registry/personstatuschange",
            "registry/district",
            "registry/settlement",
            "registry/occupation",
            "registry/educationlevel",
            "registry/fieldofstudy",
            "registry/industry",
            "registry/yearlyrates",
            "registry/region",
            "programs/program",
            "core/auditevent",
            "core/demodataset",
        ],
    )
    def test_every_model_has_list_and_add_pages(self, admin_client: Client, model: str):
        for language in ("", "ru/", "en/"):
            assert admin_client.get(f"/{language}admin/{model}/").status_code == 200
        assert admin_client.get(f"/en/admin/{model}/add/").status_code in (200, 403)

    def test_opening_a_person_is_audited_and_list_masks_iin(self, admin_client: Client):
        person = aigerim_neet_graduate()
        listing = admin_client.get("/en/admin/registry/person/").content.decode()
        assert person.masked_iin in listing
        assert person.iin not in listing
        assert admin_client.get(f"/en/admin/registry/person/{person.pk}/change/").status_code == 200
        assert AuditEvent.objects.filter(action=AuditAction.VIEW, target_id=str(person.pk)).exists()

    def test_admin_search_finds_name_in_other_script(self, admin_client: Client):
        person = aigerim_neet_graduate()
        page = admin_client.get("/en/admin/registry/person/", {"q": "Aigerim"}).content.decode()
        assert person.masked_iin in page

    def test_invalid_person_shows_service_error_and_saves_nothing(self, admin_client: Client):
        response = admin_client.post(
            "/en/admin/registry/person/add/",
            {
                "iin": "990101300000",
                "last_name": "Test",
                "first_name": "Test",
                "district": 1,
                "area": "urban",
                "status": "unemployed",
                "status_since": "2026-01-01",
                "registered_on": "2026-01-01",
                "birth_date": "1999-01-01",
                "sex": "M",
                "experience_months": 0,
                "languages": "[]",
                "status_changes-TOTAL_FORMS": 0,
                "status_changes-INITIAL_FORMS": 0,
            },
        )
        assert response.status_code == 200
        assert "errornote" in response.content.decode()
        assert not AuditEvent.objects.filter(action=AuditAction.CREATE).exists()


class CommandTests:
    def test_refdata_command_reports_nothing_new_after_migration(self, capsys):
        call_command("refdata")
        assert "reference data: 0 rows written" in capsys.readouterr().out


class DemoCommandTests:
    def test_loads_once_and_prints_demo_login(self, capsys, django_user_model):
        call_command("demo", "--scale", "300")
        first = capsys.readouterr().out
        assert "password jastar-demo" in first
        for login in ("demo ", "demo-caseworker", "demo-employer", "demo-youth"):
            assert login in first
        assert django_user_model.objects.get(username="demo").is_superuser
        call_command("demo", "--scale", "300")
        assert "already" in capsys.readouterr().out
        assert DemoDataset.objects.count() == 1

    def test_rejects_unknown_scale(self):
        from django.core.management.base import CommandError

        with pytest.raises(CommandError, match="--scale"):
            call_command("demo", "--scale", "huge")
