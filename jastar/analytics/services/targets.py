"""Targets of the job-creation map: set one, delete one, import a spreadsheet of them.

A target is identified by its year, month, district, indicator, channel and program;
setting it again with other figures changes it (an upsert), so importing the same file
twice changes nothing the second time.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Final

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from jastar.analytics.models import Target, TargetIndicator
from jastar.core.audit import Actor, audit_record, diff_fields
from jastar.core.errors import ApplicationError
from jastar.core.models import AuditAction
from jastar.core.translit import search_key
from jastar.programs.models import Program
from jastar.registry.models import District, PlacementChannel
from jastar.registry.rules import Errors, add_error, raise_errors
from jastar.registry.selectors import district_find

GRANT_PROGRAM: Final = "business_grant"
# Indicators that can be set per program; grants are one program's by definition.
PROGRAM_INDICATORS: Final = frozenset({TargetIndicator.PARTICIPANTS, TargetIndicator.PLACED})
YEARS: Final = (2000, 2100)


class Outcome(enum.Enum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


def _check(
    *, year: int, month: int, indicator: str, channel: str, program: Program | None, value: int
) -> Errors:
    errors: Errors = {}
    if not YEARS[0] <= year <= YEARS[1]:
        add_error(
            errors,
            "year",
            _("The year must be between %(first)d and %(last)d.")
            % {"first": YEARS[0], "last": YEARS[1]},
        )
    if not 0 <= month <= 12:
        add_error(errors, "month", _("The month must be 1–12, or 0 for the whole year."))
    if indicator not in TargetIndicator.values:
        add_error(errors, "indicator", _("Unknown indicator “%(value)s”.") % {"value": indicator})
    if channel and channel not in PlacementChannel.values:
        add_error(errors, "channel", _("Unknown channel “%(value)s”.") % {"value": channel})
    elif channel and indicator != TargetIndicator.PLACED:
        add_error(errors, "channel", _("Only placement targets can be set per channel."))
    if program is not None and indicator not in PROGRAM_INDICATORS:
        if not (indicator == TargetIndicator.GRANTS and program.code == GRANT_PROGRAM):
            add_error(
                errors,
                "program",
                _("Only participant and placement targets can be set per program."),
            )
    if value < 0:
        add_error(errors, "value", _("The target cannot be negative."))
    return errors


@transaction.atomic
def _target_upsert(
    *,
    actor: Actor,
    year: int,
    month: int,
    district: District | None,
    indicator: str,
    channel: str,
    program: Program | None,
    value: int,
    note: str | None,
) -> tuple[Target, Outcome]:
    raise_errors(
        _check(
            year=year,
            month=month,
            indicator=indicator,
            channel=channel,
            program=program,
            value=value,
        )
    )
    if indicator == TargetIndicator.GRANTS:
        program = None  # grants are the business-grant program's; stored without it
    target = (
        Target.objects.select_for_update()
        .filter(
            year=year,
            month=month,
            district=district,
            indicator=indicator,
            channel=channel,
            program=program,
        )
        .order_by("pk")  # the default order joins District, which FOR UPDATE refuses
        .first()
    )
    if target is None:
        target = Target(
            year=year,
            month=month,
            district=district,
            indicator=indicator,
            channel=channel,
            program=program,
            value=value,
            note=note or "",
        )
        target.full_clean()
        target.save()
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            target=target,
            summary=str(target),
            changes={"value": [None, value]},
        )
        return target, Outcome.CREATED
    data: dict[str, Any] = {"value": value} if note is None else {"value": value, "note": note}
    changes = diff_fields(target, data)
    if not changes:
        return target, Outcome.UNCHANGED
    for name in changes:
        setattr(target, name, data[name])
    target.full_clean()
    target.save(update_fields=[*changes, "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=target,
        summary=str(target),
        changes=changes,
    )
    return target, Outcome.UPDATED


@transaction.atomic
def target_set(
    *,
    actor: Actor,
    year: int,
    month: int = 0,
    district: District | None = None,
    indicator: str = TargetIndicator.PLACED,
    channel: str = "",
    program: Program | None = None,
    value: int,
    note: str | None = None,
) -> Target:
    """Create or change the one target with these dimensions.

    ``month`` 0 is the whole year, no ``district`` the whole region, channel "" and no
    program all channels and programs. A grants target belongs to the business-grant
    program and is stored without one. Setting the same value again changes nothing and
    writes no audit event. ``note`` None keeps the note a target already has.
    """
    target, _outcome = _target_upsert(
        actor=actor,
        year=year,
        month=month,
        district=district,
        indicator=indicator,
        channel=channel,
        program=program,
        value=value,
        note=note,
    )
    return target


@transaction.atomic
def target_delete(*, actor: Actor, target: Target) -> None:
    """Delete a target; the audit event keeps what it said."""
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        target=target,
        summary=str(target),
        changes={"value": [target.value, None]},
    )
    target.delete()


# ---------------------------------------------------------------------------------------
# Spreadsheet import


@dataclass(frozen=True)
class RejectedRow:
    """Why a spreadsheet row was not imported: its line, the column (letter) and reason."""

    line: int
    column: str
    reason: str


@dataclass
class TargetImport:
    """What an import read and did; a dry run reports the same counts and writes nothing."""

    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)
    committed: bool = False

    @property
    def rejected_rows(self) -> int:
        """The number of rows rejected (one row can have several reasons)."""
        return len({row.line for row in self.rejected})


# Header names per column, compared without case and spaces.
HEADERS: Final[dict[str, tuple[str, ...]]] = {
    "year": ("year", "жыл", "год"),
    "month": ("month", "ай", "месяц"),
    "district": ("district", "аудан", "район", "аудан/қала", "район/город"),
    "indicator": ("indicator", "көрсеткіш", "показатель"),
    "channel": ("channel", "арна", "канал"),
    "program": ("program", "programme", "бағдарлама", "программа"),
    "value": (
        "target",
        "value",
        "target value",
        "plan",
        "жоспар",
        "план",
        "цель",
        "мақсат",
        "мән",
        "значение",
    ),
    "note": ("note", "ескерту", "примечание", "comment", "түсініктеме", "комментарий"),
}
REQUIRED: Final = ("year", "value")
LANGUAGES: Final = ("kk", "ru", "en")


def _header_key(text: object) -> str:
    return "".join(str(text or "").split()).casefold()


_HEADER_FIELDS: Final = {
    _header_key(name): field_name for field_name, names in HEADERS.items() for name in names
}


class _RollBack(Exception):
    """Raised to undo a dry run."""


class _Duplicate(Exception):
    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


class _Choices:
    """Finds a value by its code or by its label or name in any of the three languages."""

    def __init__(self, items: Iterable[tuple[Any, Sequence[str]]]) -> None:
        self._by_key: dict[str, set[Any]] = {}
        for value, names in items:
            for name in names:
                if key := search_key(str(name)):
                    self._by_key.setdefault(key, set()).add(value)

    def find(self, text: str) -> Any | None:
        found = self._by_key.get(search_key(text), set())
        return next(iter(found)) if len(found) == 1 else None


def _choice_labels(choices: type[Any]) -> list[tuple[str, list[str]]]:
    items: list[tuple[str, list[str]]] = [(value, [value]) for value in choices.values]
    for language in LANGUAGES:
        with translation.override(language):
            for (_value, names), label in zip(items, choices.labels, strict=True):
                names.append(str(label))
    return items


class _Lookups:
    """Everything a row's names resolve against, loaded once per import."""

    def __init__(self) -> None:
        self.indicators = _Choices(_choice_labels(TargetIndicator))
        self.channels = _Choices(_choice_labels(PlacementChannel))
        programs = Program.objects.all()
        self.programs = _Choices((p, [p.code, p.name_kk, p.name_ru, p.name_en]) for p in programs)
        self._districts: dict[str, District | ValidationError] = {}

    def district(self, name: str) -> District:
        if name not in self._districts:
            try:
                self._districts[name] = district_find(name)
            except ValidationError as err:
                self._districts[name] = err
        found = self._districts[name]
        if isinstance(found, ValidationError):
            raise found
        return found


def _text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _whole(cell: object) -> int:
    """A whole number from a cell (a number, or text of one); ValueError otherwise."""
    if isinstance(cell, bool):
        raise ValueError(cell)
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    text = "".join(_text(cell).split()).replace("\u00a0", "")
    return int(text)


def _not_whole(cell: object) -> str | Promise:
    return _("“%(value)s” is not a whole number.") % {"value": _text(cell)}


def _parse_number(cell: object, errors: Errors, name: str, default: int | None) -> int:
    if _text(cell) == "":
        if default is None:
            add_error(errors, name, _("This value is required."))
            return 0
        return default
    try:
        return _whole(cell)
    except ValueError:
        add_error(errors, name, _not_whole(cell))
        return 0


def _parse_name(
    cell: object, errors: Errors, name: str, find: Callable[[str], Any], unknown: Promise
) -> Any:
    text = _text(cell)
    if not text:
        return None
    found = find(text)
    if found is None:
        add_error(errors, name, unknown % {"value": text})
    return found


def _parse_row(row: dict[str, object], lookups: _Lookups) -> tuple[dict[str, Any], Errors]:
    errors: Errors = {}
    values: dict[str, Any] = {
        "year": _parse_number(row.get("year"), errors, "year", None),
        "month": _parse_number(row.get("month"), errors, "month", 0),
        "value": _parse_number(row.get("value"), errors, "value", None),
        "indicator": _parse_name(
            row.get("indicator"),
            errors,
            "indicator",
            lookups.indicators.find,
            _("Unknown indicator “%(value)s”."),
        )
        or TargetIndicator.PLACED,
        "channel": _parse_name(
            row.get("channel"),
            errors,
            "channel",
            lookups.channels.find,
            _("Unknown channel “%(value)s”."),
        )
        or "",
        "program": _parse_name(
            row.get("program"),
            errors,
            "program",
            lookups.programs.find,
            _("Unknown program “%(value)s”."),
        ),
        "district": None,
    }
    if district_name := _text(row.get("district")):
        try:
            values["district"] = lookups.district(district_name)
        except ValidationError as err:
            errors.setdefault("district", []).extend(err.messages)
    if "note" in row:
        values["note"] = _text(row["note"])[:255]
    return values, errors


def _read_rows(file: BinaryIO | str | Path) -> list[tuple[object, ...]]:
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
        try:
            return list(workbook.worksheets[0].iter_rows(values_only=True))
        finally:
            workbook.close()
    except Exception as err:  # whatever failed, the file is not a workbook we can read
        raise ApplicationError(
            _("The file could not be read as an Excel workbook (.xlsx)."),
            {"file": str(err)[:200]},
        ) from err


def _header(rows: list[tuple[object, ...]]) -> tuple[int, dict[str, int]]:
    """The header's 0-based row index and each known column's 0-based index."""
    for index, row in enumerate(rows):
        if any(_text(cell) for cell in row):
            columns: dict[str, int] = {}
            for position, cell in enumerate(row):
                name = _HEADER_FIELDS.get(_header_key(cell))
                if name is not None:
                    columns.setdefault(name, position)
            missing = [name for name in REQUIRED if name not in columns]
            if missing:
                raise ApplicationError(
                    _("The header row must name the columns; none is named %(names)s.")
                    % {"names": "; ".join(" / ".join(HEADERS[name]) for name in missing)},
                    {"missing": missing},
                )
            return index, columns
    raise ApplicationError(_("The first sheet of the workbook is empty."))


def _errors_of(err: ValidationError) -> Errors:
    messages = err.message_dict if hasattr(err, "error_dict") else {"": err.messages}
    return {name: list(texts) for name, texts in messages.items()}


def _reject(result: TargetImport, line: int, columns: dict[str, int], errors: Errors) -> None:
    for name, messages in errors.items():
        column = get_column_letter(columns[name] + 1) if name in columns else ""
        for message in messages:
            result.rejected.append(RejectedRow(line=line, column=column, reason=str(message)))


def _import_row(
    *,
    actor: Actor,
    line: int,
    values: dict[str, Any],
    seen: dict[int, int],
) -> Outcome:
    with transaction.atomic():
        target, outcome = _target_upsert(
            actor=actor,
            year=values["year"],
            month=values["month"],
            district=values["district"],
            indicator=values["indicator"],
            channel=values["channel"],
            program=values["program"],
            value=values["value"],
            note=values.get("note"),
        )
        if target.pk in seen:
            raise _Duplicate(seen[target.pk])
    seen[target.pk] = line
    return outcome


def _import_rows(*, actor: Actor, rows: list[tuple[object, ...]], result: TargetImport) -> None:
    start, columns = _header(rows)
    lookups = _Lookups()
    seen: dict[int, int] = {}
    for index in range(start + 1, len(rows)):
        cells = rows[index]
        if not any(_text(cell) for cell in cells):
            continue
        line = index + 1
        result.read += 1
        row = {name: cells[pos] if pos < len(cells) else None for name, pos in columns.items()}
        values, errors = _parse_row(row, lookups)
        if not errors:
            try:
                outcome = _import_row(actor=actor, line=line, values=values, seen=seen)
            except ValidationError as err:
                errors = _errors_of(err)
            except _Duplicate as dup:
                errors = {"": [_("Line %(line)d already sets this target.") % {"line": dup.line}]}
            else:
                setattr(result, outcome.value, getattr(result, outcome.value) + 1)
        _reject(result, line, columns, dict(errors))


def targets_import_xlsx(*, actor: Actor, file: BinaryIO | str | Path, commit: bool) -> TargetImport:
    """Import targets from the first sheet of an XLSX workbook.

    The first non-empty row names the columns in Kazakh, Russian or English (year, month,
    district, indicator, channel, program, target, note); year and target are required.
    Districts, channels, programs and indicators are found by code or by name in any of
    the three languages; an empty district is the region, an empty month the whole year.
    Each row is checked by ``target_set``; rejected rows are reported with their line,
    column and reason. Accepted rows are saved only when ``commit`` is true; otherwise
    the import is a dry run that reports the same counts and writes nothing.
    """
    rows = _read_rows(file)
    result = TargetImport()
    try:
        with transaction.atomic():
            _import_rows(actor=actor, rows=rows, result=result)
            if not commit:
                raise _RollBack
    except _RollBack:
        return result
    result.committed = True
    return result
