"""Reading the values of a labour-exchange vacancy card (Enbek.kz and its exports).

Cards write pay, experience and schedule as phrases in Russian or Kazakh:
"от 150 000 до 250 000 тг", "келісім бойынша", "от 1 года до 3 лет", "3 жылдан астам",
"Полный день, сменный график". These parsers turn such phrases into the registry's
values, or raise ``CellError`` saying what a cell should look like. Pure: no database.
"""

from __future__ import annotations

import re
from typing import Final

from django.utils.translation import gettext_lazy as _

from jastar.bulk.values import CellError, Choices, split_list
from jastar.core.translit import search_key
from jastar.registry.models import EmploymentType, VacancySource, VacancyStatus

# Letters written in Kazakh and never in Russian.
_KAZAKH_LETTERS: Final = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")

# --- Titles and descriptions ---------------------------------------------------------


def is_kazakh(text: str) -> bool:
    """Whether ``text`` has letters only Kazakh uses (ә, ғ, қ, ң, ө, ұ, ү, һ, і)."""
    return any(letter in _KAZAKH_LETTERS for letter in text)


# --- Salary --------------------------------------------------------------------------

_NEGOTIABLE: Final = (
    "договорная",
    "договорн",
    "по договоренности",
    "по договорённости",
    "по результатам собеседования",
    "келісім бойынша",
    "келісімді",
    "келісілген",
    "negotiable",
    "by agreement",
    "не указана",
    "көрсетілмеген",
)
_AMOUNT: Final = re.compile(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)|\d+")
_CENTS: Final = re.compile(r"(?<=\d)[.,]\d{1,2}(?!\d)")
_THOUSANDS: Final = re.compile(r"(тыс|мың|\d\s*k\b)")
_UP_TO: Final = re.compile(
    r"(?<!\w)(до|дейін|up to|to|max|не более|максимум|менее|less than)(?!\w)"
)
_FROM: Final = re.compile(r"(?<!\w)(от|бастап|from|min|не менее|минимум|более|свыше|астам)(?!\w)")
_SALARY_MAX: Final = 100_000_000


def parse_salary(text: str) -> tuple[int | None, int | None]:
    """Salary from and to, in tenge: ``"от 150 000 до 250 000 тг"`` → (150000, 250000).

    One amount is a fixed salary (both bounds), or one bound when the text says "от" or
    "до" (бастап, дейін); "договорная" (келісім бойынша) gives no bounds at all.
    """
    folded = " ".join(text.casefold().split())
    if not folded or any(word in folded for word in _NEGOTIABLE):
        return None, None
    cleaned = _CENTS.sub("", folded)
    amounts = [int(re.sub(r"\D", "", found)) for found in _AMOUNT.findall(cleaned)]
    if not amounts or len(amounts) > 2:
        raise CellError(
            _(
                "“%(value)s” is not a salary; write it as “150000-250000” or "
                "“от 150 000 до 250 000”."
            )
            % {"value": text}
        )
    if _THOUSANDS.search(cleaned) and max(amounts) < 10_000:
        amounts = [amount * 1000 for amount in amounts]
    if max(amounts) > _SALARY_MAX:
        raise CellError(_("%(value)d is outside the allowed range.") % {"value": max(amounts)})
    if len(amounts) == 2:
        return amounts[0], amounts[1]
    amount = amounts[0]
    up_to, since = bool(_UP_TO.search(cleaned)), bool(_FROM.search(cleaned))
    if up_to and not since:
        return None, amount
    if since and not up_to:
        return amount, None
    return amount, amount


# --- Experience ----------------------------------------------------------------------

_NO_EXPERIENCE: Final = (
    "без опыта",
    "не требуется",
    "не имеет значения",
    "нет опыта",
    "тәжірибесіз",
    "тәжірибе қажет емес",
    "талап етілмейді",
    "маңызды емес",
    "no experience",
    "not required",
    "менее года",
    "до года",
    "бір жылға дейін",
    "less than a year",
)
_NUMBER: Final = re.compile(r"\d+(?:[.,]\d+)?")
_YEARS: Final = re.compile(r"(год|лет|жыл|year)")
_EXPERIENCE_MAX: Final = 600


def parse_experience(text: str) -> int:
    """Required experience in months; a range counts from its lower end.

    "без опыта" (тәжірибесіз) → 0; "от 1 года до 3 лет" → 12; "более 3 лет" (3 жылдан
    астам) and "3–6 лет" → 36; "более 6 лет" → 72; "1 год" → 12; "6 мес." (6 ай) → 6.
    A bare number is months, as Jastar's own export writes it.
    """
    folded = " ".join(text.casefold().split())
    if any(phrase in folded for phrase in _NO_EXPERIENCE):
        return 0
    numbers = _NUMBER.findall(folded)
    if not numbers:
        raise CellError(
            _(
                "“%(value)s” is not an experience; write “без опыта”, “от 1 года до 3 лет” "
                "or a number of months."
            )
            % {"value": text}
        )
    if len(numbers) == 1 and _UP_TO.search(folded) and not _FROM.search(folded):
        return 0  # "до 1 года", "менее 2 лет": no minimum
    first = float(numbers[0].replace(",", "."))
    months = round(first * 12) if _YEARS.search(folded) else round(first)
    if months > _EXPERIENCE_MAX:
        raise CellError(_("%(value)d is outside the allowed range.") % {"value": months})
    return months


# --- Schedule and employment type ---------------------------------------------------

EMPLOYMENT_TYPES: Final = Choices(
    dict(EmploymentType.choices),
    synonyms={
        EmploymentType.PERMANENT: [
            "полный день",
            "полный рабочий день",
            "полная занятость",
            "неполный день",
            "неполный рабочий день",
            "частичная занятость",
            "сменный график",
            "вахтовый метод",
            "вахта",
            "гибкий график",
            "свободный график",
            "удаленная работа",
            "удалённая работа",
            "постоянная",
            "постоянная работа",
            "толық жұмыс күні",
            "толық жұмыспен қамту",
            "толық емес жұмыс күні",
            "ауысымдық кесте",
            "ауысымды кесте",
            "вахталық әдіс",
            "икемді кесте",
            "қашықтан жұмыс",
            "тұрақты",
            "тұрақты жұмыс",
            "full time",
            "part time",
            "shift work",
            "remote work",
        ],
        EmploymentType.TEMPORARY: [
            "временная",
            "временная работа",
            "временно",
            "уақытша",
            "уақытша жұмыс",
            "temporary work",
        ],
        EmploymentType.SEASONAL: [
            "сезонная",
            "сезонная работа",
            "маусымдық",
            "маусымдық жұмыс",
            "seasonal work",
        ],
        EmploymentType.INTERNSHIP: [
            "стажировка",
            "практика",
            "производственная практика",
            "тағылымдама",
            "өндірістік практика",
            "traineeship",
        ],
        EmploymentType.SUBSIDISED: [
            "субсидируемое рабочее место",
            "социальное рабочее место",
            "субсидияланатын жұмыс орны",
            "әлеуметтік жұмыс орны",
        ],
    },
)


def parse_employment_type(text: str) -> str:
    """The employment type a schedule or employment-type cell names.

    Several values ("Временная, полный день") give the one that is not permanent: the
    schedule of a temporary job is still a full day. Unknown parts are skipped when
    another part is known.
    """
    found = EMPLOYMENT_TYPES.get(text)
    if found is not None:
        return found
    codes = [code for part in split_list(text) if (code := EMPLOYMENT_TYPES.get(part))]
    if not codes:
        return EMPLOYMENT_TYPES.parse(text)
    special = [code for code in codes if code != EmploymentType.PERMANENT]
    return special[0] if special else EmploymentType.PERMANENT


# --- Education ----------------------------------------------------------------------

# What cards write -> the EducationLevel code. "Not required" is the level "none":
# anyone qualifies.
_EDUCATION: Final = {
    "none": [
        "не требуется",
        "не имеет значения",
        "без образования",
        "талап етілмейді",
        "маңызды емес",
        "білімі жоқ",
        "not required",
        "any",
    ],
    "basic_secondary": ["основное среднее", "неполное среднее", "негізгі орта"],
    "general_secondary": [
        "среднее",
        "общее среднее",
        "среднее общее",
        "неоконченное высшее",
        "неполное высшее",
        "орта",
        "жалпы орта",
        "аяқталмаған жоғары",
        "secondary",
    ],
    "tvet": [
        "среднее специальное",
        "среднее профессиональное",
        "средне-специальное",
        "техническое и профессиональное",
        "типо",
        "колледж",
        "арнаулы орта",
        "орта арнаулы",
        "техникалық және кәсіптік",
        "vocational",
    ],
    "post_secondary": ["послесреднее", "прикладной бакалавриат", "орта білімнен кейінгі"],
    "bachelor": ["высшее", "бакалавр", "бакалавриат", "жоғары", "higher", "bachelor"],
    "master": ["магистр", "магистратура", "послевузовское", "master"],
    "doctorate": ["доктор", "докторантура", "phd"],
}
_EDUCATION_KEYS: Final = {
    search_key(word): code for code, words in _EDUCATION.items() for word in words
}


def education_code(text: str) -> str | None:
    """The EducationLevel code of a card's wording ("высшее", "ТиПО"), None if unknown."""
    cleaned = re.sub(r"(?i)\bобразование\b|\bбілім\w*", " ", text)
    return _EDUCATION_KEYS.get(search_key(cleaned))


# --- Status and source ----------------------------------------------------------------

VACANCY_STATUSES: Final = Choices(
    dict(VacancyStatus.choices),
    synonyms={
        VacancyStatus.OPEN: [
            "открыта",
            "открытая",
            "активна",
            "активная",
            "актуальна",
            "актуальная",
            "опубликована",
            "ашық",
            "белсенді",
            "active",
            "published",
        ],
        VacancyStatus.FILLED: [
            "заполнена",
            "укомплектована",
            "закрыта с трудоустройством",
            "толтырылды",
            "толықтырылды",
        ],
        VacancyStatus.CLOSED: [
            "закрыта",
            "закрытая",
            "архив",
            "в архиве",
            "неактуальна",
            "снята",
            "жабық",
            "жабылды",
            "мұрағатта",
            "archived",
            "expired",
        ],
    },
)

VACANCY_SOURCES: Final = Choices(
    dict(VacancySource.choices),
    synonyms={
        VacancySource.ENBEK: [
            "enbek",
            "enbek.kz",
            "электронная биржа труда",
            "биржа труда",
            "эбт",
            "электрондық еңбек биржасы",
            "еңбек биржасы",
        ],
        VacancySource.OWN: ["jastar", "центр занятости", "жұмыспен қамту орталығы", "own"],
        VacancySource.PROGRAM: ["по программе", "программа", "бағдарлама бойынша", "бағдарлама"],
    },
)

# --- Location -----------------------------------------------------------------------

_REGION: Final = re.compile(r"(?i)(област|облыс|\bобл\b|\bregion\b)")
# The Kazakh "қ." (қала, city) after a name; the shared place words lack it.
_CITY_MARK: Final = re.compile(r"(?i)(?<!\w)(қ|к)\.?(?!\w)")


def location_parts(text: str) -> list[str]:
    """The parts of a location that may name a district or settlement, region left out.

    ``"Алматинская область, Талгарский район, с. Бесагаш"`` → ``["Талгарский район",
    "с. Бесагаш"]``; ``"Қонаев қ."`` → ``["Қонаев"]``.
    """
    parts = []
    for part in re.split(r"[,;]", text):
        if _REGION.search(part):
            continue
        cleaned = " ".join(_CITY_MARK.sub(" ", part).split())
        if cleaned:
            parts.append(cleaned)
    return parts
