"""The person's page (audited, with its htmx panels), registering, editing with
optimistic locking, and recording a change of status."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.urls import reverse
from django.utils import translation

from jastar.core.models import AuditAction, AuditEvent
from jastar.insight.models import RiskModelVersion, RiskScore
from jastar.programs.lifecycle import ParticipationStatus
from jastar.programs.tests.factories import edition, graduate, participation_at
from jastar.registry.models import Occupation, Person, PersonStatus
from jastar.registry.tests.factories import (
    aigerim_neet_graduate,
    centre_of,
    district,
    make_vacancy,
    new_iin,
)

pytestmark = pytest.mark.django_db


def page_of(client: Client, name: str, person: Person, **headers: Any) -> str:
    response = client.get(reverse(name, args=[person.pk]), headers=headers)
    assert response.status_code == 200
    return response.content.decode()


class PersonPageTests:
    def test_shows_the_facts_with_the_full_iin_and_contacts(self, karasai_worker: Client):
        aigerim = aigerim_neet_graduate(
            phone="+7 701 555 12 34", email="aigerim@example.kz", languages=["kk", "en"]
        )
        with translation.override("en"):
            page = page_of(karasai_worker, "web:person", aigerim)
        facts = page.split('id="facts"')[1].split("</section>")[0]
        assert "<dd>Kazakh, English</dd>" in facts
        assert aigerim.full_name in page
        assert aigerim.iin in page
        assert "+7 701 555 12 34" in page
        assert "aigerim@example.kz" in page
        assert "Қаскелең" in page

    def test_opening_the_page_is_audited_with_the_address(self, karasai_worker: Client):
        aigerim = aigerim_neet_graduate()
        page_of(karasai_worker, "web:person", aigerim)
        event = AuditEvent.objects.get(action=AuditAction.VIEW, target_id=str(aigerim.pk))
        assert event.target_type == "registry.person"
        assert event.actor is not None and event.actor.username == "aliya"
        assert event.ip_address == "10.1.2.3"

    def test_shows_the_status_history_and_the_status_form(self, karasai_worker: Client):
        aigerim = aigerim_neet_graduate()
        with translation.override("en"):
            page = page_of(karasai_worker, "web:person", aigerim)
        history = page.split('class="history"')[1].split("</ol>")[0]
        assert "Unemployed" in history
        assert reverse("web:person-status", args=[aigerim.pk]) in page
        assert reverse("web:person-edit", args=[aigerim.pk]) in page

    def test_loads_the_heavy_panels_afterwards_with_htmx(self, karasai_worker: Client):
        aigerim = aigerim_neet_graduate()
        page = page_of(karasai_worker, "web:person", aigerim)
        for name in ("web:person-eligibility", "web:person-recommendations"):
            assert f'hx-get="{reverse(name, args=[aigerim.pk])}"' in page
        assert 'hx-trigger="load"' in page

    def test_regional_officer_opens_any_district(self, officer: Client):
        aigerim = aigerim_neet_graduate()
        assert aigerim.iin in page_of(officer, "web:person", aigerim)

    def test_shows_the_risk_panel_to_those_who_may_see_scores(self, karasai_worker, db):
        aigerim = aigerim_neet_graduate()
        version = RiskModelVersion.objects.create(
            trained_on=date(2024, 6, 30),
            tested_on=date(2025, 6, 30),
            seed=1,
            rows_trained=100,
            rows_tested=100,
            metrics={},
            model=b"",
        )
        RiskScore.objects.create(
            person=aigerim,
            version=version,
            probability=0.62,
            percentile=95,
            reasons=[["status=unemployed", 0.4]],
            computed_on=date(2026, 6, 15),
        )
        with translation.override("en"):
            page = page_of(karasai_worker, "web:person", aigerim)
            assert "Band 10 of 10" in page
            assert "62%" in page
            # Staff with personal data but without the insight permission see no score.
            user = User.objects.create_user("clerk", is_staff=True)
            user.user_permissions.add(Permission.objects.get(codename="view_personal_data"))
            clerk = Client()
            clerk.force_login(user)
            page = page_of(clerk, "web:person", aigerim)
        assert aigerim.iin in page
        assert "Band 10 of 10" not in page


class PersonPanelTests:
    def test_eligibility_panel_gives_each_program_with_reasons(self, karasai_worker: Client):
        aigerim = graduate()
        program = edition("youth_practice").program
        page = page_of(karasai_worker, "web:person-eligibility", aigerim, HX_Request="true")
        assert "<html" not in page
        assert program.name in page
        assert "✓" in page

    def test_eligibility_panel_is_a_small_page_without_javascript(self, karasai_worker):
        aigerim = graduate()
        page = page_of(karasai_worker, "web:person-eligibility", aigerim)
        assert "<html" in page
        assert edition("youth_practice").program.name in page
        # No personal data on it, so it is not audited as a view.
        assert aigerim.full_name not in page
        assert not AuditEvent.objects.filter(action=AuditAction.VIEW).exists()

    def test_recommendations_panel_explains_the_vacancies(self, karasai_worker: Client):
        driver = Occupation.objects.get(code="8322")
        aigerim = aigerim_neet_graduate(desired_occupations=[driver])
        vacancy = make_vacancy(
            title_kk="Жүргізуші",
            title_ru="Водитель",
            occupation=driver,
            settlement=centre_of("karasai"),
        )
        with translation.override("en"):
            page = page_of(karasai_worker, "web:person-recommendations", aigerim, HX_Request="true")
            assert "The same occupation the person wants or is skilled in" in page
        assert "<html" not in page
        assert "Жүргізуші" in page
        link = reverse("web:person-placement-new", args=[aigerim.pk])
        assert f"{link}?vacancy={vacancy.pk}" in page

    def test_recommendations_panel_lists_programs(self, karasai_worker: Client):
        aigerim = graduate()
        page = page_of(karasai_worker, "web:person-recommendations", aigerim, HX_Request="true")
        assert edition("youth_practice").program.name in page


def register_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "iin": new_iin(date(2002, 3, 8), "F"),
        "last_name": "Нұрланова",
        "first_name": "Дана",
        "patronymic": "",
        "settlement": centre_of("karasai").pk,
        "status": PersonStatus.UNEMPLOYED,
        "experience_months": "0",
        "languages": ["kk", "ru"],
        "skills": "Excel, 1C",
        "phone": "+7 777 000 11 22",
        "consent": "on",
    }
    data.update(overrides)
    return data


class PersonRegisterTests:
    def test_case_worker_registers_a_person_in_their_district(self, karasai_worker: Client):
        response = karasai_worker.post(reverse("web:person-new"), register_data())
        person = Person.objects.get(last_name="Нұрланова")
        assert response.status_code == 302
        assert response["Location"] == reverse("web:person", args=[person.pk])
        assert person.district == district("karasai")
        assert person.birth_date == date(2002, 3, 8)
        assert person.consent_given_on == date(2026, 6, 15)
        assert person.languages == ["kk", "ru"]

    def test_confirms_the_registration(self, karasai_worker: Client):
        with translation.override("en"):
            response = karasai_worker.post(reverse("web:person-new"), register_data(), follow=True)
        assert "Нұрланова Дана is registered." in response.content.decode()

    def test_the_form_offers_no_district_to_a_case_worker(self, karasai_worker: Client):
        page = karasai_worker.get(reverse("web:person-new")).content.decode()
        assert 'name="district"' not in page
        assert "Қаскелең" in page

    def test_refuses_without_consent(self, karasai_worker: Client):
        data = register_data()
        del data["consent"]
        with translation.override("en"):
            response = karasai_worker.post(reverse("web:person-new"), data)
        assert response.status_code == 200
        assert "only with their consent" in response.content.decode()
        assert not Person.objects.exists()

    def test_shows_the_service_errors_on_their_fields(self, karasai_worker: Client):
        # Born 1980: 46 on registration, above the youth limit (the IIN gives the age).
        data = register_data(iin=new_iin(date(1980, 3, 8), "F"))
        with translation.override("en"):
            response = karasai_worker.post(reverse("web:person-new"), data)
        form = response.context["form"]
        assert "above the youth limit" in " ".join(form.errors["iin"])
        assert not Person.objects.exists()

    def test_shows_a_duplicate_iin_on_the_iin_field(self, karasai_worker: Client):
        aigerim = aigerim_neet_graduate()
        response = karasai_worker.post(reverse("web:person-new"), register_data(iin=aigerim.iin))
        assert "iin" in response.context["form"].errors
        assert Person.objects.count() == 1

    def test_officer_chooses_the_district_and_a_settlement_in_it(self, officer: Client):
        data = register_data(district=district("talgar").pk)
        with translation.override("en"):
            response = officer.post(reverse("web:person-new"), data)
        assert "is not in" in " ".join(response.context["form"].errors["settlement"])
        data["settlement"] = centre_of("talgar").pk
        assert officer.post(reverse("web:person-new"), data).status_code == 302
        assert Person.objects.get().district == district("talgar")

    def test_analyst_cannot_register(self, analyst: Client):
        assert analyst.get(reverse("web:person-new")).status_code == 403
        assert analyst.post(reverse("web:person-new"), register_data()).status_code == 403
        assert not Person.objects.exists()


def version_in(page: str) -> str:
    found = re.search(r'name="version" value="(\d+)"', page)
    assert found is not None
    return found.group(1)


class PersonEditTests:
    def edit_data(self, person: Person, version: str, **overrides: Any) -> dict[str, Any]:
        data: dict[str, Any] = {
            "version": version,
            "last_name": person.last_name,
            "first_name": person.first_name,
            "patronymic": person.patronymic,
            "district": person.district_id,
            "settlement": person.settlement_id or "",
            "education_level": person.education_level_id or "",
            "graduation_year": person.graduation_year or "",
            "field_of_study": person.field_of_study_id or "",
            "experience_months": person.experience_months,
            "expected_salary": person.expected_salary or "",
            "languages": person.languages,
            "skills": person.skills,
            "phone": person.phone,
            "email": person.email,
        }
        data.update(overrides)
        return data

    def test_saves_the_changes(self, karasai_worker: Client):
        aigerim = aigerim_neet_graduate()
        url = reverse("web:person-edit", args=[aigerim.pk])
        version = version_in(karasai_worker.get(url).content.decode())
        response = karasai_worker.post(url, self.edit_data(aigerim, version, phone="+7 700 1"))
        assert response.status_code == 302
        aigerim.refresh_from_db()
        assert aigerim.phone == "+7 700 1"
        assert aigerim.version == int(version) + 1

    def test_opening_the_edit_form_is_audited(self, karasai_worker: Client):
        aigerim = aigerim_neet_graduate()
        karasai_worker.get(reverse("web:person-edit", args=[aigerim.pk]))
        assert AuditEvent.objects.filter(
            action=AuditAction.VIEW, target_id=str(aigerim.pk)
        ).exists()

    def test_a_stale_form_is_refused_and_names_who_changed_the_record(
        self, karasai_worker: Client, officer: Client
    ):
        aigerim = aigerim_neet_graduate()
        url = reverse("web:person-edit", args=[aigerim.pk])
        first = version_in(karasai_worker.get(url).content.decode())
        second = version_in(officer.get(url).content.decode())
        assert first == second
        saved = officer.post(url, self.edit_data(aigerim, second, phone="+7 700 2"))
        assert saved.status_code == 302
        with translation.override("en"):
            en_url = reverse("web:person-edit", args=[aigerim.pk])
            refused = karasai_worker.post(en_url, self.edit_data(aigerim, first, skills="Welding"))
        page = refused.content.decode()
        assert refused.status_code == 200
        assert "regional_officer-all changed this record at" in page
        aigerim.refresh_from_db()
        assert (aigerim.phone, aigerim.skills) == ("+7 700 2", "")
        assert aigerim.version == int(first) + 1

    def test_shows_validation_errors(self, karasai_worker: Client):
        aigerim = aigerim_neet_graduate()
        url = reverse("web:person-edit", args=[aigerim.pk])
        version = version_in(karasai_worker.get(url).content.decode())
        response = karasai_worker.post(url, self.edit_data(aigerim, version, email="nope"))
        assert "email" in response.context["form"].errors
        response = karasai_worker.post(
            url, self.edit_data(aigerim, version, graduation_year="2004")
        )
        assert "graduation_year" in response.context["form"].errors
        aigerim.refresh_from_db()
        assert aigerim.graduation_year == 2024

    def test_nothing_changed_writes_nothing(self, karasai_worker: Client):
        aigerim = aigerim_neet_graduate()
        url = reverse("web:person-edit", args=[aigerim.pk])
        version = version_in(karasai_worker.get(url).content.decode())
        assert karasai_worker.post(url, self.edit_data(aigerim, version)).status_code == 302
        aigerim.refresh_from_db()
        assert aigerim.version == int(version)


class PersonStatusTests:
    def test_records_a_change_of_status(self, karasai_worker: Client):
        aigerim = aigerim_neet_graduate()
        data = {"status": PersonStatus.IN_TRAINING, "valid_from": "2026-06-10", "note": "Курс"}
        with translation.override("en"):
            url = reverse("web:person-status", args=[aigerim.pk])
            response = karasai_worker.post(url, data, follow=True)
        assert "The status change is recorded." in response.content.decode()
        aigerim.refresh_from_db()
        assert (aigerim.status, aigerim.status_since) == ("in_training", date(2026, 6, 10))

    def test_refuses_a_date_in_the_future_on_its_field(self, karasai_worker: Client):
        aigerim = aigerim_neet_graduate()
        data = {"status": PersonStatus.EMPLOYED, "valid_from": "2026-07-01"}
        with translation.override("en"):
            url = reverse("web:person-status", args=[aigerim.pk])
            response = karasai_worker.post(url, data)
        assert "is in the future" in " ".join(response.context["form"].errors["valid_from"])
        aigerim.refresh_from_db()
        assert aigerim.status == PersonStatus.UNEMPLOYED

    def test_the_form_has_a_page_of_its_own(self, karasai_worker: Client):
        aigerim = aigerim_neet_graduate()
        page = page_of(karasai_worker, "web:person-status", aigerim)
        assert 'name="valid_from"' in page


class OccupationChoiceTests:
    def test_registers_the_desired_occupations(self, karasai_worker: Client):
        driver = Occupation.objects.get(code="8322")
        data = register_data(desired_occupations=[driver.pk])
        assert karasai_worker.post(reverse("web:person-new"), data).status_code == 302
        assert list(Person.objects.get().desired_occupations.all()) == [driver]

    def test_offers_unit_groups_and_keeps_a_broader_choice_already_made(self, karasai_worker):
        minor = Occupation.objects.filter(level=3).first()
        assert minor is not None
        aigerim = aigerim_neet_graduate(desired_occupations=[minor])
        new_form = karasai_worker.get(reverse("web:person-new")).content.decode()
        assert f'<option value="{minor.pk}"' not in new_form
        assert f'<option value="{Occupation.objects.get(code="8322").pk}"' in new_form
        edit = page_of(karasai_worker, "web:person-edit", aigerim)
        assert f'<option value="{minor.pk}" selected' in edit


class PersonSpeedTests:
    def test_the_page_and_the_list_read_in_a_few_queries(
        self, karasai_worker: Client, django_assert_max_num_queries: Any
    ):
        participation = participation_at(ParticipationStatus.PLACED)
        for _ in range(3):
            aigerim_neet_graduate()
        with django_assert_max_num_queries(20):
            page_of(karasai_worker, "web:person", participation.person)
        with django_assert_max_num_queries(12):
            karasai_worker.get(reverse("web:people"))
