"""The columns of each list Jastar imports and exports, and how file headers map to them.

One vocabulary serves both directions: an export writes each column's label in the
user's language, and an import recognises that label in any of the three languages, plus
the aliases real files use (the labour exchange's card fields, akimats' and colleges'
lists). So an exported file imports back unchanged.

Pure: no database. Labels are lazy and compared in kk, ru and en.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from jastar.core.translit import search_key

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


class Kind:
    """The lists that can be imported or exported."""

    PEOPLE: Final = "people"
    EMPLOYERS: Final = "employers"
    VACANCIES: Final = "vacancies"
    PLACEMENTS: Final = "placements"


KIND_LABELS: Final[dict[str, StrPromise]] = {
    Kind.PEOPLE: _("Young people"),
    Kind.EMPLOYERS: _("Employers"),
    Kind.VACANCIES: _("Vacancies"),
    Kind.PLACEMENTS: _("Placements"),
}


@dataclass(frozen=True)
class Column:
    """One column of a list.

    ``key`` names the value for the importer; ``label`` is the export header and is
    recognised in every language; ``aliases`` are further headers seen in real files.
    ``personal`` columns identify or contact a person and are exported only to roles
    allowed to see personal data.
    """

    key: str
    label: StrPromise
    aliases: tuple[str, ...] = ()
    personal: bool = False
    required: bool = False
    export: bool = True


@dataclass(frozen=True)
class Schema:
    kind: str
    columns: tuple[Column, ...]
    # Keys of which at least one must be mapped (e.g. a full name or its parts).
    one_of: tuple[tuple[str, ...], ...] = field(default=())

    def column(self, key: str) -> Column:
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.columns)


PEOPLE: Final = Schema(
    Kind.PEOPLE,
    (
        Column(
            "iin",
            _("IIN"),
            ("ИИН", "ЖСН", "ИИН/ЖСН", "ЖСН/ИИН", "IIN", "jsn", "ЖСН (ИИН)", "ИИН (ЖСН)"),
            personal=True,
            required=True,
        ),
        Column(
            "full_name",
            _("Full name"),
            ("ФИО", "Ф.И.О.", "Аты-жөні", "Тегі, аты, әкесінің аты", "Фамилия, имя, отчество"),
            personal=True,
            export=False,
        ),
        Column("last_name", _("Last name"), ("Фамилия", "Тегі"), personal=True),
        Column("first_name", _("First name"), ("Имя", "Аты"), personal=True),
        Column("patronymic", _("Patronymic"), ("Отчество", "Әкесінің аты"), personal=True),
        Column(
            "birth_date",
            _("Birth date"),
            ("Дата рождения", "Туған күні", "Туылған күні", "Дата рожд."),
            personal=True,
        ),
        Column("sex", _("Sex"), ("Пол", "Жынысы")),
        Column(
            "district",
            _("District"),
            ("Район", "Аудан", "Район/город", "Аудан/қала", "Ауданы"),
            required=True,
        ),
        Column(
            "settlement",
            _("Settlement"),
            ("Населенный пункт", "Населённый пункт", "Елді мекен", "Село", "Ауыл"),
        ),
        Column(
            "education_level",
            _("Education"),
            ("Образование", "Білімі", "Уровень образования", "Білім деңгейі"),
        ),
        Column(
            "graduation_year",
            _("Graduation year"),
            ("Год окончания", "Год выпуска", "Бітірген жылы"),
        ),
        Column(
            "field_of_study",
            _("Field of study"),
            ("Специальность", "Мамандығы", "Направление подготовки"),
        ),
        Column(
            "status",
            _("Status"),
            ("Статус", "Мәртебесі", "Занятость", "Жұмыспен қамтылуы"),
            required=True,
        ),
        Column("status_since", _("Status since"), ("Статус с", "Мәртебе басталған күні")),
        Column("phone", _("Phone"), ("Телефон", "Тел.", "Байланыс телефоны"), personal=True),
        Column("email", _("Email"), ("E-mail", "Эл. почта", "Электрондық пошта"), personal=True),
        Column("languages", _("Languages"), ("Языки", "Тілдер", "Владение языками")),
        Column("skills", _("Skills"), ("Навыки", "Дағдылар")),
        Column(
            "experience_months",
            _("Experience, months"),
            ("Стаж, мес.", "Опыт работы, мес.", "Жұмыс өтілі, ай"),
        ),
        Column(
            "expected_salary",
            _("Expected salary"),
            ("Ожидаемая зарплата", "Күтілетін жалақы"),
        ),
        Column(
            "consent_given_on",
            _("Consent given on"),
            ("Согласие на обработку данных", "Дербес деректерді өңдеуге келісім"),
        ),
        Column(
            "registered_on",
            _("Registered on"),
            ("Дата регистрации", "Дата постановки на учет", "Тіркелген күні"),
        ),
    ),
    one_of=(("full_name", "last_name"),),
)

EMPLOYERS: Final = Schema(
    Kind.EMPLOYERS,
    (
        Column(
            "bin",
            _("BIN / IIN"),
            ("БИН", "БСН", "БИН/ИИН", "БСН/ЖСН", "ИИН/БИН", "BIN", "БИН (ИИН)", "БИН работодателя"),
            required=True,
        ),
        Column(
            "name",
            _("Employer"),
            (
                "Наименование",
                "Атауы",
                "Компания",
                "Работодатель",
                "Жұмыс беруші",
                "Организация",
                "Наименование работодателя",
                "Наименование организации",
                "Жұмыс берушінің атауы",
                "Ұйымның атауы",
            ),
            required=True,
        ),
        Column(
            "kind",
            _("Kind"),
            (
                "Вид",
                "Түрі",
                "Организационная форма",
                "Организационно-правовая форма",
                "ОПФ",
                "Ұйымдық-құқықтық нысаны",
            ),
        ),
        Column(
            "industry",
            _("Industry"),
            (
                "Отрасль",
                "Сала",
                "ОКЭД",
                "ЭҚЖЖ",
                "Вид деятельности",
                "Вид экономической деятельности",
                "Экономикалық қызмет түрі",
            ),
        ),
        Column(
            "district",
            _("District"),
            ("Район", "Аудан", "Район/город", "Аудан/қала", "Ауданы"),
            required=True,
        ),
        Column("settlement", _("Settlement"), ("Населенный пункт", "Елді мекен", "Село", "Ауыл")),
        Column("address", _("Address"), ("Адрес", "Мекенжайы", "Юридический адрес", "Мекенжай")),
        Column("contact_person", _("Contact person"), ("Контактное лицо", "Байланыс тұлғасы")),
        Column("phone", _("Phone"), ("Телефон", "Тел.", "Байланыс телефоны")),
        Column("email", _("Email"), ("E-mail", "Эл. почта", "Электрондық пошта")),
    ),
)

VACANCIES: Final = Schema(
    Kind.VACANCIES,
    (
        Column(
            "external_id",
            _("External id"),
            (
                "ID вакансии",
                "Номер вакансии",
                "Вакансия ID",
                "Код вакансии",
                "Бос орын нөмірі",
                "Бос орын коды",
                "ID",
            ),
        ),
        Column("source", _("Source"), ("Источник", "Дереккөз")),
        Column(
            "title",
            _("Title"),
            (
                "Вакансия",
                "Должность",
                "Лауазымы",
                "Бос орын",
                "Название",
                "Наименование вакансии",
                "Название вакансии",
                "Бос орын атауы",
            ),
        ),
        Column("title_kk", _("Title (Kazakh)"), ("Лауазымы (қаз.)", "Должность (каз.)")),
        Column("title_ru", _("Title (Russian)"), ("Должность (рус.)", "Лауазымы (орыс.)")),
        Column(
            "employer_bin",
            _("Employer BIN"),
            ("БИН", "БСН", "БИН работодателя", "БИН/ИИН", "Жұмыс берушінің БСН"),
        ),
        Column(
            "employer_name",
            _("Company"),
            (
                "Компания",
                "Работодатель",
                "Жұмыс беруші",
                "Организация",
                "Наименование работодателя",
                "Жұмыс берушінің атауы",
            ),
        ),
        Column(
            "location",
            _("Location"),
            (
                "Местоположение",
                "Место работы",
                "Орналасқан жері",
                "Жұмыс орны",
                "Регион",
                "Адрес",
                "Адрес места работы",
                "Мекенжайы",
                "Населенный пункт",
                "Елді мекен",
            ),
        ),
        Column("district", _("District"), ("Район", "Аудан")),
        Column(
            "salary",
            _("Salary"),
            ("Зарплата", "Заработная плата", "Жалақы", "Оклад", "Еңбекақы", "Зарплата, тг"),
        ),
        Column("salary_min", _("Salary from"), ("Зарплата от", "Жалақы бастап")),
        Column("salary_max", _("Salary to"), ("Зарплата до", "Жалақы дейін")),
        Column(
            "experience",
            _("Experience"),
            ("Опыт работы", "Требуемый опыт", "Жұмыс тәжірибесі", "Стаж работы", "Тәжірибе"),
        ),
        Column(
            "schedule",
            _("Schedule"),
            (
                "График работы",
                "Жұмыс кестесі",
                "Тип занятости",
                "Вид занятости",
                "Режим работы",
                "Жұмыс режимі",
                "Жұмыспен қамту түрі",
                "Employment type",
            ),
        ),
        Column(
            "education",
            _("Education required"),
            ("Образование", "Білімі", "Требуемое образование", "Білім деңгейі"),
        ),
        Column(
            "occupation",
            _("Professional area"),
            (
                "Профессиональная область",
                "Кәсіби сала",
                "Профессия",
                "Мамандық",
                "Код профессии",
                "Сфера деятельности",
            ),
        ),
        Column(
            "description",
            _("Description"),
            ("Описание", "Сипаттамасы", "Обязанности", "Описание вакансии", "Міндеттері"),
        ),
        Column(
            "places",
            _("Places"),
            ("Количество мест", "Орындар саны", "Количество вакантных мест", "Бос орындар саны"),
        ),
        Column(
            "posted_on",
            _("Posted on"),
            ("Дата публикации", "Жарияланған күні", "Дата размещения", "Орналастырылған күні"),
        ),
        Column("closes_on", _("Closes on"), ("Дата закрытия", "Актуальна до", "Жабылатын күні")),
        Column("status", _("Status"), ("Статус", "Мәртебесі", "Состояние")),
    ),
    one_of=(("title", "title_kk", "title_ru"), ("employer_bin",)),
)

PLACEMENTS: Final = Schema(
    Kind.PLACEMENTS,
    (
        Column("iin", _("IIN"), ("ИИН", "ЖСН", "ИИН/ЖСН", "ЖСН/ИИН"), personal=True, required=True),
        Column(
            "full_name",
            _("Full name"),
            ("ФИО", "Аты-жөні", "Ф.И.О.", "Тегі, аты, әкесінің аты"),
            personal=True,
        ),
        Column(
            "start_date",
            _("Start date"),
            (
                "Дата трудоустройства",
                "Дата приема",
                "Дата приёма",
                "Дата начала работы",
                "Жұмысқа орналасқан күні",
                "Жұмысқа қабылданған күні",
            ),
            required=True,
        ),
        Column(
            "end_date",
            _("End date"),
            ("Дата увольнения", "Дата окончания", "Аяқталған күні", "Жұмыстан шыққан күні"),
        ),
        Column(
            "channel",
            _("Channel"),
            (
                "Канал",
                "Способ трудоустройства",
                "Арна",
                "Жұмысқа орналасу тәсілі",
                "Источник трудоустройства",
            ),
            required=True,
        ),
        Column(
            "employment_type",
            _("Employment type"),
            ("Вид занятости", "Жұмыспен қамту түрі", "Тип занятости"),
        ),
        Column(
            "employer_bin",
            _("Employer BIN"),
            ("БИН", "БСН", "БИН работодателя", "БИН/ИИН работодателя", "Жұмыс берушінің БСН"),
        ),
        Column(
            "vacancy",
            _("Vacancy external id"),
            ("ID вакансии", "Номер вакансии", "Бос орын нөмірі", "Код вакансии"),
        ),
        Column("program", _("Program"), ("Программа", "Бағдарлама", "Программа занятости")),
        Column(
            "monthly_wage",
            _("Monthly wage"),
            ("Заработная плата", "Жалақы", "Зарплата", "Оклад", "Айлық жалақы"),
        ),
    ),
)

SCHEMAS: Final[dict[str, Schema]] = {s.kind: s for s in (PEOPLE, EMPLOYERS, VACANCIES, PLACEMENTS)}

_LANGUAGES: Final = ("kk", "ru", "en")
_PUNCTUATION: Final = re.compile(r"[\s.,;:()\[\]/\\№#*_\-–—'\"«»]+")


def header_key(text: str) -> str:
    """A header reduced to what identifies it: any script, case, spacing or punctuation."""
    return _PUNCTUATION.sub("", search_key(str(text)))


def _names(column: Column) -> set[str]:
    names = {header_key(column.key), *(header_key(a) for a in column.aliases)}
    for language in _LANGUAGES:
        with translation.override(language):
            names.add(header_key(str(column.label)))
    names.discard("")
    return names


def detect_mapping(schema: Schema, headers: Sequence[str]) -> dict[int, str]:
    """Which column of the schema each header is: ``{header index: column key}``.

    A header that names no column, or a column already taken by an earlier header, is
    left out. Exact names win over aliases shared by several columns.
    """
    lookup: dict[str, list[str]] = {}
    for column in schema.columns:
        for name in _names(column):
            lookup.setdefault(name, []).append(column.key)
    mapping: dict[int, str] = {}
    taken: set[str] = set()
    for index, header in enumerate(headers):
        for key in lookup.get(header_key(header), []):
            if key not in taken:
                mapping[index] = key
                taken.add(key)
                break
    return mapping


def mapping_from_names(
    schema: Schema, headers: Sequence[str], named: Mapping[str, str]
) -> dict[int, str]:
    """Apply a saved mapping ``{header text: column key}`` to a file's headers.

    Headers the saved mapping does not mention fall back to detection.
    """
    wanted = {header_key(h): key for h, key in named.items() if key in schema.keys}
    mapping: dict[int, str] = {}
    for index, header in enumerate(headers):
        key = wanted.get(header_key(header))
        if key is not None:
            mapping[index] = key
    detected = detect_mapping(schema, headers)
    used = set(mapping.values())
    for index, key in detected.items():
        if index not in mapping and key not in used and header_key(headers[index]) not in wanted:
            mapping[index] = key
            used.add(key)
    return mapping


def missing_columns(schema: Schema, keys: Iterable[str]) -> list[str]:
    """Required columns (and one-of groups) the mapping lacks, as column keys."""
    present = set(keys)
    missing = [c.key for c in schema.columns if c.required and c.key not in present]
    for group in schema.one_of:
        if not present.intersection(group):
            missing.append(group[0])
    return missing
