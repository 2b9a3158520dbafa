"""What every list importer does: check one row, then write a batch of checked rows.

An importer is made once per run (it loads the reference data it looks names up in),
checks each row without writing (pure apart from those lookups), and writes a batch of
good rows inside the batch's transaction. The engine in ``jastar.bulk.services`` does the
reading, batching, counting, resuming and error report around it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final, Protocol

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jastar.bulk.schema import Schema
from jastar.bulk.values import CellError
from jastar.core.audit import Actor

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Problem:
    """Why a row was refused: the column (a schema key, or "" for the whole row)."""

    column: str
    message: str | Promise


class RowRejected(Exception):
    """A row cannot be imported; carries every problem found in it."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__(problems)
        self.problems = list(problems)


@dataclass
class Checked:
    """A row that passed the checks: its line, upsert key and values ready to write."""

    line: int
    key: Any
    values: dict[str, Any]
    # A fingerprint of the row's values, to tell a repeated row from a conflicting one.
    fingerprint: int = 0
    # The row as the file had it, for the error report (set by the engine).
    cells: list[str] = field(default_factory=list)
    # What the importer worked out, while checking, to write the row as a new record
    # (before it knows whether the key exists): the unsaved instance, or the problems
    # that refuse it.
    prepared: Any = None


@dataclass
class BatchOutcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    person_ids: set[int] = field(default_factory=set)
    # The people the batch registered (see jastar.core.signals.BulkChanges).
    registered: list[Any] = field(default_factory=list)


Refused = list[tuple[Checked, list[Problem]]]


class Importer(Protocol):
    schema: Schema

    def check(self, values: Mapping[str, str]) -> Checked: ...

    def write(self, rows: Sequence[Checked], *, job_id: int) -> tuple[BatchOutcome, Refused]: ...


class DividedImporter(Importer, Protocol):
    """An importer whose files several processes can import at once, each a part of the rows.

    ``part_of`` tells, from the cell of ``part_column`` alone, which of ``parts`` parts a
    row belongs to. Rows with the same key must fall in the same part (repeats and
    conflicts within the file are told apart there), and so must rows whose records a write
    compares with each other (possible duplicates): a part does not see what another part
    has not committed yet.
    """

    part_column: str

    def part_of(self, cell: str, parts: int) -> int: ...


class Cells:
    """Reads a row's cells by column key and collects the problems found."""

    def __init__(self, values: Mapping[str, str]) -> None:
        self.values = values
        self.problems: list[Problem] = []

    def text(self, key: str) -> str:
        value = self.values.get(key)
        return value.strip() if value else ""

    def problem(self, key: str, message: StrOrPromise) -> None:
        self.problems.append(Problem(key, message))

    def parse(self, key: str, parser: Any, *args: Any, **kwargs: Any) -> Any:
        """``parser(text)`` for a non-empty cell, None for an empty one or a bad one."""
        text = self.values.get(key)  # self.text(key), without a call for every column
        if not text or not (text := text.strip()):
            return None
        try:
            return parser(text, *args, **kwargs)
        except CellError as err:
            self.problem(key, err.message)
            return None

    def require(self, key: str) -> str:
        text = self.text(key)
        if not text:
            self.problem(key, _("This column is required and the cell is empty."))
        return text

    def raise_if_any(self) -> None:
        if self.problems:
            raise RowRejected(self.problems)


def problems_from(error: ValidationError, columns: Mapping[str, str]) -> list[Problem]:
    """A service's ValidationError as problems, its fields named by schema column keys."""
    if not hasattr(error, "error_dict"):
        return [Problem("", message) for message in error.messages]
    problems = []
    for field_name, errors in error.error_dict.items():
        for err in errors:
            for message in err.messages:
                problems.append(Problem(columns.get(field_name, field_name), message))
    return problems


def errors_to_problems(
    errors: Mapping[str, Sequence[str | Promise]], columns: Mapping[str, str]
) -> list[Problem]:
    """Collected service errors ``{field: [messages]}`` as problems."""
    return [
        Problem(columns.get(name, name), message)
        for name, messages in errors.items()
        for message in messages
    ]


@dataclass(frozen=True)
class Context:
    """What an importer needs besides the rows: who imports, and today's date."""

    actor: Actor
    today: date


def fingerprint(values: Mapping[str, Any]) -> int:
    """A hash of a row's values, in any order (model instances by primary key, lists by
    their text)."""
    pairs = [
        (k, v if type(v) in _HASHED_AS_IS else v.pk if isinstance(v, Model) else str(v))
        for k, v in values.items()
    ]
    return hash(frozenset(pairs))


_HASHED_AS_IS: Final = (str, int, date, bool, float, Decimal, datetime)
