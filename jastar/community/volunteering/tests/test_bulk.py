from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from jastar.accounts.tests.factories import make_user
from jastar.bulk.kinds.base import Context, RowRejected
from jastar.community.volunteering.bulk import BULK_KINDS
from jastar.community.volunteering.importer import VolunteerHoursImporter
from jastar.community.volunteering.models import HoursLog, HoursStatus, Organisation
from jastar.community.volunteering.tests.helpers import clean_up, kind_hearts
from jastar.registry.tests.factories import aigerim_neet_graduate

pytestmark = pytest.mark.django_db


def importer(user=None):
    return VolunteerHoursImporter(Context(actor=user, today=date(2026, 6, 15)))


def row(**over):
    values = {
        "iin": "",
        "organisation": "мейірім жүректер",
        "event": "Өзен жағасын тазалау",
        "worked_on": "10.05.2026",
        "hours": "6,5",
        "task": "",
        "confirmed": "иә",
    }
    values.update(over)
    return values


class VolunteerHoursImportTests:
    def test_lists_its_kinds(self):
        assert [k.kind for k in BULK_KINDS] == ["volunteer_hours", "volunteer_orgs"]
        assert BULK_KINDS[0].personal

    def test_check_refuses_bad_cells_with_reasons(self):
        with pytest.raises(RowRejected) as err:
            importer().check(row(iin="123", hours="25", worked_on="yesterday", confirmed="maybe"))
        assert {p.column for p in err.value.problems} == {"iin", "hours", "worked_on", "confirmed"}

    def test_writes_once_and_a_second_import_changes_nothing(self):
        officer = make_user("o", "regional_officer")
        clean_up(kind_hearts())
        person = aigerim_neet_graduate()
        checked = importer(officer).check(row(iin=person.iin))
        outcome, refused = importer(officer).write([checked], job_id=1)
        assert (outcome.created, refused) == (1, [])
        log = HoursLog.objects.get()
        assert (log.hours, log.status) == (Decimal("6.50"), HoursStatus.CONFIRMED)
        again, refused = importer(officer).write([checked], job_id=2)
        assert (again.created, again.updated, again.unchanged, refused) == (0, 0, 1, [])
        assert HoursLog.objects.count() == 1

    def test_refuses_confirmed_rows_from_someone_who_may_not_confirm(self):
        clean_up(kind_hearts())
        person = aigerim_neet_graduate()
        analyst = make_user("a", "analyst")
        checked = importer(analyst).check(row(iin=person.iin))
        outcome, refused = importer(analyst).write([checked], job_id=1)
        assert outcome.created == 0
        assert refused[0][1][0].column == "confirmed"

    def test_refuses_unknown_people_and_events(self):
        officer = make_user("o", "regional_officer")
        person = aigerim_neet_graduate()
        checked = importer(officer).check(row(iin=person.iin, event="Жоқ"))
        _outcome, refused = importer(officer).write([checked], job_id=1)
        assert refused[0][1][0].column == "event"


class DemoTests:
    def test_loads_deterministic_rows_and_unloads_them(self):
        from jastar.community.volunteering.demo import demo_load, demo_unload
        from jastar.community.volunteering.models import Award, AwardStatus
        from jastar.registry.tests.factories import nurlan_student

        aigerim_neet_graduate()
        nurlan_student()
        counts = demo_load(seed=7, until=date(2026, 6, 15))
        assert counts["volunteering.organisation"] == 11
        granted = Award.objects.filter(
            year=2025, status=AwardStatus.AWARDED, name_en="Volunteer of the Year"
        )
        assert granted.count() == 5
        assert demo_unload() >= sum(counts.values())


class VolunteerHoursExportTests:
    def test_exports_hours_that_import_back_unchanged(self):
        import csv
        import io

        from jastar.bulk.exports import list_export

        officer = make_user("o", "regional_officer")
        clean_up(kind_hearts())
        person = aigerim_neet_graduate()
        first = importer(officer).check(row(iin=person.iin))
        importer(officer).write([first], job_id=1)
        out = io.BytesIO()
        result = list_export(
            actor=officer,
            kind="volunteer_hours",
            queryset=HoursLog.objects.all(),
            fmt="csv",
            out=out,
            language="ru",
        )
        assert (result.rows, result.personal) == (1, True)
        text = out.getvalue().decode("utf-8-sig")
        header, line = list(csv.reader(io.StringIO(text), delimiter=";"))
        values = dict(
            zip(
                ["iin", "organisation", "event", "worked_on", "hours", "task", "confirmed"],
                line,
                strict=True,
            )
        )
        again, refused = importer(officer).write([importer(officer).check(values)], job_id=2)
        assert (again.unchanged, refused) == (1, [])

    def test_an_analyst_exports_without_iins(self):
        import io

        from jastar.bulk.exports import list_export

        officer = make_user("o", "regional_officer")
        clean_up(kind_hearts())
        person = aigerim_neet_graduate()
        importer(officer).write([importer(officer).check(row(iin=person.iin))], job_id=1)
        out = io.BytesIO()
        list_export(
            actor=make_user("a", "analyst"),
            kind="volunteer_hours",
            queryset=HoursLog.objects.all(),
            fmt="csv",
            out=out,
            language="en",
        )
        assert person.iin not in out.getvalue().decode("utf-8-sig")
        out = io.BytesIO()
        list_export(
            actor=officer,
            kind="volunteer_orgs",
            queryset=Organisation.objects.all(),
            fmt="csv",
            out=out,
            language="en",
        )
        assert "Мейірім жүректер" in out.getvalue().decode("utf-8-sig")


class SystemImportTests:
    def test_an_import_run_on_the_server_confirms_hours(self):
        # `jastar import` runs as the system (no user): it may confirm any organisation's hours.
        clean_up(kind_hearts())
        person = aigerim_neet_graduate()
        checked = importer(None).check(row(iin=person.iin))
        outcome, refused = importer(None).write([checked], job_id=1)
        assert (outcome.created, refused) == (1, [])
        assert HoursLog.objects.get().status == HoursStatus.CONFIRMED
