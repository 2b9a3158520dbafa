"""Follow-ups 6 and 12 months after a placement."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from jastar.core.models import AuditEvent
from jastar.programs import services
from jastar.programs.lifecycle import ParticipationStatus
from jastar.programs.models import FollowUp, FollowUpKind
from jastar.programs.tests.factories import PLACED_ON, participation_at

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def six_months(status: str = ParticipationStatus.PLACED) -> FollowUp:
    return participation_at(status).followups.get(kind=FollowUpKind.SIX_MONTHS)


class FollowUpScheduleTests:
    def test_placement_schedules_both_follow_ups(self):
        participation = participation_at(ParticipationStatus.PLACED)
        assert list(participation.followups.values_list("kind", "due_on")) == [
            (FollowUpKind.SIX_MONTHS, date(2026, 12, 5)),
            (FollowUpKind.TWELVE_MONTHS, date(2027, 6, 5)),
        ]
        assert AuditEvent.objects.filter(target_type="programs.followup").count() == 2

    def test_scheduling_again_adds_nothing(self):
        participation = participation_at(ParticipationStatus.PLACED)
        assert services.followups_schedule(actor=None, participation=participation) == []
        assert participation.followups.count() == 2

    def test_not_placed_participations_have_none(self):
        participation = participation_at(ParticipationStatus.ENROLLED)
        assert not participation.followups.exists()
        with pytest.raises(ValidationError):
            services.followups_schedule(actor=None, participation=participation)

    def test_follow_ups_stay_after_completion(self):
        assert participation_at(ParticipationStatus.COMPLETED).followups.count() == 2


class FollowUpRecordTests:
    def test_records_the_answer(self):
        followup = six_months()
        services.followup_record(
            actor=None,
            followup=followup,
            done_on=date(2026, 6, 14),
            still_employed=True,
            note=" phoned ",
        )
        followup.refresh_from_db()
        assert (followup.done_on, followup.still_employed, followup.note) == (
            date(2026, 6, 14),
            True,
            "phoned",
        )

    def test_a_correction_is_audited_with_the_old_value(self):
        followup = six_months()
        for employed in (True, False):
            services.followup_record(
                actor=None, followup=followup, done_on=date(2026, 6, 14), still_employed=employed
            )
        audit = AuditEvent.objects.filter(
            target_type="programs.followup", action="update", target_id=str(followup.pk)
        )[0]
        assert audit.changes == {"still_employed": [True, False]}

    def test_refuses_a_future_date(self):
        with pytest.raises(ValidationError) as err:
            services.followup_record(
                actor=None, followup=six_months(), done_on=date(2026, 12, 5), still_employed=True
            )
        assert "done_on" in err.value.message_dict

    def test_refuses_a_date_before_the_placement(self):
        with pytest.raises(ValidationError) as err:
            services.followup_record(
                actor=None, followup=six_months(), done_on=date(2026, 6, 4), still_employed=False
            )
        assert err.value.message_dict["done_on"] == [
            "The follow-up cannot be before the placement."
        ]
        assert PLACED_ON == date(2026, 6, 5)
