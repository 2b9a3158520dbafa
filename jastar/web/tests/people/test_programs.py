"""Applying to a program, each next step of a participation, follow-ups, and recording a
placement from the person's pages."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from jastar.programs import services
from jastar.programs.lifecycle import ParticipationStatus
from jastar.programs.models import Participation
from jastar.programs.tests.factories import (
    DECIDED_ON,
    applied,
    edition,
    graduate,
    participation_at,
)
from jastar.registry.models import Person, PersonStatus, Placement
from jastar.registry.tests.factories import aigerim_neet_graduate, make_employer, make_vacancy

pytestmark = pytest.mark.django_db
S = ParticipationStatus
TODAY = "2026-06-15"


def participation_url(participation: Participation) -> str:
    return reverse("web:participation", args=[participation.person_id, participation.pk])


def step(client: Client, participation: Participation, name: str, **fields: Any) -> Any:
    data = {"step": name, **{f"{name}-{key}": value for key, value in fields.items()}}
    return client.post(participation_url(participation), data)


class ApplyTests:
    def test_offers_the_programs_the_person_is_eligible_for(self, karasai_worker: Client):
        aigerim = graduate()
        page = karasai_worker.get(reverse("web:person-enrol", args=[aigerim.pk]))
        assert page.status_code == 200
        assert f'<option value="{edition("youth_practice").pk}"' in page.content.decode()

    def test_records_the_application_and_opens_the_participation(self, karasai_worker):
        aigerim = graduate()
        youth_practice = edition("youth_practice")
        response = karasai_worker.post(
            reverse("web:person-enrol", args=[aigerim.pk]),
            {"edition": youth_practice.pk, "applied_on": TODAY},
        )
        participation = Participation.objects.get(person=aigerim)
        assert response["Location"] == participation_url(participation)
        assert (participation.status, participation.edition) == (S.APPLIED, youth_practice)

    def test_an_edition_the_person_is_not_eligible_for_cannot_be_chosen(self, karasai_worker):
        aigerim = aigerim_neet_graduate()  # no education level: not a graduate
        response = karasai_worker.post(
            reverse("web:person-enrol", args=[aigerim.pk]),
            {"edition": edition("youth_practice").pk, "applied_on": TODAY},
        )
        assert response.status_code == 200
        assert "edition" in response.context["form"].errors
        assert not Participation.objects.exists()

    def test_shows_the_service_error_on_the_date(self, karasai_worker):
        aigerim = graduate()
        with translation.override("en"):
            response = karasai_worker.post(
                reverse("web:person-enrol", args=[aigerim.pk]),
                {"edition": edition("youth_practice").pk, "applied_on": "2026-07-01"},
            )
        errors = response.context["form"].errors["applied_on"]
        assert "is in the future" in " ".join(errors)


class ParticipationStepTests:
    def test_an_application_offers_only_the_decision(self, karasai_worker: Client):
        participation = participation_at(S.APPLIED)
        page = karasai_worker.get(participation_url(participation)).content.decode()
        assert 'id="step-decide"' in page
        assert 'id="step-enrol"' not in page

    def test_a_rejection_needs_its_reason_on_the_field(self, karasai_worker: Client):
        participation = participation_at(S.APPLIED)
        with translation.override("en"):
            response = karasai_worker.post(
                participation_url(participation),
                {"step": "decide", "decide-decision": "reject", "decide-decided_on": TODAY},
            )
            form = dict(response.context["step_forms"])["decide"]
            assert "Give the reason for the rejection." in form.errors["rejection_reason"]
        participation.refresh_from_db()
        assert participation.status == S.APPLIED

    def test_walks_a_participation_from_approval_to_completion(self, karasai_worker: Client):
        participation = participation_at(S.APPLIED)
        employer = make_employer()
        response = step(
            karasai_worker, participation, "decide", decision="approve", decided_on=TODAY
        )
        assert response.status_code == 302
        step(karasai_worker, participation, "enrol", enrolled_on=TODAY, months_planned=3)
        step(karasai_worker, participation, "place", employer=employer.bin, start_date=TODAY)
        participation.refresh_from_db()
        assert participation.status == S.PLACED
        assert participation.placement is not None
        assert participation.placement.employer == employer
        assert participation.followups.count() == 2
        step(karasai_worker, participation, "complete", ended_on=TODAY)
        participation.refresh_from_db()
        assert participation.status == S.COMPLETED

    def test_confirms_the_step_taken(self, karasai_worker: Client):
        participation = participation_at(S.ENROLLED)
        with translation.override("en"):
            response = karasai_worker.post(
                participation_url(participation),
                {"step": "drop", "drop-ended_on": TODAY, "drop-drop_reason": "Moved to Almaty"},
                follow=True,
            )
        assert "the participation is now “Dropped out”" in response.content.decode()

    def test_a_refusal_of_the_program_shows_above_the_form(self, karasai_worker: Client):
        participation = applied()  # no quota in the district
        services.participation_decide(
            actor=None, participation=participation, approve=True, on=DECIDED_ON
        )
        with translation.override("en"):
            response = karasai_worker.post(
                participation_url(participation),
                {"step": "enrol", "enrol-enrolled_on": TODAY, "enrol-months_planned": "3"},
            )
        form = dict(response.context["step_forms"])["enrol"]
        assert "No quota is set" in " ".join(form.non_field_errors())
        assert "No quota is set" in response.content.decode()

    def test_a_step_the_lifecycle_does_not_allow_is_refused(self, karasai_worker: Client):
        participation = participation_at(S.APPLIED)
        with translation.override("en"):
            response = step(karasai_worker, participation, "complete", ended_on=TODAY)
        form = dict(response.context["step_forms"])["complete"]
        assert "cannot go from" in " ".join(form.non_field_errors())

    def test_an_unknown_step_is_a_bad_request(self, karasai_worker: Client):
        participation = participation_at(S.APPLIED)
        assert step(karasai_worker, participation, "teleport").status_code == 400

    def test_the_person_page_lists_the_participation_with_its_steps(self, karasai_worker):
        participation = participation_at(S.ENROLLED)
        # In Russian (dates as 03.06.2026) whatever language an earlier test left active.
        with translation.override("ru"):
            page = karasai_worker.get(reverse("web:person", args=[participation.person_id]))
            body = page.content.decode()
            assert participation_url(participation) in body
        assert body.count("<li>03.06.2026") + body.count("03.06.2026:") >= 1


class FollowUpTests:
    def followup_url(self, participation: Participation) -> tuple[str, str]:
        followup = participation.followups.order_by("due_on").first()
        assert followup is not None
        url = reverse(
            "web:followup-record", args=[participation.person_id, participation.pk, followup.pk]
        )
        return url, f"followup-{followup.pk}"

    def test_records_the_follow_up(self, karasai_worker: Client):
        participation = participation_at(S.PLACED)
        url, prefix = self.followup_url(participation)
        response = karasai_worker.post(
            url, {f"{prefix}-done_on": TODAY, f"{prefix}-still_employed": "yes"}
        )
        assert response["Location"] == participation_url(participation)
        followup = participation.followups.order_by("due_on").first()
        assert followup is not None
        assert (followup.done_on, followup.still_employed) == (date(2026, 6, 15), True)

    def test_refuses_a_check_before_the_placement_on_its_field(self, karasai_worker: Client):
        participation = participation_at(S.PLACED)  # placed on 5 June
        with translation.override("en"):
            url, prefix = self.followup_url(participation)
            response = karasai_worker.post(
                url, {f"{prefix}-done_on": "2026-06-01", f"{prefix}-still_employed": "no"}
            )
            bound = [form for _, form in response.context["followup_forms"] if form.is_bound]
            assert "cannot be before the placement" in " ".join(bound[0].errors["done_on"])
        assert "Бақылау" not in response.content.decode()

    def test_is_post_only(self, karasai_worker: Client):
        participation = participation_at(S.PLACED)
        url, _prefix = self.followup_url(participation)
        assert karasai_worker.get(url).status_code == 405


class PlacementTests:
    def url(self, person: Person) -> str:
        return reverse("web:person-placement-new", args=[person.pk])

    def test_records_a_placement_and_the_person_becomes_employed(self, karasai_worker):
        aigerim = aigerim_neet_graduate()
        employer = make_employer()
        data = {
            "employer": employer.bin,
            "start_date": TODAY,
            "employment_type": "permanent",
            "channel": "enbek",
        }
        response = karasai_worker.post(self.url(aigerim), data)
        assert response["Location"] == reverse("web:person", args=[aigerim.pk])
        placement = Placement.objects.get(person=aigerim)
        assert placement.employer == employer
        aigerim.refresh_from_db()
        assert aigerim.status == PersonStatus.EMPLOYED

    def test_a_program_channel_needs_the_program_on_its_field(self, karasai_worker):
        aigerim = aigerim_neet_graduate()
        data = {
            "employer": make_employer().bin,
            "start_date": TODAY,
            "employment_type": "internship",
            "channel": "program",
        }
        with translation.override("en"):
            response = karasai_worker.post(self.url(aigerim), data)
            assert "needs the program" in " ".join(response.context["form"].errors["program"])
        assert not Placement.objects.exists()

    def test_an_unknown_bin_is_refused(self, karasai_worker):
        aigerim = aigerim_neet_graduate()
        data = {
            "employer": "999999999999",
            "start_date": TODAY,
            "employment_type": "permanent",
            "channel": "enbek",
        }
        response = karasai_worker.post(self.url(aigerim), data)
        assert "employer" in response.context["form"].errors

    def test_a_recommended_vacancy_fills_the_form(self, karasai_worker):
        aigerim = aigerim_neet_graduate()
        vacancy = make_vacancy()
        page = karasai_worker.get(self.url(aigerim), {"vacancy": vacancy.pk}).content.decode()
        assert f'name="vacancy" value="{vacancy.pk}"' in page
        assert f'<option value="{vacancy.employer.bin}">' in page
        data = {
            "vacancy": vacancy.pk,
            "start_date": TODAY,
            "employment_type": "permanent",
            "channel": "enbek",
        }
        assert karasai_worker.post(self.url(aigerim), data).status_code == 302
        assert Placement.objects.get().employer == vacancy.employer
