"""The list of young people: search in any alphabet, filters, pages, htmx, and what each
role sees of it."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from jastar.accounts.models import Role
from jastar.registry.models import PersonStatus
from jastar.registry.tests.factories import (
    aigerim_neet_graduate,
    centre_of,
    district,
    make_employer,
    make_person,
    nurlan_student,
)
from jastar.web.people import views
from jastar.web.tests.people.conftest import make_user

pytestmark = pytest.mark.django_db


def url() -> str:
    return reverse("web:people")


def body(
    client: Client, params: dict[str, Any] | None = None, headers: dict[str, str] | None = None
) -> str:
    response = client.get(url(), params or {}, headers=headers or {})
    assert response.status_code == 200
    return response.content.decode()


def daniyar(**overrides: Any) -> Any:
    """A young man of Karasai, employed, born in 1996 (30 on the frozen today)."""
    values: dict[str, Any] = {
        "last_name": "Жұмабаев",
        "first_name": "Данияр",
        "patronymic": "",
        "birth_date": date(1996, 1, 20),
        "sex": "M",
        "status": PersonStatus.EMPLOYED,
    }
    return make_person(**(values | overrides))


class PeopleListTests:
    def test_case_worker_sees_the_people_of_their_district_with_masked_iins(
        self, karasai_worker: Client
    ):
        aigerim = aigerim_neet_graduate()
        nurlan = nurlan_student()  # Enbekshikazakh
        page = body(karasai_worker)
        assert aigerim.full_name in page
        assert aigerim.masked_iin in page
        assert aigerim.iin not in page
        assert nurlan.full_name not in page
        assert reverse("web:person", args=[aigerim.pk]) in page

    def test_search_by_a_name_in_latin_letters_finds_a_cyrillic_name(self, karasai_worker):
        aigerim = aigerim_neet_graduate()
        dani = daniyar()
        page = body(karasai_worker, {"q": "Seyitkaliyeva Aigerim"})
        assert aigerim.full_name in page
        assert dani.full_name not in page

    def test_search_by_a_russian_spelling_finds_the_kazakh_name(self, karasai_worker):
        aigerim = aigerim_neet_graduate()
        assert aigerim.full_name in body(karasai_worker, {"q": "Айгерим"})

    def test_search_by_the_start_of_an_iin(self, karasai_worker):
        aigerim = aigerim_neet_graduate()
        dani = daniyar()
        page = body(karasai_worker, {"q": dani.iin[:8]})
        assert dani.full_name in page
        assert aigerim.full_name not in page

    def test_filters_by_status_neet_sex_age_and_settlement(self, karasai_worker):
        aigerim = aigerim_neet_graduate()  # NEET, female, 23, Kaskelen
        dani = daniyar()  # employed, male, 30, no settlement
        only_aigerim: list[dict[str, Any]] = [
            {"status": PersonStatus.UNEMPLOYED},
            {"neet": "yes"},
            {"sex": "F"},
            {"age": "18-24"},
            {"settlement": centre_of("karasai").pk},
        ]
        for params in only_aigerim:
            page = body(karasai_worker, params)
            assert aigerim.full_name in page, params
            assert dani.full_name not in page, params
        page = body(karasai_worker, {"neet": "no", "age": "30-35"})
        assert dani.full_name in page
        assert aigerim.full_name not in page

    def test_an_invalid_filter_is_ignored(self, karasai_worker):
        aigerim = aigerim_neet_graduate()
        assert aigerim.full_name in body(karasai_worker, {"age": "99-120", "neet": "maybe"})

    def test_case_worker_cannot_choose_another_district(self, karasai_worker):
        nurlan = nurlan_student()
        page = body(karasai_worker, {"district": district("enbekshikazakh").pk})
        assert nurlan.full_name not in page
        assert 'name="district"' not in page

    def test_regional_officer_sees_and_filters_every_district(self, officer: Client):
        aigerim = aigerim_neet_graduate()
        nurlan = nurlan_student()
        page = body(officer)
        assert aigerim.full_name in page and nurlan.full_name in page
        page = body(officer, {"district": district("enbekshikazakh").pk})
        assert nurlan.full_name in page
        assert aigerim.full_name not in page

    def test_pages_keep_the_filters(self, karasai_worker, monkeypatch):
        monkeypatch.setattr(views, "PER_PAGE", 2)
        for first_name in ("Айгүл", "Бекзат", "Ғалия"):
            aigerim_neet_graduate(first_name=first_name)
        first = body(karasai_worker, {"neet": "yes"})
        assert "Ғалия" not in first
        assert "?neet=yes&amp;page=2" in first
        second = body(karasai_worker, {"neet": "yes", "page": 2})
        assert "Ғалия" in second
        assert "Айгүл" not in second

    def test_counts_the_people_found(self, karasai_worker):
        aigerim_neet_graduate()
        daniyar()
        with translation.override("en"):
            assert "2 people found." in body(karasai_worker, {"q": ""})


class PeopleListHtmxTests:
    def test_typing_in_the_search_box_returns_only_the_results(self, karasai_worker):
        aigerim = aigerim_neet_graduate()
        response = karasai_worker.get(url(), {"q": "aigerim"}, headers={"HX-Request": "true"})
        page = response.content.decode()
        assert aigerim.full_name in page
        assert "<html" not in page
        assert 'id="results"' not in page
        assert "HX-Request" in response["Vary"]

    def test_the_page_wires_the_search_box_to_the_results(self, karasai_worker):
        page = body(karasai_worker)
        assert 'hx-trigger="keyup changed delay:300ms, search"' in page
        assert 'hx-target="#results"' in page
        assert 'hx-push-url="true"' in page
        assert "<html" in page

    def test_a_history_restore_gets_the_whole_page(self, karasai_worker):
        headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
        assert "<html" in body(karasai_worker, headers=headers)


class PeopleListAnalystTests:
    def test_analyst_sees_de_identified_rows(self, analyst: Client):
        aigerim = aigerim_neet_graduate()
        nurlan = nurlan_student()
        page = body(analyst)
        for person in (aigerim, nurlan):
            assert person.last_name not in page
            assert person.first_name not in page
            assert person.iin not in page
            assert person.masked_iin not in page
            assert reverse("web:person", args=[person.pk]) not in page
            assert f"<td>{person.pk}</td>" in page
        assert "Қаскелең" in page  # the settlement stays

    def test_analyst_cannot_search_by_name_or_iin(self, analyst: Client):
        aigerim = aigerim_neet_graduate()
        daniyar()
        page = body(analyst, {"q": aigerim.iin})
        assert 'name="q"' not in page
        # The query is ignored: both rows are listed, so the search tells nothing.
        assert page.count("<tr>") == 3

    def test_analyst_sees_no_register_button(self, analyst: Client):
        assert reverse("web:person-new") not in body(analyst)


class PeopleListAccessTests:
    def test_anonymous_visitor_is_sent_to_sign_in(self, client: Client):
        response = client.get(url())
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("web:login"))

    def test_employer_login_is_refused(self, db):
        user = make_user("shop", Role.EMPLOYER, employer=make_employer())
        client = Client()
        client.force_login(user)
        assert client.get(url()).status_code == 403
