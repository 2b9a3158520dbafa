"""Possible duplicates of people: flag them, dismiss a pair, or merge two records into one.

:func:`duplicates_flag` finds, for some people, the registry's people with another IIN
whose birth date and name make them possibly the same person
(:mod:`jastar.registry.duplicates`) and stores each pair once for a human to review.

:func:`person_merge` moves everything that refers to the removed person onto the kept
one, keeps a record of the removed person (:class:`~jastar.registry.models.PersonMerge`),
and deletes it. Every foreign key to ``Person`` in any app is found from the model
metadata and must have a policy in :data:`MERGE_POLICIES` (many-to-many tables are
joined); a relation without one refuses the merge, so a new model cannot lose rows
silently. Where a moved row would break a unique constraint it shares with the kept
person's rows, the policy decides:

- ``registry.personstatuschange`` (one status per person per day): the kept person's
  entry for that day stands; the removed person's is kept in the merge record.
- ``registry.placement`` (one per person, start date and channel) and
  ``programs.participation`` (one active participation per edition): refused with the
  clashing records named; a human corrects one of them first, nothing is lost.
- ``registry.personmerge`` (earlier merges into the removed person) and
  ``programs.brigade`` (the brigades the removed person leads): moved; nothing clashes.
- many-to-many tables (occupations, vulnerable groups): joined.
- ``matching.match`` (ranked lists) and ``insight.riskscore`` (risk scores), derived data:
  the removed person's rows are deleted with them; the kept person's are recomputed.
- ``insight.contactattempt`` (the outreach log): moved; nothing clashes.
- ``registry.vacancyapplication`` (one application per person and vacancy): the kept
  person's stands; the removed person's goes to the merge record; the others move.
- ``accounts.account`` (a young person's own login): moved to the kept person; when both
  people have a login, refused until an administrator removes one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, Final

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import ForeignObjectRel, Q
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from jastar.analytics.models import FactSource
from jastar.analytics.services.facts import facts_refresh
from jastar.core.audit import Actor, actor_user, audit_record
from jastar.core.models import AuditAction
from jastar.registry.duplicates import NameRecord, possible_duplicate
from jastar.registry.models import DuplicateStatus, Person, PersonMerge, PossibleDuplicate
from jastar.registry.services.people import (
    _refresh_current_status,
    default_area,
    person_fill_derived,
)

BATCH: Final = 2_000

# --- Flagging -----------------------------------------------------------------------------

_ROW: Final = ("id", "birth_date", "last_name", "first_name", "patronymic", "duplicate_key")
Row = tuple[int, date, str, str, str, str]
Pair = tuple[int, int]


def _record(row: Row) -> NameRecord:
    return NameRecord(row[1], row[2], row[3], row[4])


@transaction.atomic
def duplicates_flag(*, person_ids: Collection[int]) -> int:
    """Flag the possible duplicates of these people; returns how many pairs are new.

    Compares each person with the registry's people who share the stored blocking key
    (``Person.duplicate_key``; the people given among themselves too) and stores every
    new pair as open, once, the lower id first. Pairs already stored, open or decided,
    are left as they are, so calling it again changes nothing. People share an IIN only
    with themselves (it is unique), so every pair has two IINs. One query per 2,000
    people, and two more when new pairs were found.
    """
    ids = sorted(set(person_ids))
    new = 0
    for start in range(0, len(ids), BATCH):
        new += _flag_batch(ids[start : start + BATCH])
    return new


def _block_rows(ids: Sequence[int]) -> list[Row]:
    """The people ``ids`` and everyone sharing a (non-empty) blocking key with them."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_blocks_sql(), [list(ids)])
            return list(cursor.fetchall())
    keys = Person.objects.filter(pk__in=ids).exclude(duplicate_key="").values("duplicate_key")
    return list(Person.objects.filter(duplicate_key__in=keys).order_by().values_list(*_ROW))


def _blocks_sql() -> str:
    # The keys as an array, not "IN (subquery)": PostgreSQL then probes the index once per
    # key instead of choosing a hash join over the whole registry. One array parameter
    # instead of 2,000 placeholders also spares the driver most of its work.
    quote = connection.ops.quote_name
    table = quote(Person._meta.db_table)
    columns = ", ".join(quote(_field(Person, name).column) for name in _ROW)
    # The ids typed as the primary key's own type: the driver would send small numbers as
    # an int2[] array, which the planner will not match against the bigint primary key
    # index (a full scan of the registry per batch).
    pk_field = _field(Person, "id")
    key, pk = quote("duplicate_key"), quote(pk_field.column)
    pk_type = pk_field.db_type(connection)
    return (
        f"SELECT {columns} FROM {table} WHERE {key} = ANY(ARRAY("  # noqa: S608 (names only)
        f"SELECT {key} FROM {table} WHERE {pk} = ANY(%s::{pk_type}[]) AND {key} <> ''))"
    )


def _flag_batch(ids: Sequence[int]) -> int:
    given = set(ids)
    blocks: defaultdict[str, list[Row]] = defaultdict(list)
    for row in _block_rows(ids):
        blocks[row[5]].append(row)
    found: dict[Pair, tuple[int, str]] = {}
    for block in blocks.values():
        if len(block) < 2:
            continue  # most people: nobody else has their birth date and initials
        records = [(row[0], _record(row)) for row in block]
        for index, (pk, record) in enumerate(records):
            for other_pk, other in records[index + 1 :]:
                if pk not in given and other_pk not in given:
                    continue  # an old pair: flagged, if at all, when one of them came in
                match = possible_duplicate(record, other)
                if match is not None:
                    found[(min(pk, other_pk), max(pk, other_pk))] = (match.percent, match.reason)
    return _store_pairs(found)


def _store_pairs(found: dict[Pair, tuple[int, str]]) -> int:
    if not found:
        return 0
    stored = PossibleDuplicate.objects.filter(
        person_a_id__in={a for a, _b in found}, person_b_id__in={b for _a, b in found}
    ).values_list("person_a_id", "person_b_id")
    existing = {(a, b) for a, b in stored if a is not None and b is not None}
    rows = [
        PossibleDuplicate(person_a_id=a, person_b_id=b, score=score, reason=reason)
        for (a, b), (score, reason) in sorted(found.items())
        if (a, b) not in existing
    ]
    # A concurrent run may store the same pair first: the constraint keeps it once.
    PossibleDuplicate.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


# --- Dismissing ---------------------------------------------------------------------------


def _locked_open(duplicate: PossibleDuplicate) -> PossibleDuplicate:
    locked = PossibleDuplicate.objects.select_for_update().get(pk=duplicate.pk)
    if locked.status != DuplicateStatus.OPEN:
        raise ValidationError(
            _("This pair has already been decided: %(status)s.")
            % {"status": locked.get_status_display()},
            code="decided",
        )
    return locked


@transaction.atomic
def duplicate_dismiss(
    *, actor: Actor, duplicate: PossibleDuplicate, note: str = ""
) -> PossibleDuplicate:
    """Record that the two people of an open pair are different people.

    The pair stays stored as dismissed, so flagging the same people again does not
    reopen it. Raises ValidationError if the pair was already decided.
    """
    locked = _locked_open(duplicate)
    locked.status = DuplicateStatus.DISMISSED
    locked.decided_by = actor_user(actor)
    locked.decided_at = timezone.now()
    locked.note = note.strip()
    locked.full_clean()
    locked.save(update_fields=["status", "decided_by", "decided_at", "note", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=locked,
        summary="dismissed",
        changes={"status": [DuplicateStatus.OPEN, locked.status], "note": locked.note},
    )
    return locked


# --- Merging: which relations move how ----------------------------------------------------


class OnConflict(StrEnum):
    """What happens to a removed person's row that clashes with one of the kept person's."""

    KEEP_WINS = "keep_wins"  # the kept person's row stands; the other goes to the record
    REFUSE = "refuse"  # no merge until a human resolves the clash


# "<app>.<model>.<foreign key>" -> policy; see the module docstring for the reasons.
MERGE_POLICIES: Final[dict[str, OnConflict]] = {
    "registry.personstatuschange.person": OnConflict.KEEP_WINS,
    "registry.vacancyapplication.person": OnConflict.KEEP_WINS,
    "registry.placement.person": OnConflict.REFUSE,
    "programs.participation.person": OnConflict.REFUSE,
    # No unique constraint: these always move (a constraint added later would refuse).
    "registry.personmerge.kept": OnConflict.REFUSE,
    "programs.brigade.leader": OnConflict.REFUSE,
    "insight.contactattempt.person": OnConflict.REFUSE,
    # A young person's own login moves to the kept record; two logins need a human.
    "accounts.account.person": OnConflict.REFUSE,
    # Community work (jastar.community). A same-day visit of both is one visit; the rest
    # carry hours, scores, awards or contracts of their own, which a human must reconcile
    # when both people have them (a row only the removed person has simply moves).
    "centres.visit.person": OnConflict.KEEP_WINS,
    "volunteering.volunteer.person": OnConflict.REFUSE,
    "talent.nomination.person": OnConflict.REFUSE,
    "talent.membership.person": OnConflict.REFUSE,
    "prizes.application.person": OnConflict.REFUSE,
    "traders.trader.person": OnConflict.REFUSE,
}
# Pairs naming the removed person are closed by the merge itself (and keep their rows);
# ranked matching lists are derived data: the removed person's go with them, and the kept
# person's are recomputed when their record changes.
_HANDLED_BY_MERGE: Final = frozenset(
    {
        "registry.possibleduplicate.person_a",
        "registry.possibleduplicate.person_b",
        "matching.match.person",
        "insight.riskscore.person",
    }
)


@dataclass(frozen=True)
class Relation:
    """A foreign key to Person: the model holding it, its name, and its merge policy."""

    model: type[models.Model]
    field: str
    policy: OnConflict

    @property
    def label(self) -> str:
        return f"{self.model._meta.label_lower}.{self.field}"


def merge_relations() -> list[Relation]:
    """Every foreign key to Person, with its policy; raises ValidationError for unknown ones.

    Many-to-many fields show up as the foreign keys of their tables: an automatic table
    is joined (its rows clash only when both people have the same item).
    """
    relations: list[Relation] = []
    unknown: list[str] = []
    for rel in Person._meta.get_fields(include_hidden=True):
        if not isinstance(rel, ForeignObjectRel) or rel.many_to_many:
            continue
        model = rel.related_model
        assert isinstance(model, type)  # noqa: S101 (a lazy reference is resolved by now)
        label = f"{model._meta.label_lower}.{rel.field.name}"
        if label in _HANDLED_BY_MERGE:
            continue
        if model._meta.auto_created:
            policy: OnConflict | None = OnConflict.KEEP_WINS
        else:
            policy = MERGE_POLICIES.get(label)
        if policy is None:
            unknown.append(label)
        else:
            relations.append(Relation(model, rel.field.name, policy))
    if unknown:
        raise ValidationError(
            _(
                "People cannot be merged: records of %(models)s refer to people and no "
                "merge rule covers them."
            )
            % {"models": ", ".join(sorted(unknown))},
            code="unknown_relation",
        )
    return relations


UniqueSet = tuple[tuple[str, ...], Q | None]


def _unique_sets(model: type[models.Model], fk: str) -> list[UniqueSet]:
    """The other fields of each unique constraint that includes ``fk``, with its condition."""
    sets: list[UniqueSet] = []
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and fk in constraint.fields:
            others = tuple(f for f in constraint.fields if f != fk)
            sets.append((others, constraint.condition))
    for together in model._meta.unique_together:
        if fk in together:
            sets.append((tuple(f for f in together if f != fk), None))
    if _field(model, fk).unique:
        sets.append(((), None))
    return sets


@dataclass
class _Plan:
    """What a merge does to one relation."""

    relation: Relation
    drop: dict[int, models.Model] = field(default_factory=dict)  # removed person's rows
    refused: list[str] = field(default_factory=list)  # messages


def _field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    model_field = model._meta.get_field(name)
    assert isinstance(model_field, models.Field)  # noqa: S101 (a column, not a relation)
    return model_field


def _values(row: models.Model, names: tuple[str, ...]) -> tuple[Any, ...]:
    return tuple(getattr(row, _field(type(row), name).attname) for name in names)


def _rows_of(relation: Relation, person: Person, condition: Q | None) -> models.QuerySet[Any]:
    rows = relation.model._default_manager.filter(**{relation.field: person})
    return rows.filter(condition) if condition is not None else rows


def _plan(relation: Relation, keep: Person, remove: Person) -> _Plan:
    plan = _Plan(relation)
    for others, condition in _unique_sets(relation.model, relation.field):
        kept = {_values(row, others): row for row in _rows_of(relation, keep, condition)}
        for row in _rows_of(relation, remove, condition):
            values = _values(row, others)
            # NULLs never clash in a unique constraint.
            if values not in kept or None in values or row.pk in plan.drop:
                continue
            if relation.policy == OnConflict.KEEP_WINS:
                plan.drop[row.pk] = row
            else:
                plan.refused.append(_clash_message(row, others))
    return plan


def _display(row: models.Model, name: str) -> str:
    model_field = row._meta.get_field(name)
    value = getattr(row, name)
    if getattr(model_field, "choices", None):
        return str(getattr(row, f"get_{name}_display")())
    if isinstance(value, date):
        return str(formats.date_format(value, "SHORT_DATE_FORMAT"))
    return str(value)


def _clash_message(row: models.Model, others: tuple[str, ...]) -> str:
    values = ", ".join(
        str(
            _("%(field)s: %(value)s")
            % {"field": _field(type(row), name).verbose_name, "value": _display(row, name)}
        )
        for name in others
    )
    return str(
        _("Both people have this record: %(record)s (%(values)s). Correct or delete one first.")
        % {"record": capfirst(row._meta.verbose_name), "values": values}
    )


def _data(row: models.Model) -> dict[str, Any]:
    """A row's own columns, for the merge record."""
    return {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields}


def _apply(plan: _Plan, keep: Person, remove: Person) -> dict[str, Any]:
    """Drop the losing rows, re-point the rest; returns what was moved and dropped."""
    manager = plan.relation.model._default_manager
    done: dict[str, Any] = {}
    if plan.drop:
        done["dropped"] = [_data(row) for row in plan.drop.values()]
        manager.filter(pk__in=list(plan.drop)).delete()
    rows = manager.filter(**{plan.relation.field: remove})
    moved = sorted(rows.values_list("pk", flat=True))
    if moved:
        values: dict[str, Any] = {plan.relation.field: keep}
        if any(f.name == "updated_at" for f in plan.relation.model._meta.concrete_fields):
            values["updated_at"] = timezone.now()
        manager.filter(pk__in=moved).update(**values)
        done["moved"] = moved
    return done


# --- Merging: the person's own fields ------------------------------------------------------

# Optional fields the kept person takes from the removed one when their own is blank.
FILLABLE: Final = (
    "patronymic",
    "settlement",
    "education_level",
    "graduation_year",
    "field_of_study",
    "experience_months",
    "expected_salary",
    "languages",
    "skills",
    "phone",
    "email",
    "consent_given_on",
)


def _blank(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == 0


def _settlement_elsewhere(remove: Person, keep: Person) -> bool:
    """Whether the removed person's settlement lies outside the kept person's district."""
    return remove.settlement is not None and remove.settlement.district_id != keep.district_id


def _fill_blanks(keep: Person, remove: Person) -> dict[str, list[Any]]:
    """Copy the removed person's optional values into the kept person's blank fields."""
    filled: dict[str, list[Any]] = {}
    for name in FILLABLE:
        attname = _field(Person, name).attname
        ours, theirs = getattr(keep, attname), getattr(remove, attname)
        if not _blank(ours) or _blank(theirs):
            continue
        if name == "settlement" and _settlement_elsewhere(remove, keep):
            continue  # a village of another district would contradict the kept district
        filled[attname] = [ours, theirs]
        setattr(keep, attname, theirs)
    if "settlement_id" in filled:
        area = default_area(keep.district, keep.settlement)
        if area != keep.area:
            filled["area"] = [keep.area, area]
            keep.area = area
    if "patronymic" in filled:
        keep.patronymic_latn = remove.patronymic_latn
        person_fill_derived(keep)
    if filled:
        keep.full_clean()
        derived = ["patronymic_latn", "name_key", "duplicate_key"] if "patronymic" in filled else []
        keep.save(update_fields=[*filled, *derived, "updated_at"])
    return filled


def _snapshot(person: Person) -> dict[str, Any]:
    """Every column of ``person`` and its many-to-many items (codes where they have one)."""
    data = _data(person)
    for m2m in Person._meta.many_to_many:
        items = getattr(person, m2m.name).all()
        related = m2m.related_model
        assert isinstance(related, type)  # noqa: S101 (a lazy reference is resolved by now)
        has_code = any(f.name == "code" for f in related._meta.concrete_fields)
        data[m2m.name] = sorted(items.values_list("code" if has_code else "pk", flat=True))
    return data


# --- Merging ------------------------------------------------------------------------------


def _check_merge(keep: Person, remove: Person, duplicate: PossibleDuplicate | None) -> None:
    if keep.pk == remove.pk:
        raise ValidationError(_("A person cannot be merged into themselves."), code="same_person")
    if duplicate is not None:
        locked = _locked_open(duplicate)
        if {locked.person_a_id, locked.person_b_id} != {keep.pk, remove.pk}:
            raise ValidationError(_("This pair is about other people."), code="other_pair")


def _lock(keep: Person, remove: Person) -> None:
    # Lock both rows (in id order, so two merges cannot deadlock) and read them afresh.
    people = Person.objects.select_for_update().filter(pk__in=[keep.pk, remove.pk])
    list(people.order_by("pk").values_list("pk", flat=True))
    keep.refresh_from_db()
    remove.refresh_from_db()


def _close_pairs(actor: Actor, remove: Person, merge: PersonMerge) -> int:
    """Close every open pair naming the removed person as merged, pointing to the merge."""
    now = timezone.now()
    return PossibleDuplicate.objects.filter(
        Q(person_a=remove) | Q(person_b=remove), status=DuplicateStatus.OPEN
    ).update(
        status=DuplicateStatus.MERGED,
        decided_by=actor_user(actor),
        decided_at=now,
        merge=merge,
        updated_at=now,
    )


def _audit_merge(actor: Actor, keep: Person, remove: Person, merge: PersonMerge) -> None:
    counts = {
        label: {part: len(rows) for part, rows in done.items()}
        for label, done in merge.moved.items()
    }
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=keep,
        summary="merge",
        changes={**merge.filled, "merged_from": remove.pk, "merge": merge.pk, "records": counts},
    )
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        target=remove,
        summary=remove.masked_iin,
        changes={"merged_into": keep.pk, "merge": merge.pk},
    )


@transaction.atomic
def person_merge(
    *,
    actor: Actor,
    keep: Person,
    remove: Person,
    duplicate: PossibleDuplicate | None = None,
) -> PersonMerge:
    """Merge ``remove`` into ``keep``: one person, with the history of both.

    Every record referring to ``remove`` moves to ``keep`` (see the module docstring for
    clashes; a clash that must not be decided here raises ValidationError listing every
    clashing record, and nothing changes). Blank optional fields of ``keep`` are filled
    from ``remove``. A :class:`PersonMerge` keeps ``remove``'s id, IIN, fields and what was
    moved or dropped; both people get an audit event; the pair (``duplicate``, which must be
    open and name both) and every other open pair naming ``remove`` are closed as merged.
    Then ``remove`` is deleted, ``keep``'s current status is recomputed from the joined
    history, the aggregates are refreshed, and ``keep`` is flagged again (to meet the
    people ``remove`` was paired with).
    """
    _check_merge(keep, remove, duplicate)
    _lock(keep, remove)
    plans = [_plan(relation, keep, remove) for relation in merge_relations()]
    refused = [message for plan in plans for message in plan.refused]
    if refused:
        raise ValidationError(refused, code="conflict")
    snapshot = _snapshot(remove)
    moved = {plan.relation.label: done for plan in plans if (done := _apply(plan, keep, remove))}
    filled = _fill_blanks(keep, remove)
    merge = PersonMerge(
        kept=keep,
        removed_person_id=remove.pk,
        removed_iin=remove.iin,
        snapshot=snapshot,
        moved=moved,
        filled=filled,
        merged_by=actor_user(actor),
        merged_at=timezone.now(),
    )
    merge.full_clean()
    merge.save()
    _close_pairs(actor, remove, merge)
    _audit_merge(actor, keep, remove, merge)
    removed_id = remove.pk
    remove.delete()
    _refresh_current_status(keep)
    participations = moved.get("programs.participation.person", {}).get("moved", [])
    facts_refresh(source=FactSource.PERSON, ids=[keep.pk, removed_id])
    facts_refresh(source=FactSource.PARTICIPATION, ids=participations)
    duplicates_flag(person_ids=[keep.pk])
    return merge
