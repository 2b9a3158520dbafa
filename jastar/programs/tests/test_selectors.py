"""Reads: dates, quota use and spending, program histories, eligible people."""

from __future__ import annotations

from datetime import date

import pytest

from jastar.core.dates import add_months, months_between
from jastar.programs import services
from jastar.programs.eligibility import evaluate, rules_from_data
from jastar.programs.facts import person_facts
from jastar.programs.lifecycle import ParticipationStatus
from jastar.programs.selectors import (
    edition_spending,
    eligible_not_enrolled,
    quota_usage,
)
from jastar.programs.tests.factories import (
    applied,
    edition,
    graduate,
    participation_at,
    quota,
)
from jastar.registry.models import EducationLevel, FieldOfStudy, Person
from jastar.registry.tests.factories import (
    aigerim_neet_graduate,
    district,
    make_person,
    nurlan_student,
)

S = ParticipationStatus
TODAY = date(2026, 6, 15)


class DateTests:
    @pytest.mark.parametrize(
        ("day", "months", "expected"),
        [
            (date(2026, 6, 12), 6, date(2026, 12, 12)),
            (date(2026, 6, 12), 12, date(2027, 6, 12)),
            (date(2026, 8, 31), 6, date(2027, 2, 28)),
            (date(2027, 8, 31), 6, date(2028, 2, 29)),
            (date(2026, 1, 31), 1, date(2026, 2, 28)),
            (date(2026, 12, 1), 1, date(2027, 1, 1)),
        ],
    )
    def test_add_months(self, day, months, expected):
        assert add_months(day, months) == expected

    @pytest.mark.parametrize(
        ("start", "last_day", "months"),
        [
            (date(2026, 1, 1), date(2026, 6, 30), 6),
            (date(2026, 1, 15), date(2026, 6, 14), 5),
            (date(2026, 1, 15), date(2026, 6, 15), 5),
            (date(2026, 1, 15), date(2026, 1, 15), 0),
            (date(2026, 1, 31), date(2026, 2, 28), 1),
            (date(2026, 3, 1), date(2026, 2, 1), 0),
            (date(2025, 11, 1), date(2026, 10, 31), 12),
        ],
    )
    def test_months_between_counts_whole_months(self, start, last_day, months):
        assert months_between(start, last_day) == months


def _enrolled(person: Person, applied_on: date, enrolled_on: date, months: int):
    participation = applied(person, on=applied_on)
    services.participation_decide(
        actor=None, participation=participation, approve=True, on=applied_on
    )
    return services.participation_enrol(
        actor=None, participation=participation, on=enrolled_on, months=months
    )


@pytest.mark.django_db
class SpendingTests:
    def test_empty_edition(self):
        assert edition_spending(edition()) == {
            "places": 0,
            "places_used": 0,
            "places_left": 0,
            "budget_tenge": 0,
            "committed_tenge": 0,
            "budget_left_tenge": 0,
            "spent_tenge": 0,
        }

    def test_enrolments_times_subsidy_times_months(self):
        quota(edition(), places=10, budget_tenge=5_000_000)
        quota(edition(), places=4, budget_tenge=1_000_000, code="talgar")
        # 129,750 ₸ a month: 6 months planned from 15 Jan, 5 of them over by 15 June.
        _enrolled(graduate(), date(2026, 1, 10), date(2026, 1, 15), 6)
        # 3 months planned from 1 March, completed: all 3 paid.
        done = _enrolled(graduate(first_name="Дана"), date(2026, 2, 20), date(2026, 3, 1), 3)
        services.participation_complete(actor=None, participation=done, on=date(2026, 5, 31))
        # Dropped out after two whole months of a planned six: only those two count.
        left = _enrolled(graduate(first_name="Жанар"), date(2026, 2, 1), date(2026, 2, 1), 6)
        services.participation_drop(
            actor=None, participation=left, reason="Moved", on=date(2026, 4, 10)
        )
        applied(graduate(first_name="Әсем"), on=date(2026, 6, 1))  # holds nothing yet
        monthly = 129_750
        assert edition_spending(edition(), today=TODAY) == {
            "places": 14,
            "places_used": 2,
            "places_left": 12,
            "budget_tenge": 6_000_000,
            "committed_tenge": monthly * (6 + 3 + 2),
            "budget_left_tenge": 6_000_000 - monthly * 11,
            "spent_tenge": monthly * (5 + 3 + 2),
        }

    def test_spending_by_district(self):
        quota(edition(), code="karasai")
        quota(edition(), places=2, code="talgar")
        _enrolled(graduate(), date(2026, 1, 10), date(2026, 1, 15), 6)
        talgar = edition_spending(edition(), district("talgar"))
        assert (talgar["places"], talgar["places_used"], talgar["committed_tenge"]) == (2, 0, 0)
        karasai = quota_usage(edition(), district("karasai"), today=TODAY)
        assert karasai.places_used == 1 and karasai.spent_tenge == 5 * 129_750

    def test_spending_stops_at_the_months_planned(self):
        quota(edition(year=2025))
        participation = participation_at(S.ENROLLED, in_edition=edition(year=2025), months=2)
        usage = quota_usage(participation.edition, today=date(2027, 1, 1))
        assert usage.spent_tenge == usage.committed_tenge == 2 * 117_960

    def test_one_off_payment_is_spent_at_enrolment(self):
        grant = services.edition_update(
            actor=None, edition=edition("business_grant", 2025), data={"rules": []}
        )
        quota(grant)
        participation_at(S.ENROLLED, in_edition=grant, months=1)
        usage = quota_usage(grant, today=TODAY)
        assert usage.committed_tenge == usage.spent_tenge == 1_572_800


@pytest.mark.django_db
class PersonFactsTests:
    def test_reads_the_registry_record(self):
        person = graduate(field_of_study=FieldOfStudy.objects.get(code="041"))
        facts = person_facts(person, TODAY)
        assert facts.birth_date == person.birth_date
        assert facts.district_code == "karasai"
        assert (facts.education_level_code, facts.education_order) == ("bachelor", 7)
        assert facts.field_code == "041"
        assert facts.groups == frozenset()

    def test_loads_completed_and_active_programs(self):
        participation = participation_at(S.COMPLETED, in_edition=edition(year=2025))
        person = participation.person
        facts = person_facts(person, TODAY)
        assert facts.completed_programs == {"youth_practice"}
        assert facts.active_programs == frozenset()
        before = person_facts(person, date(2026, 6, 9))  # completed on 10 June
        assert before.completed_programs == frozenset()
        assert before.active_programs == {"youth_practice"}

    def test_rejected_and_dropped_participations_are_neither(self):
        person = participation_at(S.REJECTED).person
        facts = person_facts(person, TODAY)
        assert facts.completed_programs == facts.active_programs == frozenset()


@pytest.mark.django_db
class EligibleNotEnrolledTests:
    def test_finds_eligible_people_without_a_participation(self):
        eligible = graduate()
        also = graduate(first_name="Дана", district=district("talgar"), settlement=None)
        graduate(first_name="Ерлан", status="employed")  # working
        aigerim_neet_graduate(first_name="Мадина")  # no education level recorded
        nurlan_student()
        assert eligible_not_enrolled(edition(), TODAY) == [eligible.pk, also.pk]

    def test_limits_to_a_district(self):
        eligible = graduate()
        graduate(first_name="Дана", district=district("talgar"), settlement=None)
        assert eligible_not_enrolled(edition(), TODAY, district("karasai")) == [eligible.pk]

    def test_leaves_out_people_already_in_the_program(self):
        participation_at(S.APPLIED)
        later_year = participation_at(
            S.ENROLLED, in_edition=edition(year=2025), person=graduate(first_name="Дана")
        )
        free = graduate(first_name="Жанар")
        ids = eligible_not_enrolled(edition(), TODAY)
        assert later_year.person_id not in ids
        assert ids == [free.pk]

    def test_rejected_people_may_be_found_again(self):
        rejected = participation_at(S.REJECTED)
        assert eligible_not_enrolled(edition(), TODAY) == [rejected.person_id]

    def test_agrees_with_the_rules_for_each_person(self):
        levels = {level.code: level for level in EducationLevel.objects.all()}
        people = [
            make_person(
                first_name=f"Person{n}",
                birth_date=date(1991 + n % 17, 1 + n % 12, 1 + n % 28),
                status=["unemployed", "inactive", "employed", "in_education"][n % 4],
                education_level=levels[["bachelor", "tvet", "general_secondary", "master"][n % 4]]
                if n % 5
                else None,
                graduation_year=[2022, 2023, 2024, 2025, 2026, None][n % 6],
                experience_months=[0, 0, 3, 24][n % 4],
                registered_on=date(2025, 9, 1),
            )
            for n in range(40)
        ]
        for code in ("youth_practice", "first_job", "zhasyl_el", "diploma_to_village"):
            target = edition(code)
            specs, _errors = rules_from_data(target.rules)
            expected = [
                p.pk
                for p in people
                if evaluate(person_facts(p, TODAY), code, specs, TODAY).eligible
            ]
            assert eligible_not_enrolled(target, TODAY) == expected, code

    def test_invalid_rules_find_nobody(self):
        graduate()
        broken = edition()
        broken.rules = [{"type": "unknown"}]
        assert eligible_not_enrolled(broken, TODAY) == []
