"""Participation services: applying, deciding, and every move of the lifecycle."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from jastar.core.errors import ApplicationError
from jastar.core.models import AuditEvent
from jastar.programs import services
from jastar.programs.lifecycle import TRANSITIONS, ParticipationStatus, check_transition
from jastar.programs.models import Participation, ParticipationEvent
from jastar.programs.tests.factories import (
    DECIDED_ON,
    NEXT_STEP_ON,
    applied,
    edition,
    graduate,
    participation_at,
)
from jastar.registry.models import PlacementChannel
from jastar.registry.tests.factories import aigerim_neet_graduate, district, make_employer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
S = ParticipationStatus


def _move(participation: Participation, target: str) -> Participation:
    """Ask the service for ``target`` the way an officer would."""
    common: dict[str, Any] = {"actor": None, "participation": participation}
    if target == S.APPROVED:
        return services.participation_decide(approve=True, on=NEXT_STEP_ON, **common)
    if target == S.REJECTED:
        return services.participation_decide(
            approve=False, reason="No documents", on=NEXT_STEP_ON, **common
        )
    if target == S.ENROLLED:
        return services.participation_enrol(on=NEXT_STEP_ON, months=3, **common)
    if target == S.PLACED:
        return services.participation_place(
            employer=make_employer(), start_date=NEXT_STEP_ON, **common
        )
    if target == S.COMPLETED:
        return services.participation_complete(on=NEXT_STEP_ON, **common)
    assert target == S.DROPPED_OUT
    return services.participation_drop(reason="Found other work", on=NEXT_STEP_ON, **common)


# Every status a service can move to (applying creates a participation, so it is not a move).
TARGETS = [s for s in S.values if s != S.APPLIED]
PAIRS = list(itertools.product(S.values, TARGETS))


class TransitionServiceTests:
    @pytest.mark.parametrize(("current", "target"), [p for p in PAIRS if p[1] in TRANSITIONS[p[0]]])
    def test_legal_move_succeeds_and_is_logged(self, current, target):
        participation = participation_at(current)
        events_before = participation.events.count()
        moved = _move(participation, target)
        moved.refresh_from_db()
        assert moved.status == target
        event = moved.events.order_by("-id")[0]
        assert (event.from_status, event.to_status, event.on) == (current, target, NEXT_STEP_ON)
        assert moved.events.count() == events_before + 1
        audit = AuditEvent.objects.filter(
            target_type="programs.participation", target_id=str(moved.pk)
        ).first()
        assert audit is not None and audit.changes["status"] == [current, target]

    @pytest.mark.parametrize(
        ("current", "target"), [p for p in PAIRS if p[1] not in TRANSITIONS[p[0]]]
    )
    def test_illegal_move_is_refused_with_the_lifecycle_message(self, current, target):
        participation = participation_at(current)
        events_before = participation.events.count()
        with pytest.raises(ApplicationError) as err:
            _move(participation, target)
        assert str(err.value) == str(check_transition(current, target))
        assert err.value.extra == {"from": current, "to": target}
        participation.refresh_from_db()
        assert participation.status == current
        assert participation.events.count() == events_before

    def test_history_records_every_step_in_order(self):
        participation = participation_at(S.COMPLETED)
        steps = list(participation.events.values_list("from_status", "to_status"))
        assert steps == [
            ("", S.APPLIED),
            (S.APPLIED, S.APPROVED),
            (S.APPROVED, S.ENROLLED),
            (S.ENROLLED, S.PLACED),
            (S.PLACED, S.COMPLETED),
        ]

    def test_step_before_the_previous_one_is_refused(self):
        participation = participation_at(S.APPROVED)
        with pytest.raises(ValidationError) as err:
            services.participation_drop(
                actor=None, participation=participation, reason="x", on=date(2026, 5, 1)
            )
        assert "ended_on" in err.value.message_dict

    def test_step_in_the_future_is_refused(self):
        participation = participation_at(S.APPLIED)
        with pytest.raises(ValidationError) as err:
            services.participation_decide(
                actor=None, participation=participation, approve=True, on=date(2026, 7, 1)
            )
        assert "decided_on" in err.value.message_dict

    def test_stale_object_is_checked_against_the_stored_status(self):
        participation = participation_at(S.APPLIED)
        stale = Participation.objects.get(pk=participation.pk)
        services.participation_decide(
            actor=None, participation=participation, approve=True, on=DECIDED_ON
        )
        with pytest.raises(ApplicationError):
            services.participation_decide(
                actor=None, participation=stale, approve=False, reason="x", on=DECIDED_ON
            )
        assert stale.status == S.APPROVED


class ParticipationApplyTests:
    def test_eligible_person_applies(self):
        person = graduate()
        participation = applied(person)
        assert participation.status == S.APPLIED
        assert participation.district == person.district
        assert participation.edition == edition()
        event = participation.events.get()
        assert (event.from_status, event.to_status) == ("", S.APPLIED)
        assert AuditEvent.objects.filter(
            target_type="programs.participation", action="create"
        ).exists()

    def test_ineligible_person_is_refused_with_the_failed_rules(self):
        person = aigerim_neet_graduate(status="employed")  # no education level recorded
        with pytest.raises(ApplicationError) as err:
            applied(person)
        rules = err.value.extra["rules"]
        assert [rule["type"] for rule in rules] == ["graduated_within", "status_in"]
        assert rules[0]["message"] == "No education level is recorded."
        assert rules[1]["message"].startswith("Status is “Employed”")
        assert str(err.value).startswith("Not eligible for Youth Practice 2026: ")
        assert "No education level is recorded." in str(err.value)
        assert not Participation.objects.filter(person=person).exists()

    def test_person_over_the_age_limit_is_refused(self):
        person = graduate(birth_date=date(1990, 1, 1), registered_on=date(2024, 9, 1))
        with pytest.raises(ApplicationError) as err:
            applied(person)
        assert [r["type"] for r in err.value.extra["rules"]] == ["age_range"]
        assert err.value.extra["rules"][0]["details"]["age"] == 36

    def test_second_active_application_is_refused(self):
        person = graduate()
        applied(person)
        with pytest.raises(ApplicationError) as err:
            applied(person)
        assert "already has an active participation" in str(err.value)

    def test_active_participation_elsewhere_makes_ineligible(self):
        person = graduate()
        applied(person, edition("first_job"))
        with pytest.raises(ApplicationError) as err:
            applied(person)
        assert [r["type"] for r in err.value.extra["rules"]] == ["not_in_active_program"]
        assert "First Job" in err.value.extra["rules"][0]["message"]

    def test_may_apply_again_after_rejection(self):
        rejected = participation_at(S.REJECTED)
        again = applied(rejected.person, on=NEXT_STEP_ON)
        assert again.status == S.APPLIED

    def test_future_application_date_is_refused(self):
        with pytest.raises(ValidationError) as err:
            applied(graduate(), on=date(2026, 6, 16))
        assert "applied_on" in err.value.message_dict

    def test_keeps_district_of_application_after_the_person_moves(self):
        from jastar.registry import services as registry_services

        participation = applied()
        registry_services.person_update(
            actor=None,
            person=participation.person,
            data={"district": district("talgar"), "settlement": None},
        )
        participation.refresh_from_db()
        assert participation.district == district("karasai")

    def test_database_allows_one_active_participation_per_edition(self):
        participation = applied()
        with pytest.raises(IntegrityError), transaction.atomic():
            Participation.objects.create(
                person=participation.person,
                edition=participation.edition,
                district=participation.district,
                status=S.APPROVED,
                applied_on=participation.applied_on,
            )


class ParticipationDecideTests:
    def test_approval_records_the_date(self):
        participation = participation_at(S.APPROVED)
        assert participation.decided_on == DECIDED_ON
        assert participation.rejection_reason == ""

    def test_rejection_needs_a_reason(self):
        participation = participation_at(S.APPLIED)
        with pytest.raises(ValidationError) as err:
            services.participation_decide(
                actor=None, participation=participation, approve=False, reason=" ", on=DECIDED_ON
            )
        assert "rejection_reason" in err.value.message_dict
        participation.refresh_from_db()
        assert participation.status == S.APPLIED

    def test_rejection_keeps_the_reason(self):
        participation = participation_at(S.REJECTED)
        assert participation.rejection_reason == "Incomplete documents"
        assert participation.events.order_by("id")[1].reason == "Incomplete documents"


class ParticipationEndTests:
    def test_drop_needs_a_reason(self):
        participation = participation_at(S.ENROLLED)
        with pytest.raises(ValidationError) as err:
            services.participation_drop(
                actor=None, participation=participation, reason="", on=NEXT_STEP_ON
            )
        assert "drop_reason" in err.value.message_dict

    def test_drop_records_date_and_reason(self):
        participation = participation_at(S.DROPPED_OUT)
        assert participation.drop_reason == "Moved away"
        assert participation.ended_on is not None

    def test_completion_of_a_placed_participant(self):
        participation = participation_at(S.COMPLETED)
        assert participation.placement is not None
        assert participation.placement.channel == PlacementChannel.PROGRAM
        assert participation.ended_on is not None

    def test_events_name_the_officer(self, django_user_model):
        officer = django_user_model.objects.create_user("officer")
        participation = participation_at(S.APPLIED)
        services.participation_decide(
            actor=officer, participation=participation, approve=True, on=DECIDED_ON
        )
        assert participation.events.order_by("id")[1].actor == officer
        assert ParticipationEvent.objects.filter(actor=officer).count() == 1
