"""Export of an audit log search as CSV; the export is itself an audit event."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from typing import Final

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jastar.core.audit import Actor, audit_record
from jastar.core.models import AuditAction, AuditEvent
from jastar.web.audit.search import AuditQuery, audit_export_rows, masked_summary

# Rows encoded and handed to the response at a time.
PIECE_ROWS: Final = 500
# Text a spreadsheet would run as a formula when it opens the file.
_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _headers() -> list[str]:
    return [
        _("Time"),
        _("User"),
        _("Action"),
        _("Record type"),
        _("Record id"),
        _("Details"),
        _("IP address"),
    ]


def _row(event: AuditEvent) -> list[str]:
    occurred = timezone.localtime(event.occurred_at).isoformat(timespec="seconds")
    actor = event.actor.get_username() if event.actor is not None else ""
    return [
        _cell(value)
        for value in (
            occurred,
            actor,
            event.action,
            event.target_type,
            event.target_id,
            masked_summary(event.summary),
            event.ip_address,
        )
    ]


def _pieces(query: AuditQuery, language: str) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    buffer.write("\ufeff")  # so spreadsheets read Kazakh and Russian letters
    with translation.override(language):
        writer.writerow(_headers())
    for count, event in enumerate(audit_export_rows(query), start=1):
        writer.writerow(_row(event))
        if count % PIECE_ROWS == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def audit_log_export(
    *, actor: Actor, query: AuditQuery, filters: Mapping[str, str], language: str
) -> Iterator[bytes]:
    """The events matching ``query`` as CSV bytes (``;``-separated, UTF-8 with a BOM).

    The export is recorded (action export, with the filters as the caller describes them)
    before its first row leaves, so a download cut short is on the record too. Summaries
    carry masked IINs only; the changes of each event are not exported.
    """
    target = AuditEvent()
    target.pk = "*"  # the log as a whole, not one event
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        target=target,
        summary="audit.csv",
        changes={"filters": "&".join(f"{k}={v}" for k, v in sorted(filters.items()) if v)},
    )
    return _pieces(query, language)
