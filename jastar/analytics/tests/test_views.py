"""The dashboard page: access, filters, languages, and figures equal to the selector's."""

from __future__ import annotations

import copy
import json
import re
from datetime import date
from typing import Any

import pytest
from django.test import Client

from jastar.accounts.models import Role
from jastar.accounts.tests.factories import make_user
from jastar.analytics.selectors import Dashboard, dashboard
from jastar.analytics.services.targets import target_set
from jastar.registry import services
from jastar.registry.models import District, Person
from jastar.registry.tests.factories import district, make_employer, make_person, nurlan_student

pytestmark = pytest.mark.django_db

D = date
# Sessions, the user, the demo banner, the filters and the dashboard's grouped reads: a
# constant, however many districts there are (the page never queries per district).
MAX_QUERIES = 25
# The community parts' figures (jastar.community), also grouped reads: 56 for the demo
# region with every part switched on, the same for one district.
COMMUNITY_QUERIES = 60


def place(person: Person, on: date, channel: str = "enbek") -> None:
    services.placement_record(
        actor=None, person=person, start_date=on, channel=channel, employment_type="permanent"
    )


@pytest.fixture
def region() -> dict[str, Any]:
    """Four young people in two districts, five placements over two years, and targets."""
    karasai, talgar = district("karasai"), district("talgar")
    aigerim = make_person(registered_on=D(2024, 9, 1))  # Karasai, NEET until placed
    nurlan = nurlan_student(registered_on=D(2024, 9, 1))
    daniyar = make_person(
        first_name="Данияр",
        sex="M",
        birth_date=D(1998, 1, 20),
        district=talgar,
        registered_on=D(2024, 10, 1),
    )
    aruzhan = make_person(first_name="Аружан", district=talgar, registered_on=D(2025, 2, 1))
    place(aigerim, D(2025, 4, 10), "own_initiative")
    place(daniyar, D(2025, 7, 1))
    place(aigerim, D(2026, 3, 2))
    place(daniyar, D(2026, 5, 18), "own_initiative")
    place(nurlan, D(2026, 6, 1))
    target_set(actor=None, year=2026, value=10)
    target_set(actor=None, year=2026, district=karasai, value=4)
    target_set(actor=None, year=2026, district=talgar, value=3)
    return {"karasai": karasai, "talgar": talgar, "aruzhan": aruzhan}


@pytest.fixture
def director(client: Client) -> Client:
    client.force_login(make_user("director", Role.REGIONAL_OFFICER))
    return client


@pytest.fixture
def workspace_menu(settings: Any) -> None:
    """The header menu of jastar.web.nav, whether or not the settings list it yet."""
    if "jastar.web.nav.nav" not in settings.TEMPLATES[0]["OPTIONS"]["context_processors"]:
        templates = copy.deepcopy(settings.TEMPLATES)
        templates[0]["OPTIONS"]["context_processors"].append("jastar.web.nav.nav")
        settings.TEMPLATES = templates


def chart_json(body: str) -> dict[str, Any]:
    match = re.search(
        r'<script id="dashboard-data" type="application/json">(.*?)</script>', body, re.S
    )
    assert match, "the chart data is missing"
    data: dict[str, Any] = json.loads(match.group(1))
    return data


def kpi_figures(body: str) -> list[str]:
    return re.findall(r'<p class="kpi-figure[^"]*">([^<]*)</p>', body)


def intspace(n: int) -> str:
    return f"{n:,}".replace(",", "\u202f")


class DashboardAccessTests:
    def test_sends_visitors_who_are_not_signed_in_to_the_login(self, client: Client):
        response = client.get("/dashboard/")
        assert response.status_code == 302
        assert response["Location"] == "/login/?next=/dashboard/"

    def test_unknown_district_is_not_found(self, director: Client, region: dict[str, Any]):
        assert director.get("/dashboard/", {"district": "atlantis"}).status_code == 404

    @pytest.mark.parametrize("year", ["2019", "2027", "next"])
    def test_year_without_figures_is_not_found(
        self, director: Client, region: dict[str, Any], year: str
    ):
        assert director.get("/dashboard/", {"year": year}).status_code == 404


class DashboardPageTests:
    @pytest.mark.usefixtures("workspace_menu")
    @pytest.mark.parametrize(
        ("prefix", "lang", "karasai", "january"),
        [
            ("", "kk", "Қарасай ауданы", "Қаң."),
            ("/ru", "ru", "Карасайский район", "Янв."),
            ("/en", "en", "Karasai District", "Jan."),
        ],
    )
    def test_region_renders_in_each_language(
        self,
        director: Client,
        region: dict[str, Any],
        prefix: str,
        lang: str,
        karasai: str,
        january: str,
    ):
        response = director.get(f"{prefix}/dashboard/")
        assert response.status_code == 200
        body = response.content.decode()
        assert f'<html lang="{lang}">' in body
        assert karasai in body
        assert f'<a href="{prefix}/dashboard/"' in body  # the navigation
        assert f'href="{prefix}/dashboard/?year=2026&amp;district=karasai"' in body
        charts = chart_json(body)["charts"]
        assert charts["months"]["labels"][0] == january
        assert karasai in charts["districts"]["labels"]

    @pytest.mark.parametrize(
        ("prefix", "name"), [("", "Талғар ауданы"), ("/ru", "Талгарский район")]
    )
    def test_district_drill_down(
        self, director: Client, region: dict[str, Any], prefix: str, name: str
    ):
        body = director.get(f"{prefix}/dashboard/", {"district": "talgar"}).content.decode()
        assert f"<h1>{name}</h1>" in body
        assert f'href="{prefix}/dashboard/?year=2026"' in body  # back to the region
        assert 'id="districts"' not in body
        charts = chart_json(body)["charts"]
        assert "districts" not in charts
        assert "neet_districts" not in charts

    def test_figures_are_those_of_the_selector(self, director: Client, region: dict[str, Any]):
        body = director.get("/en/dashboard/").content.decode()
        dash = dashboard(year=2026)
        assert (dash.outcome.placed, dash.outcome.previous, dash.outcome.target) == (3, 1, 10)
        assert dash.outcome.forecast is not None
        assert kpi_figures(body)[:3] == [
            intspace(dash.outcome.placed),
            intspace(dash.outcome.forecast.point),
            intspace(dash.neet_now.neet),
        ]
        assert "30.0% of the year’s target of 10" in body
        assert "Same months of 2025: 1" in body
        assert (
            f"Likely between {intspace(dash.outcome.forecast.low)} "
            f"and {intspace(dash.outcome.forecast.high)}"
        ) in body
        self.assert_charts_match(chart_json(body), dash)

    def test_district_figures_are_those_of_the_selector(
        self, director: Client, region: dict[str, Any]
    ):
        talgar: District = region["talgar"]
        body = director.get("/en/dashboard/", {"district": "talgar"}).content.decode()
        dash = dashboard(year=2026, district=talgar)
        assert dash.outcome.placed == 1
        assert kpi_figures(body)[0] == "1"
        assert "33.3% of the year’s target of 3" in body
        self.assert_charts_match(chart_json(body), dash)

    @staticmethod
    def assert_charts_match(data: dict[str, Any], dash: Dashboard) -> None:
        charts = data["charts"]
        months = {s["role"]: s["data"] for s in charts["months"]["series"]}
        assert months["actual"] == [m.placed for m in dash.months]
        assert months["previous"] == [m.previous for m in dash.months]
        assert months["plan"] == [m.plan for m in dash.months]
        assert sum(charts["channels"]["values"]) == dash.outcome.placed
        assert charts["channels"]["values"] == list(dash.channels.values())
        assert charts["sex"]["values"] == list(dash.by_sex.values())
        assert charts["neet_trend"]["neet"] == [p.neet for p in dash.neet]
        assert charts["neet_trend"]["youth"] == [p.youth for p in dash.neet]
        assert set(data["text"]) == {"neet", "youth", "rate", "share"}

    def test_year_filter_shows_a_past_year_as_complete(
        self, director: Client, region: dict[str, Any]
    ):
        body = director.get("/en/dashboard/", {"year": "2025"}).content.decode()
        assert '<option value="2025" selected>2025</option>' in body
        assert "Result of the year" in body
        assert "Year-end forecast" not in body
        assert kpi_figures(body)[0] == str(dashboard(year=2025).outcome.placed)
        placed = chart_json(body)["charts"]["months"]["series"][0]["data"]
        assert placed[3] == 1 and placed[6] == 1 and sum(placed) == 2

    def test_links_to_the_report_in_three_formats(self, director: Client, region: dict[str, Any]):
        body = director.get("/ru/dashboard/", {"district": "karasai"}).content.decode()
        for fmt in ("html", "pdf", "xlsx"):
            link = f'href="/ru/dashboard/report/?year=2026&amp;district=karasai&amp;format={fmt}"'
            assert link in body
        region_body = director.get("/dashboard/").content.decode()
        assert 'href="/dashboard/report/?year=2026&amp;format=pdf"' in region_body

    def test_outlook_is_written_not_only_coloured(self, director: Client, region: dict[str, Any]):
        body = director.get("/en/dashboard/").content.decode()
        badge = r'<span class="outlook (on-track|at-risk|will-miss)">.*?</span>([^<]+)</span>'
        outlooks = re.findall(badge, body)
        assert outlooks, "no outlook badge"
        labels = {"on-track": "On track", "at-risk": "At risk", "will-miss": "Will miss the target"}
        assert all(text == labels[kind] for kind, text in outlooks)

    @pytest.mark.parametrize(
        ("page", "language", "target"),
        [
            ("/dashboard/?year=2025", "ru", "/ru/dashboard/?year=2025"),
            ("/ru/dashboard/?district=talgar", "kk", "/dashboard/?district=talgar"),
        ],
    )
    def test_switching_language_stays_on_the_same_view(
        self, director: Client, region: dict[str, Any], page: str, language: str, target: str
    ):
        body = director.get(page).content.decode()
        match = re.search(r'name="next" type="hidden" value="([^"]*)"', body)
        assert match
        next_url = match.group(1).replace("&amp;", "&")
        response = director.post("/i18n/setlang/", {"next": next_url, "language": language})
        assert response["Location"] == target

    def test_shows_no_personal_data(self, director: Client, region: dict[str, Any]):
        body = director.get("/dashboard/").content.decode()
        assert region["aruzhan"].iin not in body
        assert "Аружан" not in body

    def test_queries_stay_few_whatever_the_number_of_districts(
        self, director: Client, region: dict[str, Any], django_assert_max_num_queries: Any
    ):
        with django_assert_max_num_queries(MAX_QUERIES + COMMUNITY_QUERIES):
            assert director.get("/dashboard/").status_code == 200
        with django_assert_max_num_queries(MAX_QUERIES + COMMUNITY_QUERIES):
            assert director.get("/dashboard/", {"district": "karasai"}).status_code == 200

    def test_renders_with_an_empty_registry(self, director: Client):
        response = director.get("/en/dashboard/")
        assert response.status_code == 200
        assert "No target set for this year." in response.content.decode()


class DashboardScopeTests:
    """Office staff only; a case worker starts on their own district."""

    @pytest.fixture
    def aliya(self, client: Client) -> Client:
        client.force_login(make_user("aliya", Role.CASE_WORKER, district=district("talgar")))
        return client

    @pytest.mark.parametrize("role", [Role.EMPLOYER, Role.YOUTH, None])
    def test_users_who_are_not_office_staff_are_refused(
        self, client: Client, region: dict[str, Any], role: str | None
    ):
        links: dict[str, Any] = {}
        if role == Role.EMPLOYER:
            links = {"employer": make_employer()}
        elif role == Role.YOUTH:
            links = {"person": region["aruzhan"]}
        client.force_login(make_user("outsider", role, **links))
        assert client.get("/dashboard/").status_code == 403
        report = client.get("/dashboard/report/", {"year": "2025", "format": "html"})
        assert report.status_code == 403

    @pytest.mark.parametrize("role", [Role.ANALYST, Role.ADMINISTRATOR])
    def test_region_wide_roles_open_the_region(
        self, client: Client, region: dict[str, Any], role: str
    ):
        client.force_login(make_user("staff", role))
        response = client.get("/en/dashboard/")
        assert response.status_code == 200
        assert response.context["dash"].district is None

    def test_a_case_worker_starts_on_their_own_district(
        self, aliya: Client, region: dict[str, Any]
    ):
        response = aliya.get("/en/dashboard/")
        assert response.status_code == 200
        assert response.context["dash"].district == region["talgar"]
        assert "<h1>Talgar District</h1>" in response.content.decode()

    def test_a_case_worker_may_switch_to_the_region(self, aliya: Client, region: dict[str, Any]):
        chosen = aliya.get("/en/dashboard/", {"year": "2026", "district": ""})
        assert chosen.context["dash"].district is None
        crumb = aliya.get("/en/dashboard/", {"year": "2026"})  # "← Whole region"
        assert crumb.context["dash"].district is None

    def test_a_case_worker_may_open_another_districts_aggregates(
        self, aliya: Client, region: dict[str, Any]
    ):
        response = aliya.get("/en/dashboard/", {"district": "karasai"})
        assert response.context["dash"].district == region["karasai"]
        assert region["aruzhan"].iin not in response.content.decode()

    def test_a_case_worker_may_download_the_report(self, aliya: Client, region: dict[str, Any]):
        response = aliya.get("/en/dashboard/report/", {"year": "2025", "format": "html"})
        assert response.status_code == 200
