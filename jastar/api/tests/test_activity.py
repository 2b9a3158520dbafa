"""/api/v1/placements/ and /api/v1/participations/: scoped lists, recording, applying."""

from __future__ import annotations

from datetime import date

import pytest

from jastar.api.tests.helpers import assert_error, assert_needs_token
from jastar.programs.models import Participation
from jastar.programs.tests.factories import S, applied, edition, graduate, participation_at
from jastar.registry.models import Person, PersonStatus, Placement
from jastar.registry.services import placement_record
from jastar.registry.tests.factories import centre_of, district, make_vacancy

pytestmark = pytest.mark.django_db

PLACEMENTS = "/api/v1/placements/"
PARTICIPATIONS = "/api/v1/participations/"


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def placed(person: Person, on: date, channel: str = "enbek", **kwargs) -> Placement:
    return placement_record(
        actor=None,
        person=person,
        start_date=on,
        channel=channel,
        employment_type="permanent",
        **kwargs,
    )


@pytest.fixture
def placements(aigerim, nurlan, firm) -> tuple[Placement, Placement]:
    """Aigerim at the firm in 2026 (Karasai); Nurlan on his own in 2025 (Enbekshikazakh)."""
    return (
        placed(aigerim, date(2026, 5, 4), employer=firm),
        placed(nurlan, date(2025, 10, 1), channel="own_initiative"),
    )


class PlacementListTests:
    def test_officer_sees_every_placement(self, officer, placements, aigerim):
        body = officer.get(PLACEMENTS).json()
        assert body["count"] == 2
        row = next(r for r in body["results"] if r["id"] == placements[0].pk)
        assert row["person"] == {
            "id": aigerim.pk,
            "iin": aigerim.masked_iin,
            "name": aigerim.full_name,
            "district": "karasai",
        }
        assert row["employer"]["name"] == "«Қаскелең Агро» ЖШС"
        assert (row["channel"], row["district"]) == ("enbek", "karasai")

    def test_case_worker_sees_their_districts_people_only(self, worker, placements):
        assert ids(worker.get(PLACEMENTS)) == {placements[0].pk}

    def test_employer_sees_placements_at_its_firm_without_names(self, employer, placements):
        body = employer.get(PLACEMENTS).json()
        assert [r["id"] for r in body["results"]] == [placements[0].pk]
        assert body["results"][0]["person"]["name"] is None

    def test_filters_by_year_district_and_channel(self, officer, placements):
        aigerims, nurlans = placements
        assert ids(officer.get(PLACEMENTS, {"year": 2025})) == {nurlans.pk}
        assert ids(officer.get(PLACEMENTS, {"district": "karasai"})) == {aigerims.pk}
        assert ids(officer.get(PLACEMENTS, {"channel": "own_initiative"})) == {nurlans.pk}

    @pytest.mark.parametrize(
        ("query", "field"), [({"year": "1800"}, "year"), ({"channel": "pigeon"}, "channel")]
    )
    def test_bad_filters_are_400(self, officer, query, field):
        assert_error(officer.get(PLACEMENTS, query), 400, {field})

    def test_refusals(self, anonymous, youth):
        assert_needs_token(anonymous.get(PLACEMENTS))
        assert_error(youth.get(PLACEMENTS), 403)


class PlacementRecordTests:
    def test_records_a_placement_from_a_vacancy(self, worker, aigerim, firm):
        job = make_vacancy(employer=firm)
        data = {
            "person": aigerim.pk,
            "start_date": "2026-06-01",
            "channel": "enbek",
            "employment_type": "permanent",
            "vacancy": job.pk,
            "monthly_wage": 180000,
        }
        response = worker.post(PLACEMENTS, data, format="json")
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["employer"]["id"] == firm.pk  # the vacancy's
        assert body["vacancy"] == job.pk
        aigerim.refresh_from_db()
        assert aigerim.status == PersonStatus.EMPLOYED

    def test_person_outside_the_scope_is_400_as_if_unknown(self, worker, nurlan):
        data = {
            "person": nurlan.pk,
            "start_date": "2026-06-01",
            "channel": "enbek",
            "employment_type": "permanent",
        }
        assert_error(worker.post(PLACEMENTS, data, format="json"), 400, {"person"})

    def test_program_channel_needs_its_program(self, officer, aigerim):
        data = {
            "person": aigerim.pk,
            "start_date": "2026-06-01",
            "channel": "program",
            "employment_type": "subsidised",
        }
        assert_error(officer.post(PLACEMENTS, data, format="json"), 400, {"program"})

    def test_analysts_and_employers_may_not_record(self, analyst, employer, aigerim):
        data = {"person": aigerim.pk}
        assert_error(analyst.post(PLACEMENTS, data, format="json"), 403)
        assert_error(employer.post(PLACEMENTS, data, format="json"), 403)


def esik_graduate() -> Person:
    """A graduate like Aigerim, living in Esik (Enbekshikazakh)."""
    return graduate(
        first_name="Дана",
        district=district("enbekshikazakh"),
        settlement=centre_of("enbekshikazakh"),
    )


class ParticipationListTests:
    def test_lists_participations_in_scope(self, officer, worker):
        karasai = participation_at(S.ENROLLED)
        esik = applied(person=esik_graduate())
        assert ids(officer.get(PARTICIPATIONS)) == {karasai.pk, esik.pk}
        assert ids(worker.get(PARTICIPATIONS)) == {karasai.pk}
        row = officer.get(PARTICIPATIONS, {"status": "enrolled"}).json()["results"][0]
        assert row["program"] == "youth_practice"
        assert row["year"] == 2026
        assert row["months_planned"] == 6
        assert row["person"]["district"] == "karasai"

    def test_filters_by_program_year_status_anddistrict(self, officer):
        enrolled = participation_at(S.ENROLLED)
        assert ids(officer.get(PARTICIPATIONS, {"program": "youth_practice"})) == {enrolled.pk}
        assert ids(officer.get(PARTICIPATIONS, {"program": "first_job"})) == set()
        assert ids(officer.get(PARTICIPATIONS, {"year": 2025})) == set()
        assert ids(officer.get(PARTICIPATIONS, {"status": "applied"})) == set()
        assert ids(officer.get(PARTICIPATIONS, {"district": "karasai"})) == {enrolled.pk}
        assert_error(officer.get(PARTICIPATIONS, {"program": "x"}), 400, {"program"})

    def test_detail_is_404_outside_thedistrict(self, officer, worker):
        esik = applied(person=esik_graduate())
        assert officer.get(f"{PARTICIPATIONS}{esik.pk}/").json()["status"] == "applied"
        assert_error(worker.get(f"{PARTICIPATIONS}{esik.pk}/"), 404)

    def test_refusals(self, anonymous, employer):
        assert_needs_token(anonymous.get(PARTICIPATIONS))
        assert_error(employer.get(PARTICIPATIONS), 403)


class ParticipationApplyTests:
    def test_an_eligible_person_applies(self, worker):
        person = graduate()
        data = {"person": person.pk, "program": "youth_practice", "applied_on": "2026-06-10"}
        response = worker.post(PARTICIPATIONS, data, format="json")
        assert response.status_code == 201, response.content
        body = response.json()
        assert (body["status"], body["applied_on"], body["year"]) == ("applied", "2026-06-10", 2026)
        assert Participation.objects.get(pk=body["id"]).edition == edition()

    def test_an_ineligible_person_is_refused_with_the_rules(self, officer, nurlan):
        data = {"person": nurlan.pk, "program": "youth_practice"}
        body = assert_error(officer.post(PARTICIPATIONS, data, format="json"), 400)
        assert body["extra"]["rules"]
        assert not Participation.objects.exists()

    def test_a_year_without_edition_is_400(self, officer, aigerim):
        data = {"person": aigerim.pk, "program": "youth_practice", "year": 2030}
        assert_error(officer.post(PARTICIPATIONS, data, format="json"), 400, {"year"})

    def test_person_outside_the_district_is_400(self, worker, nurlan):
        data = {"person": nurlan.pk, "program": "youth_practice"}
        assert_error(worker.post(PARTICIPATIONS, data, format="json"), 400, {"person"})

    def test_analyst_may_not_apply_for_someone(self, analyst, aigerim):
        data = {"person": aigerim.pk, "program": "youth_practice"}
        assert_error(analyst.post(PARTICIPATIONS, data, format="json"), 403)
