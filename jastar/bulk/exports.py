"""Export of the registry's lists (people, employers, vacancies, placements) to CSV and XLSX.

Columns and headers come from ``schema.py``, the vocabulary the importer reads, and values
are written the way the importer parses them: dates ``dd.mm.yyyy``, places and classifiers
by their name in the export language, choices by their translated label, languages as
comma-separated codes, numbers plain. So an exported file imports back.

Rows are those the user may reach (``jastar.core.access``): a case worker's export of
people or placements holds their district's people only; an employer's or a young
person's login exports nothing. Personal columns (IIN, names, birth date, contacts) go
only to users ``can_see_personal_data`` allows (not analysts), and to the system (an
operator at the server). Without them, exports of people and placements carry the
person's record id instead, so rows stay distinguishable without naming anyone. Every
export leaves one summary audit event; an export that names people also leaves one event
per person, written before their rows leave the server.

Rows stream from ``queryset.iterator()`` in chunks, with only the fields the columns
need: memory stays flat for the whole region.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from itertools import islice
from typing import IO, Any, Final
from uuid import uuid4

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from jastar.bulk.export_files import csv_chunks
from jastar.bulk.registry import extra_kinds, kind_label
from jastar.bulk.schema import SCHEMAS, Column, Kind, Schema
from jastar.core.access import (
    can_see_personal_data,
    employers_for,
    people_for,
    related_to_people_for,
    scope_of,
    vacancies_for,
)
from jastar.core.audit import Actor, audit_event, audit_record
from jastar.core.i18n import localized
from jastar.core.identifiers import mask_iin
from jastar.core.models import AuditAction, AuditEvent
from jastar.programs.models import Program
from jastar.registry.models import (
    District,
    EducationLevel,
    Employer,
    EmployerKind,
    EmploymentType,
    FieldOfStudy,
    Industry,
    Occupation,
    Person,
    PersonStatus,
    Placement,
    PlacementChannel,
    Settlement,
    Sex,
    Vacancy,
    VacancySource,
    VacancyStatus,
)

Value = str | int | date | None

# Rows fetched (and people audited) per database round trip.
CHUNK_SIZE: Final = 2000
# The writers, by format (a registry of dotted paths, as for every pluggable behaviour).
FORMATS: Final[dict[str, str]] = {
    "csv": "jastar.bulk.export_files.write_csv",
    "xlsx": "jastar.bulk.export_files.write_xlsx",
}
CONTENT_TYPES: Final = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Set apart from the schema: not in the importer's vocabulary, so a re-import ignores it.
RECORD_ID: Final = Column("record_id", _("Record id"))
PERSON_RECORD_ID: Final = Column("person_id", _("Person record id"))


class Names:
    """Names of reference data and labels of choices in one language, each looked up once.

    Reference tables are small (districts, settlements, classifiers), so each is read
    whole on first use instead of joined to every row.
    """

    def __init__(self, language: str) -> None:
        self.language = language
        self._tables: dict[type[models.Model], dict[Any, str]] = {}
        self._labels: dict[tuple[type[models.Choices], Any], str] = {}

    def of(self, model: type[models.Model], pk: Any) -> str:
        if pk is None:
            return ""
        table = self._tables.get(model)
        if table is None:
            rows = model._default_manager.all()
            table = {obj.pk: localized(obj, "name", self.language) for obj in rows}
            self._tables[model] = table
        return table.get(pk, "")

    def label(self, choices: type[models.Choices], value: Any) -> str:
        key = (choices, value)
        label = self._labels.get(key)
        if label is None:
            with translation.override(self.language):
                label = str(choices(value).label) if value in choices.values else str(value)
            self._labels[key] = label
        return label


@dataclass(frozen=True)
class Getter:
    """How one column's value is read: the model fields it needs and the reading."""

    fields: tuple[str, ...]
    read: Callable[[Any, Names], Value]
    related: tuple[str, ...] = ()


# Getter builders: also used by the lists other apps bring (jastar.bulk.registry).


def field_getter(name: str) -> Getter:
    """The row's own field ``name``."""
    return Getter((name,), lambda obj, names: getattr(obj, name))


def ref_getter(name: str, model: type[models.Model]) -> Getter:
    """The name of the reference row (district, occupation, …) ``name`` points to."""
    return Getter((name,), lambda obj, names: names.of(model, getattr(obj, f"{name}_id")))


def choice_getter(name: str, choices: type[models.Choices]) -> Getter:
    """The label of choice field ``name`` in the export's language."""
    return Getter((name,), lambda obj, names: names.label(choices, getattr(obj, name)))


def translated_getter(name: str) -> Getter:
    return Getter(
        (f"{name}_kk", f"{name}_ru"), lambda obj, names: localized(obj, name, names.language)
    )


def related_getter(path: str, read: Callable[[Any], Value]) -> Getter:
    """A value of a related row (``"employer__bin"``), empty when there is none."""
    relation = path.split("__")[0]
    return Getter(
        (path,),
        lambda obj, names: read(getattr(obj, relation)) if getattr(obj, relation) else "",
        (relation,),
    )


def _salary(vacancy: Vacancy) -> str:
    """The range as one text, as job boards write it: ``150000-220000``."""
    low, high = vacancy.salary_min, vacancy.salary_max
    if low is not None and high is not None and low != high:
        return f"{low}-{high}"
    found = low if low is not None else high
    return "" if found is None else str(found)


_PEOPLE: Final[dict[str, Getter]] = {
    RECORD_ID.key: Getter((), lambda person, names: person.pk),
    **{
        key: field_getter(key)
        for key in (
            "iin",
            "last_name",
            "first_name",
            "patronymic",
            "birth_date",
            "graduation_year",
            "status_since",
            "phone",
            "email",
            "skills",
            "experience_months",
            "expected_salary",
            "consent_given_on",
            "registered_on",
        )
    },
    "sex": choice_getter("sex", Sex),
    "district": ref_getter("district", District),
    "settlement": ref_getter("settlement", Settlement),
    "education_level": ref_getter("education_level", EducationLevel),
    "field_of_study": ref_getter("field_of_study", FieldOfStudy),
    "status": choice_getter("status", PersonStatus),
    "languages": Getter(
        ("languages",), lambda person, names: ",".join(str(c) for c in person.languages or [])
    ),
}

_EMPLOYERS: Final[dict[str, Getter]] = {
    **{
        key: field_getter(key)
        for key in ("bin", "name", "address", "contact_person", "phone", "email")
    },
    "kind": choice_getter("kind", EmployerKind),
    "industry": ref_getter("industry", Industry),
    "district": ref_getter("district", District),
    "settlement": ref_getter("settlement", Settlement),
}

_VACANCIES: Final[dict[str, Getter]] = {
    **{
        key: field_getter(key)
        for key in (
            "external_id",
            "title_kk",
            "title_ru",
            "salary_min",
            "salary_max",
            "places",
            "posted_on",
            "closes_on",
        )
    },
    "source": choice_getter("source", VacancySource),
    "title": translated_getter("title"),
    "employer_bin": related_getter("employer__bin", lambda employer: employer.bin),
    "employer_name": related_getter("employer__name", lambda employer: employer.name),
    "location": ref_getter("settlement", Settlement),
    "district": ref_getter("district", District),
    "salary": Getter(("salary_min", "salary_max"), lambda vacancy, names: _salary(vacancy)),
    "experience": field_getter("experience_months_required"),
    "schedule": choice_getter("employment_type", EmploymentType),
    "education": ref_getter("education_required", EducationLevel),
    "occupation": ref_getter("occupation", Occupation),
    "description": translated_getter("description"),
    "status": choice_getter("status", VacancyStatus),
}

_PLACEMENTS: Final[dict[str, Getter]] = {
    PERSON_RECORD_ID.key: Getter(("person",), lambda placement, names: placement.person_id),
    "iin": related_getter("person__iin", lambda person: person.iin),
    "full_name": Getter(
        ("person__last_name", "person__first_name", "person__patronymic"),
        lambda placement, names: placement.person.full_name,
        ("person",),
    ),
    **{key: field_getter(key) for key in ("start_date", "end_date", "monthly_wage")},
    "channel": choice_getter("channel", PlacementChannel),
    "employment_type": choice_getter("employment_type", EmploymentType),
    "employer_bin": related_getter("employer__bin", lambda employer: employer.bin),
    "vacancy": related_getter("vacancy__external_id", lambda vacancy: vacancy.external_id),
    "program": ref_getter("program", Program),
}


def _person_of_person(person: Person) -> tuple[int, str]:
    return person.pk, person.iin


def _person_of_placement(placement: Placement) -> tuple[int, str]:
    return placement.person_id, placement.person.iin


@dataclass(frozen=True)
class KindSpec:
    """What an export of one list reads and writes."""

    schema: Schema
    model: type[models.Model]
    getters: Mapping[str, Getter]
    # Written instead of the personal columns, so rows stay distinguishable.
    pseudonym: Column | None = None
    # Whose personal data a row carries: (person id, IIN), for the per-person audit;
    # (0, "") for a row that names nobody.
    person: Callable[[Any], tuple[int, str]] | None = None
    # The list's own date (a lookup path), for the date and year filters.
    date_field: str = "created_at__date"
    # The rows a user may reach: an access helper of jastar.core.access, (user, rows).
    scope: Callable[[Actor, QuerySet[Any]], QuerySet[Any]] = people_for
    # The lookup path to a row's district, for the district filter.
    district_field: str = "district"
    # A plain year field (a target's year) the year filter reads instead of date_field.
    year_field: str | None = None


KINDS: Final[dict[str, KindSpec]] = {
    Kind.PEOPLE: KindSpec(
        SCHEMAS[Kind.PEOPLE],
        Person,
        _PEOPLE,
        pseudonym=RECORD_ID,
        person=_person_of_person,
        date_field="registered_on",
        scope=people_for,
    ),
    Kind.EMPLOYERS: KindSpec(
        SCHEMAS[Kind.EMPLOYERS],
        Employer,
        _EMPLOYERS,
        date_field="created_at__date",
        scope=employers_for,
    ),
    Kind.VACANCIES: KindSpec(
        SCHEMAS[Kind.VACANCIES], Vacancy, _VACANCIES, date_field="posted_on", scope=vacancies_for
    ),
    Kind.PLACEMENTS: KindSpec(
        SCHEMAS[Kind.PLACEMENTS],
        Placement,
        _PLACEMENTS,
        pseudonym=PERSON_RECORD_ID,
        person=_person_of_placement,
        date_field="start_date",
        scope=related_to_people_for,
    ),
}


def export_kind_for(model: type[models.Model]) -> str:
    """The list kind whose rows are ``model``'s (for the admin's export buttons)."""
    for kind, spec in export_kinds().items():
        if spec.model is model:
            return kind
    raise LookupError(model)


def export_columns(kind: str, *, personal: bool) -> tuple[Column, ...]:
    """The columns an export of ``kind`` writes, in order.

    The schema's exportable columns; without ``personal``, its personal columns are left
    out and a record id comes first instead.
    """
    spec = _spec(kind)
    columns = [c for c in spec.schema.columns if c.export and (personal or not c.personal)]
    if not personal and spec.pseudonym is not None:
        columns.insert(0, spec.pseudonym)
    return tuple(columns)


def may_export_personal_data(actor: Actor) -> bool:
    """Whether an export by ``actor`` includes personal columns.

    The system (``None``: an operator running a command on the server) may; a user only
    if ``can_see_personal_data`` says so.
    """
    return actor is None or can_see_personal_data(actor)


def exportable_rows(actor: Actor, kind: str, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """The rows of ``queryset`` an export by ``actor`` may hold.

    The system (``None``) exports every row. Exports are office work: a user who is not
    office staff (an employer's or a young person's login, or a user without a role)
    exports nothing; office staff export the rows their scope reaches, e.g. a case
    worker their own district's people.
    """
    if actor is None:
        return queryset
    if not scope_of(actor).is_staff_side:
        return queryset.none()
    return _spec(kind).scope(actor, queryset)


def export_filename(kind: str, fmt: str) -> str:
    """``jastar-people-2026-06-15.csv``: the list and today's date."""
    return f"jastar-{kind}-{timezone.localdate():%Y-%m-%d}.{fmt}"


def export_kinds() -> dict[str, KindSpec]:
    """Every list that can be exported: the registry's own, then the apps' ones."""
    extra = {kind: entry.export for kind, entry in extra_kinds().items() if entry.export}
    return {**KINDS, **extra}


def _spec(kind: str) -> KindSpec:
    try:
        return export_kinds()[kind]
    except KeyError:
        raise ValidationError(
            _("Unknown list “%(kind)s”.") % {"kind": kind}, code="unknown_kind"
        ) from None


def _language(language: str) -> str:
    code = language.split("-")[0].lower()
    if code not in {c for c, _name in settings.LANGUAGES}:
        raise ValidationError(
            _("Unknown language “%(language)s”.") % {"language": language},
            code="unknown_language",
        )
    return code


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


class ListExport:
    """One run of an export: its columns and headers, its rows, and its audit trail."""

    def __init__(
        self,
        *,
        actor: Actor,
        kind: str,
        queryset: QuerySet[Any],
        language: str,
        fmt: str,
        ip_address: str | None = None,
        filters: Mapping[str, Any] | None = None,
    ) -> None:
        self.spec = _spec(kind)
        self.actor, self.kind, self.fmt = actor, kind, fmt
        self.language = _language(language)
        self.queryset = exportable_rows(actor, kind, queryset)
        self.ip_address = ip_address
        self.filters = dict(filters or {})
        self.personal = may_export_personal_data(actor)
        self.columns = export_columns(kind, personal=self.personal)
        with translation.override(self.language):
            self.headers = [str(column.label) for column in self.columns]
            self.title = str(kind_label(kind))
        self.rows_written = 0
        self.id = uuid4().hex

    def rows(self) -> Generator[list[Value], None, None]:
        """The rows, as values; each chunk's people are audited before it is yielded."""
        getters = [self.spec.getters[column.key] for column in self.columns]
        names = Names(self.language)
        complete = False
        try:
            for chunk in _chunks(self._rows_queryset(getters).iterator(CHUNK_SIZE), CHUNK_SIZE):
                self._audit_people(chunk)
                for obj in chunk:
                    row = [getter.read(obj, names) for getter in getters]
                    self.rows_written += 1
                    yield row
            complete = True
        finally:
            self._audit_summary(complete)

    def _rows_queryset(self, getters: list[Getter]) -> QuerySet[Any]:
        fields = {field for getter in getters for field in getter.fields}
        related = {relation for getter in getters for relation in getter.related}
        queryset = self.queryset.select_related(None).prefetch_related(None)
        if related:
            queryset = queryset.select_related(*sorted(related))
        return queryset.only(*sorted(fields))

    def _audit_people(self, chunk: list[Any]) -> None:
        if not self.personal or self.spec.person is None:
            return
        # A row naming nobody (an unnamed visitor count) gives (0, ""): nothing to audit.
        people = {pk: iin for pk, iin in map(self.spec.person, chunk) if pk}
        # audit_event fills in the request's address when none was given.
        AuditEvent.objects.bulk_create(
            audit_event(
                actor=self.actor,
                action=AuditAction.EXPORT,
                target=Person(pk=pk),
                summary=mask_iin(iin),
                changes={"export": self.id},
                ip_address=self.ip_address,
            )
            for pk, iin in people.items()
        )

    def _audit_summary(self, complete: bool) -> None:
        # The summary is about the list, not one record: an unsaved instance names the
        # model, and "*" stands for its rows.
        target = self.spec.model()
        target.pk = "*"
        audit_record(
            actor=self.actor,
            action=AuditAction.EXPORT,
            target=target,
            summary=f"{self.kind}.{self.fmt}: {self.rows_written}",
            changes={
                "export": self.id,
                "kind": self.kind,
                "format": self.fmt,
                "language": self.language,
                "rows": self.rows_written,
                "columns": [column.key for column in self.columns],
                "personal": self.personal,
                "complete": complete,
                # audit_record keeps flat values only: the filters as a query string.
                "filters": "&".join(f"{k}={v}" for k, v in sorted(self.filters.items())),
            },
            ip_address=self.ip_address,
        )


# --- service and selector --------------------------------------------------------------


@dataclass(frozen=True)
class ExportResult:
    rows: int
    columns: int
    personal: bool


def list_export(
    *,
    actor: Actor,
    kind: str,
    queryset: QuerySet[Any],
    fmt: str,
    out: IO[bytes],
    language: str,
    separator: str = ";",
    ip_address: str | None = None,
    filters: Mapping[str, Any] | None = None,
) -> ExportResult:
    """Write the list ``kind`` (the rows of ``queryset``) to ``out`` as CSV or XLSX.

    Headers and values are in ``language``; personal columns only if
    ``may_export_personal_data(actor)``. Audited: one summary event (with ``filters``, as
    the caller describes them), and one event per person whose personal data is written.

    Not one transaction: the audit of the rows already written must survive a failure
    later in the file, and a transaction over a region-size export would hold the
    database for its whole length.
    """
    if fmt not in FORMATS:
        raise ValidationError(_("Unknown format “%(format)s”.") % {"format": fmt}, code="format")
    export = ListExport(
        actor=actor,
        kind=kind,
        queryset=queryset,
        language=language,
        fmt=fmt,
        ip_address=ip_address,
        filters=filters,
    )
    writer: Callable[..., None] = import_string(FORMATS[fmt])
    writer(export, out, separator=separator)
    return ExportResult(export.rows_written, len(export.columns), export.personal)


def list_export_stream(
    *,
    actor: Actor,
    kind: str,
    queryset: QuerySet[Any],
    language: str,
    separator: str = ";",
    ip_address: str | None = None,
    filters: Mapping[str, Any] | None = None,
) -> Iterator[bytes]:
    """The list as CSV bytes to stream in an HTTP response; audited as ``list_export``.

    Nothing is read or audited until the stream is consumed.
    """
    export = ListExport(
        actor=actor,
        kind=kind,
        queryset=queryset,
        language=language,
        fmt="csv",
        ip_address=ip_address,
        filters=filters,
    )
    return csv_chunks(export, separator=separator)


_STATUSES: Final[dict[str, type[models.Choices]]] = {
    Kind.PEOPLE: PersonStatus,
    Kind.VACANCIES: VacancyStatus,
}


def _not_for(kind: str, option: str) -> ValidationError:
    return ValidationError(
        _("The filter “%(filter)s” does not apply to the list “%(kind)s”.")
        % {"filter": option, "kind": kind},
        code="filter_not_applicable",
    )


def export_queryset(
    kind: str,
    *,
    district: District | None = None,
    status: str | None = None,
    neet: bool | None = None,
    registered_from: date | None = None,
    registered_to: date | None = None,
    year: int | None = None,
) -> QuerySet[Any]:
    """The rows of list ``kind`` to export, filtered as in the registry's lists.

    ``status`` applies to people and vacancies, ``neet`` to people. The dates and
    ``year`` filter on the list's own date: registration of people, posting of vacancies,
    start of placements, the day employers were entered in Jastar. A filter that does
    not apply raises ValidationError rather than being ignored.
    """
    spec = _spec(kind)
    rows: QuerySet[Any] = spec.model._default_manager.all()
    if district is not None:
        rows = rows.filter(**{spec.district_field: district})
    if status:
        choices = _STATUSES.get(kind)
        if choices is None:
            raise _not_for(kind, "status")
        if status not in choices.values:
            raise ValidationError(
                _("Unknown status “%(status)s”; one of: %(choices)s.")
                % {"status": status, "choices": ", ".join(map(str, choices.values))},
                code="unknown_status",
            )
        rows = rows.filter(status=status)
    if neet is not None:
        if kind != Kind.PEOPLE:
            raise _not_for(kind, "neet")
        rows = rows.filter(is_neet=neet)
    if year is not None and spec.year_field is not None:
        rows, year = rows.filter(**{spec.year_field: year}), None
    return _dated(rows, spec.date_field, registered_from, registered_to, year)


def _dated(
    rows: QuerySet[Any], field: str, since: date | None, until: date | None, year: int | None
) -> QuerySet[Any]:
    if since is not None:
        rows = rows.filter(**{f"{field}__gte": since})
    if until is not None:
        rows = rows.filter(**{f"{field}__lte": until})
    if year is not None:
        rows = rows.filter(**{f"{field}__year": year})
    return rows
