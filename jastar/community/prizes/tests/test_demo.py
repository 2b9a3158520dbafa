"""The demo rows of prizes and grants: counts, winners and unload."""

from __future__ import annotations

from datetime import date

import pytest

from jastar.community.prizes.demo import demo_load, demo_unload
from jastar.community.prizes.models import Application, Award, Call, JuryScore, Prize
from jastar.registry.tests.factories import aigerim_neet_graduate, nurlan_student

pytestmark = pytest.mark.django_db


class DemoTests:
    def test_loads_two_decided_calls_with_winners_and_unloads_them(self) -> None:
        for name in ("Дана", "Айбек", "Мадина", "Ерлан", "Әлия", "Тимур", "Гүлнар"):
            aigerim_neet_graduate(first_name=name)
        nurlan_student()
        counts = demo_load(seed=7, until=date(2025, 12, 31))
        assert counts["prizes.Prize"] == Prize.objects.count() == 2
        assert counts["prizes.Application"] == Application.objects.count() > 0
        assert counts["prizes.JuryScore"] == JuryScore.objects.count()
        assert counts["prizes.Award"] == Award.objects.count() > 0
        assert set(Call.objects.values_list("status", flat=True)) == {"decided"}
        assert {a.amount_tenge for a in Award.objects.filter(amount_mrp=100)} <= {393_200}
        assert demo_unload() == sum(counts.values())
        assert not Prize.objects.exists()

    def test_before_a_call_opens_it_is_not_there(self) -> None:
        aigerim_neet_graduate()
        counts = demo_load(seed=7, until=date(2025, 3, 15))
        assert counts["prizes.Call"] == 1
        assert Call.objects.get().status == "open"
        assert not Award.objects.exists()
