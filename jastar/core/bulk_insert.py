"""Inserting many new rows fast: PostgreSQL's COPY, or one executemany on SQLite.

Django's ``bulk_create`` builds one SQL statement with a parameter per value and, on
PostgreSQL, quotes every value in Python; at 25 columns a row, that costs more than the
import's own checks. Here the rows get their ids first (from the table's sequence on
PostgreSQL, after the current maximum on SQLite, whose write lock the transaction
holds), then go in through COPY or executemany. The instances come back with their
primary keys set, as ``bulk_create`` does.

Only for plain inserts of new rows inside a transaction: no signals are sent (as with
``bulk_create``), ``auto_now``/``auto_now_add`` fields are set here, and a generated
column is left to the database.

:func:`build` makes the unsaved instances themselves cheaply, for writers that make
thousands of them (an import builds one person per row).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from operator import itemgetter
from typing import Any, Final, TypeVar

from django.db import connection, models, transaction
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init
from django.utils import timezone

M = TypeVar("M", bound=models.Model)
Convert = Callable[[Any], Any]


def _identity(value: Any) -> Any:
    return value


def _by_id(value: Any) -> Any:
    return value.pk if isinstance(value, models.Model) else value


# One encoder for all: json.dumps with an option builds a new encoder on every call.
_json_text: Final = json.JSONEncoder(ensure_ascii=False).encode


@dataclass(frozen=True, slots=True)
class EncodedJson:
    """A JSON field's value encoded once for many rows; written as it is.

    An import gives thousands of rows the same value (the audit events of a batch all
    name its job): encoding it once saves encoding it per row.
    """

    text: str

    @classmethod
    def of(cls, value: Any) -> EncodedJson:
        return cls(_json_text(value))


def _json_value(value: Any) -> str | None:
    if value is None:
        return None
    if type(value) is EncodedJson:
        return value.text
    return _json_text(value)


def _converter(field: models.Field[Any, Any], vendor: str) -> Convert:
    ops = connection.ops
    if isinstance(field, models.JSONField):
        return _json_value
    if isinstance(field, models.DateTimeField):
        # Rows of one insert mostly share their timestamps: adapt each value once.
        return lru_cache(maxsize=256)(ops.adapt_datetimefield_value)
    if isinstance(field, models.DateField) and vendor == "sqlite":
        return lambda v: None if v is None else v.isoformat()
    return _identity


@cache
def _defaults(model: type[models.Model]) -> tuple[dict[str, Any], tuple[tuple[str, Any], ...]]:
    """A model's field defaults by attname: the plain values, and the callables."""
    plain: dict[str, Any] = {}
    made: list[tuple[str, Any]] = []
    for field in model._meta.concrete_fields:
        if isinstance(field, models.GeneratedField):
            continue
        if field.has_default() and callable(field.default):
            made.append((field.attname, field.default))
        else:
            plain[field.attname] = field.get_default()
    return plain, tuple(made)


def build(model: type[M], values: dict[str, Any]) -> M:
    """An unsaved instance of ``model`` with these field values (by attname: ``district_id``).

    What the constructor does, for a model whose construction nobody listens to (no
    ``pre_init``/``post_init`` receivers; otherwise the constructor itself is used), at a
    tenth of the cost: the defaults, then the values, straight into the instance. Foreign
    keys are given by id, so nothing is cached or looked up.
    """
    if pre_init.has_listeners(model) or post_init.has_listeners(model):
        return model(**values)
    plain, made = _defaults(model)
    obj = model.__new__(model)
    state = obj.__dict__
    state.update(plain)
    for attname, default in made:
        state[attname] = default()
    state.update(values)
    obj._state = ModelState()
    return obj


def _fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [
        f
        for f in model._meta.concrete_fields
        if not isinstance(f, models.GeneratedField) and not f.primary_key
    ]


def _sequence(cursor: Any, table: str, column: str) -> str:
    """The name of the sequence behind a PostgreSQL identity column (looked up once)."""
    key = (connection.settings_dict["NAME"], table, column)
    if key not in _SEQUENCES:
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, column])
        _SEQUENCES[key] = cursor.fetchone()[0]
    return _SEQUENCES[key]


_SEQUENCES: dict[tuple[str, str, str], str] = {}


def _stamped(fields: Iterable[models.Field[Any, Any]]) -> list[models.Field[Any, Any]]:
    """The ``auto_now``/``auto_now_add`` timestamps among ``fields``."""
    return [f for f in fields if isinstance(f, models.DateField) and (f.auto_now or f.auto_now_add)]


def _new_ids(model: type[models.Model], count: int) -> list[int]:
    table = connection.ops.quote_name(model._meta.db_table)
    pk = model._meta.pk
    assert pk is not None  # noqa: S101
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The sequence by name: pg_get_serial_sequence per row would read the catalog
            # once for every id.
            sequence = _sequence(cursor, model._meta.db_table, pk.column)
            cursor.execute(
                "SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [sequence, count]
            )
            return [row[0] for row in cursor.fetchall()]
        column = connection.ops.quote_name(pk.column)
        cursor.execute(f"SELECT COALESCE(MAX({column}), 0) FROM {table}")  # noqa: S608
        start = int(cursor.fetchone()[0]) + 1
    return list(range(start, start + count))


def bulk_insert(objs: Sequence[M]) -> list[M]:
    """Insert new instances of one model; returns them with their primary keys set."""
    if not objs:
        return list(objs)
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("bulk_insert must run inside a transaction")
    model = type(objs[0])
    fields = _fields(model)
    for obj in objs:
        # A related object saved after it was assigned: take its primary key now. Django
        # looks only at the related objects the instance holds, so one holding none (built
        # with ids, as importers build them) has nothing to take. Read from the state's
        # own dict: reading the attribute would create an empty cache on every instance.
        if obj._state.__dict__.get("fields_cache"):
            obj._prepare_related_fields_for_save(operation_name="bulk_insert")  # type: ignore[attr-defined]
    now = timezone.now()
    for field in _stamped(fields):
        for obj in objs:
            setattr(obj, field.attname, now)
    ids = _new_ids(model, len(objs))
    pk = model._meta.pk
    assert pk is not None  # noqa: S101
    for obj, new_id in zip(objs, ids, strict=True):
        setattr(obj, pk.attname, new_id)
        obj._state.adding = False
        obj._state.db = connection.alias
    columns = [pk, *fields]
    values = itemgetter(*(f.attname for f in columns))
    converted = [
        (index, convert)
        for index, field in enumerate(columns)
        if (convert := _converter(field, connection.vendor)) is not _identity
    ]

    def row(obj: M) -> tuple[Any, ...]:
        plain: tuple[Any, ...] = values(obj.__dict__)
        if not converted:
            return plain
        cells = list(plain)
        for index, convert in converted:
            cells[index] = convert(cells[index])
        return tuple(cells)

    _write(model, [f.column for f in columns], (row(obj) for obj in objs))
    return list(objs)


def _write(model: type[models.Model], columns: list[str], rows: Any) -> None:
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # psycopg's own cursor: Django's wrapper has no copy()
            with raw.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", list(rows))  # noqa: S608


def insert_values(
    model: type[models.Model], names: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """Insert new rows given as tuples of field values, leaving the primary key to the database.

    ``names`` are field names (``person`` or ``person_id`` for a foreign key, given by id);
    values are converted for this database as :func:`bulk_insert` converts them (a JSON
    field's value may come already encoded, as an :class:`EncodedJson`), and the
    ``auto_now``/``auto_now_add`` timestamps not named are set to now. For narrow rows
    written by the thousand (status history, audit events), where building instances
    would cost more than writing them.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("insert_values must run inside a transaction")
    fields = [model._meta.get_field(name) for name in names]
    stamps = [field for field in _stamped(_fields(model)) if field not in fields]
    converters = [
        _by_id if f.is_relation else _converter(f, connection.vendor)  # type: ignore[arg-type]
        for f in fields
    ]
    now = [_converter(f, connection.vendor)(timezone.now()) for f in stamps]
    # Only the values that need it are converted: most columns pass as they are.
    changed = [(i, conv) for i, conv in enumerate(converters) if conv is not _identity]
    width = len(fields)

    def converted_row(row: Sequence[Any]) -> list[Any]:
        cells = list(row)
        if len(cells) != width:
            raise ValueError(f"{model.__name__} rows need {width} values, got {len(cells)}")
        for index, conv in changed:
            cells[index] = conv(cells[index])
        cells += now
        return cells

    converted = (converted_row(row) for row in rows)
    columns = [str(f.column) for f in [*fields, *stamps]]  # type: ignore[union-attr]
    _write(model, columns, converted)


def insert_rows(model: type[models.Model], columns: Sequence[str], rows: Any) -> None:
    """Insert plain rows of database-ready values, leaving the primary key to the database.

    For machine-written tables of many narrow rows (ranked lists), where building model
    instances would cost more than the insert. Values must already be what the database
    stores (use :func:`db_datetime` for timestamps).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("insert_rows must run inside a transaction")
    _write(model, list(columns), rows)


def db_datetime(value: Any) -> Any:
    """A timezone-aware datetime as :func:`insert_rows` needs it on this database."""
    return connection.ops.adapt_datetimefield_value(value)
