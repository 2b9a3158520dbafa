"""Keeping the aggregate tables exact: refresh the records that changed, or rebuild all.

Each source record (a person, a program participation) has a FactState holding the
share it last added (:mod:`jastar.analytics.facts`). :func:`facts_refresh` loads the
records, computes their shares now, and adds ``new − old`` to the tables with one upsert
per key, in the caller's transaction: the figures change together with the records.
:func:`facts_rebuild` recomputes everything from the raw tables (after bulk loads).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final

from django.conf import settings
from django.db import connection, models, transaction

from jastar.analytics.facts import (
    PLACEMENT,
    PROGRAM,
    PROGRAM_MEASURES,
    YOUTH,
    AgeRule,
    FollowUpData,
    Key,
    ParticipationData,
    PersonData,
    PlacementData,
    Share,
    month_start,
    participation_share,
    person_share,
    share_add,
    share_delta,
    share_from_json,
    share_to_json,
    shares_sum,
)
from jastar.analytics.models import (
    FactSource,
    FactState,
    PlacementMonth,
    ProgramMonth,
    YouthDay,
    YouthMonth,
)
from jastar.core.bulk_insert import bulk_insert, insert_values
from jastar.programs.models import FOLLOW_UP_MONTHS, FollowUp, GrantApplication, Participation
from jastar.registry.models import NEET_STATUSES, Person, PersonStatusChange, Placement

CHUNK: Final = 5_000


def age_rule() -> AgeRule:
    """The youth ages and NEET statuses in force (settings and the registry)."""
    return AgeRule(
        min_age=settings.JASTAR_YOUTH_MIN_AGE,
        max_age=settings.JASTAR_YOUTH_MAX_AGE,
        neet_statuses=frozenset(s.value for s in NEET_STATUSES),
    )


# --- Loading the source records ---------------------------------------------------------


def people_data(ids: Sequence[int] | None) -> dict[int, PersonData]:
    """The people with these ids (all when None) as plain data, in three queries."""
    people = Person.objects.all() if ids is None else Person.objects.filter(pk__in=ids)
    changes = PersonStatusChange.objects.all()
    placements = Placement.objects.all()
    if ids is not None:
        changes = changes.filter(person_id__in=ids)
        placements = placements.filter(person_id__in=ids)
    history: defaultdict[int, list[tuple[date, str]]] = defaultdict(list)
    for person_id, valid_from, status in changes.values_list("person_id", "valid_from", "status"):
        history[person_id].append((valid_from, status))
    placed: defaultdict[int, list[PlacementData]] = defaultdict(list)
    rows = placements.values_list("person_id", "start_date", "district_id", "channel", "program")
    codes = _program_codes()
    for person_id, start, district_id, channel, program_id in rows:
        code = codes[program_id] if program_id else ""
        placed[person_id].append(PlacementData(start, district_id, channel, code))
    fields = ("id", "district_id", "birth_date", "sex", "area")
    return {
        pk: PersonData(district, birth, sex, area, tuple(history[pk]), tuple(placed[pk]))
        for pk, district, birth, sex, area in people.values_list(*fields)
    }


def _program_codes() -> dict[int, str]:
    from jastar.programs.models import Program

    return dict(Program.objects.values_list("id", "code"))


def participations_data(ids: Sequence[int] | None) -> dict[int, ParticipationData]:
    """The participations with these ids (all when None) as plain data, in three queries."""
    rows = Participation.objects.all() if ids is None else Participation.objects.filter(pk__in=ids)
    follow_ups = FollowUp.objects.all()
    grants = GrantApplication.objects.filter(disbursed_on__isnull=False)
    if ids is not None:
        follow_ups = follow_ups.filter(participation_id__in=ids)
        grants = grants.filter(participation_id__in=ids)
    checks: defaultdict[int, list[FollowUpData]] = defaultdict(list)
    fields = ("participation_id", "kind", "done_on", "still_employed")
    for pk, kind, done_on, still in follow_ups.values_list(*fields):
        checks[pk].append(FollowUpData(FOLLOW_UP_MONTHS[kind], done_on, still))
    paid = {
        pk: (on, amount or 0)
        for pk, on, amount in grants.values_list(
            "participation_id", "disbursed_on", "awarded_tenge"
        )
    }
    result = {}
    for row in rows.values(*_PARTICIPATION_FIELDS):
        disbursed_on, amount = paid.get(row["id"], (None, 0))
        result[row["id"]] = ParticipationData(
            district_id=row["district_id"],
            program=row["edition__program__code"],
            applied_on=row["applied_on"],
            enrolled_on=row["enrolled_on"],
            placed_on=row["placed_on"],
            ended_on=row["ended_on"],
            status=row["status"],
            months_planned=row["months_planned"],
            monthly_subsidy_tenge=row["monthly_subsidy_tenge"],
            one_off_tenge=row["one_off_tenge"],
            follow_ups=tuple(checks[row["id"]]),
            grant_disbursed_on=disbursed_on,
            grant_tenge=amount,
        )
    return result


_PARTICIPATION_FIELDS: Final = (
    "id",
    "district_id",
    "edition__program__code",
    "applied_on",
    "enrolled_on",
    "placed_on",
    "ended_on",
    "status",
    "months_planned",
    "monthly_subsidy_tenge",
    "one_off_tenge",
)


@dataclass(frozen=True)
class _Source:
    load: Callable[[Sequence[int] | None], dict[int, Any]]
    share: Callable[[Any], Share]
    model: type[models.Model]


def _sources() -> dict[str, _Source]:
    rule = age_rule()
    return {
        FactSource.PERSON: _Source(people_data, lambda p: person_share(p, rule), Person),
        FactSource.PARTICIPATION: _Source(participations_data, participation_share, Participation),
    }


# --- Writing the tables -----------------------------------------------------------------


@dataclass(frozen=True)
class _Table:
    model: type[models.Model]
    keys: tuple[str, ...]  # the columns of the key, after its table name
    values: tuple[str, ...]
    # Which key columns are dates (kept in shares as day numbers).
    days: tuple[bool, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "days", tuple(c in ("day", "month") for c in self.keys))

    def row(self, key: Key, values: Sequence[int]) -> list[Any]:
        dims = [
            date.fromordinal(k) if is_day else k
            for is_day, k in zip(self.days, key[1:], strict=True)
        ]
        return [*dims, *values]


_YOUTH_DAY = _Table(YouthDay, ("district_id", "day"), ("youth", "neet"))
_YOUTH_MONTH = _Table(YouthMonth, ("district_id", "month"), ("youth", "neet"))
_PLACEMENT = _Table(
    PlacementMonth,
    ("month", "district_id", "channel", "program", "sex", "area", "age_band"),
    ("placed",),
)
_PROGRAM = _Table(ProgramMonth, ("month", "district_id", "program"), PROGRAM_MEASURES)
_TABLES: Final = {YOUTH: _YOUTH_DAY, PLACEMENT: _PLACEMENT, PROGRAM: _PROGRAM}


def _split(share: Share) -> dict[_Table, Share]:
    """A share's keys by table; the youth days are also summed into their months."""
    parts: defaultdict[_Table, Share] = defaultdict(dict)
    months: Share = {}
    month_of: dict[int, int] = {}  # day number -> the number of its month's first day
    for key, values in share.items():
        parts[_TABLES[key[0]]][key] = values
        if key[0] == YOUTH:
            day = key[2]
            month = month_of.get(day)
            if month is None:
                month = month_of[day] = month_start(date.fromordinal(day)).toordinal()
            share_add(months, (YOUTH, key[1], month), values)
    if months:
        parts[_YOUTH_MONTH] = months
    return parts


def _upsert(table: _Table, delta: Share) -> None:
    """Add ``delta`` to the table's rows, creating the rows that are missing."""
    if not delta:
        return
    name = connection.ops.quote_name(table.model._meta.db_table)
    columns = [*table.keys, *table.values]
    quoted = [connection.ops.quote_name(c) for c in columns]
    conflict = ", ".join(connection.ops.quote_name(c) for c in table.keys)
    updates = ", ".join(f"{q} = {name}.{q} + excluded.{q}" for q in quoted[len(table.keys) :])
    sql = (
        f"INSERT INTO {name} ({', '.join(quoted)}) VALUES ({', '.join(['%s'] * len(columns))}) "  # noqa: S608
        f"ON CONFLICT ({conflict}) DO UPDATE SET {updates}"
    )
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            # SQLite runs executemany in C without a round trip per row.
            rows = [table.row(key, values) for key, values in delta.items()]
            for start in range(0, len(rows), CHUNK):
                cursor.executemany(sql, rows[start : start + CHUNK])
            return
        # On PostgreSQL the rows come from arrays, one per column, in a single upsert: no
        # statement per row, and day numbers become dates in the server.
        names = [f"c{i}" for i in range(len(columns))]
        chosen = [
            f"DATE '0001-01-01' + ({n} - 1)" if is_day else n
            for n, is_day in zip(names, [*table.days, *(False for _ in table.values)], strict=True)
        ]
        types = _array_types(table)
        values = [
            *zip(*(key[1:] for key in delta), strict=True),
            *zip(*delta.values(), strict=True),
        ]
        # Whole numbers go as one array literal each, built in C, instead of a list the
        # driver would adapt element by element.
        arrays = [
            "{" + ",".join(map(str, column)) + "}" if kind in _WHOLE else list(column)
            for column, kind in zip(values, types, strict=True)
        ]
        unnest = ", ".join(f"%s::{t}[]" for t in types)
        cursor.execute(
            f"INSERT INTO {name} ({', '.join(quoted)}) "  # noqa: S608
            f"SELECT {', '.join(chosen)} FROM unnest({unnest}) AS rows ({', '.join(names)}) "
            f"ON CONFLICT ({conflict}) DO UPDATE SET {updates}",
            arrays,
        )


_WHOLE: Final = frozenset({"smallint", "integer", "bigint"})


def _array_types(table: _Table) -> list[str]:
    """The PostgreSQL type of each column's array: day numbers as integers."""
    by_column = {f.column: f for f in table.model._meta.concrete_fields}
    days = [*table.days, *(False for _ in table.values)]
    return [
        "integer" if is_day else str(by_column[c].db_type(connection))
        for c, is_day in zip([*table.keys, *table.values], days, strict=True)
    ]


def _apply(delta: Share) -> None:
    """Add ``delta`` to the aggregate tables, in an order every writer shares.

    Tables by name and rows by key: two transactions adding to the same rows (two
    processes importing parts of one file, say) then take the rows' locks in the same
    order, and the later one waits for the earlier instead of deadlocking with it.
    """
    parts = _split(delta)
    for table in sorted(parts, key=lambda t: t.model._meta.db_table):
        part = parts[table]
        _upsert(table, {key: part[key] for key in sorted(part, key=_key_order)})


def _key_order(key: Key) -> tuple[tuple[bool, Any], ...]:
    """A key as a sort key: its items in turn, an empty one (None) after the others."""
    return tuple((item is None, item if item is not None else 0) for item in key)


# --- Refresh and rebuild ----------------------------------------------------------------


@transaction.atomic
def facts_refresh(*, source: str, ids: Iterable[int]) -> int:
    """Bring the aggregates up to date with these source records; returns keys changed.

    Works for new, changed and deleted records alike: a record that no longer exists
    takes its old share away.
    """
    wanted = sorted(set(ids))
    if not wanted:
        return 0
    kind = _sources()[source]
    changed = 0
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        changed += _refresh_chunk(source, kind, chunk)
    return changed


def _refresh_chunk(source: str, kind: _Source, ids: list[int]) -> int:
    records = kind.load(ids)
    states = {s.source_id: s for s in FactState.objects.filter(source=source, source_id__in=ids)}
    delta: Share = {}
    keep, gone = [], []
    for pk in ids:
        state = states.get(pk)
        old = share_from_json(state.share) if state else {}
        new = kind.share(records.get(pk))
        shares_sum([share_delta(old, new)], into=delta)
        if new:
            keep.append(FactState(source=source, source_id=pk, share=share_to_json(new)))
        elif state is not None:
            gone.append(pk)
    delta = {key: values for key, values in delta.items() if any(values)}
    _apply(delta)
    # Replace the states of these records: a delete by key and a plain insert are
    # cheaper than an upsert, and the rows are locked by this transaction either way.
    FactState.objects.filter(source=source, source_id__in=list(states)).delete()
    bulk_insert(keep)
    return len(delta)


@transaction.atomic
def facts_add_registered(*, people: Sequence[Person]) -> int:
    """Add people just registered to the aggregates, from the instances; returns keys changed.

    For bulk writers: each person must be saved with nothing but the first entry of the
    status history (``status`` since ``status_since``) and no aggregate state yet, as
    registration leaves them. Nothing is read back: their shares are computed from the
    instances, added to the tables and stored as their state.
    """
    rule = age_rule()
    delta: Share = {}
    states = []
    for person in people:
        history = ((person.status_since, person.status),)
        data = PersonData(
            person.district_id, person.birth_date, person.sex, person.area, history, ()
        )
        share = person_share(data, rule)
        if share:
            shares_sum([share], into=delta)
            states.append((FactSource.PERSON, person.id, share_to_json(share)))
    delta = {key: values for key, values in delta.items() if any(values)}
    _apply(delta)
    insert_values(FactState, ("source", "source_id", "share"), states)
    return len(delta)


@dataclass(frozen=True)
class RebuildStats:
    people: int
    participations: int
    rows: int


@transaction.atomic
def facts_rebuild() -> RebuildStats:
    """Recompute every aggregate table from the raw records (after bulk writes)."""
    for model in (YouthDay, YouthMonth, PlacementMonth, ProgramMonth, FactState):
        model.objects.all().delete()
    total: Share = {}
    counts = {}
    for source, kind in _sources().items():
        counts[source] = _rebuild_source(source, kind, total)
    rows = 0
    for table, part in _split(total).items():
        objects = [
            table.model(**dict(zip([*table.keys, *table.values], table.row(k, v), strict=True)))
            for k, v in part.items()
            if any(v)
        ]
        table.model._default_manager.bulk_create(objects, batch_size=CHUNK)
        rows += len(objects)
    return RebuildStats(
        people=counts[FactSource.PERSON],
        participations=counts[FactSource.PARTICIPATION],
        rows=rows,
    )


def _rebuild_source(source: str, kind: _Source, total: Share) -> int:
    ids = list(kind.model._default_manager.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        records = kind.load(chunk)
        states = []
        for pk, record in records.items():
            share = kind.share(record)
            if share:
                shares_sum([share], into=total)
                states.append(FactState(source=source, source_id=pk, share=share_to_json(share)))
        FactState.objects.bulk_create(states, batch_size=CHUNK)
    return len(ids)
