"""Importing volunteer hours: who worked how long at which organisation's event, and whether
the organisation confirmed it.

A row names the person by IIN (a registered young person; they become a volunteer if they
were not), the organisation by name, the event by title, the day, the hours, optionally the
task, and "confirmed" yes/no. The row's key (person, event, day, task) is the table's
unique key, so importing the same file twice changes nothing. Confirmed rows need an
importer who may confirm the organisation's hours.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from jastar.bulk.kinds.base import (
    BatchOutcome,
    Cells,
    Checked,
    Context,
    Problem,
    Refused,
    RowRejected,
    fingerprint,
    problems_from,
)
from jastar.bulk.kinds.common import identifier_cell
from jastar.bulk.schema import Column, Schema
from jastar.bulk.values import CellError, Choices, parse_date
from jastar.community.volunteering import services
from jastar.community.volunteering.access import can_confirm_hours
from jastar.community.volunteering.models import (
    HoursLog,
    HoursStatus,
    Volunteer,
    VolunteerEvent,
    VolunteerTask,
)
from jastar.core.audit import audit_record
from jastar.core.errors import ApplicationError
from jastar.core.identifiers import IdentifierError, parse_iin
from jastar.core.models import AuditAction
from jastar.registry.models import Person

KIND: Final = "volunteer_hours"

HOURS_SCHEMA: Final = Schema(
    KIND,
    (
        Column("iin", _("IIN"), ("ИИН", "ЖСН", "ИИН/ЖСН"), personal=True, required=True),
        Column("organisation", _("Organisation"), ("Организация", "Ұйым"), required=True),
        Column("event", _("Event title"), ("Мероприятие", "Іс-шара"), required=True),
        Column("worked_on", _("Date"), ("Дата", "Күні"), required=True),
        Column("hours", _("Hours"), ("Часы", "Сағат"), required=True),
        Column("task", _("Task"), ("Задача", "Тапсырма")),
        Column("confirmed", _("Confirmed"), ("Подтверждено", "Расталды")),
    ),
)

YES_NO: Final = Choices(
    {"yes": _("Yes"), "no": _("No")},
    synonyms={"yes": ["да", "иә", "1", "true", "y"], "no": ["нет", "жоқ", "0", "false", "n"]},
)


def parse_hours(text: str) -> Decimal:
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        raise CellError(_("“%(value)s” is not a number of hours.") % {"value": text}) from None
    if not Decimal(0) < value <= Decimal(24):
        raise CellError(_("Hours of a day must be more than 0 and at most 24."))
    return value.quantize(Decimal("0.01"))


class VolunteerHoursImporter:
    schema = HOURS_SCHEMA

    def __init__(self, context: Context) -> None:
        self.context = context
        # Names are matched case-insensitively in Python: SQLite folds only ASCII letters.
        self.events: dict[tuple[str, str], VolunteerEvent] = {}
        rows = VolunteerEvent.objects.select_related("organisation").order_by("starts_at")
        for event in rows:  # the latest event of a title wins
            self.events[(event.organisation.name.casefold(), event.title.casefold())] = event

    def check(self, values: Mapping[str, str]) -> Checked:
        cells = Cells(values)
        out: dict[str, Any] = {"iin": identifier_cell(cells, "iin")}
        if out["iin"]:
            try:
                parse_iin(out["iin"])
            except IdentifierError as err:
                cells.problem("iin", err.message)
        for key in ("organisation", "event", "worked_on", "hours"):
            out[key] = cells.require(key)
        out["worked_on"] = cells.parse("worked_on", parse_date)
        out["hours"] = cells.parse("hours", parse_hours)
        out["task"] = cells.text("task")
        out["confirmed"] = cells.parse("confirmed", YES_NO.parse) == "yes"
        cells.raise_if_any()
        row_key = (
            out["iin"],
            out["organisation"].casefold(),
            out["event"].casefold(),
            out["worked_on"],
            out["task"].casefold(),
        )
        return Checked(line=0, key=row_key, values=out, fingerprint=fingerprint(out))

    def write(self, rows: Sequence[Checked], *, job_id: int) -> tuple[BatchOutcome, Refused]:
        outcome = BatchOutcome()
        refused: Refused = []
        for row in rows:
            try:
                self._write(row, outcome, job_id)
            except RowRejected as err:
                refused.append((row, err.problems))
            except ValidationError as err:
                refused.append((row, problems_from(err, {})))
            except (ApplicationError, PermissionDenied) as err:
                refused.append((row, [Problem("", str(err))]))
        return outcome, refused

    def _related(
        self, v: Mapping[str, Any]
    ) -> tuple[Volunteer, VolunteerEvent, VolunteerTask | None]:
        person = Person.objects.filter(iin=v["iin"]).first()
        if person is None:
            raise RowRejected([Problem("iin", _("No young person with this IIN is registered."))])
        event = self.events.get((v["organisation"].casefold(), v["event"].casefold()))
        if event is None:
            message = _("The organisation has no event with this title; create it first.")
            raise RowRejected([Problem("event", message)])
        task = None
        if v["task"]:
            wanted = v["task"].casefold()
            task = next((t for t in event.tasks.all() if t.title.casefold() == wanted), None)
            if task is None:
                raise RowRejected([Problem("task", _("The event has no task with this title."))])
        # The system (an operator's `jastar import` on the server) may confirm any hours.
        actor = self.context.actor
        if v["confirmed"] and actor is not None and not can_confirm_hours(actor, event):
            message = _("You may not confirm this organisation's hours; import them unconfirmed.")
            raise RowRejected([Problem("confirmed", message)])
        volunteer = Volunteer.objects.filter(person=person).first() or services.volunteer_register(
            actor=self.context.actor, person=person, joined_on=v["worked_on"]
        )
        return volunteer, event, task

    def _write(self, row: Checked, outcome: BatchOutcome, job_id: int) -> None:
        v = row.values
        volunteer, event, task = self._related(v)
        actor = self.context.actor
        log = HoursLog.objects.filter(
            volunteer=volunteer, event=event, worked_on=v["worked_on"], task=task
        ).first()
        if log is None:
            log = services.hours_log(
                actor=actor,
                volunteer=volunteer,
                event=event,
                task=task,
                worked_on=v["worked_on"],
                hours=v["hours"],
            )
            if v["confirmed"]:
                services.hours_confirm(actor=actor, log=log)
            outcome.created += 1
        else:
            changed = False
            if log.hours != v["hours"] and log.status != HoursStatus.CONFIRMED:
                before, log.hours = log.hours, v["hours"]
                log.full_clean()
                log.save(update_fields=["hours", "updated_at"])
                audit_record(
                    actor=actor,
                    action=AuditAction.UPDATE,
                    target=log,
                    changes={"hours": [before, v["hours"]], "import": job_id},
                )
                changed = True
            if v["confirmed"] and log.status == HoursStatus.LOGGED:
                services.hours_confirm(actor=actor, log=log)
                changed = True
            if changed:
                outcome.updated += 1
            else:
                outcome.unchanged += 1
        outcome.person_ids.add(volunteer.person_id)
