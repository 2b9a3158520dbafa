"""Writing audit events; services call ``audit_record`` inside their transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import models
from django.http import HttpRequest, HttpResponse

from jastar.core.models import AuditAction, AuditEvent

if TYPE_CHECKING:
    from jastar.core.bulk_insert import EncodedJson

# Jastar uses Django's default user model.
Actor = User | AnonymousUser | None


# The address of the request being served, so every audit event written while serving it
# records where the action came from without each service being told.
_request_ip: ContextVar[str | None] = ContextVar("jastar_request_ip", default=None)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address.

    Behind one trusted proxy (``JASTAR_BEHIND_PROXY=1``) it is the last entry of
    X-Forwarded-For: the one the proxy appended. Earlier entries come from the client and
    could be anything.
    """
    from django.conf import settings

    if getattr(settings, "JASTAR_TRUST_X_FORWARDED_FOR", False):
        forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
        entries = [entry.strip() for entry in forwarded.split(",") if entry.strip()]
        if entries:
            return entries[-1]
    address: str | None = request.META.get("REMOTE_ADDR") or None
    return address


class AuditRequestMiddleware:
    """Remembers the client's address for the audit events of this request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _request_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            _request_ip.reset(token)


def _json_safe(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set):
        return [_json_safe(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _safe_changes(changes: dict[str, Any]) -> dict[str, Any]:
    """An audit event's changes as JSON can hold them (rows by primary key)."""
    return {key: _json_safe(val) for key, val in changes.items()}


def actor_user(actor: Actor) -> User | None:
    """The user behind ``actor``; None for the system or an anonymous request."""
    return actor if isinstance(actor, User) else None


def audit_event(
    *,
    actor: Actor,
    action: AuditAction,
    target: models.Model,
    summary: str = "",
    changes: dict[str, Any] | None = None,
    ip_address: str | None = None,
) -> AuditEvent:
    """An unsaved audit event about ``target``; bulk writers save many at once."""
    return AuditEvent(
        actor=actor_user(actor),
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        summary=summary[:255],
        changes=_safe_changes(changes or {}),
        ip_address=ip_address or _request_ip.get(),
    )


def audit_events_insert(
    *,
    actor: Actor,
    action: AuditAction,
    model: type[models.Model],
    events: Iterable[tuple[Any, str, dict[str, Any] | EncodedJson]],
) -> None:
    """Append one audit event per ``(primary key, summary, changes)`` about rows of ``model``.

    ``changes`` is a dict, or the same changes for many events encoded once
    (:func:`audit_changes_encoded`).

    The events :func:`audit_event` would make, written in one insert without building an
    instance each: for bulk writers (an import audits every row it creates or changes).
    """
    from jastar.core.bulk_insert import EncodedJson, insert_values

    user = actor_user(actor)
    ip_address = _request_ip.get()
    label = model._meta.label_lower
    rows = (
        (
            user,
            str(action),
            label,
            str(pk),
            summary[:255],
            changes if isinstance(changes, EncodedJson) else _safe_changes(changes),
            ip_address,
        )
        for pk, summary, changes in events
    )
    insert_values(AuditEvent, _EVENT_FIELDS, rows)


def audit_changes_encoded(changes: dict[str, Any]) -> EncodedJson:
    """``changes`` encoded once, for :func:`audit_events_insert` to give many events."""
    from jastar.core.bulk_insert import EncodedJson

    return EncodedJson.of(_safe_changes(changes))


_EVENT_FIELDS = (
    "actor",
    "action",
    "target_type",
    "target_id",
    "summary",
    "changes",
    "ip_address",
)


def audit_record(
    *,
    actor: Actor,
    action: AuditAction,
    target: models.Model,
    summary: str = "",
    changes: dict[str, Any] | None = None,
    ip_address: str | None = None,
) -> AuditEvent:
    """Append one audit event about ``target``."""
    event = audit_event(
        actor=actor,
        action=action,
        target=target,
        summary=summary,
        changes=changes,
        ip_address=ip_address,
    )
    event.save()
    return event


def audit_people_viewed(
    *,
    actor: Actor,
    people: Iterable[models.Model],
    summary: str | Callable[[Any], str],
    changes: dict[str, Any] | None = None,
) -> list[AuditEvent]:
    """Audit that ``actor`` was shown ``people`` by name: one view event per person (so
    each person's own trail shows who saw them), each person once, in one insert.

    ``summary`` is a text, or a function of the person (e.g. their masked IIN).
    """
    unique = {person.pk: person for person in people}.values()
    return AuditEvent.objects.bulk_create(
        audit_event(
            actor=actor,
            action=AuditAction.VIEW,
            target=person,
            summary=summary(person) if callable(summary) else summary,
            changes=changes,
        )
        for person in unique
    )


def diff_fields(instance: models.Model, data: dict[str, Any]) -> dict[str, Any]:
    """Return ``{field: [old, new]}`` for the values in ``data`` that differ."""
    changed: dict[str, Any] = {}
    for field, new in data.items():
        old = getattr(instance, field)
        if old != new:
            changed[field] = [_json_safe(old), _json_safe(new)]
    return changed
