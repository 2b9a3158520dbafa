"""Importing centre visits: who came to which centre on which day, or how many came.

A row names the centre (by its name in any language, or its id), the date, and either a
registered young person's IIN (leading zeros a spreadsheet dropped are put back) or a
number of visitors not named; the purpose, and optionally the title of an event the
centre held that day. A person's visit is one row per centre, day and event, so importing
the same file twice changes nothing; a count replaces the count recorded for the same
centre, day, event and purpose.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
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
from jastar.bulk.kinds.common import create_audited, identifier_cell, update_audited
from jastar.bulk.kinds.refs import Lookup
from jastar.bulk.values import Choices, parse_date, parse_int
from jastar.community.centres.models import Centre, CentreEvent, Visit, VisitPurpose
from jastar.community.centres.schemas import CENTRE_VISITS
from jastar.community.centres.selectors import centres_for
from jastar.community.centres.services import visit_check
from jastar.core.identifiers import IdentifierError, parse_iin
from jastar.registry.models import Person

MAX_VISITORS = 100_000
PURPOSES = Choices(
    dict(VisitPurpose.choices),
    synonyms={
        VisitPurpose.CONSULTATION: ["консультация", "кеңес", "кеңес беру"],
        VisitPurpose.TRAINING: ["обучение", "тренинг", "оқыту", "оқу", "семинар"],
        VisitPurpose.COWORKING: ["коворкинг", "рабочее место", "жұмыс орны"],
        VisitPurpose.EVENT: ["мероприятие", "іс шара", "іс-шара"],
        VisitPurpose.LEISURE: ["досуг", "бос уақыт", "демалыс"],
    },
)
_COLUMNS = {"visited_on": "date", "event": "event", "purpose": "purpose", "person": "iin"}


class CentreVisitsImporter:
    schema = CENTRE_VISITS

    def __init__(self, context: Context) -> None:
        self.context = context
        self.centres: Lookup[Centre] = Lookup(str(_("centre")))
        rows = Centre.objects.all() if context.actor is None else centres_for(context.actor)
        for centre in rows:
            names = [centre.name_kk, centre.name_ru, centre.name_en]
            self.centres.add(centre, names, [str(centre.pk)])

    # --- Checking one row (no writes) ----------------------------------------------

    def check(self, values: Mapping[str, str]) -> Checked:
        cells = Cells(values)
        for column in ("centre", "date", "purpose"):
            cells.require(column)
        out: dict[str, Any] = {
            "centre": cells.parse("centre", self.centres.parse),
            "date": cells.parse("date", parse_date),
            "purpose": cells.parse("purpose", PURPOSES.parse),
            "iin": identifier_cell(cells, "iin", required=False),
            "count": cells.parse("count", parse_int, minimum=1, maximum=MAX_VISITORS),
            "event": cells.text("event"),
        }
        if out["iin"]:
            try:
                parse_iin(out["iin"])
            except IdentifierError as err:
                cells.problem("iin", err.message)
        if bool(out["iin"]) == bool(cells.text("count")):
            cells.problem("", _("Give either an IIN or a number of visitors not named."))
        cells.raise_if_any()
        given = {k: v for k, v in out.items() if v not in (None, "")}
        key = (
            out["centre"].pk,
            out["date"],
            out["iin"],
            out["event"].casefold(),
            "" if out["iin"] else out["purpose"],
        )
        return Checked(line=0, key=key, values=given, fingerprint=fingerprint(given))

    # --- Writing a batch ------------------------------------------------------------

    def write(self, rows: Sequence[Checked], *, job_id: int) -> tuple[BatchOutcome, Refused]:
        """Create the new visits, replace changed counts, leave the rest; audited."""
        found = _Loaded(rows)
        outcome, refused = BatchOutcome(), []
        new: list[Visit] = []
        changed: list[tuple[Visit, dict[str, Any]]] = []
        fresh: set[int] = set()
        for row in rows:
            try:
                visit = found.visit(row)
            except RowRejected as err:
                refused.append((row, err.problems))
                continue
            if visit.pk is None and id(visit) in fresh:
                outcome.duplicates += 1
            elif visit.pk is None:
                new.append(visit)
                fresh.add(id(visit))
                found.remember(visit)
            elif visit.anonymous_count != row.values.get("count", 0) and visit.person_id is None:
                changes = {"anonymous_count": [visit.anonymous_count, row.values["count"]]}
                visit.anonymous_count = row.values["count"]
                changed.append((visit, changes))
            else:
                outcome.unchanged += 1
        create_audited(new, actor=self.context.actor, job_id=job_id)
        update_audited(changed, actor=self.context.actor, job_id=job_id)
        outcome.created, outcome.updated = len(new), len(changed)
        outcome.person_ids.update(v.person_id for v in new if v.person_id is not None)
        return outcome, refused


class _Loaded:
    """The people, events and recorded visits a batch names, one query per kind."""

    def __init__(self, rows: Sequence[Checked]) -> None:
        values = [row.values for row in rows]
        iins = [v["iin"] for v in values if "iin" in v]
        self.people = {p.iin: p for p in Person.objects.filter(iin__any_of=iins)}
        centres = {v["centre"].pk for v in values}
        days = {v["date"] for v in values}
        events = CentreEvent.objects.filter(centre__in=centres, held_on__in=days)
        self.events = {(e.centre_id, e.held_on, e.title.casefold()): e for e in events}
        recorded = Visit.objects.filter(centre__in=centres, visited_on__in=days)
        self.visits: dict[tuple[Any, ...], Visit] = {}
        for visit in recorded:
            self.remember(visit)

    @staticmethod
    def _key(visit: Visit) -> tuple[Any, ...]:
        purpose = "" if visit.person_id else visit.purpose
        return (visit.centre_id, visit.visited_on, visit.person_id, visit.event_id, purpose)

    def remember(self, visit: Visit) -> None:
        self.visits[self._key(visit)] = visit

    def visit(self, row: Checked) -> Visit:
        """The recorded visit of the row, or a new one checked by the service's rules."""
        v = row.values
        centre: Centre = v["centre"]
        person = self.people.get(v.get("iin", "")) if "iin" in v else None
        if "iin" in v and person is None:
            message = _("No young person with this IIN is registered; import the people first.")
            raise RowRejected([Problem("iin", message)])
        event = None
        if "event" in v:
            event = self.events.get((centre.pk, v["date"], v["event"].casefold()))
            if event is None:
                message = _("The centre held no event with this title on this day.")
                raise RowRejected([Problem("event", message)])
        try:
            visit_check(centre=centre, visited_on=v["date"], event=event, purpose=v["purpose"])
        except ValidationError as err:
            raise RowRejected(problems_from(err, _COLUMNS)) from None
        visit = Visit(
            centre=centre,
            visited_on=v["date"],
            person=person,
            anonymous_count=0 if person else v["count"],
            event=event,
            purpose=v["purpose"],
        )
        return self.visits.get(self._key(visit), visit)
