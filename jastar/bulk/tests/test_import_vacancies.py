"""Importing vacancies from Enbek.kz cards and office lists: values, keys, rejections, re-runs."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

from jastar.bulk.models import ImportJob, ImportStatus
from jastar.bulk.tests.files import (
    VACANCY_HEADERS_KK,
    VACANCY_HEADERS_RU,
    import_file,
    reasons,
    write_csv,
    write_xlsx,
)
from jastar.core.models import AuditEvent
from jastar.registry import services
from jastar.registry.models import (
    Employer,
    EmploymentType,
    Vacancy,
    VacancySource,
    VacancyStatus,
)
from jastar.registry.tests.factories import centre_of, district, make_employer, new_bin

pytestmark = pytest.mark.django_db

AGRO = new_bin()
MARKET = new_bin()


def rows() -> list[list[object]]:
    return [
        [
            "100234",
            "Повар",
            AGRO,
            "ТОО «Қаскелең Агро»",
            "Алматинская область, Карасайский район, г. Каскелен",
            "от 150 000 до 250 000 тг",
            "от 1 года до 3 лет",
            "Полный день",
            "Среднее специальное",
            "Повар",
            "2",
            "01.06.2026",
        ],
        [
            "100235",
            "Сатушы-кеңесші",
            MARKET,
            "ТОО «Бесағаш Маркет»",
            "Алматы облысы, Талғар ауданы, Бесағаш а.",
            "келісім бойынша",
            "тәжірибесіз",
            "Ауысымдық кесте",
            "Орта",
            "Продавец",
            "1",
            "02.06.2026",
        ],
        [
            "100236",
            "Бухгалтер",
            AGRO,
            "ТОО «Қаскелең Агро»",
            "Қонаев қ.",
            "до 200 000",
            "более 3 лет",
            "Временная",
            "Высшее",
            "2411",
            "1",
            "03.06.2026",
        ],
    ]


def run(path: Path, *, dry_run: bool = False) -> ImportJob:
    return import_file(path, "vacancies", dry_run=dry_run)


@pytest.fixture(autouse=True)
def _agro() -> Employer:
    return make_employer(bin=AGRO, name="«Қаскелең Агро» ЖШС", district=district("karasai"))


class FormatsTests:
    def test_reads_an_enbek_card_list_with_russian_headers(self, tmp_path: Path) -> None:
        job = run(write_csv(tmp_path / "enbek.csv", VACANCY_HEADERS_RU, rows()))
        assert (job.status, job.created, job.rejected) == (ImportStatus.DONE, 3, 0)
        assert Vacancy.objects.filter(source=VacancySource.ENBEK).count() == 3

    def test_recognises_kazakh_headers(self, tmp_path: Path) -> None:
        job = run(write_csv(tmp_path / "enbek.csv", VACANCY_HEADERS_KK, rows()))
        assert job.created == 3
        assert set(job.mapping.values()) >= {"external_id", "title", "employer_bin", "location"}

    def test_reads_a_windows_1251_file(self, tmp_path: Path) -> None:
        body = [rows()[0], rows()[2]]
        body[0][3] = "ТОО Каскелен Агро"
        body[1][3], body[1][4] = "ТОО Каскелен Агро", "г. Конаев"
        path = write_csv(tmp_path / "enbek.csv", VACANCY_HEADERS_RU, body, encoding="cp1251")
        job = run(path)
        assert (job.encoding, job.created, job.rejected) == ("cp1251", 2, 0)

    def test_reads_an_xlsx_workbook_with_numbers_and_dates(self, tmp_path: Path) -> None:
        body = [
            [int(str(r[0])), *r[1:10], int(str(r[10])), date(2026, 6, 1 + i)]
            for i, r in enumerate(rows())
        ]
        job = run(write_xlsx(tmp_path / "enbek.xlsx", VACANCY_HEADERS_RU, body))
        assert (job.file_format, job.created, job.rejected) == ("xlsx", 3, 0)
        assert Vacancy.objects.get(external_id="100236").posted_on == date(2026, 6, 3)

    def test_a_dry_run_registers_and_posts_nothing(self, tmp_path: Path) -> None:
        job = run(write_csv(tmp_path / "enbek.csv", VACANCY_HEADERS_RU, rows()), dry_run=True)
        assert (job.created, job.rejected) == (3, 0)
        assert not Vacancy.objects.exists()
        assert not Employer.objects.filter(bin=MARKET).exists()


class CardValuesTests:
    def test_reads_pay_experience_schedule_education_and_place_of_a_russian_card(
        self, tmp_path: Path
    ) -> None:
        run(write_csv(tmp_path / "enbek.csv", VACANCY_HEADERS_RU, rows()))
        cook = Vacancy.objects.get(external_id="100234")
        assert (cook.title_kk, cook.title_ru) == ("", "Повар")
        assert (cook.district, cook.settlement) == (district("karasai"), centre_of("karasai"))
        assert (cook.salary_min, cook.salary_max) == (150_000, 250_000)
        assert cook.experience_months_required == 12
        assert cook.employment_type == EmploymentType.PERMANENT
        assert cook.education_required is not None
        assert cook.education_required.code == "tvet"
        assert cook.occupation is not None and cook.occupation.code == "5120"
        assert (cook.places, cook.posted_on, cook.status) == (2, date(2026, 6, 1), "open")

    def test_reads_a_kazakh_card_and_puts_its_title_in_kazakh(self, tmp_path: Path) -> None:
        run(write_csv(tmp_path / "enbek.csv", VACANCY_HEADERS_RU, rows()))
        seller = Vacancy.objects.get(external_id="100235")
        assert (seller.title_kk, seller.title_ru) == ("Сатушы-кеңесші", "")
        assert (seller.salary_min, seller.salary_max) == (None, None)
        assert seller.experience_months_required == 0
        assert seller.education_required is not None
        assert seller.education_required.code == "general_secondary"
        assert seller.settlement is not None and seller.settlement.name_ru == "Бесагаш"
        assert seller.occupation is not None and seller.occupation.code == "5223"

    def test_a_city_alone_is_the_district_and_an_upper_bound_alone_is_kept(
        self, tmp_path: Path
    ) -> None:
        run(write_csv(tmp_path / "enbek.csv", VACANCY_HEADERS_RU, rows()))
        accountant = Vacancy.objects.get(external_id="100236")
        assert (accountant.district, accountant.settlement) == (district("konaev"), None)
        assert (accountant.salary_min, accountant.salary_max) == (None, 200_000)
        assert accountant.experience_months_required == 36
        assert accountant.employment_type == EmploymentType.TEMPORARY
        assert accountant.education_required is not None
        assert accountant.education_required.code == "bachelor"
        assert accountant.occupation is not None and accountant.occupation.code == "2411"

    def test_registers_an_unknown_employer_in_the_vacancys_place_and_audits_it(
        self, tmp_path: Path
    ) -> None:
        job = run(write_csv(tmp_path / "enbek.csv", VACANCY_HEADERS_RU, rows()))
        market = Employer.objects.get(bin=MARKET)
        assert market.name == "ТОО «Бесағаш Маркет»"
        assert market.settlement is not None
        assert (market.district, market.settlement.name_ru) == (district("talgar"), "Бесагаш")
        event = AuditEvent.objects.get(target_type="registry.employer", target_id=str(market.pk))
        assert (event.action, event.changes["import"]) == ("create", job.pk)

    def test_an_unknown_professional_area_leaves_the_occupation_empty(self, tmp_path: Path) -> None:
        body = rows()
        body[0][9] = "Общественное питание и гостеприимство"
        job = run(write_csv(tmp_path / "enbek.csv", VACANCY_HEADERS_RU, body))
        assert (job.created, job.rejected) == (3, 0)
        assert Vacancy.objects.get(external_id="100234").occupation is None

    def test_explicit_titles_pay_columns_source_and_district(self, tmp_path: Path) -> None:
        headers = [
            "Лауазымы (қаз.)",
            "Должность (рус.)",
            "БИН работодателя",
            "Район",
            "Зарплата от",
            "Зарплата до",
            "Тип занятости",
            "Источник",
            "Описание",
        ]
        body = [
            [
                "Аспаз",
                "Повар",
                AGRO,
                "Қарасай",
                "180000",
                "",
                "Стажировка",
                "Posted in Jastar",
                "Ас үйде жұмыс",
            ]
        ]
        job = run(write_csv(tmp_path / "list.csv", headers, body))
        vacancy = Vacancy.objects.get()
        assert job.created == 1
        assert (vacancy.title_kk, vacancy.title_ru) == ("Аспаз", "Повар")
        assert (vacancy.salary_min, vacancy.salary_max) == (180_000, None)
        assert (vacancy.source, vacancy.external_id) == (VacancySource.OWN, "")
        assert vacancy.employment_type == EmploymentType.INTERNSHIP
        assert (vacancy.description_kk, vacancy.posted_on) == ("Ас үйде жұмыс", date(2026, 6, 15))


class RejectionTests:
    @pytest.mark.parametrize(
        ("cells", "expected"),
        [
            ({2: AGRO[:-1] + str((int(AGRO[-1]) + 1) % 10)}, "Employer BIN: The BIN check digit"),
            ({2: ""}, "Employer BIN: This column is required"),
            ({1: ""}, "Title: This column is required"),
            ({4: "Москва, ул. Тверская"}, "Location: “Москва, ул. Тверская” names no district"),
            ({5: "высокая"}, "Salary: “высокая” is not a salary"),
            ({5: "от 300 000 до 200 000"}, "Salary: Salary from (300000 ₸) is above salary to"),
            ({6: "большой"}, "Experience: “большой” is not an experience"),
            ({7: "по настроению"}, "Schedule: “по настроению” is not one of"),
            ({8: "академик"}, "Education required: “академик” is not a known education level"),
            ({10: "0"}, "Places: 0 is outside the allowed range"),
            ({11: "31.02.2026"}, "Posted on: “31.02.2026” is not a real date"),
            ({2: MARKET, 3: ""}, f"Company: No employer with BIN {MARKET} is registered"),
            ({2: MARKET, 4: ""}, f"District: No employer with BIN {MARKET} is registered"),
        ],
    )
    def test_rejects_the_row_with_its_line_column_and_reason(
        self, tmp_path: Path, cells: dict[int, str], expected: str
    ) -> None:
        body = rows()
        for index, value in cells.items():
            body[0][index] = value
        with translation.override("en"):
            job = run(write_csv(tmp_path / "enbek.csv", VACANCY_HEADERS_RU, body))
        assert (job.created, job.rejected) == (2, 1)
        assert any(expected in reason for reason in reasons(job)[2]), reasons(job)

    def test_rejects_closing_before_posting_and_a_program_place_without_program(
        self, tmp_path: Path
    ) -> None:
        headers = [*VACANCY_HEADERS_RU, "Дата закрытия", "Источник"]
        body = [[*rows()[0], "01.05.2026", ""], [*rows()[2], "", "Program place"]]
        with translation.override("en"):
            job = run(write_csv(tmp_path / "enbek.csv", headers, body))
        found = reasons(job)
        assert job.rejected == 2
        assert found[2] == ["Closes on: The closing date is before the posting date."]
        assert found[3] == ["Source: A program place must name its program."]

    def test_rejects_an_id_already_recorded_for_another_employer(self, tmp_path: Path) -> None:
        run(write_csv(tmp_path / "first.csv", VACANCY_HEADERS_RU, rows()))
        body = rows()
        body[2][2] = MARKET
        with translation.override("en"):
            job = run(write_csv(tmp_path / "second.csv", VACANCY_HEADERS_RU, body))
        assert (job.unchanged, job.rejected) == (2, 1)
        expected = f"Employer BIN: This vacancy is recorded for another employer, BIN {AGRO}."
        assert reasons(job)[4] == [expected]


class IdempotencyTests:
    def test_importing_the_same_file_again_changes_nothing(self, tmp_path: Path) -> None:
        path = write_csv(tmp_path / "enbek.csv", VACANCY_HEADERS_RU, rows())
        run(path)
        events, employers = AuditEvent.objects.count(), Employer.objects.count()
        again = run(path)
        assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
        assert AuditEvent.objects.count() == events + 1  # only the job's own summary
        assert Employer.objects.count() == employers

    def test_an_overlapping_file_updates_and_never_duplicates(self, tmp_path: Path) -> None:
        run(write_csv(tmp_path / "first.csv", VACANCY_HEADERS_RU, rows()[:2]))
        body = rows()
        body[0][5] = "от 180 000 до 260 000 тг"
        job = run(write_csv(tmp_path / "second.csv", VACANCY_HEADERS_RU, body))
        cook = Vacancy.objects.get(external_id="100234")
        assert (job.created, job.updated, job.unchanged) == (1, 1, 1)
        assert Vacancy.objects.count() == 3
        assert (cook.salary_min, cook.salary_max) == (180_000, 260_000)
        event = AuditEvent.objects.get(
            target_type="registry.vacancy", target_id=str(cook.pk), action="update"
        )
        assert event.changes["salary_min"] == [150_000, 180_000]

    def test_negotiable_pay_and_empty_cells_never_erase(self, tmp_path: Path) -> None:
        run(write_csv(tmp_path / "first.csv", VACANCY_HEADERS_RU, rows()))
        body = rows()
        body[0][5], body[0][8], body[0][9] = "договорная", "", ""
        job = run(write_csv(tmp_path / "second.csv", VACANCY_HEADERS_RU, body))
        cook = Vacancy.objects.get(external_id="100234")
        assert job.unchanged == 3
        assert (cook.salary_min, cook.salary_max) == (150_000, 250_000)
        assert cook.occupation is not None

    def test_a_title_matching_either_language_is_not_a_change(self, tmp_path: Path) -> None:
        run(write_csv(tmp_path / "first.csv", VACANCY_HEADERS_RU, rows()))
        cook = Vacancy.objects.get(external_id="100234")
        services.vacancy_update(actor=None, vacancy=cook, data={"title_kk": "Аспаз"})
        body = rows()
        body[0][1] = "АСПАЗ"
        job = run(write_csv(tmp_path / "second.csv", VACANCY_HEADERS_RU, body))
        cook.refresh_from_db()
        assert job.unchanged == 3
        assert (cook.title_kk, cook.title_ru) == ("Аспаз", "Повар")

    def test_a_closed_card_closes_the_vacancy_today(self, tmp_path: Path) -> None:
        headers = [*VACANCY_HEADERS_RU, "Статус"]
        run(write_csv(tmp_path / "first.csv", headers, [[*r, "Актуальна"] for r in rows()]))
        body = [[*r, "Актуальна"] for r in rows()]
        body[1][-1] = "В архиве"
        job = run(write_csv(tmp_path / "second.csv", headers, body))
        seller = Vacancy.objects.get(external_id="100235")
        assert (job.updated, job.unchanged) == (1, 2)
        assert (seller.status, seller.closes_on) == (VacancyStatus.CLOSED, date(2026, 6, 15))

    def test_a_list_without_ids_or_dates_posts_nothing_twice_on_another_day(
        self, tmp_path: Path
    ) -> None:
        headers = [h for h in VACANCY_HEADERS_RU if h not in ("ID вакансии", "Дата публикации")]
        body = [r[1:11] for r in rows()]
        path = write_csv(tmp_path / "list.csv", headers, body)
        first = run(path)
        later = datetime(2026, 6, 20, 10, tzinfo=ZoneInfo("Asia/Almaty"))
        with time_machine.travel(later, tick=False):
            again = run(path)
        assert (first.created, again.created, again.unchanged) == (3, 0, 3)
        assert set(Vacancy.objects.values_list("source", "posted_on")) == {
            (VacancySource.OWN, date(2026, 6, 15))
        }

    def test_a_list_without_ids_keys_by_employer_title_district_and_date(
        self, tmp_path: Path
    ) -> None:
        headers = [h for h in VACANCY_HEADERS_RU if h != "ID вакансии"]
        body = [r[1:] for r in rows()]
        run(write_csv(tmp_path / "first.csv", headers, body))
        body[0][-1] = "10.06.2026"  # the same cook posted again
        body[1][4] = "от 120 000"
        job = run(write_csv(tmp_path / "second.csv", headers, body))
        assert (job.created, job.updated, job.unchanged) == (1, 1, 1)
        assert Vacancy.objects.filter(title_ru="Повар").count() == 2
