"""Enrolment against district quotas and budgets, and placement in a job."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import translation

from jastar.core.errors import ApplicationError
from jastar.programs import services
from jastar.programs.lifecycle import ParticipationStatus
from jastar.programs.models import FollowUpKind, Participation
from jastar.programs.services import enrolment
from jastar.programs.tests.factories import (
    DECIDED_ON,
    ENROLLED_ON,
    NEXT_STEP_ON,
    applied,
    edition,
    graduate,
    open_edition,
    participation_at,
    place,
    quota,
)
from jastar.registry import services as registry_services
from jastar.registry.models import EmploymentType, PersonStatus, Placement, PlacementChannel
from jastar.registry.tests.factories import make_employer, make_vacancy, nurlan_student

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
S = ParticipationStatus


def approved(**kwargs) -> Participation:
    participation = applied(**kwargs)
    return services.participation_decide(
        actor=None, participation=participation, approve=True, on=DECIDED_ON
    )


def enrol(participation: Participation, months: int = 6, **kwargs) -> Participation:
    return services.participation_enrol(
        actor=None, participation=participation, on=ENROLLED_ON, months=months, **kwargs
    )


class EnrolQuotaTests:
    def test_enrolment_fixes_the_subsidy_and_months(self):
        quota(edition())
        participation = enrol(approved(), months=6)
        assert participation.status == S.ENROLLED
        assert participation.enrolled_on == ENROLLED_ON
        assert participation.months_planned == 6
        assert participation.monthly_subsidy_tenge == 129_750
        assert participation.one_off_tenge == 0

    def test_without_a_quota_enrolment_is_refused(self):
        participation = approved()
        with pytest.raises(ApplicationError) as err:
            enrol(participation)
        assert str(err.value) == (
            "No quota is set for Karasai District in Youth Practice 2026, "
            "so nobody can be enrolled there."
        )
        participation.refresh_from_db()
        assert participation.status == S.APPROVED

    def test_quota_of_another_district_does_not_count(self):
        quota(edition(), code="talgar")
        with pytest.raises(ApplicationError):
            enrol(approved())

    def test_exhausted_quota_refuses_the_next_enrolment(self):
        quota(edition(), places=1)
        enrol(approved())
        second = approved(person=graduate(first_name="Дана"))
        with pytest.raises(ApplicationError) as err:
            enrol(second)
        assert str(err.value) == (
            "No places left in Karasai District for Youth Practice 2026: taken 1 of 1."
        )
        assert err.value.extra == {"places": 1, "places_used": 1}
        second.refresh_from_db()
        assert second.status == S.APPROVED

    def test_placed_and_completed_participants_keep_their_places(self):
        quota(edition(), places=2)
        participation_at(S.PLACED)
        participation_at(S.COMPLETED, person=graduate(first_name="Дана"))
        with pytest.raises(ApplicationError):
            enrol(
                approved(person=graduate(first_name="Ерлан", sex="M", birth_date=date(2002, 3, 3)))
            )

    def test_a_drop_out_frees_the_place(self):
        quota(edition(), places=1)
        participation_at(S.DROPPED_OUT)
        second = enrol(approved(person=graduate(first_name="Дана")))
        assert second.status == S.ENROLLED

    def test_budget_cut_off_refuses_what_does_not_fit(self):
        # 6 months × 129,750 ₸ = 778,500 ₸ each; a million holds one.
        quota(edition(), places=5, budget_tenge=1_000_000)
        enrol(approved())
        second = approved(person=graduate(first_name="Дана"))
        with pytest.raises(ApplicationError) as err:
            enrol(second)
        assert str(err.value) == (
            "Not enough budget left in Karasai District for Youth Practice 2026: "
            "221\u00a0500 ₸ of 1\u00a0000\u00a0000 ₸ remain, "
            "and this enrolment needs 778\u00a0500 ₸."
        )
        assert err.value.extra == {
            "budget_tenge": 1_000_000,
            "left_tenge": 221_500,
            "cost_tenge": 778_500,
        }

    def test_budget_that_fits_exactly_is_accepted(self):
        quota(edition(), places=5, budget_tenge=778_500 + 129_750)
        enrol(approved())
        assert enrol(approved(person=graduate(first_name="Дана")), months=1).status == S.ENROLLED

    def test_months_beyond_the_program_limit_are_refused(self):
        quota(edition())
        with pytest.raises(ValidationError) as err:
            enrol(approved(), months=13)
        assert err.value.message_dict["months_planned"] == [
            "Months planned: 13, above the maximum of 12 for Youth Practice 2026."
        ]

    def test_zero_months_are_refused(self):
        quota(edition())
        with pytest.raises(ValidationError) as err:
            enrol(approved(), months=0)
        assert "months_planned" in err.value.message_dict

    def test_enrolment_before_the_decision_is_refused(self):
        quota(edition())
        participation = approved()
        with pytest.raises(ValidationError) as err:
            services.participation_enrol(
                actor=None, participation=participation, on=date(2026, 6, 1), months=3
            )
        assert "enrolled_on" in err.value.message_dict


class EnrolSubsidyTests:
    """Subsidies in MRP are converted with the MRP of the edition's year (domain.md §4)."""

    def test_youth_practice_2025_pays_117960_a_month(self):
        quota(edition(year=2025))
        participation = enrol(approved(in_edition=edition(year=2025)))
        assert participation.monthly_subsidy_tenge == 117_960

    def test_youth_practice_2026_pays_129750_a_month(self):
        quota(edition(year=2026))
        assert enrol(approved()).monthly_subsidy_tenge == 129_750

    def test_business_grant_2025_is_a_one_off_1572800(self):
        grant = open_edition("business_grant", 2025)
        quota(grant)
        participation = enrol(approved(in_edition=grant), months=1)
        assert participation.monthly_subsidy_tenge == 0
        assert participation.one_off_tenge == 1_572_800

    def test_grant_budget_counts_the_one_off_payment(self):
        grant = open_edition("business_grant", 2026)
        quota(grant, places=5, budget_tenge=2_000_000)
        enrol(approved(in_edition=grant), months=1)
        with pytest.raises(ApplicationError) as err:
            enrol(approved(person=graduate(first_name="Дана"), in_edition=grant), months=1)
        assert err.value.extra["cost_tenge"] == 1_730_000

    def test_wage_share_is_capped(self):
        social = edition("social_jobs")
        quota(social)
        person = graduate(experience_months=0)
        cheap = enrol(approved(person=person, in_edition=social), monthly_wage=200_000)
        assert cheap.monthly_subsidy_tenge == 70_000  # 35% of 200,000
        well_paid = approved(person=graduate(first_name="Дана"), in_edition=social)
        assert enrol(well_paid, monthly_wage=400_000).monthly_subsidy_tenge == 84_986

    def test_wage_share_without_a_wage_reserves_the_cap(self):
        social = edition("social_jobs")
        quota(social)
        assert enrol(approved(in_edition=social)).monthly_subsidy_tenge == 84_986

    def test_wage_share_without_cap_needs_the_wage(self):
        social = services.edition_update(
            actor=None, edition=edition("social_jobs"), data={"subsidy_cap_mrp": None}
        )
        quota(social)
        with pytest.raises(ValidationError) as err:
            enrol(approved(in_edition=social))
        assert "monthly_wage" in err.value.message_dict

    def test_missing_mrp_of_the_year_refuses(self):
        from jastar.registry.models import YearlyRates

        YearlyRates.objects.filter(year=2026).delete()
        quota(edition())
        with pytest.raises(ApplicationError) as err:
            enrol(approved())
        assert str(err.value) == "The MRP of 2026 is not set, so the subsidy cannot be calculated."

    def test_later_edition_changes_do_not_change_an_enrolment(self):
        quota(edition())
        participation = enrol(approved())
        services.edition_update(actor=None, edition=edition(), data={"subsidy_mrp": 40})
        participation.refresh_from_db()
        assert participation.monthly_subsidy_tenge == 129_750


class PlaceTests:
    def test_records_a_program_placement_and_links_it(self):
        participation = place(participation_at(S.ENROLLED))
        participation.refresh_from_db()
        placement = participation.placement
        assert placement is not None
        assert participation.status == S.PLACED
        assert participation.placed_on == NEXT_STEP_ON
        assert placement.channel == PlacementChannel.PROGRAM
        assert placement.program == participation.edition.program
        assert placement.employment_type == EmploymentType.INTERNSHIP
        assert placement.start_date == NEXT_STEP_ON
        participation.person.refresh_from_db()
        assert participation.person.status == PersonStatus.EMPLOYED

    def test_schedules_follow_ups_at_6_and_12_months(self):
        participation = place(participation_at(S.ENROLLED))
        due = {f.kind: f.due_on for f in participation.followups.all()}
        assert due == {
            FollowUpKind.SIX_MONTHS: date(2026, 12, 12),
            FollowUpKind.TWELVE_MONTHS: date(2027, 6, 12),
        }
        assert all(f.done_on is None for f in participation.followups.all())

    def test_links_an_existing_program_placement(self):
        participation = participation_at(S.ENROLLED)
        placement = registry_services.placement_record(
            actor=None,
            person=participation.person,
            start_date=NEXT_STEP_ON,
            channel=PlacementChannel.PROGRAM,
            employment_type=EmploymentType.INTERNSHIP,
            program=participation.edition.program,
            employer=make_employer(),
        )
        services.participation_place(actor=None, participation=participation, placement=placement)
        participation.refresh_from_db()
        assert participation.placement == placement

    def test_vacancy_gives_the_employer(self):
        vacancy = make_vacancy()
        participation = services.participation_place(
            actor=None,
            participation=participation_at(S.ENROLLED),
            vacancy=vacancy,
            start_date=NEXT_STEP_ON,
        )
        assert participation.placement is not None
        assert participation.placement.employer == vacancy.employer

    def test_refuses_a_placement_of_another_person(self):
        participation = participation_at(S.ENROLLED)
        other = registry_services.placement_record(
            actor=None,
            person=nurlan_student(),
            start_date=NEXT_STEP_ON,
            channel=PlacementChannel.PROGRAM,
            employment_type=EmploymentType.INTERNSHIP,
            program=participation.edition.program,
        )
        with pytest.raises(ValidationError) as err:
            services.participation_place(actor=None, participation=participation, placement=other)
        assert err.value.message_dict["placement"] == ["The placement is of another person."]

    def test_refuses_a_placement_not_from_the_program(self):
        participation = participation_at(S.ENROLLED)
        own = registry_services.placement_record(
            actor=None,
            person=participation.person,
            start_date=NEXT_STEP_ON,
            channel=PlacementChannel.ENBEK,
            employment_type=EmploymentType.PERMANENT,
        )
        with pytest.raises(ValidationError) as err:
            services.participation_place(actor=None, participation=participation, placement=own)
        assert err.value.message_dict["placement"] == [
            "The placement was not recorded as coming from Youth Practice."
        ]

    def test_refuses_a_placement_linked_to_another_participation(self):
        first = participation_at(S.COMPLETED, in_edition=edition(year=2025))
        person = first.person
        registry_services.person_change_status(
            actor=None, person=person, status=PersonStatus.UNEMPLOYED, valid_from=NEXT_STEP_ON
        )
        again_on = date(2026, 6, 13)
        quota(edition())
        second = applied(person, on=again_on)
        services.participation_decide(actor=None, participation=second, approve=True, on=again_on)
        services.participation_enrol(actor=None, participation=second, on=again_on, months=3)
        with pytest.raises(ValidationError) as err:
            services.participation_place(
                actor=None, participation=second, placement=first.placement
            )
        assert err.value.message_dict["placement"] == [
            "The placement is already linked to another participation."
        ]

    def test_refuses_a_start_before_enrolment(self):
        participation = participation_at(S.ENROLLED)
        with pytest.raises(ValidationError) as err:
            place(participation, start_date=date(2026, 5, 20))
        assert "placed_on" in err.value.message_dict
        assert not Placement.objects.filter(person=participation.person).exists()

    def test_needs_a_placement_or_an_employer(self):
        with pytest.raises(ValidationError) as err:
            services.participation_place(
                actor=None, participation=participation_at(S.ENROLLED), start_date=NEXT_STEP_ON
            )
        assert "placement" in err.value.message_dict

    def test_grant_placement_uses_the_grant_channel(self):
        grant = open_edition("business_grant")
        participation = participation_at(S.ENROLLED, in_edition=grant, months=1)
        placed = place(participation)
        assert placed.placement is not None
        assert placed.placement.channel == PlacementChannel.GRANT


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
class ConcurrentEnrolmentTests:
    def test_two_officers_cannot_both_take_the_last_place(self, monkeypatch):
        quota(edition(), places=1)
        first = approved()
        second = approved(person=graduate(first_name="Дана"))
        barrier = threading.Barrier(2, timeout=10)
        reserve = enrolment._reserve

        def reserve_together(*args, **kwargs):
            # Both transactions have locked their own participation and now race for the
            # quota: without the row lock both would count 0 of 1 places taken.
            barrier.wait()
            return reserve(*args, **kwargs)

        monkeypatch.setattr(enrolment, "_reserve", reserve_together)
        outcomes: dict[int, str] = {}

        def officer(participation: Participation) -> None:
            try:
                with translation.override("en"):  # each thread has its own language
                    enrol(participation)
                outcomes[participation.pk] = "enrolled"
            except ApplicationError as err:
                outcomes[participation.pk] = str(err)
            finally:
                connection.close()

        threads = [threading.Thread(target=officer, args=(p,)) for p in (first, second)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert sorted(outcomes.values()) == [
            "No places left in Karasai District for Youth Practice 2026: taken 1 of 1.",
            "enrolled",
        ]
        statuses = Participation.objects.filter(pk__in=[first.pk, second.pk])
        assert sorted(statuses.values_list("status", flat=True)) == [S.APPROVED, S.ENROLLED]
