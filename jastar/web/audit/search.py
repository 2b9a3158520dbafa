"""Reading the audit log: the events matching a search, newest first, a page at a time.

The table grows to millions of rows, so pages are cut by keyset (the position of the last
row shown), never by OFFSET or a COUNT of the whole match: every page costs the same.
Searches lean on the two indexes the table has: ``occurred_at`` (order, dates, pages) and
``(target_type, target_id)`` (a record, a person and the rows about them).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Final

from django.apps import apps
from django.db.models import Q, QuerySet
from django.utils import timezone

from jastar.core.identifiers import mask_iin
from jastar.core.models import AuditEvent

PAGE_SIZE: Final = 50
EXPORT_CHUNK: Final = 2000

PERSON_TYPE: Final = "registry.person"
# Rows about one person whose events the search by IIN also shows: record type → the
# lookup from that row to the person's id. Each is a short list for one person.
PERSON_RELATED: Final[dict[str, str]] = {
    "registry.personstatuschange": "person_id",
    "registry.placement": "person_id",
    "registry.vacancyapplication": "person_id",
    "programs.participation": "person_id",
    "programs.followup": "participation__person_id",
    "insight.contactattempt": "person_id",
    "accounts.account": "person_id",
}

# Twelve digits in a row in a summary are an IIN (older events may carry one whole).
_IIN_IN_TEXT = re.compile(r"(?<!\d)\d{12}(?!\d)")


@dataclass(frozen=True)
class AuditQuery:
    """What to look for; every part is optional and the parts combine with AND."""

    actor_id: int | None = None
    action: str = ""
    target_type: str = ""
    target_id: str = ""
    person_id: int | None = None
    since: date | None = None
    until: date | None = None
    ip_address: str = ""


@dataclass(frozen=True)
class AuditPage:
    events: list[AuditEvent]
    # Cursors (event ids) for the pages of older and newer events, None at either end.
    older: int | None
    newer: int | None


def masked_summary(summary: str) -> str:
    """The summary with any IIN in it masked, as every list shows IINs."""
    return _IIN_IN_TEXT.sub(lambda found: mask_iin(found.group(0)), summary)


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def person_targets(person_id: int) -> Q:
    """Events about the person, and about the rows that belong to them."""
    condition = Q(target_type=PERSON_TYPE, target_id=str(person_id))
    for label, lookup in PERSON_RELATED.items():
        model = apps.get_model(label)
        ids = model._default_manager.filter(**{lookup: person_id}).values_list("pk", flat=True)
        keys = [str(pk) for pk in ids]
        if keys:
            condition |= Q(target_type=label, target_id__in=keys)
    return condition


def audit_events(query: AuditQuery) -> QuerySet[AuditEvent]:
    """The events matching ``query``, newest first."""
    events = AuditEvent.objects.select_related("actor").order_by("-occurred_at", "-id")
    if query.actor_id is not None:
        events = events.filter(actor_id=query.actor_id)
    if query.action:
        events = events.filter(action=query.action)
    if query.target_type:
        events = events.filter(target_type=query.target_type)
    if query.target_id:
        events = events.filter(target_id=query.target_id)
    if query.person_id is not None:
        events = events.filter(person_targets(query.person_id))
    if query.since is not None:
        events = events.filter(occurred_at__gte=_day_start(query.since))
    if query.until is not None:
        events = events.filter(occurred_at__lt=_day_start(query.until + timedelta(days=1)))
    if query.ip_address:
        events = events.filter(ip_address=query.ip_address)
    return events


def _older_than(event: AuditEvent) -> Q:
    return Q(occurred_at__lt=event.occurred_at) | Q(occurred_at=event.occurred_at, id__lt=event.pk)


def _newer_than(event: AuditEvent) -> Q:
    return Q(occurred_at__gt=event.occurred_at) | Q(occurred_at=event.occurred_at, id__gt=event.pk)


def audit_page(
    query: AuditQuery, *, before: int | None = None, after: int | None = None
) -> AuditPage:
    """One page of ``audit_events(query)``: the newest, or those just older than the
    event ``before``, or just newer than the event ``after``."""
    events = audit_events(query)
    cursor_id = before if before is not None else after
    cursor = AuditEvent.objects.filter(pk=cursor_id).first() if cursor_id is not None else None
    if cursor is not None and before is not None:
        rows = list(events.filter(_older_than(cursor))[: PAGE_SIZE + 1])
        shown = rows[:PAGE_SIZE]
        older = shown[-1].pk if len(rows) > PAGE_SIZE else None
        newer = shown[0].pk if shown and events.filter(_newer_than(shown[0])).exists() else None
        return AuditPage(shown, older, newer)
    if cursor is not None:
        rising = events.filter(_newer_than(cursor)).order_by("occurred_at", "id")
        rows = list(rising[: PAGE_SIZE + 1])
        shown = rows[:PAGE_SIZE][::-1]
        newer = shown[0].pk if len(rows) > PAGE_SIZE else None
        older = shown[-1].pk if shown and events.filter(_older_than(shown[-1])).exists() else None
        return AuditPage(shown, older, newer)
    rows = list(events[: PAGE_SIZE + 1])
    shown = rows[:PAGE_SIZE]
    return AuditPage(shown, shown[-1].pk if len(rows) > PAGE_SIZE else None, None)


def audit_export_rows(query: AuditQuery) -> Iterator[AuditEvent]:
    """Every event matching ``query``, newest first, read in chunks (memory stays flat)."""
    return audit_events(query).iterator(chunk_size=EXPORT_CHUNK)
