from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from jastar.core.identifiers import make_iin
from jastar.core.models import AuditAction, AuditEvent
from jastar.registry import services
from jastar.registry.models import Area, Person, PersonStatus, PersonStatusChange
from jastar.registry.tests.factories import (
    aigerim_neet_graduate,
    centre_of,
    district,
    make_person,
    new_iin,
    nurlan_student,
)

pytestmark = pytest.mark.django_db


class PersonRegisterTests:
    def test_registers_person_with_birth_date_and_sex_taken_from_iin(self):
        iin = new_iin(date(2001, 7, 9), "M")
        person = services.person_register(
            actor=None,
            iin=iin,
            last_name="Жұмабеков",
            first_name="Ержан",
            district=district("talgar"),
            status=PersonStatus.UNEMPLOYED,
        )
        assert (person.birth_date, person.sex) == (date(2001, 7, 9), "M")
        assert person.is_neet is True

    def test_fills_latin_names_and_search_key(self):
        person = aigerim_neet_graduate()
        assert person.first_name_latn == "Äigerım"
        assert "aigerim" in person.name_key

    def test_writes_first_status_change_and_audit_event(self):
        person = aigerim_neet_graduate()
        history = list(PersonStatusChange.objects.filter(person=person))
        assert [(c.status, c.valid_from) for c in history] == [
            (PersonStatus.UNEMPLOYED, date(2025, 9, 1))
        ]
        event = AuditEvent.objects.get(target_type="registry.person", target_id=str(person.pk))
        assert event.action == AuditAction.CREATE
        assert person.iin not in event.summary

    def test_area_follows_settlement(self):
        assert aigerim_neet_graduate().area == Area.URBAN
        konaev = make_person(district=district("konaev"))
        assert konaev.area == Area.URBAN
        assert make_person(district=district("kegen")).area == Area.RURAL

    def test_rejects_invalid_iin_with_reason(self):
        with pytest.raises(ValidationError) as err:
            make_person(iin="12345")
        assert "iin" in err.value.message_dict

    def test_rejects_birth_date_that_disagrees_with_iin(self):
        with pytest.raises(ValidationError) as err:
            make_person(iin=new_iin(date(2003, 5, 14), "F"), birth_date=date(2003, 5, 15))
        assert "14.05.2003" in err.value.message_dict["birth_date"][0]

    def test_rejects_sex_that_disagrees_with_iin(self):
        with pytest.raises(ValidationError) as err:
            make_person(iin=new_iin(date(2003, 5, 14), "F"), sex="M")
        assert "sex" in err.value.message_dict

    def test_rejects_applicant_over_age_limit(self):
        born = date(1989, 1, 1)
        with pytest.raises(ValidationError) as err:
            make_person(birth_date=born, iin=new_iin(born, "F"))
        assert "36" in err.value.message_dict["birth_date"][0]

    def test_rejects_child_under_fourteen(self):
        born = date(2013, 1, 1)
        with pytest.raises(ValidationError):
            make_person(birth_date=born, iin=new_iin(born, "F"))

    def test_rejects_settlement_of_another_district(self):
        with pytest.raises(ValidationError) as err:
            make_person(district=district("karasai"), settlement=centre_of("kegen"))
        assert "settlement" in err.value.message_dict

    def test_rejects_registration_in_the_future(self):
        with pytest.raises(ValidationError) as err:
            make_person(registered_on=date(2027, 1, 1))
        assert "registered_on" in err.value.message_dict

    def test_rejects_unknown_language(self):
        with pytest.raises(ValidationError) as err:
            make_person(languages=["kk", "xx"])
        assert "xx" in err.value.message_dict["languages"][0]

    def test_rejects_duplicate_iin_and_saves_nothing(self):
        person = aigerim_neet_graduate()
        before = Person.objects.count()
        with pytest.raises(ValidationError):
            make_person(iin=person.iin)
        assert Person.objects.count() == before

    def test_collects_every_problem_in_one_error(self):
        with pytest.raises(ValidationError) as err:
            make_person(
                iin=make_iin(date(2003, 5, 14), "F", 17),
                sex="M",
                settlement=centre_of("kegen"),
                registered_on=date(2027, 1, 1),
            )
        assert {"sex", "settlement", "registered_on"} <= set(err.value.message_dict)


class PersonUpdateTests:
    def test_saves_changed_fields_and_audits_the_difference(self):
        person = aigerim_neet_graduate()
        services.person_update(actor=None, person=person, data={"phone": "+77011234567"})
        person.refresh_from_db()
        assert person.phone == "+77011234567"
        event = AuditEvent.objects.filter(action=AuditAction.UPDATE).latest("id")
        assert event.changes == {"phone": ["", "+77011234567"]}

    def test_renaming_recomputes_latin_names_and_search_key(self):
        person = aigerim_neet_graduate()
        services.person_update(actor=None, person=person, data={"last_name": "Нұрланова"})
        person.refresh_from_db()
        assert person.last_name_latn == "Nūrlanova"
        assert "nurlanova" in person.name_key

    def test_moving_district_recomputes_area(self):
        person = aigerim_neet_graduate()
        services.person_update(
            actor=None, person=person, data={"district": district("kegen"), "settlement": None}
        )
        person.refresh_from_db()
        assert person.area == Area.RURAL

    def test_refuses_to_change_identity_fields(self):
        person = aigerim_neet_graduate()
        with pytest.raises(ValidationError):
            services.person_update(actor=None, person=person, data={"iin": "000000000000"})


class PersonChangeStatusTests:
    def test_later_change_becomes_current_status(self):
        person = nurlan_student()
        services.person_change_status(
            actor=None, person=person, status=PersonStatus.EMPLOYED, valid_from=date(2026, 3, 1)
        )
        person.refresh_from_db()
        assert (person.status, person.status_since) == (PersonStatus.EMPLOYED, date(2026, 3, 1))
        assert person.is_neet is False

    def test_backdated_change_keeps_later_current_status(self):
        person = aigerim_neet_graduate()
        services.person_change_status(
            actor=None, person=person, status=PersonStatus.INACTIVE, valid_from=date(2024, 7, 1)
        )
        person.refresh_from_db()
        assert person.status == PersonStatus.UNEMPLOYED
        assert person.status_changes.count() == 2

    def test_second_change_on_same_day_replaces_first(self):
        person = aigerim_neet_graduate()
        for status in (PersonStatus.EMPLOYED, PersonStatus.IN_TRAINING):
            services.person_change_status(
                actor=None, person=person, status=status, valid_from=date(2026, 2, 2)
            )
        assert person.status_changes.filter(valid_from=date(2026, 2, 2)).count() == 1
        person.refresh_from_db()
        assert person.status == PersonStatus.IN_TRAINING

    def test_rejects_future_date_and_unknown_status(self):
        person = aigerim_neet_graduate()
        with pytest.raises(ValidationError) as err:
            services.person_change_status(
                actor=None, person=person, status="retired", valid_from=date(2027, 1, 1)
            )
        assert {"status", "valid_from"} <= set(err.value.message_dict)


class PersonRecordViewTests:
    def test_records_view_event_with_masked_iin(self):
        person = aigerim_neet_graduate()
        services.person_record_view(actor=None, person=person, ip_address="10.0.0.7")
        event = AuditEvent.objects.get(action=AuditAction.VIEW)
        assert event.summary == person.masked_iin
        assert event.ip_address == "10.0.0.7"
