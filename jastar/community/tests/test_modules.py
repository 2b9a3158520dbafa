"""The community parts' shared plumbing: figures gathered once and shown on the community
page, the dashboard, the indicators API and the yearly report; demo hooks."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from jastar.accounts.models import Role
from jastar.accounts.tests.factories import make_user
from jastar.analytics.report.content import report_content
from jastar.analytics.report.xlsx import workbook_bytes
from jastar.community.figures import Figure
from jastar.community.modules import (
    community_demo_load,
    community_demo_unload,
    community_figures,
)
from jastar.community.tests.sample_part import demo as sample_demo
from jastar.community.tests.sample_part import figures as sample_figures
from jastar.registry.tests.factories import district, make_employer

SAMPLE_MODULES = ["jastar.community.tests.sample_part"]

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample_part(settings: Any) -> None:
    """Only the test part is switched on (so figures are known exactly)."""
    settings.JASTAR_COMMUNITY_MODULES = SAMPLE_MODULES


class FigureTests:
    def test_progress_is_the_share_of_the_target(self) -> None:
        assert Figure("x", "X", 125, target=500).progress == 25.0

    def test_progress_is_none_without_a_target(self) -> None:
        assert Figure("x", "X", 125).progress is None
        assert Figure("x", "X", 125, target=0).progress is None

    def test_text_is_written_in_the_active_language(self) -> None:
        with translation.override("en"):
            assert Figure("x", "X", 12480).text.replace("\u202f", " ").replace("\xa0", " ") in (
                "12 480",
                "12,480",
            )


@pytest.mark.usefixtures("sample_part")
class CommunityFiguresTests:
    def test_each_part_is_asked_for_the_year_and_district(self) -> None:
        sample_figures.CALLS.clear()
        modules = community_figures(year=2025, district=district("karasai"), today=date(2026, 3, 1))
        assert [m.key for m in modules] == ["sample"]
        # A past year is counted to its last day, not to today.
        assert sample_figures.CALLS == [(2025, "karasai", date(2025, 12, 31))]

    def test_the_current_year_is_counted_up_to_today(self) -> None:
        sample_figures.CALLS.clear()
        community_figures(year=2026, today=date(2026, 3, 1))
        assert sample_figures.CALLS == [(2026, None, date(2026, 3, 1))]

    def test_demo_hooks_load_and_unload_every_part(self) -> None:
        sample_demo.LOADED.clear()
        assert community_demo_load(seed=7, until=date(2026, 9, 30)) == {"samples": 3}
        assert sample_demo.LOADED == [(7, date(2026, 9, 30))]
        assert community_demo_unload() == 2


@pytest.mark.usefixtures("sample_part")
class CommunityPagesTests:
    def test_the_community_page_shows_each_part_to_office_staff(self) -> None:
        client = Client()
        client.force_login(make_user("analyst", Role.ANALYST))
        response = client.get(reverse("community:home"))
        assert response.status_code == 200
        assert "Sample part" in response.content.decode()
        assert "Contracts signed" in response.content.decode()

    def test_the_community_page_is_refused_to_an_employer_login(self) -> None:
        client = Client()
        client.force_login(make_user("employer", Role.EMPLOYER, employer=make_employer()))
        assert client.get(reverse("community:home")).status_code == 403

    def test_the_dashboard_shows_the_community_figures(self) -> None:
        client = Client()
        client.force_login(make_user("officer", Role.REGIONAL_OFFICER))
        response = client.get(reverse("analytics:dashboard"))
        assert response.status_code == 200
        assert "Contracts signed" in response.content.decode()

    def test_the_indicators_api_lists_each_part_with_targets(self) -> None:
        client = Client()
        client.force_login(make_user("analyst", Role.ANALYST))
        response = client.get(reverse("api:community-indicators"), {"year": 2025})
        assert response.status_code == 200
        module = response.json()["modules"][0]
        assert module["key"] == "sample"
        contracts = module["figures"][0]
        assert (contracts["value"], contracts["target"], contracts["progress"]) == (
            123,
            500.0,
            24.6,
        )

    def test_the_indicators_api_refuses_anonymous_callers(self) -> None:
        assert Client().get(reverse("api:community-indicators")).status_code == 401


@pytest.mark.usefixtures("sample_part")
class CommunityReportTests:
    def test_the_yearly_report_has_a_section_per_part(self) -> None:
        report = report_content(year=2025, lang="en", today=date(2026, 3, 1))
        section = next(s for s in report.sections if s.key == "community-sample")
        assert section.title == "Sample part"
        assert section.paragraphs == ("One hundred and twenty-three contracts were signed.",)
        figures = section.tables[0]
        assert figures.rows[0].values == ("Contracts signed", 123, 500)
        assert "sample-by-district" in report.tables

    def test_the_workbook_has_a_sheet_per_part(self) -> None:
        from io import BytesIO

        from openpyxl import load_workbook  # type: ignore[import-untyped]

        report = report_content(year=2025, lang="ru", today=date(2026, 3, 1))
        book = load_workbook(BytesIO(workbook_bytes(report)))
        assert "Sample part" in book.sheetnames
        values = [c.value for row in book["Sample part"].iter_rows() for c in row]
        assert "Contracts signed" in values
        assert 123 in values


@pytest.mark.usefixtures("sample_part")
class CommunityYearTests:
    def test_the_community_page_shows_the_year_asked_for(self) -> None:
        sample_figures.CALLS.clear()
        client = Client()
        client.force_login(make_user("officer", Role.REGIONAL_OFFICER))
        assert client.get(reverse("community:home"), {"year": "2025"}).status_code == 200
        assert sample_figures.CALLS[-1][0] == 2025

    def test_an_unknown_year_falls_back_to_this_year(self) -> None:
        sample_figures.CALLS.clear()
        client = Client()
        client.force_login(make_user("officer", Role.REGIONAL_OFFICER))
        assert client.get(reverse("community:home"), {"year": "1066"}).status_code == 200
        assert sample_figures.CALLS[-1][0] != 1066
