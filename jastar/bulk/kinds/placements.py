"""Importing placements: which young person started work, when, how and where.

A row is the placement (person's IIN, start date, channel), the key the registry holds
unique. The person must be registered already, and so must an employer named by BIN and
a vacancy named by its external id; a program is named by code or name. The rules are
``placement_record``'s (``placement_check``); whether a placement is recorded already is
one query per batch, and a recorded one is updated from the end date, wage and
employment type cells the file fills. The full-name column is only read by people.

Writing follows ``placement_record``: the person is employed from the start date (the
status history gets an entry that day, and the current status follows when the start is
not before it), a vacancy whose places are all taken is marked filled, and everything is
audited. The touched people are handed back so their aggregates are refreshed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any, Final

from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jastar.bulk.kinds.base import (
    BatchOutcome,
    Cells,
    Checked,
    Context,
    Problem,
    Refused,
    RowRejected,
    errors_to_problems,
    fingerprint,
)
from jastar.bulk.kinds.common import (
    clean_row,
    differs,
    identifier_cell,
    stored,
    update_audited,
)
from jastar.bulk.kinds.refs import Lookup
from jastar.bulk.kinds.vacancy_values import parse_employment_type
from jastar.bulk.schema import PLACEMENTS
from jastar.bulk.values import Choices, parse_date, parse_int
from jastar.core.audit import actor_user, audit_event
from jastar.core.identifiers import IdentifierError, parse_iin
from jastar.core.models import AuditAction, AuditEvent
from jastar.programs.models import Program
from jastar.registry.models import (
    Employer,
    EmploymentType,
    Person,
    PersonStatus,
    PersonStatusChange,
    Placement,
    PlacementChannel,
    Vacancy,
    VacancySource,
    VacancyStatus,
)
from jastar.registry.services.placements import placement_check

_EDITABLE: Final = ("end_date", "monthly_wage", "employment_type")
_FK_FIELDS: Final = ("person", "employer", "vacancy", "program", "district")
_MAX_WAGE: Final = 100_000_000

PLACEMENT_CHANNELS: Final = Choices(
    dict(PlacementChannel.choices),
    synonyms={
        PlacementChannel.ENBEK: [
            "enbek",
            "enbek.kz",
            "биржа труда",
            "электронная биржа труда",
            "через биржу труда",
            "по вакансии",
            "еңбек биржасы",
            "электрондық еңбек биржасы",
            "labour exchange",
        ],
        PlacementChannel.PROGRAM: [
            "по программе",
            "программа",
            "активные меры",
            "бағдарлама",
            "бағдарлама бойынша",
            "program",
        ],
        PlacementChannel.OWN_INITIATIVE: [
            "самостоятельно",
            "самостоятельное трудоустройство",
            "сам",
            "өз бетімен",
            "өз бетінше",
            "own",
        ],
        PlacementChannel.GRANT: ["грант", "гранты", "бизнес грант", "грант на бизнес", "grant"],
        PlacementChannel.SELF_EMPLOYMENT: [
            "самозанятость",
            "самозанятый",
            "өзін өзі жұмыспен қамту",
            "self employed",
        ],
    },
)


class PlacementsImporter:
    schema = PLACEMENTS

    def __init__(self, context: Context) -> None:
        self.context = context
        self.programs: Lookup[Program] = Lookup(str(_("program")))
        for program in Program.objects.all():
            names = [program.name_kk, program.name_ru, program.name_en]
            self.programs.add(program, names, [program.code])

    # --- Checking one row (no writes) ----------------------------------------------

    def check(self, values: Mapping[str, str]) -> Checked:
        cells = Cells(values)
        out: dict[str, Any] = {"iin": identifier_cell(cells, "iin")}
        if out["iin"]:
            try:
                parse_iin(out["iin"])
            except IdentifierError as err:
                cells.problem("iin", err.message)
        for key in ("start_date", "channel"):
            cells.require(key)
        out["start_date"] = cells.parse("start_date", parse_date)
        out["end_date"] = cells.parse("end_date", parse_date)
        out["channel"] = cells.parse("channel", PLACEMENT_CHANNELS.parse)
        out["employment_type"] = cells.parse("employment_type", parse_employment_type)
        out["employer_bin"] = identifier_cell(cells, "employer_bin", required=False)
        out["vacancy"] = cells.text("vacancy")
        out["program"] = cells.parse("program", self.programs.parse)
        out["monthly_wage"] = cells.parse("monthly_wage", parse_int, maximum=_MAX_WAGE)
        cells.raise_if_any()
        given = {k: v for k, v in out.items() if v not in (None, "")}
        placement = (out["iin"], out["start_date"], out["channel"])
        return Checked(line=0, key=placement, values=given, fingerprint=fingerprint(given))

    # --- Writing a batch ------------------------------------------------------------

    def write(self, rows: Sequence[Checked], *, job_id: int) -> tuple[BatchOutcome, Refused]:
        """Create, update or leave each row; returns the outcome and refused rows."""
        found = _Loaded(rows)
        outcome = BatchOutcome()
        refused: Refused = []
        new: list[Placement] = []
        changed: list[tuple[Placement, dict[str, Any]]] = []
        for row in rows:
            try:
                placement = self._placement(row, found)
                if placement.pk is None:
                    new.append(placement)
                elif changes := self._changes(placement, row):
                    changed.append((placement, changes))
                else:
                    outcome.unchanged += 1
            except RowRejected as err:
                refused.append((row, err.problems))
        self._create(new, found.people, job_id, outcome)
        self._update(changed, job_id, outcome)
        return outcome, refused

    def _placement(self, row: Checked, found: _Loaded) -> Placement:
        """The recorded placement of the row, or a new one; checked by the service rules."""
        v = row.values
        person, employer, vacancy = found.related(v)
        current = found.placements.get((person.pk, v["start_date"], v["channel"]))
        if current is not None:
            program = v.get("program") or current.program
            employer = employer or current.employer
            vacancy = vacancy or current.vacancy
        else:
            program = v.get("program")
        errors = placement_check(
            person=person,
            start_date=v["start_date"],
            end_date=v.get("end_date", current.end_date if current else None),
            channel=v["channel"],
            program=program,
            employer=employer,
            vacancy=vacancy,
            today=self.context.today,
        )
        if errors:
            raise RowRejected(errors_to_problems(errors, {}))
        if current is not None:
            return current
        placement = Placement(
            person=person,
            employer=employer,
            vacancy=vacancy,
            start_date=v["start_date"],
            end_date=v.get("end_date"),
            employment_type=v.get("employment_type", EmploymentType.PERMANENT),
            channel=v["channel"],
            program=program,
            district_id=person.district_id,
            monthly_wage=v.get("monthly_wage"),
        )
        clean_row(placement, exclude=_FK_FIELDS, columns={})
        return placement

    def _changes(self, placement: Placement, row: Checked) -> dict[str, Any]:
        v = row.values
        data = {key: v[key] for key in _EDITABLE if key in v}
        changes = {
            key: [stored(placement, key), new]
            for key, new in data.items()
            if differs(placement, key, new)
        }
        for key in changes:
            setattr(placement, key, data[key])
        if changes:
            clean_row(placement, exclude=_FK_FIELDS, columns={})
        return changes

    def _create(
        self,
        new: list[Placement],
        people: Mapping[str, Person],
        job_id: int,
        outcome: BatchOutcome,
    ) -> None:
        if not new:
            return
        created = Placement.objects.bulk_create(new)
        events = [
            audit_event(
                actor=self.context.actor,
                action=AuditAction.CREATE,
                target=placement,
                changes={"import": job_id},
            )
            for placement in created
        ]
        by_id = {person.pk: person for person in people.values()}
        events += self._employ(created, by_id, job_id)
        events += self._fill_vacancies(created, job_id)
        AuditEvent.objects.bulk_create(events)
        outcome.created += len(created)
        outcome.person_ids.update(placement.person_id for placement in created)

    def _employ(
        self, placements: Iterable[Placement], people: Mapping[int, Person], job_id: int
    ) -> list[AuditEvent]:
        """Each person is employed from each start date, as ``person_change_status`` does."""
        starts = sorted({(p.person_id, p.start_date) for p in placements})
        self._record_history(starts)
        latest = dict(starts)  # sorted, so each person's last start wins
        now = timezone.now()
        employed = []
        for person_id, start in latest.items():
            # A start before the current status only joins the history.
            person = people[person_id]
            if start >= person.status_since:
                person.status, person.status_since = PersonStatus.EMPLOYED, start
                person.updated_at = now
                employed.append(person)
        Person.objects.bulk_update(employed, ["status", "status_since", "updated_at"])
        return [
            audit_event(
                actor=self.context.actor,
                action=AuditAction.UPDATE,
                target=people[person_id],
                summary="status",
                changes={
                    "status": PersonStatus.EMPLOYED,
                    "valid_from": start.isoformat(),
                    "import": job_id,
                },
            )
            for person_id, start in starts
        ]

    def _record_history(self, starts: Iterable[tuple[int, date]]) -> None:
        """An "employed" entry on each start; one already on that day is replaced."""
        user = actor_user(self.context.actor)
        note = gettext("Placement recorded")
        PersonStatusChange.objects.bulk_create(
            [
                PersonStatusChange(
                    person_id=person_id,
                    status=PersonStatus.EMPLOYED,
                    valid_from=start,
                    note=note,
                    recorded_by=user,
                )
                for person_id, start in starts
            ],
            update_conflicts=True,
            unique_fields=["person", "valid_from"],
            update_fields=["status", "note", "recorded_by"],
        )

    def _fill_vacancies(self, placements: Iterable[Placement], job_id: int) -> list[AuditEvent]:
        """Open vacancies whose places are now all taken become filled (one query)."""
        filled_on: dict[int, date] = {}
        for placement in placements:
            if placement.vacancy_id is not None:
                earlier = filled_on.get(placement.vacancy_id, placement.start_date)
                filled_on[placement.vacancy_id] = max(earlier, placement.start_date)
        if not filled_on:
            return []
        full = list(
            Vacancy.objects.filter(pk__in=filled_on, status=VacancyStatus.OPEN)
            .annotate(taken=Count("placements"))
            .filter(taken__gte=F("places"))
        )
        now = timezone.now()
        for vacancy in full:
            vacancy.status, vacancy.updated_at = VacancyStatus.FILLED, now
            vacancy.closes_on = vacancy.closes_on or filled_on[vacancy.pk]
        Vacancy.objects.bulk_update(full, ["status", "closes_on", "updated_at"])
        return [
            audit_event(
                actor=self.context.actor,
                action=AuditAction.UPDATE,
                target=vacancy,
                summary="status",
                changes={"status": [VacancyStatus.OPEN, VacancyStatus.FILLED], "import": job_id},
            )
            for vacancy in full
        ]

    def _update(
        self, changed: list[tuple[Placement, dict[str, Any]]], job_id: int, outcome: BatchOutcome
    ) -> None:
        update_audited(changed, actor=self.context.actor, job_id=job_id)
        outcome.updated += len(changed)
        outcome.person_ids.update(placement.person_id for placement, _changes in changed)


class _Loaded:
    """What a batch's rows name, loaded with one query per kind of record."""

    def __init__(self, rows: Sequence[Checked]) -> None:
        values = [row.values for row in rows]
        self.people = {
            p.iin: p for p in Person.objects.filter(iin__any_of=[v["iin"] for v in values])
        }
        bins = [v["employer_bin"] for v in values if "employer_bin" in v]
        self.employers = {e.bin: e for e in Employer.objects.filter(bin__in=bins)}
        ids = [v["vacancy"] for v in values if "vacancy" in v]
        found = Vacancy.objects.filter(external_id__in=ids).select_related("employer")
        # An id known from several sources is taken to be the labour exchange's.
        ordered = sorted(found, key=lambda vacancy: vacancy.source == VacancySource.ENBEK)
        self.vacancies = {vacancy.external_id: vacancy for vacancy in ordered}
        recorded = Placement.objects.filter(
            person__in=list(self.people.values()),
            start_date__in={v["start_date"] for v in values},
            channel__in={v["channel"] for v in values},
        ).select_related("program", "employer", "vacancy")
        self.placements = {(p.person_id, p.start_date, p.channel): p for p in recorded}

    def related(self, v: Mapping[str, Any]) -> tuple[Person, Employer | None, Vacancy | None]:
        """The person, employer and vacancy a row names; refuses those not registered."""
        problems = []
        person = self.people.get(v["iin"])
        if person is None:
            message = _("No young person with this IIN is registered; import the people first.")
            problems.append(Problem("iin", message))
        employer = vacancy = None
        if "employer_bin" in v:
            employer = self.employers.get(v["employer_bin"])
            if employer is None:
                message = _(
                    "No employer with BIN %(bin)s is registered; import the employers first."
                )
                problems.append(Problem("employer_bin", message % {"bin": v["employer_bin"]}))
        if "vacancy" in v:
            vacancy = self.vacancies.get(v["vacancy"])
            if vacancy is None:
                message = _(
                    "No vacancy with the id “%(value)s” is imported; import the vacancies first."
                )
                problems.append(Problem("vacancy", message % {"value": v["vacancy"]}))
        if problems or person is None:
            raise RowRejected(problems)
        return person, employer or (vacancy.employer if vacancy else None), vacancy
