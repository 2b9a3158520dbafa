from __future__ import annotations

from datetime import date

import pytest

from jastar.bulk.kinds.base import Checked, Context, RowRejected
from jastar.community.centres.importer import CentreVisitsImporter
from jastar.community.centres.models import Visit
from jastar.community.centres.services import event_record
from jastar.community.centres.tests.helpers import kaskelen_centre
from jastar.core.models import AuditAction, AuditEvent
from jastar.registry.tests.factories import aigerim_neet_graduate, new_iin

pytestmark = pytest.mark.django_db


def importer() -> CentreVisitsImporter:
    return CentreVisitsImporter(Context(actor=None, today=date(2026, 6, 15)))


def problems(values: dict[str, str]) -> dict[str, str]:
    with pytest.raises(RowRejected) as caught:
        importer().check(values)
    return {p.column: str(p.message) for p in caught.value.problems}


class CentreVisitsImporterTests:
    def test_a_row_names_the_centre_in_any_language_and_an_iin_that_lost_its_zero(self) -> None:
        centre = kaskelen_centre()
        aigerim = aigerim_neet_graduate(birth_date=date(2003, 5, 14))
        row = importer().check(
            {
                "centre": "Молодёжный центр Каскелена",
                "date": "04.05.2026",
                "iin": aigerim.iin.lstrip("0") if aigerim.iin.startswith("0") else aigerim.iin,
                "purpose": "Консультация",
            }
        )
        assert row.values["centre"] == centre
        assert row.values["iin"] == aigerim.iin
        assert row.values["purpose"] == "consultation"

    def test_a_leading_zero_dropped_by_a_spreadsheet_is_put_back(self) -> None:
        kaskelen_centre()
        person = aigerim_neet_graduate(birth_date=date(2005, 3, 17))
        assert person.iin.startswith("0")
        row = importer().check(
            {
                "centre": "Kaskelen Youth Centre",
                "date": "04.05.2026",
                "iin": person.iin[1:],
                "purpose": "training",
            }
        )
        assert row.values["iin"] == person.iin

    def test_bad_rows_are_refused_with_their_reasons(self) -> None:
        kaskelen_centre()
        found = problems({"centre": "Nowhere", "date": "31.02.2026", "purpose": "dance"})
        assert set(found) >= {"centre", "date", "purpose"}
        both = problems(
            {"centre": "Kaskelen Youth Centre", "date": "04.05.2026", "purpose": "leisure"}
        )
        assert "" in both
        assert "count" in problems(
            {
                "centre": "Kaskelen Youth Centre",
                "date": "04.05.2026",
                "purpose": "leisure",
                "count": "-3",
            }
        )

    def test_writing_the_same_rows_twice_changes_nothing(self) -> None:
        centre = kaskelen_centre()
        event_record(actor=None, centre=centre, title="Форум", held_on=date(2026, 5, 4))
        aigerim = aigerim_neet_graduate()
        cells = [
            {
                "centre": str(centre.pk),
                "date": "04.05.2026",
                "iin": aigerim.iin,
                "purpose": "event",
                "event": "форум",
            },
            {"centre": str(centre.pk), "date": "04.05.2026", "count": "12", "purpose": "leisure"},
        ]
        first, refused = importer().write(_checked(cells), job_id=1)
        assert (first.created, refused) == (2, [])
        again, refused = importer().write(_checked(cells), job_id=2)
        assert (again.created, again.updated, again.unchanged, refused) == (0, 0, 2, [])
        assert Visit.objects.count() == 2
        assert Visit.objects.get(person=aigerim).event is not None
        created = AuditEvent.objects.filter(action=AuditAction.CREATE, target_type="centres.visit")
        assert created.count() == 2

    def test_a_new_count_replaces_the_recorded_one(self) -> None:
        centre = kaskelen_centre()
        row = {"centre": str(centre.pk), "date": "04.05.2026", "purpose": "leisure"}
        importer().write(_checked([{**row, "count": "12"}]), job_id=1)
        outcome, _refused = importer().write(_checked([{**row, "count": "15"}]), job_id=2)
        assert outcome.updated == 1
        assert Visit.objects.get().anonymous_count == 15

    def test_an_unknown_person_an_unknown_event_and_a_closed_day_are_refused(self) -> None:
        centre = kaskelen_centre()
        base = {"centre": str(centre.pk), "purpose": "leisure"}
        cells = [
            {**base, "date": "04.05.2026", "iin": new_iin(date(2001, 1, 1), "M")},
            {**base, "date": "04.05.2026", "count": "3", "event": "Жоқ"},
            {**base, "date": "04.05.2024", "count": "3"},
        ]
        outcome, refused = importer().write(_checked(cells), job_id=1)
        assert outcome.created == 0
        assert [sorted(p.column for p in found) for _row, found in refused] == [
            ["iin"],
            ["event"],
            ["date"],
        ]


def _checked(cells: list[dict[str, str]]) -> list[Checked]:
    made = importer()
    return [made.check(c) for c in cells]
