from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from jastar.programs.models import Program
from jastar.registry import services
from jastar.registry.models import EmployerKind, VacancySource, VacancyStatus
from jastar.registry.tests.factories import (
    centre_of,
    district,
    make_employer,
    make_vacancy,
    new_bin,
    new_iin,
)

pytestmark = pytest.mark.django_db


class EmployerRegisterTests:
    def test_registers_legal_entity_with_valid_bin(self):
        employer = make_employer()
        assert len(employer.bin) == 12

    def test_rejects_bin_with_wrong_check_digit(self):
        good = new_bin()
        bad = good[:-1] + str((int(good[-1]) + 1) % 10)
        with pytest.raises(ValidationError) as err:
            make_employer(bin=bad)
        assert "bin" in err.value.message_dict

    def test_entrepreneur_is_registered_under_iin(self):
        iin = new_iin(date(1980, 4, 4), "M")
        employer = make_employer(bin=iin, kind=EmployerKind.ENTREPRENEUR, name="ЖК Ахметов")
        assert employer.bin == iin

    def test_rejects_iin_given_as_bin_of_legal_entity(self):
        with pytest.raises(ValidationError):
            make_employer(bin=new_iin(date(1980, 4, 4), "M"))

    def test_update_keeps_bin(self):
        employer = make_employer()
        with pytest.raises(ValidationError):
            services.employer_update(actor=None, employer=employer, data={"bin": "1"})
        services.employer_update(actor=None, employer=employer, data={"name": "Жаңа атау"})
        employer.refresh_from_db()
        assert employer.name == "Жаңа атау"


class VacancyCreateTests:
    def test_district_defaults_to_employer_district(self):
        vacancy = make_vacancy()
        assert vacancy.district == vacancy.employer.district

    def test_title_in_one_language_is_enough(self):
        assert make_vacancy(title_ru="").title == "Аспаз"

    def test_rejects_vacancy_without_any_title(self):
        with pytest.raises(ValidationError) as err:
            make_vacancy(title_kk="", title_ru="")
        assert "title_kk" in err.value.message_dict

    def test_rejects_inverted_salary_range(self):
        with pytest.raises(ValidationError) as err:
            make_vacancy(salary_min=300_000, salary_max=200_000)
        assert "salary_max" in err.value.message_dict

    def test_rejects_closing_before_posting(self):
        with pytest.raises(ValidationError):
            make_vacancy(posted_on=date(2026, 5, 1), closes_on=date(2026, 4, 1))

    def test_program_place_must_name_program(self):
        with pytest.raises(ValidationError) as err:
            make_vacancy(source=VacancySource.PROGRAM)
        assert "program" in err.value.message_dict
        program = Program.objects.get(code="youth_practice")
        assert make_vacancy(source=VacancySource.PROGRAM, program=program).program == program

    def test_rejects_settlement_outside_vacancy_district(self):
        with pytest.raises(ValidationError):
            make_vacancy(district=district("karasai"), settlement=centre_of("uighur"))


class VacancyStatusTests:
    def test_closing_records_closing_date(self):
        vacancy = make_vacancy()
        services.vacancy_set_status(actor=None, vacancy=vacancy, status=VacancyStatus.CLOSED)
        vacancy.refresh_from_db()
        assert vacancy.status == VacancyStatus.CLOSED
        assert vacancy.closes_on == date(2026, 6, 15)

    def test_update_cannot_change_status_directly(self):
        vacancy = make_vacancy()
        with pytest.raises(ValidationError):
            services.vacancy_update(actor=None, vacancy=vacancy, data={"status": "closed"})
