"""Writing audit events; services call ``audit_record`` inside their transaction."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import models

from jastar.core.models import AuditAction, AuditEvent

# Jastar uses Django's default user model.
Actor = User | AnonymousUser | None


def _json_safe(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set):
        return [_json_safe(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


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
        changes={key: _json_safe(val) for key, val in (changes or {}).items()},
        ip_address=ip_address,
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


def diff_fields(instance: models.Model, data: dict[str, Any]) -> dict[str, Any]:
    """Return ``{field: [old, new]}`` for the values in ``data`` that differ."""
    changed: dict[str, Any] = {}
    for field, new in data.items():
        old = getattr(instance, field)
        if old != new:
            changed[field] = [_json_safe(old), _json_safe(new)]
    return changed
