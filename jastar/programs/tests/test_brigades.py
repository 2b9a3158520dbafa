"""Zhasyl El brigades: creation, members joining and leaving, the leader, hours worked and
their confirmation, the monthly payroll, the year's figures and the admin pages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client

from jastar.core.errors import ApplicationError
from jastar.core.models import AuditEvent
from jastar.programs import services
from jastar.programs.brigades import services as brigades
from jastar.programs.brigades.models import Brigade, BrigadeMember, WorkLog
from jastar.programs.brigades.selectors import brigade_figures, brigade_payroll
from jastar.programs.lifecycle import ParticipationStatus
from jastar.programs.models import Participation, ProgramEdition
from jastar.programs.tests.factories import applied, edition, participation_at
from jastar.registry.models import Person
from jastar.registry.tests.factories import (
    aigerim_neet_graduate,
    centre_of,
    district,
    make_employer,
    nurlan_student,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
S = ParticipationStatus

STARTS_ON = date(2026, 6, 1)
ENDS_ON = date(2026, 8, 31)
ENROLLED_ON = date(2026, 6, 3)  # the factories' enrolment day
NAMES = iter(f"Person{i}" for i in range(1_000))


@pytest.fixture
def zhasyl_el() -> ProgramEdition:
    return edition("zhasyl_el", 2026)


def make_brigade(zhasyl_el: ProgramEdition, **overrides: Any) -> Brigade:
    values: dict[str, Any] = {
        "actor": None,
        "edition": zhasyl_el,
        "name": "Kaskelen parks",
        "district": district("karasai"),
        "settlement": centre_of("karasai"),
        "employer": make_employer(name="Kaskelen akimat"),
        "work_description": "Planting trees and cleaning the parks.",
        "starts_on": STARTS_ON,
        "ends_on": ENDS_ON,
        "capacity": 3,
        "hourly_rate_tenge": 1_500,
    }
    values.update(overrides)
    return brigades.brigade_create(**values)


def enrolled(zhasyl_el: ProgramEdition, person: Person | None = None) -> Participation:
    person = person or aigerim_neet_graduate(first_name=next(NAMES))
    return participation_at(S.ENROLLED, months=3, person=person, in_edition=zhasyl_el)


def join(brigade: Brigade, on: date = ENROLLED_ON, person: Person | None = None) -> BrigadeMember:
    return brigades.brigade_add_member(
        actor=None,
        brigade=brigade,
        participation=enrolled(brigade.edition, person),
        on=on,
    )


def log(member: BrigadeMember, day: int, hours: str = "8", confirm: bool = True) -> WorkLog:
    entry = brigades.worklog_record(
        actor=None, member=member, worked_on=date(2026, 6, day), hours=Decimal(hours)
    )
    if confirm:
        brigades.worklog_confirm(actor=None, logs=[entry])
    return entry


class BrigadeCreateTests:
    def test_creates_an_audited_brigade(self, zhasyl_el):
        brigade = make_brigade(zhasyl_el)
        assert brigade.pk and brigade.leader is None
        assert AuditEvent.objects.filter(target_type="programs.brigade").count() == 1

    def test_refuses_an_edition_that_is_not_seasonal_work(self):
        with pytest.raises(ApplicationError, match="not a seasonal-work program"):
            make_brigade(edition("youth_practice"))

    def test_refuses_dates_outside_the_editions_year(self, zhasyl_el):
        with pytest.raises(ValidationError, match="outside 2026"):
            make_brigade(zhasyl_el, starts_on=date(2025, 12, 1), ends_on=date(2026, 1, 31))

    def test_refuses_a_brigade_longer_than_three_months(self, zhasyl_el):
        with pytest.raises(ValidationError, match="in months: 3") as caught:
            make_brigade(zhasyl_el, ends_on=date(2026, 9, 1))
        assert "31.08.2026" in str(caught.value)

    def test_accepts_exactly_three_months(self, zhasyl_el):
        assert make_brigade(zhasyl_el, ends_on=date(2026, 8, 31)).pk

    def test_refuses_an_end_before_the_start(self, zhasyl_el):
        with pytest.raises(ValidationError, match="cannot end before"):
            make_brigade(zhasyl_el, ends_on=date(2026, 5, 1))

    def test_refuses_a_settlement_of_another_district(self, zhasyl_el):
        with pytest.raises(ValidationError, match="is not in"):
            make_brigade(zhasyl_el, settlement=centre_of("enbekshikazakh"))

    @pytest.mark.parametrize(("hourly", "monthly"), [(None, None), (1_500, 90_000)])
    def test_needs_exactly_one_form_of_pay(self, zhasyl_el, hourly, monthly):
        with pytest.raises(ValidationError, match="either an hourly rate or a monthly pay"):
            make_brigade(zhasyl_el, hourly_rate_tenge=hourly, monthly_pay_tenge=monthly)

    def test_database_refuses_both_forms_of_pay(self, zhasyl_el):
        brigade = make_brigade(zhasyl_el)
        with pytest.raises(IntegrityError), transaction.atomic():
            Brigade.objects.filter(pk=brigade.pk).update(monthly_pay_tenge=90_000)


class BrigadeAddMemberTests:
    def test_adds_an_enrolled_participant_without_changing_the_participation(self, zhasyl_el):
        member = join(make_brigade(zhasyl_el))
        assert member.joined_on == ENROLLED_ON
        assert member.participation.status == S.ENROLLED
        assert AuditEvent.objects.filter(target_type="programs.brigademember").count() == 1

    def test_refuses_a_participation_that_is_not_enrolled(self, zhasyl_el):
        brigade = make_brigade(zhasyl_el)
        participation = applied(person=aigerim_neet_graduate(), in_edition=zhasyl_el)
        with pytest.raises(ApplicationError, match="Only an enrolled participant"):
            brigades.brigade_add_member(
                actor=None, brigade=brigade, participation=participation, on=ENROLLED_ON
            )

    def test_refuses_a_participation_of_another_edition(self, zhasyl_el):
        brigade = make_brigade(zhasyl_el)
        other = participation_at(S.ENROLLED, months=3)
        with pytest.raises(ApplicationError, match="another program edition"):
            brigades.brigade_add_member(
                actor=None, brigade=brigade, participation=other, on=ENROLLED_ON
            )

    def test_refuses_a_full_brigade(self, zhasyl_el):
        brigade = make_brigade(zhasyl_el, capacity=1)
        join(brigade)
        with pytest.raises(ApplicationError, match="full: places taken 1 of 1"):
            join(brigade)

    def test_a_member_who_left_frees_the_place(self, zhasyl_el):
        brigade = make_brigade(zhasyl_el, capacity=1)
        first = join(brigade)
        brigades.brigade_remove_member(actor=None, member=first, on=date(2026, 6, 5), reason="Ill")
        assert join(brigade, on=date(2026, 6, 8)).pk

    def test_refuses_a_date_outside_the_brigade(self, zhasyl_el):
        brigade = make_brigade(zhasyl_el, starts_on=date(2026, 7, 1), ends_on=date(2026, 8, 31))
        with pytest.raises(ValidationError, match="outside"):
            join(brigade, on=ENROLLED_ON)

    def test_refuses_a_date_before_the_enrolment(self, zhasyl_el):
        with pytest.raises(ValidationError, match="before the enrolment"):
            join(make_brigade(zhasyl_el), on=date(2026, 6, 2))

    def test_refuses_a_person_over_35_on_the_start_date(self, zhasyl_el):
        # 35 when applying on 1 June, 36 when the brigade starts on 12 June.
        person = aigerim_neet_graduate(birth_date=date(1990, 6, 10))
        brigade = make_brigade(zhasyl_el, starts_on=date(2026, 6, 12))
        with pytest.raises(ApplicationError, match="on 12.06.2026 will be 36"):
            join(brigade, on=date(2026, 6, 12), person=person)

    def test_refuses_a_person_in_an_overlapping_brigade(self, zhasyl_el):
        first = make_brigade(zhasyl_el)
        member = join(first)
        # The first participation drops out, the person enrols again and tries a second
        # brigade while still recorded in the first.
        services.participation_drop(
            actor=None, participation=member.participation, reason="Moved", on=date(2026, 6, 10)
        )
        second = make_brigade(zhasyl_el, name="Second", starts_on=date(2026, 6, 10))
        again = services.participation_apply(
            actor=None, person=member.participation.person, edition=zhasyl_el, on=date(2026, 6, 10)
        )
        services.participation_decide(
            actor=None, participation=again, approve=True, on=date(2026, 6, 10)
        )
        services.participation_enrol(
            actor=None, participation=again, on=date(2026, 6, 11), months=2
        )
        with pytest.raises(ApplicationError, match="at the same time"):
            brigades.brigade_add_member(
                actor=None, brigade=second, participation=again, on=date(2026, 6, 11)
            )
        brigades.brigade_remove_member(
            actor=None, member=member, on=date(2026, 6, 10), reason="Moved"
        )
        assert brigades.brigade_add_member(
            actor=None, brigade=second, participation=again, on=date(2026, 6, 11)
        ).pk

    def test_refuses_a_participation_already_in_a_brigade(self, zhasyl_el):
        member = join(make_brigade(zhasyl_el))
        other = make_brigade(zhasyl_el, name="Other")
        with pytest.raises(ApplicationError, match="already in a brigade"):
            brigades.brigade_add_member(
                actor=None, brigade=other, participation=member.participation, on=ENROLLED_ON
            )


class BrigadeSetLeaderTests:
    def test_makes_a_member_the_leader(self, zhasyl_el):
        member = join(make_brigade(zhasyl_el))
        brigade = brigades.brigade_set_leader(actor=None, member=member)
        assert brigade.leader == member.participation.person

    def test_refuses_a_leader_who_left(self, zhasyl_el):
        member = join(make_brigade(zhasyl_el))
        brigades.brigade_remove_member(actor=None, member=member, on=date(2026, 6, 5), reason="Ill")
        with pytest.raises(ApplicationError, match="leader must be a member"):
            brigades.brigade_set_leader(actor=None, member=member)

    def test_a_leader_who_leaves_is_no_longer_the_leader(self, zhasyl_el):
        member = join(make_brigade(zhasyl_el))
        brigades.brigade_set_leader(actor=None, member=member)
        brigades.brigade_remove_member(actor=None, member=member, on=date(2026, 6, 5), reason="Ill")
        member.brigade.refresh_from_db()
        assert member.brigade.leader is None


class BrigadeRemoveMemberTests:
    def test_records_leaving_and_keeps_the_participation(self, zhasyl_el):
        member = join(make_brigade(zhasyl_el))
        brigades.brigade_remove_member(
            actor=None, member=member, on=date(2026, 6, 10), reason="Found a job"
        )
        member.refresh_from_db()
        assert (member.left_on, member.leave_reason) == (date(2026, 6, 10), "Found a job")
        assert member.participation.status == S.ENROLLED

    def test_drops_the_participation_when_asked(self, zhasyl_el):
        member = join(make_brigade(zhasyl_el))
        brigades.brigade_remove_member(
            actor=None, member=member, on=date(2026, 6, 10), reason="Moved", drop_participation=True
        )
        member.participation.refresh_from_db()
        assert member.participation.status == S.DROPPED_OUT
        assert member.participation.drop_reason == "Moved"

    def test_needs_a_reason(self, zhasyl_el):
        member = join(make_brigade(zhasyl_el))
        with pytest.raises(ValidationError, match="reason for leaving"):
            brigades.brigade_remove_member(
                actor=None, member=member, on=date(2026, 6, 10), reason=" "
            )

    def test_refuses_a_future_date_and_one_before_joining(self, zhasyl_el):
        member = join(make_brigade(zhasyl_el))
        with pytest.raises(ValidationError, match="in the future"):
            brigades.brigade_remove_member(
                actor=None, member=member, on=date(2026, 6, 20), reason="x"
            )
        with pytest.raises(ValidationError, match="outside"):
            brigades.brigade_remove_member(
                actor=None, member=member, on=date(2026, 6, 2), reason="x"
            )

    def test_refuses_a_date_before_recorded_hours(self, zhasyl_el):
        member = join(make_brigade(zhasyl_el))
        log(member, 9)
        with pytest.raises(ValidationError, match="hours recorded after"):
            brigades.brigade_remove_member(
                actor=None, member=member, on=date(2026, 6, 8), reason="x"
            )

    def test_refuses_a_member_who_already_left(self, zhasyl_el):
        member = join(make_brigade(zhasyl_el))
        brigades.brigade_remove_member(actor=None, member=member, on=date(2026, 6, 8), reason="x")
        with pytest.raises(ApplicationError, match="already left"):
            brigades.brigade_remove_member(
                actor=None, member=member, on=date(2026, 6, 9), reason="x"
            )


class WorkLogRecordTests:
    def test_records_unconfirmed_hours(self, zhasyl_el):
        entry = log(join(make_brigade(zhasyl_el)), 4, "7.5", confirm=False)
        assert entry.hours == Decimal("7.5") and not entry.is_confirmed

    @pytest.mark.parametrize("hours", ["0", "-1", "12.5"])
    def test_refuses_hours_out_of_range(self, zhasyl_el, hours):
        member = join(make_brigade(zhasyl_el))
        with pytest.raises(ValidationError, match="no more than 12"):
            log(member, 4, hours)

    def test_accepts_twelve_hours(self, zhasyl_el):
        assert log(join(make_brigade(zhasyl_el)), 4, "12").hours == 12

    def test_refuses_a_day_in_the_future(self, zhasyl_el):
        with pytest.raises(ValidationError, match="in the future"):
            log(join(make_brigade(zhasyl_el)), 16)

    def test_refuses_a_day_before_joining(self, zhasyl_el):
        with pytest.raises(ValidationError, match="outside"):
            log(join(make_brigade(zhasyl_el)), 2)

    def test_refuses_a_day_after_leaving(self, zhasyl_el):
        member = join(make_brigade(zhasyl_el))
        brigades.brigade_remove_member(actor=None, member=member, on=date(2026, 6, 8), reason="x")
        with pytest.raises(ValidationError, match="outside"):
            log(member, 9)

    def test_refuses_a_day_after_the_brigade_ended(self, zhasyl_el):
        brigade = make_brigade(zhasyl_el, ends_on=date(2026, 6, 10))
        with pytest.raises(ValidationError, match="outside"):
            log(join(brigade), 11)

    def test_refuses_a_day_recorded_twice(self, zhasyl_el):
        member = join(make_brigade(zhasyl_el))
        log(member, 4)
        with pytest.raises(ApplicationError, match="already recorded"):
            log(member, 4)


class WorkLogConfirmTests:
    def test_confirms_by_the_actor_today_and_skips_confirmed_logs(
        self, zhasyl_el, django_user_model
    ):
        officer = django_user_model.objects.create_user("officer")
        member = join(make_brigade(zhasyl_el))
        first, second = log(member, 4, confirm=False), log(member, 5, confirm=False)
        assert brigades.worklog_confirm(actor=officer, logs=[first]) == [first]
        confirmed = brigades.worklog_confirm(actor=officer, logs=[first, second])
        assert [entry.pk for entry in confirmed] == [second.pk]
        second.refresh_from_db()
        assert (second.confirmed_by, second.confirmed_on) == (officer, date(2026, 6, 15))


class BrigadePayrollTests:
    def test_hourly_pay_counts_only_confirmed_hours(self, zhasyl_el):
        member = join(make_brigade(zhasyl_el))
        log(member, 4, "8")
        log(member, 5, "6.5")
        log(member, 8, "8", confirm=False)
        [row] = brigade_payroll(member.brigade, date(2026, 6, 1))
        assert row.hours == Decimal("14.5")
        assert row.pay_tenge == 21_750  # 14.5 h × 1 500 ₸
        assert row.days == 28
        assert "social contributions are due in full" in str(row.note)

    def test_monthly_pay_is_pro_rated_for_a_mid_month_join(self, zhasyl_el):
        brigade = make_brigade(zhasyl_el, hourly_rate_tenge=None, monthly_pay_tenge=90_000)
        first = join(brigade)
        late = join(brigade, on=date(2026, 6, 11))
        rows = {row.member.pk: row for row in brigade_payroll(brigade, date(2026, 6, 20))}
        assert (rows[first.pk].days, rows[first.pk].pay_tenge) == (28, 84_000)
        assert (rows[late.pk].days, rows[late.pk].pay_tenge) == (20, 60_000)

    def test_monthly_pay_ends_with_the_last_day_and_skips_later_months(self, zhasyl_el):
        brigade = make_brigade(zhasyl_el, hourly_rate_tenge=None, monthly_pay_tenge=90_000)
        member = join(brigade)
        brigades.brigade_remove_member(actor=None, member=member, on=date(2026, 6, 12), reason="x")
        [row] = brigade_payroll(brigade, date(2026, 6, 1))
        assert (row.days, row.pay_tenge) == (10, 30_000)
        assert brigade_payroll(brigade, date(2026, 7, 1)) == []

    def test_full_month_of_monthly_pay(self, zhasyl_el):
        brigade = make_brigade(zhasyl_el, hourly_rate_tenge=None, monthly_pay_tenge=90_000)
        join(brigade)
        [row] = brigade_payroll(brigade, date(2026, 7, 1))
        assert (row.days, row.pay_tenge) == (31, 90_000)


class BrigadeFiguresTests:
    def test_counts_brigades_people_neet_hours_and_pay(self, zhasyl_el):
        brigade = make_brigade(zhasyl_el)
        neet = join(brigade)
        student = nurlan_student(district=district("karasai"), settlement=None)
        join(brigade, person=student)
        log(neet, 4, "8")
        log(neet, 5, "4", confirm=False)
        monthly = make_brigade(
            zhasyl_el, name="Esik", hourly_rate_tenge=None, monthly_pay_tenge=90_000, capacity=1
        )
        join(monthly, on=date(2026, 6, 11))
        figures = brigade_figures(2026)
        assert (figures.brigades, figures.members, figures.neet_members) == (2, 3, 2)
        assert figures.hours == Decimal("8")
        # 8 h × 1 500 ₸, plus 60 000 ₸ for June and 90 000 ₸ each for July and August.
        assert figures.pay_tenge == 12_000 + 60_000 + 90_000 + 90_000

    def test_filters_by_district_and_year(self, zhasyl_el):
        join(make_brigade(zhasyl_el))
        assert brigade_figures(2026, district("enbekshikazakh")).brigades == 0
        assert brigade_figures(2025).members == 0
        assert brigade_figures(2026, district("karasai")).members == 1


@pytest.fixture
def admin_client(client: Client, django_user_model):
    user = django_user_model.objects.create_superuser("boss", "boss@example.kz", "pw-123456")
    client.force_login(user)
    return client


class BrigadeAdminTests:
    @pytest.mark.parametrize(
        "model", ["programs/brigade", "programs/brigademember", "programs/worklog"]
    )
    def test_list_add_and_change_pages_render(self, admin_client: Client, zhasyl_el, model):
        member = join(make_brigade(zhasyl_el))
        entry = log(member, 4)
        pk = {"programs/brigade": member.brigade_id, "programs/brigademember": member.pk}.get(
            model, entry.pk
        )
        for language in ("", "ru/", "en/"):
            assert admin_client.get(f"/{language}admin/{model}/").status_code == 200
        assert admin_client.get(f"/en/admin/{model}/add/").status_code == 200
        assert admin_client.get(f"/en/admin/{model}/{pk}/change/").status_code == 200

    def test_brigade_is_created_through_the_service(self, admin_client: Client, zhasyl_el):
        data = {
            "edition": zhasyl_el.pk,
            "name": "Talgar orchards",
            "district": district("karasai").pk,
            "starts_on": "2026-06-01",
            "ends_on": "2026-09-15",
            "hourly_rate_tenge": 1_500,
            "capacity": 5,
            "members-TOTAL_FORMS": 0,
            "members-INITIAL_FORMS": 0,
        }
        response = admin_client.post("/en/admin/programs/brigade/add/", data)
        assert response.status_code == 200 and b"in months: 3" in response.content
        data["ends_on"] = "2026-08-31"
        response = admin_client.post("/en/admin/programs/brigade/add/", data)
        assert response.status_code == 302
        assert AuditEvent.objects.filter(target_type="programs.brigade").exists()

    def test_confirm_action_confirms_through_the_service(self, admin_client: Client, zhasyl_el):
        member = join(make_brigade(zhasyl_el))
        entry = log(member, 4, confirm=False)
        response = admin_client.post(
            "/en/admin/programs/worklog/",
            {"action": "confirm_selected", "_selected_action": [entry.pk]},
        )
        assert response.status_code == 302
        entry.refresh_from_db()
        assert entry.is_confirmed and entry.confirmed_by is not None

    def test_make_leader_action_names_the_leader(self, admin_client: Client, zhasyl_el):
        member = join(make_brigade(zhasyl_el))
        admin_client.post(
            "/en/admin/programs/brigademember/",
            {"action": "make_leader", "_selected_action": [member.pk]},
        )
        member.brigade.refresh_from_db()
        assert member.brigade.leader == member.participation.person
