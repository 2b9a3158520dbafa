from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from jastar.programs.models import Program
from jastar.registry import services
from jastar.registry.models import (
    EmploymentType,
    PersonStatus,
    Placement,
    PlacementChannel,
    VacancyStatus,
)
from jastar.registry.selectors import person_status_on
from jastar.registry.tests.factories import (
    aigerim_neet_graduate,
    make_employer,
    make_vacancy,
)

pytestmark = pytest.mark.django_db


def _place(person, **overrides):
    values = {
        "actor": None,
        "person": person,
        "start_date": date(2026, 3, 2),
        "channel": PlacementChannel.ENBEK,
        "employment_type": EmploymentType.PERMANENT,
    }
    values.update(overrides)
    return services.placement_record(**values)


class PlacementRecordTests:
    def test_marks_person_employed_from_start_date(self):
        person = aigerim_neet_graduate()
        _place(person, vacancy=make_vacancy())
        person.refresh_from_db()
        assert person.status == PersonStatus.EMPLOYED
        assert person_status_on(person, date(2026, 3, 1)) == PersonStatus.UNEMPLOYED
        assert person_status_on(person, date(2026, 3, 2)) == PersonStatus.EMPLOYED

    def test_employer_defaults_to_vacancy_employer(self):
        vacancy = make_vacancy()
        placement = _place(aigerim_neet_graduate(), vacancy=vacancy)
        assert placement.employer == vacancy.employer
        assert placement.district == placement.person.district

    def test_fills_vacancy_when_all_places_taken(self):
        vacancy = make_vacancy(places=1)
        _place(aigerim_neet_graduate(), vacancy=vacancy)
        vacancy.refresh_from_db()
        assert vacancy.status == VacancyStatus.FILLED

    def test_program_channel_requires_program(self):
        with pytest.raises(ValidationError) as err:
            _place(aigerim_neet_graduate(), channel=PlacementChannel.PROGRAM)
        assert "program" in err.value.message_dict
        program = Program.objects.get(code="first_job")
        placement = _place(
            aigerim_neet_graduate(), channel=PlacementChannel.PROGRAM, program=program
        )
        assert placement.program == program

    def test_rejects_vacancy_of_another_employer(self):
        with pytest.raises(ValidationError) as err:
            _place(aigerim_neet_graduate(), vacancy=make_vacancy(), employer=make_employer())
        assert "vacancy" in err.value.message_dict

    def test_rejects_duplicate_and_keeps_the_first(self):
        person = aigerim_neet_graduate()
        _place(person)
        with pytest.raises(ValidationError):
            _place(person)
        assert Placement.objects.filter(person=person).count() == 1

    def test_rejects_future_start_and_end_before_start(self):
        with pytest.raises(ValidationError) as err:
            _place(aigerim_neet_graduate(), start_date=date(2026, 9, 1), end_date=date(2026, 8, 1))
        assert {"start_date", "end_date"} <= set(err.value.message_dict)

    def test_failed_placement_leaves_status_unchanged(self):
        person = aigerim_neet_graduate()
        with pytest.raises(ValidationError):
            _place(person, channel=PlacementChannel.GRANT)
        person.refresh_from_db()
        assert person.status == PersonStatus.UNEMPLOYED
        assert person.status_changes.count() == 1
