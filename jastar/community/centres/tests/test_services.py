from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from jastar.community.centres.models import CentreStatus, Visit, VisitPurpose
from jastar.community.centres.services import (
    centre_close,
    centre_open,
    centre_update,
    event_record,
    visit_record,
)
from jastar.community.centres.tests.helpers import kaskelen_centre, kegen_planned
from jastar.core.models import AuditAction, AuditEvent
from jastar.registry.tests.factories import aigerim_neet_graduate

pytestmark = pytest.mark.django_db


def audits(target: object) -> list[str]:
    rows = AuditEvent.objects.filter(
        target_type=target._meta.label_lower,  # type: ignore[attr-defined]
        target_id=str(target.pk),  # type: ignore[attr-defined]
    )
    return list(rows.values_list("action", flat=True))


class CentreTests:
    def test_a_centre_with_an_opening_date_is_open_and_audited(self) -> None:
        centre = kaskelen_centre()
        assert centre.status == CentreStatus.OPEN
        assert audits(centre) == [AuditAction.CREATE]

    def test_a_centre_without_an_opening_date_is_planned(self) -> None:
        assert kegen_planned().status == CentreStatus.PLANNED

    def test_two_centres_of_a_district_cannot_share_a_name(self) -> None:
        kaskelen_centre()
        with pytest.raises(ValidationError):
            kaskelen_centre(name_ru="Другое название")

    def test_an_opening_in_the_future_is_refused(self) -> None:
        with pytest.raises(ValidationError) as caught:
            kaskelen_centre(opened_on=date(2027, 1, 1))
        assert "opened_on" in caught.value.message_dict

    def test_the_database_refuses_an_open_centre_without_an_opening_date(self) -> None:
        centre = kegen_planned()
        centre.status = CentreStatus.OPEN
        with pytest.raises(IntegrityError):
            centre.save(update_fields=["status"])

    def test_a_planned_centre_opens_on_a_date_once(self) -> None:
        centre = centre_open(actor=None, centre=kegen_planned(), opened_on=date(2026, 6, 1))
        assert (centre.status, centre.opened_on) == (CentreStatus.OPEN, date(2026, 6, 1))
        with pytest.raises(ValidationError):
            centre_open(actor=None, centre=centre, opened_on=date(2026, 6, 2))

    def test_a_centre_cannot_close_before_it_opened(self) -> None:
        with pytest.raises(ValidationError):
            centre_close(actor=None, centre=kaskelen_centre(), closed_on=date(2024, 1, 1))

    def test_an_update_records_only_what_changed(self) -> None:
        centre = kaskelen_centre()
        centre_update(actor=None, centre=centre, data={"capacity": 80, "address": centre.address})
        event = AuditEvent.objects.filter(action=AuditAction.UPDATE, target_id=str(centre.pk))
        assert event.get().changes == {"capacity": [60, 80]}

    def test_an_update_cannot_change_the_status(self) -> None:
        with pytest.raises(ValidationError):
            centre_update(actor=None, centre=kaskelen_centre(), data={"status": "closed"})


class EventTests:
    def test_an_event_of_an_open_centre_is_recorded(self) -> None:
        event = event_record(
            actor=None,
            centre=kaskelen_centre(),
            title="Жастар форумы",
            held_on=date(2026, 5, 10),
            partners="Әкімдік",
            anonymous_participants=40,
        )
        assert audits(event) == [AuditAction.CREATE]

    def test_a_planned_centre_holds_no_events(self) -> None:
        with pytest.raises(ValidationError) as caught:
            event_record(actor=None, centre=kegen_planned(), title="X", held_on=date(2026, 5, 1))
        assert "held_on" in caught.value.message_dict

    def test_a_negative_participant_count_is_refused(self) -> None:
        with pytest.raises(ValidationError):
            event_record(
                actor=None,
                centre=kaskelen_centre(),
                title="X",
                held_on=date(2026, 5, 1),
                anonymous_participants=-1,
            )


class VisitTests:
    def test_a_registered_person_visits_once_a_day(self) -> None:
        centre, person = kaskelen_centre(), aigerim_neet_graduate()
        first = visit_record(
            actor=None,
            centre=centre,
            visited_on=date(2026, 5, 4),
            person=person,
            purpose=VisitPurpose.CONSULTATION,
        )
        again = visit_record(
            actor=None,
            centre=centre,
            visited_on=date(2026, 5, 4),
            person=person,
            purpose=VisitPurpose.TRAINING,
        )
        assert first.pk == again.pk
        assert audits(first) == [AuditAction.CREATE]

    def test_counts_of_unnamed_visitors_of_a_day_add_up(self) -> None:
        centre = kaskelen_centre()
        for count in (5, 7):
            visit = visit_record(
                actor=None,
                centre=centre,
                visited_on=date(2026, 5, 4),
                anonymous_count=count,
                purpose=VisitPurpose.LEISURE,
            )
        assert visit.anonymous_count == 12
        assert Visit.objects.count() == 1

    def test_a_visit_is_a_person_or_a_count_not_both(self) -> None:
        with pytest.raises(ValidationError):
            visit_record(
                actor=None,
                centre=kaskelen_centre(),
                visited_on=date(2026, 5, 4),
                person=aigerim_neet_graduate(),
                anonymous_count=3,
                purpose=VisitPurpose.LEISURE,
            )
        with pytest.raises(ValidationError):
            visit_record(
                actor=None,
                centre=kaskelen_centre(name_kk="Б", name_ru="Б"),
                visited_on=date(2026, 5, 4),
                purpose=VisitPurpose.LEISURE,
            )

    def test_a_visit_to_an_event_is_on_its_day_and_at_its_centre(self) -> None:
        centre = kaskelen_centre()
        event = event_record(actor=None, centre=centre, title="Форум", held_on=date(2026, 5, 10))
        with pytest.raises(ValidationError):
            visit_record(
                actor=None,
                centre=centre,
                visited_on=date(2026, 5, 11),
                anonymous_count=3,
                event=event,
                purpose=VisitPurpose.EVENT,
            )
        other = kaskelen_centre(name_kk="Б", name_ru="Б")
        with pytest.raises(ValidationError):
            visit_record(
                actor=None,
                centre=other,
                visited_on=date(2026, 5, 10),
                anonymous_count=3,
                event=event,
                purpose=VisitPurpose.EVENT,
            )

    def test_no_visits_before_the_centre_opened(self) -> None:
        with pytest.raises(ValidationError):
            visit_record(
                actor=None,
                centre=kaskelen_centre(),
                visited_on=date(2025, 2, 1),
                anonymous_count=3,
                purpose=VisitPurpose.LEISURE,
            )
