"""Matching in the admin: the person's recommended vacancies and programs, the vacancy's
best candidates (names only for those who may see them), the occupation autocomplete in
any language, and batch runs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from jastar.matching.engines import forget_engine
from jastar.matching.models import MatchRun, RunStatus
from jastar.matching.services import match_run_start
from jastar.registry.models import Occupation, Person, Vacancy
from jastar.registry.tests.factories import aigerim_neet_graduate, centre_of, make_vacancy

pytestmark = pytest.mark.django_db

SAME_OCCUPATION = "The same occupation the person wants or is skilled in"
EMPTY_CANDIDATES = (
    "No candidates yet: candidate lists are written by a batch run (jastar match --batch)."
)


@pytest.fixture(autouse=True)
def _fresh_engine() -> Iterator[None]:
    # The engine is cached per process: each test sees only its own vacancies.
    forget_engine()
    yield
    forget_engine()


@pytest.fixture
def admin_client(client: Client, django_user_model: Any) -> Client:
    user = django_user_model.objects.create_superuser("boss", "boss@example.kz", "pw-123456")
    client.force_login(user)
    return client


def staff_client(django_user_model: Any, *codenames: str) -> Client:
    """A staff member with only the given permissions (``app_label.codename``)."""
    user = django_user_model.objects.create_user("officer", is_staff=True)
    for name in codenames:
        app_label, codename = name.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    client = Client()
    client.force_login(user)
    return client


def driver() -> Occupation:
    return Occupation.objects.get(code="8322")


def driver_job() -> Vacancy:
    """An open driver's vacancy in Kaskelen (Karasai district)."""
    return make_vacancy(
        title_kk="Жүргізуші",
        title_ru="Водитель",
        occupation=driver(),
        settlement=centre_of("karasai"),
    )


def would_be_driver() -> Person:
    return aigerim_neet_graduate(desired_occupations=[driver()])


def batch_run(capture: Any) -> None:
    with capture(execute=True):
        match_run_start(actor=None, on=date(2026, 6, 15))


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


class PersonPageTests:
    def test_shows_a_recommended_vacancy_with_its_reasons(self, admin_client):
        person = would_be_driver()
        job = driver_job()
        make_vacancy()  # a cook's job: a different occupation
        html = page(admin_client, f"/en/admin/registry/person/{person.pk}/change/")
        assert 'id="recommended-vacancies"' in html
        assert f'href="/en/admin/registry/vacancy/{job.pk}/change/"' in html
        assert job.employer.name in html
        assert SAME_OCCUPATION in html
        assert 'class="reason-against"' in html  # the cook's job is another occupation
        assert "150,000–220,000 ₸" in html

    def test_lists_the_best_vacancy_first(self, admin_client):
        person = would_be_driver()
        cook = make_vacancy()
        job = driver_job()
        html = page(admin_client, f"/en/admin/registry/person/{person.pk}/change/")
        assert html.index(f"/vacancy/{job.pk}/change/") < html.index(f"/vacancy/{cook.pk}/")

    def test_says_so_when_no_vacancy_is_open(self, admin_client):
        person = would_be_driver()
        html = page(admin_client, f"/en/admin/registry/person/{person.pk}/change/")
        assert "No open vacancies near this person." in html

    def test_suggests_programs_with_reasons_and_the_rules_that_stop_them(self, admin_client):
        person = would_be_driver()
        html = page(admin_client, f"/en/admin/registry/person/{person.pk}/change/")
        assert 'id="suggested-programs"' in html
        assert "Meets every condition of the program" in html
        assert "Youth Practice" in html
        assert "No education level is recorded." in html

    def test_add_page_has_no_matching_sections(self, admin_client):
        html = page(admin_client, "/en/admin/registry/person/add/")
        assert "recommended-vacancies" not in html
        assert "suggested-programs" not in html

    def test_renders_in_kazakh_and_russian(self, admin_client):
        person = would_be_driver()
        driver_job()
        for prefix in ("", "/ru"):
            html = page(admin_client, f"{prefix}/admin/registry/person/{person.pk}/change/")
            assert 'id="recommended-vacancies"' in html


class VacancyPageTests:
    def test_says_candidates_come_from_a_batch_run(self, admin_client):
        would_be_driver()
        html = page(admin_client, f"/en/admin/registry/vacancy/{driver_job().pk}/change/")
        assert 'id="best-candidates"' in html
        assert EMPTY_CANDIDATES in html

    def test_shows_names_to_those_who_may_see_personal_data(
        self, admin_client, django_capture_on_commit_callbacks
    ):
        person = would_be_driver()
        job = driver_job()
        batch_run(django_capture_on_commit_callbacks)
        html = page(admin_client, f"/en/admin/registry/vacancy/{job.pk}/change/")
        assert person.full_name in html
        assert f'href="/en/admin/registry/person/{person.pk}/change/"' in html
        assert SAME_OCCUPATION in html

    def test_hides_names_from_others(self, django_user_model, django_capture_on_commit_callbacks):
        person = would_be_driver()
        job = driver_job()
        batch_run(django_capture_on_commit_callbacks)
        client = staff_client(django_user_model, "registry.view_vacancy")
        html = page(client, f"/en/admin/registry/vacancy/{job.pk}/change/")
        assert f"Person #{person.pk}" in html
        assert person.last_name not in html
        assert f"/admin/registry/person/{person.pk}/" not in html
        assert "<td>23</td>" in html  # the age
        assert SAME_OCCUPATION in html

    def test_names_need_the_personal_data_permission(
        self, django_user_model, django_capture_on_commit_callbacks
    ):
        person = would_be_driver()
        job = driver_job()
        batch_run(django_capture_on_commit_callbacks)
        client = staff_client(
            django_user_model, "registry.view_vacancy", "registry.view_personal_data"
        )
        html = page(client, f"/en/admin/registry/vacancy/{job.pk}/change/")
        assert person.full_name in html


def autocomplete(client: Client, model: str, field: str, term: str) -> list[str]:
    response = client.get(
        "/en/admin/autocomplete/",
        {"app_label": "registry", "model_name": model, "field_name": field, "term": term},
    )
    assert response.status_code == 200
    return [item["id"] for item in response.json()["results"]]


class OccupationAutocompleteTests:
    @pytest.mark.parametrize("term", ["жүргізуші", "водитель", "jürgızuşı", "Водитель"])
    def test_finds_an_occupation_in_any_language_or_script(self, admin_client, term):
        found = autocomplete(admin_client, "person", "desired_occupations", term)
        assert found[0] == str(driver().pk)

    def test_serves_the_skills_and_the_vacancy_occupation_too(self, admin_client):
        expected = str(driver().pk)
        assert autocomplete(admin_client, "person", "skill_occupations", "водитель")[0] == expected
        assert autocomplete(admin_client, "vacancy", "occupation", "жүргізуші")[0] == expected

    def test_keeps_what_the_plain_search_finds(self, admin_client):
        # "жүргізушілері" (drivers) names several groups; the lookup adds, never removes.
        found = autocomplete(admin_client, "person", "desired_occupations", "жүргізуші")
        plain = Occupation.objects.filter(name_kk__icontains="жүргізуші")
        assert 1 < plain.count() < len(found) <= 20
        assert {str(pk) for pk in plain.values_list("pk", flat=True)} <= set(found)

    def test_a_code_is_searched_as_a_code(self, admin_client):
        assert autocomplete(admin_client, "person", "desired_occupations", "8322") == [
            str(driver().pk)
        ]


class MatchRunAdminTests:
    def test_lists_runs_with_their_progress_and_a_start_button(self, admin_client):
        would_be_driver()
        MatchRun.objects.create(on=date(2026, 6, 15), shards_total=1)  # queued, not yet run
        match_run_start(actor=None, on=date(2026, 6, 15))  # run at once by the test queue
        html = page(admin_client, "/en/admin/matching/matchrun/")
        assert "Start a batch run (whole region)" in html
        assert '<td class="field-progress">0/1</td>' in html
        assert '<td class="field-progress">1/1</td>' in html

    def test_the_button_starts_a_run_of_the_region(
        self, admin_client, django_capture_on_commit_callbacks
    ):
        would_be_driver()
        driver_job()
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post("/en/admin/matching/matchrun/start/", follow=True)
        assert response.status_code == 200
        run = MatchRun.objects.get()
        assert run.district is None
        assert run.status == RunStatus.DONE
        assert run.matches > 0
        assert f"Matching run {run.pk} is queued. Districts to match: 1." in (
            response.content.decode()
        )

    def test_starting_needs_a_post(self, admin_client):
        assert admin_client.get("/en/admin/matching/matchrun/start/").status_code == 405
        assert not MatchRun.objects.exists()

    def test_staff_without_the_permission_see_no_button_and_cannot_start(self, django_user_model):
        client = staff_client(django_user_model, "matching.view_matchrun")
        html = page(client, "/en/admin/matching/matchrun/")
        assert "Start a batch run" not in html
        assert client.post("/en/admin/matching/matchrun/start/").status_code == 403
        assert not MatchRun.objects.exists()

    def test_runs_are_read_only(self, admin_client):
        run = match_run_start(actor=None, on=date(2026, 6, 15))
        assert admin_client.get("/en/admin/matching/matchrun/add/").status_code == 403
        assert admin_client.get(f"/en/admin/matching/matchrun/{run.pk}/delete/").status_code == 403
        html = page(admin_client, f"/en/admin/matching/matchrun/{run.pk}/change/")
        assert 'name="_save"' not in html

    def test_matches_are_not_in_the_admin(self, admin_client):
        assert admin_client.get("/en/admin/matching/match/").status_code == 404
