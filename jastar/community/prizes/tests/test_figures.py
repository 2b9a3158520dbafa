"""The figures of youth prizes and grants equal the records."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from jastar.accounts.models import Role
from jastar.accounts.tests.factories import make_user
from jastar.community.prizes.figures import module_figures
from jastar.community.prizes.selectors import applications_for
from jastar.community.prizes.services import winners_decide
from jastar.community.prizes.tests.helpers import (
    DECIDED,
    apply,
    eligible,
    jurors,
    score,
    zangar_2025,
)
from jastar.registry.tests.factories import aigerim_neet_graduate, district, nurlan_student

pytestmark = pytest.mark.django_db
END_2025 = date(2025, 12, 31)


def _decided_call() -> None:
    call = zangar_2025(places=1)
    panel = jurors(2)
    winner = eligible(call, aigerim_neet_graduate())  # Karasai
    other = eligible(call, nurlan_student())  # Enbekshikazakh
    apply(call, aigerim_neet_graduate(first_name="Дана"))
    score(winner, [90, 90], panel)
    score(other, [50, 50], panel)
    winners_decide(actor=None, call=call, on=DECIDED)


class ModuleFiguresTests:
    def test_count_calls_applications_winners_and_amounts(self) -> None:
        _decided_call()
        with translation.override("en"):
            found = module_figures(year=2025, district=None, today=END_2025)
        values = {figure.key: figure.value for figure in found.figures}
        assert values == {
            "calls": 1,
            "applications": 3,
            "winners": 1,
            "amount_tenge": 100 * 3932,
            "amount_mrp": 100.0,
        }
        by_prize = found.tables[0]
        assert by_prize.rows[0].values == ("Zañğar youth prize", 3, 1, 393_200)
        by_district = found.tables[1]
        assert by_district.rows[0].values[1:] == (1, 393_200)

    def test_count_a_districts_applicants_and_winners_only(self) -> None:
        _decided_call()
        found = module_figures(year=2025, district=district("enbekshikazakh"), today=END_2025)
        assert found.figure("applications").value == 1
        assert found.figure("winners").value == 0

    def test_count_nothing_before_the_day(self) -> None:
        _decided_call()
        found = module_figures(year=2025, district=None, today=date(2025, 3, 1))
        assert found.figure("applications").value == 0
        assert found.figure("winners").value == 0


class ApplicationsForTests:
    def test_a_case_worker_reaches_their_districts_applicants_only(self) -> None:
        call = zangar_2025()
        mine = apply(call, aigerim_neet_graduate())
        apply(call, nurlan_student())
        worker = make_user("aliya", Role.CASE_WORKER, district=district("karasai"))
        assert list(applications_for(worker)) == [mine]
        assert applications_for(make_user("oleg", Role.REGIONAL_OFFICER)).count() == 2
        assert applications_for(make_user("emp")).count() == 0
