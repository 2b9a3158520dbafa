"""Changed people and vacancies refresh their ranked lists after the change commits.

A notification, not a business rule: the refresh is queued as a background task once the
transaction that changed the record has committed (:mod:`jastar.matching.services.refresh`
decides what to recompute). Bulk writes (imports) queue one refresh for every person they
touched. Nothing is queued before a first batch has written any list.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from jastar.core.signals import in_bulk_writes, records_bulk_changed


def _queue(person_ids: list[int], vacancy_ids: list[int]) -> None:
    from jastar.matching.services.refresh import lists_exist
    from jastar.matching.tasks import matches_refresh_task

    if (person_ids or vacancy_ids) and lists_exist():
        transaction.on_commit(lambda: matches_refresh_task.enqueue(person_ids, vacancy_ids))


def _on_person(sender: Any, instance: Any, **kwargs: Any) -> None:
    if not in_bulk_writes() and kwargs.get("raw") is not True and instance.pk is not None:
        _queue([int(instance.pk)], [])


def _on_vacancy(sender: Any, instance: Any, **kwargs: Any) -> None:
    from jastar.matching.engines import vacancy_changed

    if kwargs.get("raw") is not True and instance.pk is not None:
        vacancy_changed(int(instance.pk))
        if not in_bulk_writes():
            _queue([], [int(instance.pk)])


def _on_occupations(sender: Any, instance: Any, action: str, **kwargs: Any) -> None:
    # Desired and skill occupations are links, saved after the person row.
    if action.startswith("post_") and not in_bulk_writes():
        _on_person(sender, instance)


def _on_bulk(sender: Any, person_ids: list[int] | None = None, **kwargs: Any) -> None:
    if person_ids:
        _queue(list(person_ids), [])


def connect() -> None:
    from jastar.registry.models import Person, Vacancy

    post_save.connect(_on_person, sender=Person, dispatch_uid="matching-person")
    for relation in (Person.desired_occupations, Person.skill_occupations):
        m2m_changed.connect(
            _on_occupations, sender=relation.through, dispatch_uid=f"matching-{relation.field}"
        )
    post_save.connect(_on_vacancy, sender=Vacancy, dispatch_uid="matching-vacancy")
    post_delete.connect(_on_vacancy, sender=Vacancy, dispatch_uid="matching-vacancy-d")
    records_bulk_changed.connect(_on_bulk, dispatch_uid="matching-bulk")
