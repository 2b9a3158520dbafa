"""The bulk writers' helpers: building instances, inserting rows, appending audit events."""

from __future__ import annotations

from datetime import date
from typing import Any
from unittest import mock

import pytest
from django.db import transaction
from django.db.models.signals import post_init

from jastar.accounts.tests.factories import make_user
from jastar.core.audit import audit_changes_encoded, audit_event, audit_events_insert
from jastar.core.bulk_insert import _json_text, build, bulk_insert, insert_values
from jastar.core.models import AuditAction, AuditEvent
from jastar.registry.models import Person, PersonStatusChange
from jastar.registry.tests.factories import district, make_person, new_iin

pytestmark = pytest.mark.django_db


def _person_values(**extra: Any) -> dict[str, Any]:
    return {
        "iin": new_iin(date(2001, 5, 4), "M"),
        "last_name": "Омаров",
        "first_name": "Данияр",
        "birth_date": date(2001, 5, 4),
        "sex": "M",
        "district_id": district().pk,
        "area": "rural",
        "status": "unemployed",
        "status_since": date(2026, 1, 10),
        "registered_on": date(2026, 1, 10),
        **extra,
    }


class BuildTests:
    def test_builds_what_the_constructor_builds(self) -> None:
        values = _person_values()
        built = build(Person, values)
        constructed = Person(**values)
        fields = [f.attname for f in Person._meta.concrete_fields if f.attname != "is_neet"]
        assert [getattr(built, f) for f in fields] == [getattr(constructed, f) for f in fields]
        assert built._state.adding and built.pk is None

    def test_callable_defaults_are_called_for_each_instance(self) -> None:
        first, second = build(Person, _person_values()), build(Person, _person_values())
        assert first.languages == [] and first.languages is not second.languages

    def test_a_model_someone_listens_to_is_built_by_its_constructor(self) -> None:
        seen: list[Person] = []

        def listener(sender: type[Person], instance: Person, **kwargs: Any) -> None:
            seen.append(instance)

        post_init.connect(listener, sender=Person)
        try:
            person = build(Person, _person_values())
        finally:
            post_init.disconnect(listener, sender=Person)
        assert seen == [person]

    def test_built_instances_insert_and_read_back(self) -> None:
        with transaction.atomic():
            (person,) = bulk_insert([build(Person, _person_values())])
        stored = Person.objects.get(pk=person.pk)
        assert (stored.last_name, stored.district_id, stored.version) == (
            "Омаров",
            district().pk,
            1,
        )


class InsertValuesTests:
    def test_rows_of_field_values_with_foreign_keys_by_instance_or_id(self) -> None:
        person, user = make_person(), make_user("aliya")
        with transaction.atomic():
            insert_values(
                PersonStatusChange,
                ("person", "status", "valid_from", "note", "recorded_by"),
                [
                    (person, "employed", date(2026, 2, 1), "one", user),
                    (person.pk, "inactive", date(2026, 3, 1), "two", None),
                ],
            )
        rows = PersonStatusChange.objects.filter(person=person, note__in=["one", "two"])
        assert sorted(rows.values_list("status", "valid_from", "recorded_by_id")) == [
            ("employed", date(2026, 2, 1), user.pk),
            ("inactive", date(2026, 3, 1), None),
        ]

    def test_a_row_of_the_wrong_width_is_refused_and_nothing_written(self) -> None:
        person = make_person()
        names = ("person", "status", "valid_from", "note", "recorded_by")
        with pytest.raises(ValueError, match="need 5 values, got 4"), transaction.atomic():
            insert_values(
                PersonStatusChange,
                names,
                [
                    (person, "employed", date(2026, 2, 1), "kept?", None),
                    (person, "inactive", date(2026, 3, 1), "short"),
                ],
            )
        assert not PersonStatusChange.objects.filter(note__in=["kept?", "short"]).exists()


class AuditEventsInsertTests:
    def test_appends_the_events_audit_event_would_make(self) -> None:
        person, user = make_person(), make_user("aliya")
        expected = audit_event(
            actor=user,
            action=AuditAction.UPDATE,
            target=person,
            summary="x" * 300,
            changes={"district": [district(), None], "import": 7},
        )
        with transaction.atomic():
            audit_events_insert(
                actor=user,
                action=AuditAction.UPDATE,
                model=Person,
                events=[(person.pk, "x" * 300, {"district": [district(), None], "import": 7})],
            )
        stored = AuditEvent.objects.get(target_id=str(person.pk), action=AuditAction.UPDATE)
        fields = ("actor_id", "action", "target_type", "target_id", "summary", "changes")
        assert [getattr(stored, f) for f in fields] == [getattr(expected, f) for f in fields]
        assert stored.occurred_at is not None

    def test_changes_shared_by_many_events_are_encoded_once(self) -> None:
        people = [make_person(), make_person()]
        shared = audit_changes_encoded({"import": 7, "district": district()})
        with (
            transaction.atomic(),
            mock.patch("jastar.core.bulk_insert._json_text", wraps=_json_text) as encode,
        ):
            audit_events_insert(
                actor=None,
                action=AuditAction.CREATE,
                model=Person,
                events=[(p.pk, "shared", shared) for p in people],
            )
        assert encode.call_count == 0  # encoded before, by audit_changes_encoded
        stored = AuditEvent.objects.filter(summary="shared")
        # What a dict of the same changes gives: the district by its id.
        assert [e.changes for e in stored] == [{"import": 7, "district": district().pk}] * 2
