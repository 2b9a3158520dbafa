"""Importing lists of young people, keyed by IIN.

A new IIN is registered under the same rules as the registration form
(``person_registration_check``); a known one is updated under the rules of the edit form
(``person_update_check``), and only with the cells the file fills: an empty cell or a
missing column never erases what the registry holds. A name written in another script or
spelling of the same name (same search key) is not a change. A different status starts a
new entry of the status history.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, Final

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
    create_audited,
    differs,
    identifier_cell,
    stored,
    version_raise,
)
from jastar.bulk.kinds.refs import References
from jastar.bulk.schema import PEOPLE
from jastar.bulk.values import (
    CellError,
    Choices,
    parse_date,
    parse_int,
    repair_identifier,
    split_full_name,
)
from jastar.bulk.values import split_list as split_cell
from jastar.core.audit import actor_user, audit_events_insert
from jastar.core.bulk_insert import build, insert_values
from jastar.core.identifiers import IdentifierError, parse_iin
from jastar.core.models import AuditAction
from jastar.core.translit import search_key
from jastar.registry.models import Language, Person, PersonStatus, PersonStatusChange, Sex
from jastar.registry.rules import check_not_future
from jastar.registry.services.duplicates import duplicates_flag
from jastar.registry.services.people import (
    default_area,
    person_fill_derived,
    person_registration_check,
    person_update_check,
)

_NAMES: Final = ("last_name", "first_name", "patronymic")
# Service field name -> the import column it comes from, for error reports.
_FIELD_COLUMNS: Final = {"valid_from": "status_since", "languages": "languages"}
# Foreign keys resolved from reference data already: no query per row to check them.
_FK_FIELDS: Final = ("district", "settlement", "education_level", "field_of_study")
# Checked by the registration rules already (the IIN parsed, dates parsed and compared).
_CHECKED: Final = (*_FK_FIELDS, "iin", "birth_date", "sex", "status_since", "registered_on")
# What the model's field checks still add for a new person: the lengths of the names
# (and of their Latin spellings and search key), the phone and e-mail, and the range of
# the expected salary. Every other field comes from a parser or rule above that already
# bounds it (choices, dates, identifiers, reference rows, numbers with a maximum), from
# a derivation of fixed length, or from a default.
_FIELD_CHECKED: Final = frozenset(
    {
        *_NAMES,
        *(f"{name}_latn" for name in _NAMES),
        "name_key",
        "phone",
        "email",
        "expected_salary",
    }
)
_NEW_UNCHECKED: Final = frozenset(
    f.name for f in Person._meta.concrete_fields if f.name not in _FIELD_CHECKED
)
_STATUS_FIELDS: Final = ("status", "status_since")
_EDITABLE: Final = (
    "district",
    "settlement",
    "education_level",
    "graduation_year",
    "field_of_study",
    "languages",
    "skills",
    "phone",
    "email",
    "consent_given_on",
    "experience_months",
    "expected_salary",
)
# Cell values that count as not given when empty.
_SIZED: Final = (str, list)
_YES: Final = ("да", "иә", "ия", "yes", "y", "1", "+", "есть", "бар", "true")

_SEX = Choices(
    dict(Sex.choices),
    synonyms={
        "M": ["м", "муж", "мужской", "ер", "ер адам", "male", "m"],
        "F": ["ж", "жен", "женский", "әйел", "female", "f"],
    },
)
_STATUS = Choices(
    dict(PersonStatus.choices),
    synonyms={
        "employed": ["работает", "трудоустроен", "занят", "жұмыс істейді", "жұмыспен қамтылған"],
        "in_education": ["учится", "студент", "учащийся", "оқиды", "білім алушы", "student"],
        "in_training": ["на обучении", "проходит обучение", "курстарда", "оқуда"],
        "unemployed": ["безработный", "не работает", "жұмыссыз", "ищет работу"],
        "inactive": ["неактивный", "не ищет работу", "белсенді емес", "NEET не ищет"],
    },
)
_LANGUAGE = Choices(
    dict(Language.choices),
    synonyms={
        "kk": ["казахский", "қазақ", "қазақша", "каз", "қаз", "kaz"],
        "ru": ["русский", "орыс", "орысша", "рус", "rus"],
        "en": ["английский", "ағылшын", "англ", "eng"],
    },
)


class PeopleImporter:
    schema = PEOPLE
    part_column = "iin"

    def __init__(self, context: Context) -> None:
        self.context = context
        self.refs = References()
        # Whether the last batch written was mostly new people (a hint for check()).
        self.expect_new = True

    def part_of(self, cell: str, parts: int) -> int:
        """Which of ``parts`` processes imports a row, from its IIN cell: by the birth date.

        An IIN begins with the birth date (YYMMDD), so the rows of one IIN go to one
        process, and so do all the people born on one day, among whom the possible
        duplicates of a person are looked for (same birth date and name). A cell that is
        no IIN goes to the first part: the row is refused wherever it goes.
        """
        text = cell.strip()
        if not (len(text) == 12 and text.isdigit()):
            try:
                text, _repaired = repair_identifier(text)
            except CellError:
                return 0
        return int(text[:6]) % parts if text[:6].isdigit() else 0

    # --- Checking one row (no writes) ----------------------------------------------

    def check(self, values: Mapping[str, str]) -> Checked:
        cells = Cells(values)
        out: dict[str, Any] = {}
        out["iin"] = self._iin(cells)
        self._names(cells, out)
        out["birth_date"] = cells.parse("birth_date", parse_date)
        out["sex"] = cells.parse("sex", _SEX.parse)
        district = cells.parse("district", self.refs.districts.parse)
        if not cells.text("district"):
            cells.require("district")
        out["district"] = district
        if district is not None and cells.text("settlement"):
            out["settlement"] = cells.parse("settlement", self.refs.settlement, district)
        out["education_level"] = cells.parse("education_level", self.refs.education.parse)
        out["field_of_study"] = cells.parse("field_of_study", self.refs.fields_of_study.parse)
        out["graduation_year"] = cells.parse("graduation_year", parse_int, maximum=2100)
        if cells.require("status"):
            out["status"] = cells.parse("status", _STATUS.parse)
        out["status_since"] = cells.parse("status_since", parse_date)
        out["registered_on"] = cells.parse("registered_on", parse_date)
        out["consent_given_on"] = self._consent(cells, out["registered_on"])
        if cells.text("languages"):
            out["languages"] = [
                cells.parse("languages", _LANGUAGE.parse, part)
                for part in split_cell(cells.text("languages"))
            ]
        for key in ("phone", "email", "skills"):
            out[key] = cells.text(key)
        out["experience_months"] = cells.parse("experience_months", parse_int, maximum=600)
        out["expected_salary"] = cells.parse("expected_salary", parse_int)
        cells.raise_if_any()
        # Empty texts and lists by their type: ``v in (None, "", [])`` would call a
        # model's __eq__ three times for every district, settlement and level.
        given = {k: v for k, v in out.items() if v is not None and (type(v) not in _SIZED or v)}
        checked = Checked(line=0, key=out["iin"], values=given, fingerprint=fingerprint(given))
        # The registration, in case the IIN is new: worked out here, where rows are
        # checked, so that writing a batch has less to do (see jastar.bulk.services);
        # skipped while the rows written lately were mostly people already registered.
        if self.expect_new:
            try:
                checked.prepared = self._new_person(checked)
            except RowRejected as err:
                # Its problems, not the exception: a caught exception keeps the frames it
                # passed through, and through them the whole batch (see _registered).
                checked.prepared = err.problems
        return checked

    def _iin(self, cells: Cells) -> str:
        value = identifier_cell(cells, "iin")
        if not value:
            return ""
        try:
            parse_iin(value)  # its structure and check digit, so the preview shows them too
        except IdentifierError as err:
            cells.problem("iin", err.message)
            return ""
        return value

    def _names(self, cells: Cells, out: dict[str, Any]) -> None:
        if cells.text("last_name") or not cells.text("full_name"):
            out["last_name"] = cells.require("last_name")
            out["first_name"] = cells.require("first_name")
            out["patronymic"] = cells.text("patronymic")
            return
        parts = cells.parse("full_name", split_full_name)
        if parts is not None:
            out["last_name"], out["first_name"], out["patronymic"] = parts

    def _consent(self, cells: Cells, registered_on: date | None) -> date | None:
        # Lists mark consent either with its date or with a plain "yes".
        text = cells.text("consent_given_on")
        if text.casefold() in _YES:
            return registered_on or self.context.today
        return cells.parse("consent_given_on", parse_date)  # type: ignore[no-any-return]

    # --- Writing a batch ------------------------------------------------------------

    def write(self, rows: Sequence[Checked], *, job_id: int) -> tuple[BatchOutcome, Refused]:
        """Create, update or leave each row; returns the outcome and refused rows."""
        existing = {p.iin: p for p in self._existing([row.key for row in rows])}
        outcome = BatchOutcome()
        refused: Refused = []
        new: list[tuple[Checked, Person]] = []
        changed: list[tuple[Person, dict[str, Any], Checked]] = []
        for row in rows:
            try:
                person = existing.get(row.key)
                if person is None:
                    new.append((row, self._registered(row)))
                else:
                    changes = self._changes(person, row)
                    if changes:
                        changed.append((person, changes, row))
                    else:
                        outcome.unchanged += 1
            except RowRejected as err:
                refused.append((row, err.problems))
        self.expect_new = len(new) * 2 >= len(rows)
        self._create(new, job_id, outcome)
        self._update(changed, job_id, outcome, refused)
        return outcome, refused

    def _existing(self, iins: list[str]) -> list[Person]:
        """The registry's people with these IINs, their district and settlement attached.

        Looked up by IIN alone: a join, planned on a table that has just grown by the
        import (statistics not refreshed yet), can turn into a scan of the registry per
        batch. The places come from the reference data loaded for the run.
        """
        people = list(Person.objects.filter(iin__any_of=iins).order_by())
        for person in people:
            district = self.refs.district_rows.get(person.district_id)
            if district is not None:
                person.district = district
            settlement = self.refs.settlement_rows.get(person.settlement_id or 0)
            if settlement is not None:
                person.settlement = settlement
        return people

    def _registered(self, row: Checked) -> Person:
        """The new person the row registers (raises RowRejected if the rules refuse it)."""
        prepared = row.prepared
        if isinstance(prepared, list):
            # A new exception: raising the one caught in check() again would chain this
            # frame (which holds the batch) to it, and the row holding it would make a
            # cycle that only Python's cycle collector could free.
            raise RowRejected(prepared)
        if isinstance(prepared, Person) and prepared.pk is None:
            return prepared
        return self._new_person(row)

    def _new_person(self, row: Checked) -> Person:
        v = row.values
        registered_on = v.get("registered_on") or self.context.today
        identity, languages = person_registration_check(
            iin=v["iin"],
            birth_date=v.get("birth_date"),
            sex=v.get("sex"),
            district=v["district"],
            settlement=v.get("settlement"),
            registered_on=registered_on,
            consent_given_on=v.get("consent_given_on"),
            status_since=v.get("status_since"),
            languages=v.get("languages", ()),
            graduation_year=v.get("graduation_year"),
            today=self.context.today,
        )
        if identity.errors:
            raise RowRejected(errors_to_problems(identity.errors, _FIELD_COLUMNS))
        assert identity.birth_date is not None and identity.sex is not None  # noqa: S101
        district, settlement = v["district"], v.get("settlement")
        education, field_of_study = v.get("education_level"), v.get("field_of_study")
        person = build(
            Person,
            {
                "iin": v["iin"],
                "last_name": v["last_name"],
                "first_name": v["first_name"],
                "patronymic": v.get("patronymic", ""),
                "birth_date": identity.birth_date,
                "sex": identity.sex,
                "district_id": district.id,
                "settlement_id": settlement.id if settlement else None,
                "area": default_area(district, settlement),
                "education_level_id": education.id if education else None,
                "graduation_year": v.get("graduation_year"),
                "field_of_study_id": field_of_study.id if field_of_study else None,
                "status": v["status"],
                "status_since": v.get("status_since") or registered_on,
                "languages": languages,
                "skills": v.get("skills", ""),
                "phone": v.get("phone", ""),
                "email": v.get("email", ""),
                "consent_given_on": v.get("consent_given_on"),
                "registered_on": registered_on,
                "experience_months": v.get("experience_months") or 0,
                "expected_salary": v.get("expected_salary"),
            },
        )
        person_fill_derived(person)
        clean_row(person, exclude=_NEW_UNCHECKED, columns={})
        return person

    def _changes(self, person: Person, row: Checked) -> dict[str, Any]:
        v = row.values
        data = {k: v[k] for k in _EDITABLE if k in v}
        moved = "district" in data and data["district"].pk != person.district_id
        if moved and "settlement" not in data:
            data["settlement"] = None
        if _name_key(v) != _name_key(person.__dict__):
            data.update({name: v.get(name, "") for name in _NAMES})
        errors, data = person_update_check(person=person, data=data, today=self.context.today)
        if errors:
            raise RowRejected(errors_to_problems(errors, _FIELD_COLUMNS))
        changes: dict[str, Any] = {
            k: [stored(person, k), new] for k, new in data.items() if differs(person, k, new)
        }
        status = v.get("status")
        if status and status != person.status:
            since = v.get("status_since") or self.context.today
            problem = check_not_future(since, self.context.today)
            if problem is None and since < person.birth_date:
                problem = _("The status cannot start before the birth date.")
            if problem is not None:
                raise RowRejected([Problem("status_since", problem)])
            changes["status"] = [person.status, status]
            changes["status_since"] = [person.status_since, since]
        return changes

    def _create(
        self, new: list[tuple[Checked, Person]], job_id: int, outcome: BatchOutcome
    ) -> None:
        if not new:
            return
        actor = self.context.actor
        people = create_audited(
            [person for _row, person in new],
            actor=actor,
            job_id=job_id,
            summary=lambda p: p.masked_iin,
        )
        note, user = gettext("Status on registration"), actor_user(actor)
        insert_values(
            PersonStatusChange,
            ("person", "status", "valid_from", "note", "recorded_by"),
            ((p.id, p.status, p.status_since, note, user) for p in people),
        )
        ids = [p.id for p in people]
        outcome.created += len(people)
        outcome.person_ids.update(ids)
        outcome.registered.extend(people)
        outcome.duplicates += duplicates_flag(person_ids=ids)

    def _update(
        self,
        changed: list[tuple[Person, dict[str, Any], Checked]],
        job_id: int,
        outcome: BatchOutcome,
        refused: Refused,
    ) -> None:
        fields: set[str] = set()
        events: list[tuple[int, str, dict[str, Any]]] = []
        history = []
        saved = []
        now = timezone.now()
        user = actor_user(self.context.actor)
        for person, changes, row in changed:
            edits = {k: new for k, (_old, new) in changes.items() if k not in _STATUS_FIELDS}
            for name, new in edits.items():
                setattr(person, name, new)
            fields.update(edits)
            if any(n in changes for n in _NAMES):
                for name in _NAMES:
                    setattr(person, f"{name}_latn", "")
                person_fill_derived(person)
                fields.update({*(f"{n}_latn" for n in _NAMES), "name_key"})
            if "status" in changes:
                status, since = changes["status"][1], changes["status_since"][1]
                # A change dated before the current status only joins the history.
                if since >= person.status_since:
                    person.status, person.status_since = status, since
                    fields.update(_STATUS_FIELDS)
            try:
                clean_row(person, exclude=_CHECKED, columns={})
            except RowRejected as err:
                refused.append((row, err.problems))
                continue
            if "status" in changes:
                history.append((person, status, since))
            person.updated_at = now
            saved.append(person)
            events.append((person.pk, "", {**changes, "import": job_id}))
        if not saved:
            return
        Person.objects.bulk_update(saved, [*fields, "updated_at"])
        version_raise(Person, [person.pk for person in saved])
        PersonStatusChange.objects.bulk_create(
            [
                PersonStatusChange(
                    person=p,
                    status=status,
                    valid_from=since,
                    note=gettext("Imported"),
                    recorded_by=user,
                )
                for p, status, since in history
            ],
            update_conflicts=True,
            unique_fields=["person", "valid_from"],
            update_fields=["status", "note", "recorded_by"],
        )
        audit_events_insert(
            actor=self.context.actor, action=AuditAction.UPDATE, model=Person, events=events
        )
        outcome.updated += len(saved)
        outcome.person_ids.update(p.pk for p in saved)


def _name_key(values: Mapping[str, Any]) -> str:
    return search_key(" ".join(str(values.get(n) or "") for n in _NAMES))
