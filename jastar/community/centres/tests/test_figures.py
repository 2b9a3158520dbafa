from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from jastar.community.centres.figures import module_figures
from jastar.community.centres.models import VisitPurpose
from jastar.community.centres.services import event_record, visit_record
from jastar.community.centres.tests.helpers import kaskelen_centre, kegen_planned
from jastar.registry.models import Person, PersonStatus
from jastar.registry.services import person_change_status
from jastar.registry.tests.factories import aigerim_neet_graduate, district, nurlan_student

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 15)


def record_year() -> None:
    """Kaskelen's centre in 2026: a forum, Aigerim (NEET) twice, Nurlan (a student), a
    count of 10, and a 2025 visit that does not count; Kegen's centre still planned."""
    centre = kaskelen_centre()
    kegen_planned()
    aigerim = aigerim_neet_graduate()
    nurlan = nurlan_student()
    forum = event_record(
        actor=None,
        centre=centre,
        title="Форум",
        held_on=date(2026, 4, 2),
        anonymous_participants=30,
    )
    visits = [
        (aigerim, date(2026, 4, 2), forum),
        (aigerim, date(2026, 5, 6), None),
        (nurlan, date(2026, 5, 6), None),
        (nurlan, date(2025, 12, 1), None),
    ]
    for person, on, event in visits:
        visit_record(
            actor=None,
            centre=centre,
            visited_on=on,
            person=person,
            event=event,
            purpose=VisitPurpose.EVENT if event else VisitPurpose.CONSULTATION,
        )
    visit_record(
        actor=None,
        centre=centre,
        visited_on=date(2026, 5, 6),
        anonymous_count=10,
        purpose=VisitPurpose.LEISURE,
    )


class CentreFiguresTests:
    def test_the_figures_equal_the_records(self) -> None:
        record_year()
        with translation.override("en"):
            figures = module_figures(year=2026, district=None, today=TODAY)
        values = {f.key: f.value for f in figures.figures}
        assert values == {
            "centres_open": 1,
            "centres_planned": 1,
            "coworking_open": 0,
            "capacity_open": 60,
            "events_held": 1,
            "visits": 3 + 10 + 30,
            "participants": 2,
            "neet_reached": 1,
        }
        assert figures.figure("centres_open").target == 2
        assert figures.title == "Youth centres and coworking"

    def test_a_visitor_counts_as_neet_only_when_neet_on_the_visit_day(self) -> None:
        record_year()

        student = Person.objects.get(first_name="Нұрлан")
        person_change_status(
            actor=None, person=student, status=PersonStatus.UNEMPLOYED, valid_from=date(2026, 6, 1)
        )
        figures = module_figures(year=2026, district=None, today=TODAY)
        # He came on 6 May, a student then: still one NEET young person reached.
        assert figures.figure("neet_reached").value == 1

    def test_the_district_table_adds_up_to_the_region(self) -> None:
        record_year()
        with translation.override("en"):
            figures = module_figures(year=2026, district=None, today=TODAY)
        by_district = figures.tables[0]
        total = by_district.rows[-1]
        assert total.total
        assert total.values[1:] == (1, 1, 1, 43, 1)
        assert [row.values[0] for row in by_district.rows[:-1]] == [
            "Karasai District",
            "Kegen District",
        ]

    def test_a_district_sees_only_its_own_centres(self) -> None:
        record_year()
        figures = module_figures(year=2026, district=district("kegen"), today=TODAY)
        assert figures.figure("centres_open").value == 0
        assert figures.figure("visits").value == 0
        assert figures.figure("centres_planned").value == 1
