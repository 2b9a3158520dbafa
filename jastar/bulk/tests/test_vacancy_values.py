"""Reading labour-exchange card values: pure, no database."""

from __future__ import annotations

import pytest
from django.utils import translation

from jastar.bulk.kinds.common import employer_kind_of
from jastar.bulk.kinds.employers import EMPLOYER_KINDS, oked_section
from jastar.bulk.kinds.placements import PLACEMENT_CHANNELS
from jastar.bulk.kinds.vacancy_values import (
    VACANCY_SOURCES,
    VACANCY_STATUSES,
    education_code,
    is_kazakh,
    location_parts,
    parse_employment_type,
    parse_experience,
    parse_salary,
)
from jastar.bulk.values import CellError
from jastar.registry.tests.factories import new_bin, new_iin


class SalaryTests:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("от 150 000 до 250 000 тг", (150_000, 250_000)),
            ("от 150\u00a0000 до 250\u00a0000 ₸", (150_000, 250_000)),
            ("150000-250000", (150_000, 250_000)),
            ("150 000 – 250 000", (150_000, 250_000)),
            ("150 000 теңгеден бастап 250 000 теңгеге дейін", (150_000, 250_000)),
            ("до 200 000", (None, 200_000)),
            ("200 000 теңгеге дейін", (None, 200_000)),
            ("от 180 000 тг", (180_000, None)),
            ("180 000 теңгеден бастап", (180_000, None)),
            ("220000", (220_000, 220_000)),
            ("220 000.00 тг", (220_000, 220_000)),
            ("150-200 тыс. тг", (150_000, 200_000)),
            ("договорная", (None, None)),
            ("Договорная", (None, None)),
            ("келісім бойынша", (None, None)),
            ("По договоренности", (None, None)),
        ],
    )
    def test_reads_the_ways_cards_write_pay(
        self, text: str, expected: tuple[int | None, int | None]
    ) -> None:
        assert parse_salary(text) == expected

    @pytest.mark.parametrize("text", ["высокая", "1 2 3 4", "от 1 000 000 000 000"])
    def test_refuses_what_is_not_pay(self, text: str) -> None:
        with translation.override("en"), pytest.raises(CellError):
            parse_salary(text)

    def test_the_refusal_says_how_to_write_it(self) -> None:
        with translation.override("en"), pytest.raises(CellError) as err:
            parse_salary("высокая")
        assert "150000-250000" in str(err.value.message)


class ExperienceTests:
    @pytest.mark.parametrize(
        ("text", "months"),
        [
            ("без опыта", 0),
            ("Без опыта работы", 0),
            ("тәжірибесіз", 0),
            ("Опыт не требуется", 0),
            ("от 1 года до 3 лет", 12),
            ("1 жылдан 3 жылға дейін", 12),
            ("более 3 лет", 36),
            ("3 жылдан астам", 36),
            ("3–6 лет", 36),
            ("более 6 лет", 72),
            ("1 год", 12),
            ("1,5 года", 18),
            ("6 мес.", 6),
            ("6 ай", 6),
            ("18", 18),
            ("менее 1 года", 0),
            ("no experience", 0),
            ("1-3 years", 12),
        ],
    )
    def test_reads_the_minimum_in_months(self, text: str, months: int) -> None:
        assert parse_experience(text) == months

    @pytest.mark.parametrize("text", ["большой", "100 лет"])
    def test_refuses_what_is_not_an_experience(self, text: str) -> None:
        with translation.override("en"), pytest.raises(CellError):
            parse_experience(text)


class EmploymentTypeTests:
    @pytest.mark.parametrize(
        ("text", "code"),
        [
            ("Полный день", "permanent"),
            ("сменный график", "permanent"),
            ("Вахтовый метод", "permanent"),
            ("Толық жұмыс күні", "permanent"),
            ("Временная", "temporary"),
            ("Уақытша", "temporary"),
            ("Сезонная", "seasonal"),
            ("Маусымдық жұмыс", "seasonal"),
            ("Стажировка", "internship"),
            ("практика", "internship"),
            ("Тағылымдама", "internship"),
            ("Permanent", "permanent"),
            ("Постоянная", "permanent"),
            ("Subsidised place", "subsidised"),
            ("Полная занятость, полный день", "permanent"),
            ("Временная, сменный график", "temporary"),
            ("Сезонная; ночные смены", "seasonal"),
        ],
    )
    def test_names_the_employment_type(self, text: str, code: str) -> None:
        assert parse_employment_type(text) == code

    def test_refuses_an_unknown_schedule_listing_the_types(self) -> None:
        with translation.override("en"), pytest.raises(CellError) as err:
            parse_employment_type("по настроению")
        assert "Permanent" in str(err.value.message)


class EducationTests:
    @pytest.mark.parametrize(
        ("text", "code"),
        [
            ("Высшее", "bachelor"),
            ("высшее образование", "bachelor"),
            ("Жоғары білім", "bachelor"),
            ("Среднее специальное", "tvet"),
            ("ТиПО", "tvet"),
            ("Техническое и профессиональное", "tvet"),
            ("Среднее", "general_secondary"),
            ("Орта білім", "general_secondary"),
            ("Не требуется", "none"),
            ("Талап етілмейді", "none"),
            ("Магистратура", "master"),
        ],
    )
    def test_names_the_level(self, text: str, code: str) -> None:
        assert education_code(text) == code

    def test_an_official_name_is_left_to_the_classifier(self) -> None:
        assert education_code("Высшее образование (бакалавриат)") is None


class LocationTests:
    @pytest.mark.parametrize(
        ("text", "parts"),
        [
            (
                "Алматинская область, Талгарский район, с. Бесагаш",
                ["Талгарский район", "с. Бесагаш"],
            ),
            ("Алматы облысы, Қонаев қ.", ["Қонаев"]),
            ("Есік қ.", ["Есік"]),
            (
                "Қарасай ауданы; Қаскелең қ., Абай көшесі 5",
                ["Қарасай ауданы", "Қаскелең", "Абай көшесі 5"],
            ),
            ("Almaty Region, Talgar District", ["Talgar District"]),
        ],
    )
    def test_keeps_the_parts_that_can_name_a_place(self, text: str, parts: list[str]) -> None:
        assert location_parts(text) == parts


class TitleLanguageTests:
    @pytest.mark.parametrize(
        ("text", "kazakh"),
        [
            ("Аспаз", False),
            ("Сатушы-кеңесші", True),
            ("Бухгалтер", False),
            ("Мұғалім", True),
            ("ІТ маман", True),
            ("Python developer", False),
        ],
    )
    def test_kazakh_only_letters_mark_a_kazakh_title(self, text: str, kazakh: bool) -> None:
        assert is_kazakh(text) is kazakh


class VocabularyTests:
    @pytest.mark.parametrize(
        ("text", "code"),
        [("Открыта", "open"), ("Ашық", "open"), ("Архив", "closed"), ("Заполнена", "filled")],
    )
    def test_reads_vacancy_statuses(self, text: str, code: str) -> None:
        assert VACANCY_STATUSES.get(text) == code

    @pytest.mark.parametrize(
        ("text", "code"),
        [("Enbek.kz", "enbek"), ("Биржа труда", "enbek"), ("Posted in Jastar", "own")],
    )
    def test_reads_vacancy_sources(self, text: str, code: str) -> None:
        assert VACANCY_SOURCES.get(text) == code

    @pytest.mark.parametrize(
        ("text", "code"),
        [
            ("Enbek.kz", "enbek"),
            ("биржа труда", "enbek"),
            ("по программе", "program"),
            ("самостоятельно", "own_initiative"),
            ("Өз бетімен", "own_initiative"),
            ("Грант", "grant"),
            ("самозанятость", "self_employment"),
            ("Own initiative", "own_initiative"),
            ("Бизнес-грант", "grant"),
        ],
    )
    def test_reads_placement_channels(self, text: str, code: str) -> None:
        assert PLACEMENT_CHANNELS.get(text) == code

    @pytest.mark.parametrize(
        ("text", "code"),
        [
            ("ТОО", "legal_entity"),
            ("ЖШС", "legal_entity"),
            ("АО", "legal_entity"),
            ("ИП", "entrepreneur"),
            ("ЖК", "entrepreneur"),
            ("individual entrepreneur", "entrepreneur"),
            ("Индивидуальный предприниматель", "entrepreneur"),
        ],
    )
    def test_reads_employer_kinds(self, text: str, code: str) -> None:
        assert EMPLOYER_KINDS.get(text) == code


class IdentifierKindTests:
    def test_an_iin_is_an_entrepreneurs_and_a_bin_a_legal_entitys(self) -> None:
        from datetime import date

        assert employer_kind_of(new_iin(date(1990, 1, 1), "M")) == "entrepreneur"
        assert employer_kind_of(new_bin()) == "legal_entity"

    @pytest.mark.parametrize(
        ("code", "section"),
        [("56.10.1", "I"), ("01.11", "A"), ("47", "G"), ("8510", "P"), ("кафе", None)],
    )
    def test_an_oked_code_gives_its_section(self, code: str, section: str | None) -> None:
        assert oked_section(code) == section
