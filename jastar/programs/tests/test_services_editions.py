"""Editions and quotas through their services."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from jastar.core.models import AuditEvent
from jastar.programs import services
from jastar.programs.eligibility import DEFAULT_RULES
from jastar.programs.lifecycle import ParticipationStatus
from jastar.programs.models import Payer, Program, ProgramQuota
from jastar.programs.tests.factories import edition, participation_at, quota
from jastar.registry.tests.factories import district

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def program(code: str = "youth_practice") -> Program:
    return Program.objects.get(code=code)


class EditionCreateTests:
    def test_copies_the_default_rules(self):
        created = services.edition_create(
            actor=None,
            program=program(),
            year=2027,
            payer=Payer.STATE_BUDGET,
            subsidy_mrp=Decimal(30),
            max_duration_months=12,
        )
        assert created.rules == DEFAULT_RULES["youth_practice"]
        assert created.is_verified is False
        assert AuditEvent.objects.filter(
            target_type="programs.programedition", target_id=str(created.pk), action="create"
        ).exists()

    def test_refuses_invalid_rules_with_reasons(self):
        with pytest.raises(ValidationError) as err:
            services.edition_create(
                actor=None,
                program=program(),
                year=2027,
                payer=Payer.STATE_BUDGET,
                rules=[{"type": "age_range", "params": {"min": 40, "max": 18}}, {"type": "magic"}],
            )
        assert err.value.message_dict["rules"] == [
            "Rule 1 (age_range): the minimum age 40 is above the maximum 18.",
            "Rule 2: unknown rule type “magic”.",
        ]

    def test_refuses_a_second_edition_for_the_same_year(self):
        with pytest.raises(ValidationError):
            services.edition_create(
                actor=None, program=program(), year=2026, payer=Payer.STATE_BUDGET
            )

    def test_refuses_a_share_above_one(self):
        with pytest.raises(ValidationError):
            services.edition_create(
                actor=None,
                program=program("social_jobs"),
                year=2027,
                payer=Payer.SHARED,
                subsidy_wage_share=Decimal("1.5"),
            )


class EditionUpdateTests:
    def test_changes_and_audits_only_what_changed(self):
        youth = edition()
        services.edition_update(
            actor=None,
            edition=youth,
            data={"subsidy_mrp": Decimal(40), "is_verified": True, "payer": youth.payer},
        )
        youth.refresh_from_db()
        assert youth.subsidy_mrp == Decimal(40) and youth.is_verified
        audit = AuditEvent.objects.filter(target_type="programs.programedition")[0]
        assert set(audit.changes) == {"subsidy_mrp", "is_verified"}

    def test_validates_changed_rules(self):
        with pytest.raises(ValidationError) as err:
            services.edition_update(actor=None, edition=edition(), data={"rules": {"type": "x"}})
        assert "rules" in err.value.message_dict

    def test_program_and_year_cannot_change(self):
        with pytest.raises(ValidationError):
            services.edition_update(actor=None, edition=edition(), data={"year": 2030})


class QuotaSetTests:
    def test_creates_then_changes_the_district_quota(self):
        first = quota(edition(), places=3, budget_tenge=1_000_000)
        second = quota(edition(), places=5, budget_tenge=2_000_000)
        assert first.pk == second.pk
        assert ProgramQuota.objects.get().places == 5
        actions = AuditEvent.objects.filter(target_type="programs.programquota")
        assert sorted(actions.values_list("action", flat=True)) == ["create", "update"]

    def test_quotas_are_per_district(self):
        quota(edition(), code="karasai")
        quota(edition(), code="talgar")
        assert ProgramQuota.objects.filter(edition=edition()).count() == 2

    def test_cannot_drop_below_what_is_taken(self):
        participation = participation_at(ParticipationStatus.ENROLLED)
        with pytest.raises(ValidationError) as err:
            services.quota_set(
                actor=None,
                edition=participation.edition,
                district=district("karasai"),
                places=0,
                budget_tenge=100,
            )
        assert err.value.message_dict == {
            "places": ["Places already taken: 1; the quota cannot be lower."],
            "budget_tenge": ["778\u00a0500 ₸ is already committed; the budget cannot be lower."],
        }
