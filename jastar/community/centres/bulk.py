"""Import and export lists of this part (jastar.bulk.registry).

- ``centre_visits``: imported (visits by IIN or a count) and exported (personal: the
  IIN only to users who may see it, else the person's record id);
- ``centres``: exported only, no personal data.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from jastar.bulk.exports import (
    PERSON_RECORD_ID,
    Getter,
    KindSpec,
    Names,
    choice_getter,
    field_getter,
)
from jastar.bulk.registry import BulkKind
from jastar.community.centres.models import (
    Centre,
    CentreKind,
    CentreStatus,
    Visit,
    VisitPurpose,
)
from jastar.community.centres.schemas import CENTRE_VISITS, CENTRES
from jastar.core.access import AnyUser, in_districts_for
from jastar.registry.models import District


def _centre_name(visit: Visit, names: Names) -> str:
    return names.of(Centre, visit.centre_id)


_CENTRES: dict[str, Getter] = {
    "district": Getter(("district",), lambda c, names: names.of(District, c.district_id)),
    **{
        key: field_getter(key)
        for key in (
            "name_kk",
            "name_ru",
            "name_en",
            "address",
            "capacity",
            "planned_on",
            "opened_on",
            "closed_on",
        )
    },
    "kind": choice_getter("kind", CentreKind),
    "status": choice_getter("status", CentreStatus),
}

_VISITS: dict[str, Getter] = {
    PERSON_RECORD_ID.key: Getter(("person",), lambda v, names: v.person_id),
    "centre": Getter(("centre",), _centre_name),
    "date": field_getter("visited_on"),
    "iin": Getter(
        ("person__iin",), lambda v, names: v.person.iin if v.person_id else "", ("person",)
    ),
    "count": Getter(("anonymous_count",), lambda v, names: v.anonymous_count or None),
    "purpose": choice_getter("purpose", VisitPurpose),
    "event": Getter(
        ("event__title",), lambda v, names: v.event.title if v.event_id else "", ("event",)
    ),
}


def _person_of_visit(visit: Visit) -> tuple[int, str]:
    # Rows of visitors not named carry no one's data: they share the placeholder 0.
    person = visit.person
    return (person.pk, person.iin) if person is not None else (0, "")


def _centres_in_scope(user: AnyUser, rows: QuerySet[Any]) -> QuerySet[Any]:
    return in_districts_for(user, rows)


def _visits_in_scope(user: AnyUser, rows: QuerySet[Any]) -> QuerySet[Any]:
    return in_districts_for(user, rows, field="centre__district")


BULK_KINDS: tuple[BulkKind, ...] = (
    BulkKind(
        kind="centre_visits",
        label=_("Youth centre visits"),
        schema=CENTRE_VISITS,
        importer="jastar.community.centres.importer.CentreVisitsImporter",
        export=KindSpec(
            CENTRE_VISITS,
            Visit,
            _VISITS,
            pseudonym=PERSON_RECORD_ID,
            person=_person_of_visit,
            date_field="visited_on",
            district_field="centre__district",
            scope=_visits_in_scope,
        ),
        personal=True,
    ),
    BulkKind(
        kind="centres",
        label=_("Youth centres and coworking"),
        schema=CENTRES,
        export=KindSpec(
            CENTRES, Centre, _CENTRES, date_field="created_at__date", scope=_centres_in_scope
        ),
    ),
)
