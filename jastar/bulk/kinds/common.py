"""Small pieces the employer, vacancy and placement importers share."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Final, TypeVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F
from django.db.models.expressions import DatabaseDefault
from django.utils import timezone

from jastar.bulk.kinds.base import Cells, RowRejected, problems_from
from jastar.bulk.values import repair_identifier
from jastar.core.audit import Actor, audit_changes_encoded, audit_events_insert
from jastar.core.bulk_insert import bulk_insert
from jastar.core.identifiers import is_valid_bin, is_valid_iin
from jastar.core.models import AuditAction
from jastar.registry.models import EmployerKind

if TYPE_CHECKING:
    pass


M = TypeVar("M", bound=models.Model)


def identifier_cell(cells: Cells, key: str, *, required: bool = True) -> str:
    """A 12-digit IIN or BIN cell with the leading zeros a spreadsheet dropped put back."""
    text = cells.require(key) if required else cells.text(key)
    if not text:
        return ""
    try:
        value, _repaired = repair_identifier(text)
    except ValueError as err:
        cells.problem(key, getattr(err, "message", str(err)))
        return ""
    return value


def employer_kind_of(identifier: str) -> str:
    """The kind of employer a BIN or IIN belongs to, when a file does not say.

    12 digits that are a valid IIN and not a valid BIN are an individual entrepreneur's
    (registered under the owner's IIN); anything else is taken for a legal entity's BIN.
    """
    if is_valid_iin(identifier) and not is_valid_bin(identifier):
        return EmployerKind.ENTREPRENEUR
    return EmployerKind.LEGAL_ENTITY


def clean_row(obj: models.Model, *, exclude: Iterable[str], columns: Mapping[str, str]) -> None:
    """Field checks of ``obj`` (lengths, choices, e-mail) without database queries.

    What ``Model.clean_fields`` checks, field by field, with one shortcut: a value a
    field has already accepted unchanged is not checked again (lists repeat names,
    statuses, salaries). Foreign keys come from loaded reference data or loaded rows, so
    they are excluded; uniqueness and constraints are the importer's checks and the
    database's.
    """
    errors: dict[str, list[ValidationError]] = {}
    for field, accepted, limit in _checked_fields(type(obj), frozenset(exclude)):
        raw = getattr(obj, field.attname)
        if limit and type(raw) is str and 0 < len(raw) <= limit:
            continue  # a plain text field's only check, its length, passes
        try:
            if raw in accepted:
                continue
            hashable = True
        except TypeError:  # a list or a dict: checked every time
            hashable = False
        if (field.blank and raw in field.empty_values) or isinstance(raw, DatabaseDefault):
            continue
        try:
            value = field.clean(raw, obj)
        except ValidationError as err:
            errors[field.name] = err.error_list
            # Kept without their tracebacks: a traceback holds the frame that keeps the list
            # it is in (this one's errors, or the list Django's validators gather), a cycle
            # only the cycle collector would free, holding the row's batch meanwhile.
            for error in (err, *err.error_list):
                error.__traceback__ = None
            continue
        setattr(obj, field.attname, value)
        if hashable and type(value) is type(raw) and value == raw:
            if len(accepted) >= _ACCEPTED_MAX:
                accepted.clear()
            accepted.add(raw)
    if errors:
        raise RowRejected(problems_from(ValidationError(errors), columns))


# Values each field accepted unchanged, at most _ACCEPTED_MAX per field.
_ACCEPTED: dict[models.Field[Any, Any], set[Any]] = {}
_ACCEPTED_MAX: Final = 50_000


@lru_cache(maxsize=64)
def _checked_fields(
    model: type[models.Model], exclude: frozenset[str]
) -> tuple[tuple[models.Field[Any, Any], set[Any], int], ...]:
    """The fields clean_row checks, each with the values it has accepted and its length
    limit if a text within it is all the field checks (0 otherwise)."""
    return tuple(
        (f, _ACCEPTED.setdefault(f, set()), _length_only(f))
        for f in model._meta.fields
        if f.name not in exclude and not f.generated
    )


def _length_only(field: models.Field[Any, Any]) -> int:
    """The most characters a plain text field takes, when that is all it checks; else 0.

    A non-empty text is what ``field.clean`` returns unchanged for a CharField or a
    TextField without choices whose only validator is its maximum length.
    """
    if type(field) not in (models.CharField, models.TextField) or field.choices:
        return 0
    limit = field.max_length or sys.maxsize
    for validator in field.validators:
        if not (isinstance(validator, MaxLengthValidator) and validator.limit_value == limit):
            return 0
    return limit


def stored(obj: models.Model, name: str) -> Any:
    """A field's stored value: the id for a foreign key."""
    field = obj._meta.get_field(name)
    if field.is_relation:
        return getattr(obj, f"{name}_id")
    return getattr(obj, name)


def differs(obj: models.Model, name: str, new: Any) -> bool:
    """Whether ``new`` (a model instance for a foreign key) differs from what is stored."""
    if isinstance(new, models.Model):
        new = new.pk
    return bool(stored(obj, name) != new)


def create_audited(
    objs: list[M], *, actor: Actor, job_id: int, summary: Callable[[M], str] | None = None
) -> list[M]:
    """Insert new rows of one model with a "create" audit event each, naming the job."""
    if not objs:
        return objs
    created = bulk_insert(objs)
    changes = audit_changes_encoded({"import": job_id})
    audit_events_insert(
        actor=actor,
        action=AuditAction.CREATE,
        model=type(created[0]),
        events=((obj.pk, summary(obj) if summary else "", changes) for obj in created),
    )
    return created


def version_raise(model: type[models.Model], ids: Sequence[int]) -> None:
    """Raise the version of changed rows, so forms opened before the import notice it."""
    if any(f.name == "version" for f in model._meta.concrete_fields):
        model._default_manager.filter(pk__in=ids).update(version=F("version") + 1)


def update_audited(
    changed: Sequence[tuple[M, dict[str, Any]]], *, actor: Actor, job_id: int
) -> None:
    """Save the changed fields of rows of one model, with an "update" audit event each.

    ``changed`` pairs each row (its new values already set) with ``{field: [old, new]}``.
    """
    if not changed:
        return
    now = timezone.now()
    fields: set[str] = set()
    for obj, changes in changed:
        obj.updated_at = now  # type: ignore[attr-defined]
        fields.update(changes)
    model = type(changed[0][0])
    model._default_manager.bulk_update([obj for obj, _c in changed], [*fields, "updated_at"])
    version_raise(model, [obj.pk for obj, _c in changed])
    audit_events_insert(
        actor=actor,
        action=AuditAction.UPDATE,
        model=model,
        events=((obj.pk, "", {**changes, "import": job_id}) for obj, changes in changed),
    )
