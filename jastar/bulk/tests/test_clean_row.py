"""clean_row: the model's field checks, with values a field accepted remembered."""

from __future__ import annotations

import sys
from typing import Any
from unittest import mock

import pytest
from django.utils import translation

from jastar.bulk.kinds.base import RowRejected
from jastar.bulk.kinds.common import _length_only, clean_row
from jastar.core.bulk_insert import build
from jastar.registry.models import Person

CHECKED = ("last_name", "first_name", "email", "expected_salary", "languages")
EXCLUDE = [f.name for f in Person._meta.concrete_fields if f.name not in CHECKED]


def _person(**values: Any) -> Person:
    return build(Person, {"last_name": "Ахметова", "first_name": "Айгерім", **values})


def _clean(person: Person) -> None:
    clean_row(person, exclude=EXCLUDE, columns={"email": "e-mail column"})


class CleanRowTests:
    def test_a_value_the_field_accepted_is_not_checked_again(self):
        field = Person._meta.get_field("email")
        email = "kasymzhomartova.test@example.kz"  # an address no other test checks
        with mock.patch.object(field, "clean", wraps=field.clean) as clean:
            _clean(_person(email=email))
            _clean(_person(email=email))
            _clean(_person(email="a" + email))
        assert [c.args[0] for c in clean.call_args_list] == [email, "a" + email]

    def test_a_plain_text_within_its_length_needs_no_field_check(self):
        field = Person._meta.get_field("last_name")
        with mock.patch.object(field, "clean", wraps=field.clean) as clean:
            _clean(_person(last_name="Я" * 100))
            assert clean.call_count == 0
            with pytest.raises(RowRejected) as caught:
                _clean(_person(last_name="Я" * 101))
        assert clean.call_count == 1  # too long: the field's own check says why
        assert [p.column for p in caught.value.problems] == ["last_name"]

    def test_only_plain_text_fields_are_checked_by_their_length_alone(self):
        meta = Person._meta
        assert _length_only(meta.get_field("last_name")) == 100
        assert _length_only(meta.get_field("skills")) == sys.maxsize  # a TextField
        assert _length_only(meta.get_field("email")) == 0  # an address check too
        assert _length_only(meta.get_field("status")) == 0  # choices
        assert _length_only(meta.get_field("expected_salary")) == 0  # not text

    def test_a_bad_value_is_rejected_every_time_with_its_column(self):
        for _attempt in range(2):
            with translation.override("en"), pytest.raises(RowRejected) as caught:
                _clean(_person(email="not-an-address"))
            [problem] = caught.value.problems
            assert problem.column == "e-mail column"
            assert "valid email" in str(problem.message)

    def test_every_problem_of_the_row_is_reported(self):
        with pytest.raises(RowRejected) as caught:
            _clean(_person(last_name="Я" * 101, email="nobody@", expected_salary=-5))
        assert {p.column for p in caught.value.problems} == {
            "last_name",
            "e-mail column",
            "expected_salary",
        }

    def test_a_value_cleaning_converts_is_stored_converted(self):
        person = _person(expected_salary="250000")
        _clean(person)
        assert person.expected_salary == 250000
        # Remembered as the text it was not: the text is converted again next time.
        again = _person(expected_salary="250000")
        _clean(again)
        assert again.expected_salary == 250000

    def test_values_that_cannot_be_remembered_are_checked_each_time(self):
        field = Person._meta.get_field("languages")
        with mock.patch.object(field, "clean", wraps=field.clean) as clean:
            _clean(_person(languages=["kk", "ru"]))
            _clean(_person(languages=["kk", "ru"]))
        assert clean.call_count == 2

    def test_blank_values_of_optional_fields_are_not_checked(self):
        field = Person._meta.get_field("email")
        with mock.patch.object(field, "clean", wraps=field.clean) as clean:
            _clean(_person(email=""))
        assert clean.call_count == 0

    def test_a_required_field_left_blank_is_rejected(self):
        with translation.override("en"), pytest.raises(RowRejected) as caught:
            _clean(_person(first_name=""))
        assert [p.column for p in caught.value.problems] == ["first_name"]
