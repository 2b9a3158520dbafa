"""Import and export lists of this part (jastar.bulk.registry).

- ``volunteer_hours``: imported and exported (personal: the volunteer's IIN);
- ``volunteer_orgs``: organisations, exported only.
"""

from __future__ import annotations

from typing import Any, Final

from django.utils.translation import gettext_lazy as _

from jastar.bulk.exports import PERSON_RECORD_ID, Getter, KindSpec
from jastar.bulk.registry import BulkKind
from jastar.bulk.schema import Column, Schema
from jastar.community.volunteering.access import hours_for, organisations_for
from jastar.community.volunteering.importer import HOURS_SCHEMA
from jastar.community.volunteering.models import HoursLog, HoursStatus, Organisation


def _person(log: HoursLog) -> tuple[int, str]:
    return log.volunteer.person_id, log.volunteer.person.iin


def _get(path: str, read: Any, related: tuple[str, ...] = ()) -> Getter:
    return Getter((path,), lambda obj, names: read(obj), related)


_HOURS: Final[dict[str, Getter]] = {
    PERSON_RECORD_ID.key: _get(
        "volunteer__person", lambda log: log.volunteer.person_id, ("volunteer",)
    ),
    "iin": _get(
        "volunteer__person__iin", lambda log: log.volunteer.person.iin, ("volunteer__person",)
    ),
    "organisation": _get(
        "event__organisation__name",
        lambda log: log.event.organisation.name,
        ("event__organisation",),
    ),
    "event": _get("event__title", lambda log: log.event.title, ("event",)),
    "worked_on": _get("worked_on", lambda log: log.worked_on),
    "hours": _get("hours", lambda log: format(log.hours.normalize(), "f")),
    "task": _get("task__title", lambda log: log.task.title if log.task else "", ("task",)),
    "confirmed": Getter(
        ("status",),
        lambda log, names: str(_("Yes") if log.status == HoursStatus.CONFIRMED else _("No")),
    ),
}

ORGANISATIONS_SCHEMA: Final = Schema(
    "volunteer_orgs",
    (
        Column("name", _("Organisation"), ("Организация", "Ұйым"), required=True),
        Column("bin", _("BIN"), ("БИН", "БСН")),
        Column("district", _("District"), ("Район", "Аудан")),
        Column("contact", _("Contact"), ("Контакт", "Байланыс")),
    ),
)

_ORGANISATIONS: Final[dict[str, Getter]] = {
    "name": _get("name", lambda o: o.name),
    "bin": _get("bin", lambda o: o.bin),
    "district": _get("district__code", lambda o: o.district.code, ("district",)),
    "contact": _get("contact", lambda o: o.contact),
}

BULK_KINDS: tuple[BulkKind, ...] = (
    BulkKind(
        kind="volunteer_hours",
        label=_("Volunteer hours"),
        schema=HOURS_SCHEMA,
        importer="jastar.community.volunteering.importer.VolunteerHoursImporter",
        export=KindSpec(
            HOURS_SCHEMA,
            HoursLog,
            _HOURS,
            pseudonym=PERSON_RECORD_ID,
            person=_person,
            date_field="worked_on",
            district_field="event__district",
            scope=hours_for,
        ),
        personal=True,
    ),
    BulkKind(
        kind="volunteer_orgs",
        label=_("Volunteer organisations"),
        schema=ORGANISATIONS_SCHEMA,
        export=KindSpec(
            ORGANISATIONS_SCHEMA,
            Organisation,
            _ORGANISATIONS,
            scope=organisations_for,
        ),
    ),
)
