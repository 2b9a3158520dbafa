"""/api/v1/people/: list, register, record (audited), edit (versioned), status."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from jastar.api.tests.helpers import assert_error, assert_needs_token
from jastar.core.models import AuditAction, AuditEvent
from jastar.registry.models import Person, PersonStatus, PersonStatusChange
from jastar.registry.tests.factories import centre_of, district, make_person, new_iin

pytestmark = pytest.mark.django_db

LIST = "/api/v1/people/"


def record(person: Person) -> str:
    return f"/api/v1/people/{person.pk}/"


def status_url(person: Person) -> str:
    return f"/api/v1/people/{person.pk}/status/"


def ids(response) -> list[int]:
    return [row["id"] for row in response.json()["results"]]


class PersonListTests:
    def test_officer_lists_every_district_with_names_and_masked_iins(
        self, officer, aigerim, nurlan
    ):
        response = officer.get(LIST)
        assert response.status_code == 200
        body = response.json()
        assert body["count"] == 2
        rows = {row["id"]: row for row in body["results"]}
        assert set(rows) == {aigerim.pk, nurlan.pk}
        row = rows[aigerim.pk]
        assert row["iin"] == aigerim.masked_iin != aigerim.iin
        assert row["last_name"] == "Сейітқалиева"
        assert row["birth_date"] == "2003-05-14"
        assert row["age"] == 23
        assert row["district"] == "karasai"
        assert row["is_neet"] is True

    def test_case_worker_lists_only_their_district(self, worker, aigerim, nurlan):
        assert ids(worker.get(LIST)) == [aigerim.pk]

    def test_analyst_gets_de_identified_rows(self, analyst, aigerim):
        row = analyst.get(LIST).json()["results"][0]
        assert row["iin"] == aigerim.masked_iin
        assert row["last_name"] is None
        assert row["first_name"] is None
        assert row["patronymic"] is None
        assert row["birth_date"] is None
        assert row["age"] == 23
        assert row["status"] == "unemployed"

    def test_refuses_anonymous_callers_with_a_token_challenge(self, anonymous):
        assert_needs_token(anonymous.get(LIST))

    @pytest.mark.parametrize("who", ["employer", "youth", "clerk"])
    def test_refuses_roles_outside_the_office(self, request, who):
        client = request.getfixturevalue(who)
        assert_error(client.get(LIST), 403)

    def test_pages_with_limit_and_offset(self, officer):
        people = [make_person(first_name=name) for name in ("Айдана", "Бақыт", "Дана")]
        first = officer.get(LIST, {"limit": 2}).json()
        assert first["count"] == 3
        assert len(first["results"]) == 2
        assert first["previous"] is None
        assert "offset=2" in first["next"]
        second = officer.get(LIST, {"limit": 2, "offset": 2}).json()
        assert second["next"] is None
        assert {r["id"] for r in first["results"] + second["results"]} == {p.pk for p in people}

    def test_limit_is_capped_at_100(self, officer, aigerim):
        body = officer.get(LIST, {"limit": 1000}).json()
        assert "limit" not in (body["next"] or "")
        assert len(body["results"]) == 1

    def test_filters_by_district_status_neet_and_sex(self, officer, aigerim, nurlan):
        assert ids(officer.get(LIST, {"district": "enbekshikazakh"})) == [nurlan.pk]
        assert ids(officer.get(LIST, {"status": "in_education"})) == [nurlan.pk]
        assert ids(officer.get(LIST, {"neet": "true"})) == [aigerim.pk]
        assert ids(officer.get(LIST, {"neet": "false"})) == [nurlan.pk]
        assert ids(officer.get(LIST, {"sex": "M"})) == [nurlan.pk]

    def test_filters_by_settlement_and_registration_dates(self, officer, aigerim):
        later = make_person(first_name="Дана", registered_on=date(2026, 3, 1))
        settlement = centre_of("karasai").pk
        assert ids(officer.get(LIST, {"settlement": settlement})) == [aigerim.pk]
        assert ids(officer.get(LIST, {"registered_from": "2026-01-01"})) == [later.pk]
        assert ids(officer.get(LIST, {"registered_to": "2025-12-31"})) == [aigerim.pk]

    @pytest.mark.parametrize("query", ["Сейітқалиева", "Seiitqalieva", "Сеиткалиева Айгерим"])
    def test_q_finds_a_name_in_any_script(self, officer, aigerim, nurlan, query):
        assert ids(officer.get(LIST, {"q": query})) == [aigerim.pk]

    def test_q_finds_an_iin_by_its_first_digits(self, officer, aigerim, nurlan):
        assert ids(officer.get(LIST, {"q": aigerim.iin[:8]})) == [aigerim.pk]

    def test_q_stays_inside_the_callers_scope(self, worker, nurlan):
        assert ids(worker.get(LIST, {"q": nurlan.iin})) == []

    @pytest.mark.parametrize(
        ("query", "field"),
        [
            ({"district": "atlantis"}, "district"),
            ({"status": "asleep"}, "status"),
            ({"registered_from": "soon"}, "registered_from"),
            ({"settlement": "999999"}, "settlement"),
        ],
    )
    def test_bad_filter_is_400_naming_it(self, officer, query, field):
        body = assert_error(officer.get(LIST, query, HTTP_ACCEPT_LANGUAGE="en"), 400, {field})
        assert body["message"] == "Validation error"


def registration(**overrides: Any) -> dict[str, Any]:
    values = {
        "iin": new_iin(date(2004, 3, 2), "M"),
        "last_name": "Тұрсынов",
        "first_name": "Ерлан",
        "district": "karasai",
        "status": "unemployed",
        "languages": ["kk", "ru"],
        "desired_occupations": ["8322"],
    }
    values.update(overrides)
    return values


class PersonRegisterTests:
    def test_officer_registers_a_person(self, officer):
        data = registration()
        response = officer.post(LIST, data, format="json")
        assert response.status_code == 201, response.content
        body = response.json()
        person = Person.objects.get(pk=body["id"])
        assert body["iin"] == data["iin"] == person.iin
        assert body["birth_date"] == "2004-03-02"  # from the IIN
        assert body["sex"] == "M"
        assert body["desired_occupations"] == ["8322"]
        assert body["version"] == 1
        assert AuditEvent.objects.filter(action=AuditAction.CREATE, target_id=str(person.pk))

    def test_case_worker_registers_in_their_district(self, worker):
        assert worker.post(LIST, registration(), format="json").status_code == 201

    def test_case_worker_may_not_register_in_another_district(self, worker):
        response = worker.post(LIST, registration(district="enbekshikazakh"), format="json")
        assert_error(response, 403)
        assert not Person.objects.exists()

    def test_analyst_may_not_register(self, analyst):
        assert_error(analyst.post(LIST, registration(), format="json"), 403)

    def test_bad_iin_is_400_naming_the_field(self, officer):
        response = officer.post(LIST, registration(iin="123456789012"), format="json")
        assert_error(response, 400, {"iin"})

    def test_missing_and_unknown_values_are_400(self, officer):
        data = registration(district="atlantis", desired_occupations=["0000000"])
        del data["last_name"]
        response = officer.post(LIST, data, format="json")
        assert_error(response, 400, {"district", "desired_occupations", "last_name"})

    def test_settlement_outside_the_district_is_400(self, officer):
        data = registration(settlement=centre_of("enbekshikazakh").pk)
        assert_error(officer.post(LIST, data, format="json"), 400, {"settlement"})


class PersonRecordTests:
    def test_shows_the_whole_record_and_audits_the_read(self, officer, aigerim):
        response = officer.get(record(aigerim), REMOTE_ADDR="10.1.2.3")
        assert response.status_code == 200
        body = response.json()
        assert body["iin"] == aigerim.iin
        assert body["first_name"] == "Әйгерім"
        assert body["settlement_name"]
        assert body["version"] == aigerim.version
        event = AuditEvent.objects.get(action=AuditAction.VIEW, target_id=str(aigerim.pk))
        assert event.target_type == "registry.person"
        assert event.actor is not None and event.actor.username == "regional"
        assert event.ip_address == "10.1.2.3"

    def test_analyst_gets_the_record_without_personal_data(self, analyst, aigerim):
        body = analyst.get(record(aigerim)).json()
        assert body["iin"] == aigerim.masked_iin
        for field in ("last_name", "first_name", "phone", "email", "vulnerable_groups"):
            assert body[field] is None
        assert body["status"] == "unemployed"

    def test_case_worker_gets_404_for_another_district(self, worker, nurlan):
        response = worker.get(record(nurlan), HTTP_ACCEPT_LANGUAGE="en")
        body = assert_error(response, 404)
        assert body["message"] == "There is no person with this id."
        assert not AuditEvent.objects.filter(action=AuditAction.VIEW).exists()

    def test_unknown_person_is_404(self, officer):
        assert_error(officer.get("/api/v1/people/999999/"), 404)

    def test_refuses_anonymous_callers_and_employers(self, anonymous, employer, aigerim):
        assert_needs_token(anonymous.get(record(aigerim)))
        assert_error(employer.get(record(aigerim)), 403)


class PersonUpdateTests:
    def test_changes_fields_and_raises_the_version(self, worker, aigerim):
        data = {"version": aigerim.version, "phone": "+77011234567", "languages": ["kk"]}
        response = worker.patch(record(aigerim), data, format="json")
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["phone"] == "+77011234567"
        assert body["languages"] == ["kk"]
        assert body["version"] == aigerim.version + 1
        aigerim.refresh_from_db()
        assert aigerim.phone == "+77011234567"

    def test_stale_version_is_409_and_writes_nothing(self, officer, worker, aigerim):
        first = officer.patch(record(aigerim), {"version": 1, "skills": "Excel"}, format="json")
        assert first.status_code == 200
        stale = worker.patch(record(aigerim), {"version": 1, "phone": "+7700"}, format="json")
        body = assert_error(stale, 409, {"version"})
        assert "regional" in body["message"]
        aigerim.refresh_from_db()
        assert (aigerim.phone, aigerim.skills, aigerim.version) == ("", "Excel", 2)

    def test_version_is_required(self, officer, aigerim):
        response = officer.patch(record(aigerim), {"phone": "+7700"}, format="json")
        assert_error(response, 400, {"version"})

    def test_case_worker_gets_404_for_another_district(self, worker, nurlan):
        response = worker.patch(record(nurlan), {"version": 1, "phone": "1"}, format="json")
        assert_error(response, 404)

    def test_analyst_may_not_edit(self, analyst, aigerim):
        response = analyst.patch(record(aigerim), {"version": 1, "phone": "1"}, format="json")
        assert_error(response, 403)

    def test_validation_errors_name_the_fields(self, officer, aigerim):
        data = {"version": 1, "settlement": centre_of("enbekshikazakh").pk, "email": "x"}
        assert_error(officer.patch(record(aigerim), data, format="json"), 400, {"email"})
        data = {"version": 1, "settlement": centre_of("enbekshikazakh").pk}
        assert_error(officer.patch(record(aigerim), data, format="json"), 400, {"settlement"})

    def test_moving_district_is_allowed_for_an_officer(self, officer, aigerim):
        data = {"version": 1, "district": "enbekshikazakh", "settlement": None}
        response = officer.patch(record(aigerim), data, format="json")
        assert response.json()["district"] == "enbekshikazakh"
        assert Person.objects.get(pk=aigerim.pk).district == district("enbekshikazakh")


class PersonStatusTests:
    def test_records_a_status_from_a_day(self, worker, aigerim):
        data = {"status": "employed", "valid_from": "2026-06-01", "note": "Found work"}
        response = worker.post(status_url(aigerim), data, format="json")
        assert response.status_code == 201, response.content
        assert response.json() == {
            "person_id": aigerim.pk,
            "status": "employed",
            "valid_from": "2026-06-01",
            "note": "Found work",
        }
        aigerim.refresh_from_db()
        assert aigerim.status == PersonStatus.EMPLOYED

    def test_defaults_to_today(self, officer, aigerim):
        officer.post(status_url(aigerim), {"status": "inactive"}, format="json")
        assert PersonStatusChange.objects.filter(person=aigerim, valid_from=date(2026, 6, 15))

    def test_future_date_is_400(self, officer, aigerim):
        data = {"status": "employed", "valid_from": "2026-07-01"}
        assert_error(officer.post(status_url(aigerim), data, format="json"), 400, {"valid_from"})

    def test_unknown_status_is_400(self, officer, aigerim):
        data = {"status": "retired"}
        assert_error(officer.post(status_url(aigerim), data, format="json"), 400, {"status"})

    def test_refusals(self, worker, analyst, anonymous, nurlan, aigerim):
        data = {"status": "employed"}
        assert_error(worker.post(status_url(nurlan), data, format="json"), 404)
        assert_error(analyst.post(status_url(aigerim), data, format="json"), 403)
        assert_needs_token(anonymous.post(status_url(aigerim), data, format="json"))
