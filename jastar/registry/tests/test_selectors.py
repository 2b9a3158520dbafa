from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from jastar.registry import services
from jastar.registry.models import PersonStatus
from jastar.registry.selectors import (
    district_find,
    neet_count_on,
    person_list,
    youth_on,
)
from jastar.registry.tests.factories import aigerim_neet_graduate, district, make_person, new_iin

pytestmark = pytest.mark.django_db


class DistrictFindTests:
    @pytest.mark.parametrize(
        "name",
        ["karasai", "Қарасай ауданы", "Карасайский район", "Qarasai audany", "Karasai", "Қарасай"],
    )
    def test_finds_district_by_any_name(self, name):
        assert district_find(name).code == "karasai"

    def test_finds_city_by_russian_name(self):
        assert district_find("город Конаев").code == "konaev"
        assert district_find("Конаев").code == "konaev"

    def test_rejects_unknown_district_with_its_name(self):
        with pytest.raises(ValidationError) as err:
            district_find("Алакольский район")
        assert "Алакольский район" in err.value.messages[0]


class PersonListTests:
    def test_finds_person_by_name_typed_in_latin(self):
        person = aigerim_neet_graduate()
        assert list(person_list(query="Aigerim Seitkalieva")) == [person]

    def test_finds_person_by_name_in_cyrillic_russian_spelling(self):
        person = aigerim_neet_graduate()
        assert list(person_list(query="Айгерим")) == [person]

    def test_finds_person_by_iin_prefix(self):
        person = aigerim_neet_graduate()
        assert list(person_list(query=person.iin[:8])) == [person]

    def test_the_search_by_iin_prefix_reads_the_iin_index(self):
        if connection.vendor != "postgresql":
            pytest.skip("SQLite reads a small registry whole")
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT attname, collname FROM pg_attribute JOIN pg_collation "
                "ON pg_collation.oid = attcollation WHERE attrelid = 'registry_person'::regclass "
                "AND attname IN ('iin', 'duplicate_key') ORDER BY attname"
            )
            assert cursor.fetchall() == [("duplicate_key", "C"), ("iin", "C")]
            cursor.execute("SET LOCAL enable_seqscan TO off")
            sql, params = person_list(query="04062160").query.sql_with_params()
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "registry_person_iin_key" in plan, plan

    def test_filters_by_district_and_neet(self):
        person = aigerim_neet_graduate()
        assert list(person_list(district=district("karasai"), neet=True)) == [person]
        assert list(person_list(district=district("kegen"))) == []
        assert list(person_list(neet=False)) == []


class NeetOnDateTests:
    def test_counts_status_in_force_on_each_date(self):
        person = aigerim_neet_graduate(registered_on=date(2024, 1, 10))
        services.person_change_status(
            actor=None, person=person, status=PersonStatus.EMPLOYED, valid_from=date(2025, 4, 1)
        )
        assert neet_count_on(date(2024, 1, 9)) == 0  # not registered yet
        assert neet_count_on(date(2024, 12, 31)) == 1
        assert neet_count_on(date(2025, 12, 31)) == 0

    def test_counts_only_people_aged_14_to_35_on_the_date(self):
        born = date(1991, 1, 1)
        make_person(birth_date=born, iin=new_iin(born, "F"), registered_on=date(2025, 1, 1))
        assert youth_on(date(2025, 12, 31)).count() == 1  # 34
        assert youth_on(date(2027, 1, 1)).count() == 0  # 36
        assert neet_count_on(date(2027, 1, 1)) == 0

    def test_filters_by_district(self):
        aigerim_neet_graduate()
        assert neet_count_on(date(2026, 1, 1), district=district("karasai")) == 1
        assert neet_count_on(date(2026, 1, 1), district=district("talgar")) == 0
