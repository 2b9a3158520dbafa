"""The main flows, end to end in Chromium: what a case worker, an employer and a young
person do in a day. Each step is saved as a screenshot (see conftest)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from jastar.accounts.models import Role
from jastar.accounts.services import account_assign
from jastar.matching.engines import forget_engine
from jastar.matching.services import match_run_start
from jastar.programs.lifecycle import ParticipationStatus
from jastar.programs.models import Participation
from jastar.programs.tests.factories import open_edition, quota
from jastar.registry.models import Occupation, Person, Placement, Vacancy, VacancyApplication
from jastar.registry.tests.factories import (
    aigerim_neet_graduate,
    centre_of,
    district,
    make_employer,
    make_vacancy,
    new_iin,
)

pytestmark = [pytest.mark.django_db(transaction=True)]
PASSWORD = "e2e-Long-pass-1"  # noqa: S105


@pytest.fixture(autouse=True)
def _fresh_engine() -> Any:
    forget_engine()
    yield
    forget_engine()


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def login(page: Any, username: str) -> None:
    page.goto("/en/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def user(username: str, role: str, **ties: Any) -> User:
    made = User.objects.create_user(username, password=PASSWORD)
    account_assign(actor=None, user=made, role=role, **ties)
    return made


def driver() -> Occupation:
    return Occupation.objects.get(code="8322")


def driver_job(employer: Any) -> Vacancy:
    return make_vacancy(
        employer=employer,
        title_kk="Жүргізуші",
        title_ru="Водитель",
        occupation=driver(),
        settlement=centre_of("karasai"),
    )


class CaseWorkerFlowTests:
    def test_register_see_recommendations_enrol_and_record_the_placement(
        self, browser_page: Any, shots: Any
    ) -> None:
        page = browser_page
        employer = make_employer(name="Kaskelen Transport LLP")
        driver_job(employer)
        edition = open_edition("youth_practice")
        quota(edition, places=5)
        user("zhanna", Role.CASE_WORKER, district=district("karasai"))
        iin = new_iin(date(2002, 3, 4), "F")

        login(page, "zhanna")
        expect(page).to_have_url(re.compile(r"/en/people/$"))
        shots("people-list")

        page.goto("/en/people/new/")
        page.fill("#id_iin", iin)
        page.fill("#id_last_name", "Bekova")
        page.fill("#id_first_name", "Dana")
        page.select_option("#id_status", "unemployed")
        page.select_option("#id_desired_occupations", str(driver().pk))
        page.check("#id_consent")
        shots("register-form")
        page.get_by_role("button", name="Register").click()
        expect(page.locator("h1")).to_contain_text("Bekova")
        person = Person.objects.get(iin=iin)
        assert person.district.code == "karasai"
        # The recommendations panel arrives by htmx after the page.
        expect(page.locator("#recommendations")).to_contain_text("Kaskelen Transport LLP")
        shots("person-page-with-recommendations")

        page.get_by_role("link", name="Apply to a program").first.click()
        page.select_option("#id_edition", str(edition.pk))
        page.fill("#id_applied_on", "2026-06-01")
        page.get_by_role("button", name="Record the application").click()
        expect(page.locator("#participation-steps")).to_be_visible()
        shots("applied")

        decide = page.locator("#step-decide")
        decide.get_by_label("Approve").check()
        decide.get_by_label("Decided on").fill("2026-06-02")
        decide.get_by_role("button", name="Record").click()
        enrol = page.locator("#step-enrol")
        enrol.get_by_label("Enrolled on").fill("2026-06-03")
        enrol.get_by_label("Months planned").fill("6")
        enrol.get_by_label("Monthly wage").fill("150000")
        enrol.get_by_role("button", name="Record").click()
        shots("enrolled")
        place = page.locator("#step-place")
        place.get_by_label("Employer (BIN)").fill(employer.bin)
        place.get_by_label("Start date").fill("2026-06-04")
        place.get_by_role("button", name="Record").click()
        expect(page.locator("#participation-facts")).to_contain_text("Kaskelen Transport LLP")
        shots("placed")

        participation = Participation.objects.get(person=person)
        assert participation.status == ParticipationStatus.PLACED
        placement = Placement.objects.get(person=person)
        assert (placement.employer, placement.start_date) == (employer, date(2026, 6, 4))
        page.get_by_role("link", name="Bekova Dana").first.click()
        expect(page.locator("main")).to_contain_text("Kaskelen Transport LLP")
        shots("person-page-with-placement")


class EmployerFlowTests:
    def test_post_a_vacancy_and_see_the_proposed_candidates(
        self, browser_page: Any, shots: Any
    ) -> None:
        page = browser_page
        employer = make_employer(name="Kaskelen Transport LLP")
        driver_job(employer)  # an earlier vacancy, so a matching run has lists to keep
        candidate = aigerim_neet_graduate(desired_occupations=[driver()], phone="+77015550011")
        match_run_start(actor=None, on=date(2026, 6, 15))
        user("transport", Role.EMPLOYER, employer=employer)

        login(page, "transport")
        expect(page).to_have_url(re.compile(r"/en/employer/$"))
        shots("my-vacancies")
        page.goto("/en/employer/vacancies/new/")
        page.fill("#id_title_kk", "Автобус жүргізушісі")
        page.fill("#id_title_ru", "Водитель автобуса")
        page.select_option("#id_occupation", str(driver().pk))
        page.select_option("#id_settlement", str(centre_of("karasai").pk))
        page.select_option("#id_employment_type", "permanent")
        page.fill("#id_salary_min", "250000")
        shots("vacancy-form")
        page.get_by_role("button", name=re.compile("Post|Save|Publish")).click()
        candidates = page.locator("#candidates")
        expect(candidates).to_contain_text(candidate.last_name)
        shots("vacancy-with-candidates")
        html = page.content()
        assert candidate.iin not in html and candidate.masked_iin not in html
        assert candidate.phone not in html
        vacancy = Vacancy.objects.get(title_ru="Водитель автобуса")
        assert vacancy.employer == employer


class YoungPersonFlowTests:
    @pytest.mark.phone
    def test_sign_up_on_a_phone_see_vacancies_and_apply(
        self, browser_page: Any, shots: Any
    ) -> None:
        page = browser_page
        driver_job(make_employer(name="Kaskelen Transport LLP"))
        iin = new_iin(date(2004, 9, 12), "M")

        page.goto("/en/me/register/")
        page.fill("#id_iin", iin)
        page.fill("#id_last_name", "Ospanov")
        page.fill("#id_first_name", "Arman")
        page.select_option("#id_district", str(district("karasai").pk))
        page.select_option("#id_status", "unemployed")
        page.fill("#id_skills", "driving licence B, C; водитель")
        page.fill("#id_username", "arman04")
        page.fill("#id_password1", PASSWORD)
        page.fill("#id_password2", PASSWORD)
        page.check("#id_consent")
        shots("sign-up")
        page.get_by_role("button", name=re.compile("Register|Sign up|Create")).click()
        expect(page).to_have_url(re.compile(r"/en/me/$"))
        vacancies = page.locator("#recommended-vacancies")
        expect(vacancies).to_contain_text("Kaskelen Transport LLP")
        shots("my-page")
        vacancies.get_by_role("button", name="Apply").first.click()
        expect(vacancies.locator(".applied").first).to_be_visible()
        shots("applied")
        person = Person.objects.get(iin=iin)
        assert VacancyApplication.objects.filter(person=person).count() == 1
        # The page fits a phone: nothing wider than the screen.
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390
