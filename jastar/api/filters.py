"""Query filters of the API's lists (django-filter FilterSets).

Each list view names its FilterSet; DRF's ``DjangoFilterBackend`` applies it to the rows the
access layer gives, and a bad value (an unknown district code, a date that is not a date)
is a 400 in the one error format, ``extra.fields`` naming the parameter. Districts,
programs and occupations are given by code, employers and settlements by id.
"""

from __future__ import annotations

from typing import Any

import django_filters as filters
from django import forms
from django.db.models import Q, QuerySet
from drf_spectacular.utils import extend_schema_field

from jastar.programs.lifecycle import ParticipationStatus
from jastar.programs.models import Participation, Program
from jastar.registry.models import (
    District,
    Employer,
    Occupation,
    Person,
    PersonStatus,
    Placement,
    PlacementChannel,
    Settlement,
    Sex,
    Vacancy,
    VacancyStatus,
)
from jastar.registry.selectors import person_list

# Years a filter accepts: anything else is a mistake, not a request for an empty list.
FIRST_YEAR = 2000
LAST_YEAR = 2100


class YearFilter(filters.Filter):  # type: ignore[misc]
    """A whole year between 2000 and 2100."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", FIRST_YEAR)
        kwargs.setdefault("max_value", LAST_YEAR)
        super().__init__(*args, **kwargs)


def _year(field_name: str, help_text: str) -> Any:
    schema = {
        "type": "integer",
        "minimum": FIRST_YEAR,
        "maximum": LAST_YEAR,
        "description": help_text,
    }
    return extend_schema_field(schema)(YearFilter(field_name=field_name))


def _by_code(model: Any, help_text: str, field_name: str | None = None) -> Any:
    """A filter naming a row of ``model`` by its code (documented as a string)."""
    kwargs: dict[str, Any] = {"queryset": model.objects.all(), "to_field_name": "code"}
    if field_name is not None:
        kwargs["field_name"] = field_name
    schema = {"type": "string", "description": help_text}
    return extend_schema_field(schema)(filters.ModelChoiceFilter(**kwargs))


def _by_id(model: Any, help_text: str) -> Any:
    """A filter naming a row of ``model`` by its id (documented as an integer)."""
    schema = {"type": "integer", "description": help_text}
    return extend_schema_field(schema)(filters.ModelChoiceFilter(queryset=model.objects.all()))


class PersonFilter(filters.FilterSet):  # type: ignore[misc]
    district = _by_code(District, "District code, e.g. karasai.")
    settlement = _by_id(Settlement, "Settlement id.")
    status = filters.ChoiceFilter(choices=PersonStatus.choices, help_text="Current status.")
    neet = filters.BooleanFilter(
        field_name="is_neet", help_text="true: NEET (unemployed or inactive) only."
    )
    sex = filters.ChoiceFilter(choices=Sex.choices, help_text="M or F.")
    q = filters.CharFilter(
        method="search", help_text="An IIN (or its first digits), or a name in any script."
    )
    registered_from = filters.DateFilter(
        field_name="registered_on", lookup_expr="gte", help_text="Registered on or after."
    )
    registered_to = filters.DateFilter(
        field_name="registered_on", lookup_expr="lte", help_text="Registered on or before."
    )

    class Meta:
        model = Person
        fields: list[str] = []

    def search(self, queryset: QuerySet[Person], name: str, value: str) -> QuerySet[Person]:
        # The registry's own search (jastar.registry.selectors.person_list), ANDed with the
        # other filters and the caller's scope.
        return queryset & person_list(query=value)


class EmployerFilter(filters.FilterSet):  # type: ignore[misc]
    district = _by_code(District, "District code, e.g. karasai.")
    q = filters.CharFilter(method="search", help_text="Part of the name, or the BIN.")

    class Meta:
        model = Employer
        fields: list[str] = []

    def search(self, queryset: QuerySet[Employer], name: str, value: str) -> QuerySet[Employer]:
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(bin__startswith=value))


class VacancyFilter(filters.FilterSet):  # type: ignore[misc]
    district = _by_code(District, "District code, e.g. karasai.")
    status = filters.ChoiceFilter(choices=VacancyStatus.choices, help_text="Status.")
    occupation = _by_code(Occupation, "Occupation code, e.g. 8322.")
    employer = _by_id(Employer, "Employer id.")
    q = filters.CharFilter(method="search", help_text="Part of the title, Kazakh or Russian.")

    class Meta:
        model = Vacancy
        fields: list[str] = []

    def search(self, queryset: QuerySet[Vacancy], name: str, value: str) -> QuerySet[Vacancy]:
        value = value.strip()
        return queryset.filter(Q(title_kk__icontains=value) | Q(title_ru__icontains=value))


class PlacementFilter(filters.FilterSet):  # type: ignore[misc]
    year = _year("start_date__year", "Year the work started.")
    district = _by_code(District, "District code, e.g. karasai.")
    channel = filters.ChoiceFilter(choices=PlacementChannel.choices, help_text="Channel.")

    class Meta:
        model = Placement
        fields: list[str] = []


class ParticipationFilter(filters.FilterSet):  # type: ignore[misc]
    program = _by_code(Program, "Program code, e.g. youth_practice.", "edition__program")
    year = _year("edition__year", "Year of the program edition.")
    status = filters.ChoiceFilter(choices=ParticipationStatus.choices, help_text="Status.")
    district = _by_code(District, "District code, e.g. karasai.")

    class Meta:
        model = Participation
        fields: list[str] = []
