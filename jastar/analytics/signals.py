"""Keep the aggregate tables in step with the records they sum.

Like a cache, the aggregates follow the records: every save or delete of a person, a
status change, a placement, a participation, a follow-up or a grant refreshes the share of
the person or participation behind it (:func:`~jastar.analytics.services.facts.facts_refresh`)
in the same transaction. Bulk writes (:func:`jastar.core.signals.bulk_writes`) skip the
per-row refresh and bring the aggregates up to date once at the end.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from jastar.analytics.models import FactSource
from jastar.core.signals import in_bulk_writes, records_bulk_changed


def _person_of(instance: Any) -> int | None:
    from jastar.registry.models import Person

    return int(instance.pk) if isinstance(instance, Person) else instance.person_id


def _participation_of(instance: Any) -> int | None:
    from jastar.programs.models import Participation

    if isinstance(instance, Participation):
        return int(instance.pk)
    return int(instance.participation_id)


def _on_person_record(sender: Any, instance: Any, **kwargs: Any) -> None:
    if not in_bulk_writes() and kwargs.get("raw") is not True:
        _refresh(FactSource.PERSON, _person_of(instance))


def _on_participation_record(sender: Any, instance: Any, **kwargs: Any) -> None:
    if not in_bulk_writes() and kwargs.get("raw") is not True:
        _refresh(FactSource.PARTICIPATION, _participation_of(instance))


def _refresh(source: str, pk: int | None) -> None:
    from jastar.analytics.services.facts import facts_refresh

    if pk is not None:
        facts_refresh(source=source, ids=[pk])


def _on_bulk(
    sender: Any, person_ids: list[int] | None = None, registered: Any = (), **kwargs: Any
) -> None:
    from jastar.analytics.services.facts import facts_add_registered, facts_rebuild, facts_refresh

    if person_ids is None:
        facts_rebuild()
        return
    # People just registered are counted from the instances the writer holds; the others
    # are read back.
    new = {person.pk for person in registered}
    facts_refresh(source=FactSource.PERSON, ids=[pk for pk in person_ids if pk not in new])
    facts_add_registered(people=registered)


def connect() -> None:
    from jastar.programs.models import FollowUp, GrantApplication, Participation
    from jastar.registry.models import Person, PersonStatusChange, Placement

    for model in (Person, PersonStatusChange, Placement):
        post_save.connect(_on_person_record, sender=model, dispatch_uid=f"facts-{model}")
        post_delete.connect(_on_person_record, sender=model, dispatch_uid=f"facts-d-{model}")
    for program_model in (Participation, FollowUp, GrantApplication):
        uid = f"facts-{program_model}"
        post_save.connect(_on_participation_record, sender=program_model, dispatch_uid=uid)
        post_delete.connect(_on_participation_record, sender=program_model, dispatch_uid=uid)
    records_bulk_changed.connect(_on_bulk, dispatch_uid="facts-bulk")
