"""Services of youth prizes and grants: calls, applications, screening, jury, winners, pay."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from jastar.accounts.models import Role
from jastar.accounts.tests.factories import make_user
from jastar.community.prizes.models import (
    Application,
    Call,
    CallStatus,
    JuryScore,
    PrizeApplicationStatus,
)
from jastar.community.prizes.services import (
    application_screen,
    award_pay,
    call_open,
    jury_score_record,
    winners_decide,
)
from jastar.community.prizes.tests.helpers import (
    APPLIED,
    CLOSES,
    DECIDED,
    SCORED,
    apply,
    eligible,
    jurors,
    score,
    zangar,
    zangar_2025,
)
from jastar.core.errors import ApplicationError
from jastar.core.models import AuditEvent
from jastar.registry.tests.factories import aigerim_neet_graduate, district, nurlan_student

pytestmark = pytest.mark.django_db
Status = PrizeApplicationStatus


class CallOpenTests:
    def test_opens_a_call_with_the_youth_age_range(self) -> None:
        call = zangar_2025()
        assert call.status == CallStatus.OPEN
        assert (call.age_min, call.age_max) == (14, 35)
        assert AuditEvent.objects.filter(target_type="prizes.call", target_id=str(call.pk)).exists()

    def test_refuses_an_amount_in_both_mrp_and_tenge(self) -> None:
        with pytest.raises(ValidationError):
            zangar_2025(amount_tenge=500_000)

    def test_refuses_closing_before_opening(self) -> None:
        with pytest.raises(ValidationError):
            zangar_2025(closes_on=date(2025, 2, 1))

    def test_refuses_a_second_call_of_a_prize_in_a_year(self) -> None:
        call = zangar_2025()
        with pytest.raises(ValidationError):
            call_open(
                actor=None,
                prize=call.prize,
                year=2025,
                opens_on=date(2025, 6, 1),
                closes_on=date(2025, 7, 1),
                places=1,
                amount_tenge=100,
            )


class ApplicationSubmitTests:
    def test_records_the_applicants_district(self) -> None:
        application = apply(zangar_2025(), aigerim_neet_graduate())
        assert application.district == district("karasai")
        assert application.status == Status.SUBMITTED

    def test_refuses_an_applicant_over_the_calls_age_limit(self) -> None:
        call = zangar_2025(age_max=20)
        with pytest.raises(ValidationError) as error:
            apply(call, aigerim_neet_graduate())
        assert "person" in error.value.message_dict

    def test_refuses_a_second_application_of_the_same_person(self) -> None:
        call = zangar_2025()
        person = aigerim_neet_graduate()
        apply(call, person)
        with pytest.raises(ApplicationError):
            apply(call, person, on=date(2025, 3, 11))

    def test_refuses_an_application_after_the_call_closes(self) -> None:
        with pytest.raises(ValidationError):
            apply(zangar_2025(), aigerim_neet_graduate(), on=date(2025, 5, 1))

    def test_refuses_an_application_to_a_call_being_judged(self) -> None:
        call = zangar_2025()
        panel = jurors(1)
        score(eligible(call, aigerim_neet_graduate()), [70], panel)
        with pytest.raises(ApplicationError):
            apply(call, nurlan_student())


class ApplicationScreenTests:
    def test_rejects_with_a_reason(self) -> None:
        application = apply(zangar_2025(), aigerim_neet_graduate())
        application_screen(
            actor=None, application=application, eligible=False, reason="No project", on=CLOSES
        )
        application.refresh_from_db()
        assert (application.status, application.reject_reason) == (Status.REJECTED, "No project")

    def test_refuses_a_rejection_without_a_reason(self) -> None:
        application = apply(zangar_2025(), aigerim_neet_graduate())
        with pytest.raises(ValidationError):
            application_screen(actor=None, application=application, eligible=False, on=CLOSES)

    def test_refuses_changing_a_scored_application(self) -> None:
        application = eligible(zangar_2025(), aigerim_neet_graduate())
        score(application, [50], jurors(1))
        with pytest.raises(ApplicationError):
            application_screen(
                actor=None, application=application, eligible=False, reason="x", on=CLOSES
            )


class JuryScoreRecordTests:
    def test_keeps_the_mean_and_the_number_of_jurors(self) -> None:
        application = eligible(zangar_2025(), aigerim_neet_graduate())
        score(application, [80, 85, 85], jurors(3))
        application.refresh_from_db()
        assert (application.score_mean, application.jurors) == (Decimal("83.33"), 3)
        assert application.call.status == CallStatus.JUDGING

    def test_a_jurors_second_score_replaces_the_first(self) -> None:
        application = eligible(zangar_2025(), aigerim_neet_graduate())
        panel = jurors(1)
        score(application, [40], panel)
        score(application, [60], panel)
        application.refresh_from_db()
        assert JuryScore.objects.filter(application=application).count() == 1
        assert application.score_mean == Decimal("60.00")

    def test_refuses_a_case_worker_or_an_analyst_as_juror(self) -> None:
        application = eligible(zangar_2025(), aigerim_neet_graduate())
        for user in (
            make_user("aliya", Role.CASE_WORKER, district=district("karasai")),
            make_user("dana", Role.ANALYST),
        ):
            with pytest.raises(ApplicationError):
                jury_score_record(actor=user, application=application, score=50, on=SCORED)

    def test_refuses_scoring_an_application_not_screened_eligible(self) -> None:
        application = apply(zangar_2025(), aigerim_neet_graduate())
        with pytest.raises(ApplicationError):
            score(application, [50], jurors(1))

    def test_refuses_a_score_above_100(self) -> None:
        application = eligible(zangar_2025(), aigerim_neet_graduate())
        with pytest.raises(ValidationError):
            score(application, [101], jurors(1))


class WinnersDecideTests:
    def _three_scored(
        self, **call_values: Any
    ) -> tuple[Call, Application, Application, Application]:
        call = zangar_2025(**call_values)
        panel = jurors(2)
        first = eligible(call, aigerim_neet_graduate())
        second = eligible(call, nurlan_student(), on=date(2025, 3, 12))
        third = eligible(call, aigerim_neet_graduate(first_name="Дана"), on=date(2025, 3, 5))
        score(first, [90, 70], panel)
        score(second, [70, 70], panel)
        score(third, [60, 100], panel)  # 80 as the first, but submitted earlier
        return call, first, second, third

    def test_awards_the_best_places_with_the_mrp_of_the_year(self) -> None:
        call, first, second, third = self._three_scored()
        awards = winners_decide(actor=None, call=call, on=DECIDED)
        assert [(a.application_id, a.rank) for a in awards] == [(third.pk, 1), (first.pk, 2)]
        assert {a.amount_tenge for a in awards} == {100 * 3932}
        second.refresh_from_db()
        call.refresh_from_db()
        assert second.status == Status.NOT_SELECTED
        assert call.status == CallStatus.DECIDED

    def test_refuses_winners_over_the_budget(self) -> None:
        call, *_ = self._three_scored(budget_tenge=500_000)
        with pytest.raises(ApplicationError):
            winners_decide(actor=None, call=call, on=DECIDED)

    def test_refuses_before_the_call_closes(self) -> None:
        call, *_ = self._three_scored()
        with pytest.raises(ValidationError):
            winners_decide(actor=None, call=call, on=CLOSES)

    def test_refuses_when_no_application_has_enough_jurors(self) -> None:
        call = zangar_2025(min_jurors=3)
        score(eligible(call, aigerim_neet_graduate()), [50, 50], jurors(2))
        with pytest.raises(ApplicationError):
            winners_decide(actor=None, call=call, on=DECIDED)

    def test_pays_a_fixed_tenge_amount_once(self) -> None:
        call = zangar_2025(amount_mrp=None, amount_tenge=1_000_000, places=1)
        score(eligible(call, aigerim_neet_graduate(), on=APPLIED), [50, 50], jurors(2))
        (award,) = winners_decide(actor=None, call=call, on=DECIDED)
        assert (award.amount_tenge, award.amount_mrp) == (1_000_000, None)
        award_pay(actor=None, award=award, on=date(2025, 6, 1))
        with pytest.raises(ApplicationError):
            award_pay(actor=None, award=award, on=date(2025, 6, 2))


class PrizeCreateTests:
    def test_refuses_a_duplicate_code(self) -> None:
        zangar()
        with pytest.raises(ValidationError):
            zangar()
