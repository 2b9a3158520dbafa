"""Optimistic locking: two officers editing the same record cannot overwrite each other.

A record carries a ``version`` that every change raises by one. A form or API call sends
the version it was showing; if the record has changed since, the change is refused with
who changed it and when, and nothing is written.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jastar.core.models import AuditEvent

VERSION_FIELD_HELP = gettext_lazy("Raised by one at every change; guards against lost updates.")


def version_field() -> models.PositiveIntegerField[int, int]:
    return models.PositiveIntegerField(
        gettext_lazy("version"), default=1, editable=False, help_text=VERSION_FIELD_HELP
    )


def version_bump(instance: models.Model, expected: int | None) -> list[str]:
    """Lock ``instance``'s row, refuse if it is no longer at ``expected``, raise its version.

    Call inside the transaction that saves the change; returns the field names to add to
    ``update_fields``. ``expected`` None (a service called by code, not a form) skips the
    comparison but still raises the version, so open forms notice the change.
    """
    model = type(instance)
    current = model._default_manager.select_for_update().values_list("version", flat=True)
    stored = current.get(pk=instance.pk)
    if expected is not None and stored != expected:
        raise ValidationError({"version": _stale_message(instance)}, code="stale")
    instance.version = stored + 1  # type: ignore[attr-defined]
    return ["version"]


def _stale_message(instance: models.Model) -> str:
    last = (
        AuditEvent.objects.filter(
            target_type=instance._meta.label_lower, target_id=str(instance.pk)
        )
        .exclude(action__in=["view", "export"])
        .select_related("actor")
        .first()
    )
    if last is None:
        return _(
            "Someone else changed this record after you opened it. Reload it and redo your change."
        )
    who = last.actor.get_username() if last.actor else _("the system")
    when = formats.date_format(timezone.localtime(last.occurred_at), "DATETIME_FORMAT")
    return _(
        "%(who)s changed this record at %(when)s, after you opened it. Reload it and redo "
        "your change."
    ) % {"who": who, "when": when}
