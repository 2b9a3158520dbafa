"""The ``any_of`` lookup: the rows of ``__in``, as one array parameter on PostgreSQL."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext

from jastar.registry.models import Person
from jastar.registry.tests.factories import make_person

pytestmark = pytest.mark.django_db


def _pks(queryset: QuerySet[Person]) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


class AnyOfTests:
    def test_finds_the_rows_in_finds(self) -> None:
        people = [make_person() for _ in range(3)]
        iins = [people[0].iin, people[2].iin, people[2].iin, "000000000000", None]
        assert _pks(Person.objects.filter(iin__any_of=iins)) == {people[0].pk, people[2].pk}
        assert _pks(Person.objects.filter(iin__any_of=iins)) == _pks(
            Person.objects.filter(iin__in=iins)
        )

    def test_the_primary_key_is_typed_as_its_column(self) -> None:
        person = make_person()
        assert _pks(Person.objects.filter(pk__any_of=[person.pk, 10**12])) == {person.pk}

    def test_no_values_find_nothing_without_a_query(self) -> None:
        make_person()
        with CaptureQueriesContext(connection) as queries:
            assert list(Person.objects.filter(iin__any_of=[None])) == []
        assert len(queries) == 0

    def test_a_subquery_works_as_with_in(self) -> None:
        person = make_person()
        inner = Person.objects.filter(pk=person.pk).values("iin")
        assert _pks(Person.objects.filter(iin__any_of=inner)) == {person.pk}

    def test_postgresql_gets_one_array_parameter(self) -> None:
        people = [make_person() for _ in range(5)]
        with CaptureQueriesContext(connection) as queries:
            list(Person.objects.filter(iin__any_of=[p.iin for p in people]))
        sql = queries[0]["sql"]
        if connection.vendor == "postgresql":
            assert "= ANY(" in sql
            assert " IN (" not in sql
        else:
            assert " IN (" in sql
