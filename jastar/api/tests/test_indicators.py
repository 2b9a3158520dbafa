"""GET /api/v1/indicators/: the dashboard's figures, for office staff."""

from __future__ import annotations

from datetime import date

import pytest

from jastar.analytics.selectors import dashboard
from jastar.analytics.services.targets import target_set
from jastar.api.tests.helpers import assert_error, assert_needs_token
from jastar.registry.services import placement_record

pytestmark = pytest.mark.django_db

URL = "/api/v1/indicators/"


@pytest.fixture
def figures(aigerim, nurlan) -> None:
    """Aigerim (NEET) placed through Enbek.kz in May; a regional target of 10."""
    placement_record(
        actor=None,
        person=aigerim,
        start_date=date(2026, 5, 4),
        channel="enbek",
        employment_type="permanent",
    )
    target_set(actor=None, year=2026, value=10)


class IndicatorsTests:
    def test_gives_the_dashboard_figures_of_the_year(self, officer, figures):
        response = officer.get(URL)
        assert response.status_code == 200, response.content
        body = response.json()
        expected = dashboard(year=2026)
        assert (body["year"], body["on"], body["district"]) == (2026, "2026-06-15", None)
        assert body["youth"] == expected.neet_now.youth
        assert body["neet"] == expected.neet_now.neet
        assert body["neet_rate"] == expected.neet_now.rate
        assert body["placements"]["placed"] == 1
        assert body["placements"]["target"] == 10
        assert body["placements"]["progress"] == 10.0
        assert body["channels"]["enbek"] == 1
        assert body["channels"]["own_initiative"] == 0
        karasai = next(row for row in body["districts"] if row["district"] == "karasai")
        assert karasai["placements"]["placed"] == 1
        assert len(body["districts"]) == len(expected.districts)

    def test_figures_of_one_district_and_an_earlier_year(self, worker, figures):
        body = worker.get(URL, {"district": "enbekshikazakh", "year": 2025}).json()
        assert (body["year"], body["on"], body["district"]) == (
            2025,
            "2025-12-31",
            "enbekshikazakh",
        )
        assert body["placements"]["placed"] == 0
        assert [row["district"] for row in body["districts"]] == ["enbekshikazakh"]
        assert body["placements"]["forecast"] is None  # the year is over

    @pytest.mark.parametrize(
        ("query", "field"),
        [({"year": "1999"}, "year"), ({"year": "2027"}, "year"), ({"district": "x"}, "district")],
    )
    def test_bad_parameters_are_400(self, analyst, query, field):
        assert_error(analyst.get(URL, query), 400, {field})

    def test_is_for_office_staff_only(self, anonymous, employer, youth):
        assert_needs_token(anonymous.get(URL))
        assert_error(employer.get(URL), 403)
        assert_error(youth.get(URL), 403)
