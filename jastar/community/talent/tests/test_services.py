from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jastar.community.talent import services
from jastar.community.talent.models import (
    IntakeStatus,
    MembershipStatus,
    Nomination,
    NominationStatus,
    Score,
)
from jastar.community.talent.tests.helpers import (
    analyst,
    case_worker,
    criteria,
    intake_2025,
    member,
    nominee,
    officer,
)
from jastar.core.models import AuditEvent
from jastar.registry.tests.factories import district, make_person

pytestmark = pytest.mark.django_db


class IntakeTests:
    def test_a_regional_officer_opens_an_intake_and_it_is_audited(self) -> None:
        intake = services.intake_create(
            actor=officer(),
            year=2026,
            title="Reserve 2026",
            opens_on=date(2026, 2, 1),
            closes_on=date(2026, 3, 1),
        )
        assert intake.places == 25 and intake.status == IntakeStatus.OPEN
        assert AuditEvent.objects.filter(target_type="talent.intake", target_id=intake.pk).exists()

    def test_a_case_worker_may_not_open_an_intake(self) -> None:
        with pytest.raises(PermissionDenied):
            services.intake_create(
                actor=case_worker(),
                year=2026,
                title="Reserve 2026",
                opens_on=date(2026, 2, 1),
                closes_on=date(2026, 3, 1),
            )

    def test_refuses_closing_before_opening(self) -> None:
        with pytest.raises(ValidationError):
            services.intake_create(
                actor=None,
                year=2026,
                title="Reserve 2026",
                opens_on=date(2026, 3, 1),
                closes_on=date(2026, 2, 1),
            )


class NominateTests:
    def test_a_case_worker_nominates_a_person_of_their_district(self) -> None:
        intake = intake_2025()
        person = make_person()
        nomination = services.nominate(
            actor=case_worker(),
            intake=intake,
            person=person,
            nominated_by="Kaskelen akimat",
            nominated_on=date(2025, 2, 5),
        )
        assert nomination.status == NominationStatus.NOMINATED
        assert AuditEvent.objects.filter(
            target_type="talent.nomination", target_id=nomination.pk
        ).exists()

    def test_a_case_worker_may_not_nominate_a_person_of_another_district(self) -> None:
        with pytest.raises(PermissionDenied):
            services.nominate(
                actor=case_worker(),
                intake=intake_2025(),
                person=make_person(district=district("enbekshikazakh")),
                nominated_by="Esik akimat",
                nominated_on=date(2025, 2, 5),
            )

    def test_an_analyst_may_not_nominate(self) -> None:
        with pytest.raises(PermissionDenied):
            nominee_by = analyst()
            services.nominate(
                actor=nominee_by,
                intake=intake_2025(),
                person=make_person(),
                nominated_by="x",
                nominated_on=date(2025, 2, 5),
            )

    def test_refuses_a_second_nomination_to_the_same_intake(self) -> None:
        intake = intake_2025()
        person = make_person()
        nominee(intake, person)
        with pytest.raises(ValidationError) as error:
            nominee(intake, person)
        assert "person" in error.value.message_dict

    def test_refuses_nominations_once_scoring_began(self) -> None:
        intake = intake_2025()
        intake.status = IntakeStatus.SCORING
        intake.save()
        with pytest.raises(ValidationError):
            nominee(intake)


class ScoreRecordTests:
    def test_a_scorer_scores_a_criterion_once_and_may_change_it(self) -> None:
        intake = intake_2025()
        leadership, _education = criteria(intake)
        nomination = nominee(intake)
        scorer = officer()
        services.score_record(actor=scorer, nomination=nomination, criterion=leadership, score=6)
        services.score_record(
            actor=scorer, nomination=nomination, criterion=leadership, score=9, comment="Strong"
        )
        (score,) = Score.objects.filter(nomination=nomination)
        assert (score.score, score.comment, score.scorer) == (9, "Strong", scorer)
        assert AuditEvent.objects.filter(target_type="talent.score", action="update").exists()

    def test_two_scorers_score_the_same_criterion_separately(self) -> None:
        intake = intake_2025()
        leadership, _education = criteria(intake)
        nomination = nominee(intake)
        for scorer in (officer("one"), officer("two")):
            services.score_record(
                actor=scorer, nomination=nomination, criterion=leadership, score=5
            )
        assert Score.objects.filter(nomination=nomination).count() == 2

    def test_a_case_worker_may_not_score(self) -> None:
        intake = intake_2025()
        leadership, _education = criteria(intake)
        with pytest.raises(PermissionDenied):
            services.score_record(
                actor=case_worker(), nomination=nominee(intake), criterion=leadership, score=5
            )

    def test_refuses_a_score_above_the_criterions_highest(self) -> None:
        intake = intake_2025()
        _leadership, education = criteria(intake)
        with pytest.raises(ValidationError) as error:
            services.score_record(
                actor=None, nomination=nominee(intake), criterion=education, score=6
            )
        assert "score" in error.value.message_dict

    def test_refuses_a_criterion_of_another_intake(self) -> None:
        intake = intake_2025()
        other = services.intake_create(
            actor=None,
            year=2026,
            title="2026",
            opens_on=date(2026, 1, 1),
            closes_on=date(2026, 2, 1),
        )
        leadership, _education = criteria(other)
        with pytest.raises(ValidationError):
            services.score_record(
                actor=None, nomination=nominee(intake), criterion=leadership, score=5
            )


class SelectionDecideTests:
    def test_selects_the_best_ranked_up_to_the_places_and_closes_the_intake(self) -> None:
        intake = intake_2025(places=2)
        leadership, _education = criteria(intake)
        nominations = [nominee(intake, nominated_on=date(2025, 2, day)) for day in (1, 2, 3)]
        for nomination, score in zip(nominations, (4, 9, 7), strict=True):
            services.score_record(
                actor=None, nomination=nomination, criterion=leadership, score=score
            )
        members = services.selection_decide(
            actor=officer(), intake=intake, starts_on=date(2025, 5, 1)
        )
        assert {m.person_id for m in members} == {
            nominations[1].person_id,
            nominations[2].person_id,
        }
        assert members[0].ends_on == date(2028, 4, 30)
        statuses = dict(Nomination.objects.values_list("pk", "status"))
        assert statuses[nominations[0].pk] == NominationStatus.REJECTED
        intake.refresh_from_db()
        assert intake.status == IntakeStatus.CLOSED

    def test_selects_an_explicit_list(self) -> None:
        intake = intake_2025(places=2)
        chosen = nominee(intake)
        nominee(intake)
        members = services.selection_decide(
            actor=None, intake=intake, starts_on=date(2025, 5, 1), nomination_ids=[chosen.pk]
        )
        assert [m.person_id for m in members] == [chosen.person_id]

    def test_refuses_more_than_the_places(self) -> None:
        intake = intake_2025(places=1)
        ids = [nominee(intake).pk, nominee(intake).pk]
        with pytest.raises(ValidationError):
            services.selection_decide(
                actor=None, intake=intake, starts_on=date(2025, 5, 1), nomination_ids=ids
            )

    def test_refuses_when_no_one_is_scored(self) -> None:
        intake = intake_2025()
        nominee(intake)
        with pytest.raises(ValidationError):
            services.selection_decide(actor=None, intake=intake, starts_on=date(2025, 5, 1))

    def test_a_case_worker_may_not_decide(self) -> None:
        with pytest.raises(PermissionDenied):
            services.selection_decide(
                actor=case_worker(), intake=intake_2025(), starts_on=date(2025, 5, 1)
            )


class MemberRecordTests:
    def test_a_case_worker_records_a_training_and_an_appointment(self) -> None:
        membership = member()
        worker = case_worker()
        training = services.training_record(
            actor=worker,
            membership=membership,
            title="Public administration",
            provider="Academy of Public Administration",
            completed_on=date(2025, 6, 1),
            hours=72,
        )
        appointment = services.appointment_record(
            actor=worker,
            membership=membership,
            post="Deputy akim",
            organisation="Kaskelen akimat",
            appointed_on=date(2025, 9, 1),
            leading_post=True,
        )
        assert training.hours == 72 and appointment.leading_post
        assert AuditEvent.objects.filter(target_type="talent.appointment").exists()

    def test_a_case_worker_of_another_district_may_not_record(self) -> None:
        membership = member()
        with pytest.raises(PermissionDenied):
            services.appointment_record(
                actor=case_worker("bolat", "enbekshikazakh"),
                membership=membership,
                post="Head of department",
                organisation="Akimat",
                appointed_on=date(2025, 9, 1),
            )

    def test_refuses_an_appointment_before_the_membership(self) -> None:
        with pytest.raises(ValidationError):
            services.appointment_record(
                actor=None,
                membership=member(),
                post="Head",
                organisation="Akimat",
                appointed_on=date(2025, 1, 1),
            )

    def test_ending_a_membership_refuses_later_appointments(self) -> None:
        membership = member()
        services.membership_end(
            actor=None,
            membership=membership,
            on=date(2025, 12, 31),
            status=MembershipStatus.WITHDRAWN,
        )
        assert membership.status == MembershipStatus.WITHDRAWN
        with pytest.raises(ValidationError):
            services.appointment_record(
                actor=None,
                membership=membership,
                post="Head",
                organisation="Akimat",
                appointed_on=date(2026, 1, 5),
            )
