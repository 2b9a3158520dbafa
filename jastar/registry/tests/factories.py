"""Factories for registry tests. They create rows through the services, so every test
object passed the same validation a user's input does. Named personas read better in
tests than anonymous data."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any, cast

import factory
from factory.declarations import LazyAttribute, LazyFunction, SubFactory

from jastar.core.identifiers import make_bin, make_iin
from jastar.registry import services
from jastar.registry.models import (
    District,
    Employer,
    EmploymentType,
    Person,
    PersonStatus,
    Settlement,
    Vacancy,
)

_serials = itertools.count(1)


def new_iin(birth_date: date, sex: str) -> str:
    """A valid IIN for this birth date and sex, different on every call."""
    while True:
        try:
            return make_iin(birth_date, sex, next(_serials) % 10_000)
        except ValueError:
            continue


def new_bin() -> str:
    """A valid BIN of a resident legal entity, different on every call."""
    while True:
        try:
            return make_bin(2015, 3, "4", "0", next(_serials) % 100_000)
        except ValueError:
            continue


def district(code: str = "karasai") -> District:
    return District.objects.get(code=code)


def centre_of(code: str) -> Settlement:
    return Settlement.objects.get(district__code=code, is_district_centre=True)


class PersonFactory(factory.django.DjangoModelFactory[Person]):
    class Meta:
        model = Person

    last_name = "Сейітқалиева"
    first_name = "Әйгерім"
    patronymic = "Ерланқызы"
    birth_date = date(2003, 5, 14)
    sex = "F"
    iin = LazyAttribute(lambda o: new_iin(o.birth_date, o.sex))
    district = LazyFunction(district)
    status = PersonStatus.UNEMPLOYED
    registered_on = date(2025, 9, 1)

    @classmethod
    def _create(cls, model_class: type[Person], *args: Any, **kwargs: Any) -> Person:
        return services.person_register(actor=None, **kwargs)


def make_person(**overrides: Any) -> Person:
    """A registered young person; defaults from PersonFactory."""
    return cast(Person, PersonFactory(**overrides))


def make_employer(**overrides: Any) -> Employer:
    return cast(Employer, EmployerFactory(**overrides))


def make_vacancy(**overrides: Any) -> Vacancy:
    return cast(Vacancy, VacancyFactory(**overrides))


def aigerim_neet_graduate(**overrides: Any) -> Person:
    """A 2024 bachelor graduate from Kaskelen, unemployed since she registered."""
    values: dict[str, Any] = {"settlement": centre_of("karasai"), "graduation_year": 2024}
    values.update(overrides)
    return make_person(**values)


def nurlan_student(**overrides: Any) -> Person:
    """A college student in Esik."""
    values: dict[str, Any] = {
        "last_name": "Омаров",
        "first_name": "Нұрлан",
        "patronymic": "",
        "birth_date": date(2007, 2, 3),
        "sex": "M",
        "district": district("enbekshikazakh"),
        "settlement": centre_of("enbekshikazakh"),
        "status": PersonStatus.IN_EDUCATION,
    }
    values.update(overrides)
    return make_person(**values)


class EmployerFactory(factory.django.DjangoModelFactory[Employer]):
    class Meta:
        model = Employer

    bin = LazyFunction(new_bin)
    name = "«Қаскелең Агро» ЖШС"
    district = LazyFunction(district)

    @classmethod
    def _create(cls, model_class: type[Employer], *args: Any, **kwargs: Any) -> Employer:
        return services.employer_register(actor=None, **kwargs)


class VacancyFactory(factory.django.DjangoModelFactory[Vacancy]):
    class Meta:
        model = Vacancy

    employer = SubFactory(EmployerFactory)
    title_kk = "Аспаз"
    title_ru = "Повар"
    employment_type = EmploymentType.PERMANENT
    salary_min = 150_000
    salary_max = 220_000
    posted_on = date(2026, 5, 1)

    @classmethod
    def _create(cls, model_class: type[Vacancy], *args: Any, **kwargs: Any) -> Vacancy:
        employer = kwargs.pop("employer")
        return services.vacancy_create(actor=None, employer=employer, **kwargs)
