"""Reference data that must always be present, like Django's content types.

The data migrations load it once; this post-migrate handler creates whatever is missing
after every ``migrate`` and after a database flush (which transactional tests and
``jastar flush`` do), so the registry is never left without districts or programs.
Existing rows are never changed here.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.apps import AppConfig
from django.apps import apps as global_apps
from django.dispatch import Signal


def reference_data_ensure(sender: AppConfig, **kwargs: Any) -> None:
    from jastar.programs import refdata as program_refdata
    from jastar.registry import refdata

    # migrate passes the migrated state's registry; flush passes none (the live models).
    apps = kwargs.get("apps") or global_apps
    try:
        apps.get_model("programs", "ProgramEdition")
    except LookupError:
        return  # an earlier migration state: the data migrations load it
    refdata.sync(apps)
    program_refdata.sync(apps)
    program_refdata.sync_editions(apps)


# Sent after records were written in bulk, around the services (the demo loader, bulk
# imports), so derived tables such as the analytics aggregates can bring themselves up to
# date. ``person_ids`` names the people touched, or is None when any may have changed;
# ``registered`` lists, among them, the people just registered (see BulkChanges).
records_bulk_changed = Signal()

_bulk_writes: ContextVar[bool] = ContextVar("jastar_bulk_writes", default=False)


@dataclass
class BulkChanges:
    """What a block of bulk writes changed, for the listeners told at its end.

    ``person_ids``: every person created or changed. ``registered``: the people among them
    just registered, as saved instances, whose only other records are the first entry of
    their status history (their status since ``status_since``); listeners may take their
    data from the instances instead of reading it back.
    """

    person_ids: set[int] = field(default_factory=set)
    registered: list[Any] = field(default_factory=list)


@contextmanager
def bulk_writes(sender: type[Any], *, scoped: bool = False) -> Iterator[BulkChanges]:
    """Write many records without per-row reactions, then send ``records_bulk_changed``.

    Inside the block, listeners that react to each saved or deleted row (such as the
    analytics aggregates) stand aside; on leaving it without an error they are told once.
    With ``scoped``, the block records in the :class:`BulkChanges` it is given the people
    it touched, and listeners bring only those up to date; otherwise anyone may have
    changed.
    """
    changes = BulkChanges()
    token = _bulk_writes.set(True)
    try:
        yield changes
    finally:
        _bulk_writes.reset(token)
    if scoped:
        records_bulk_changed.send(
            sender=sender,
            person_ids=sorted(changes.person_ids),
            registered=list(changes.registered),
        )
    else:
        records_bulk_changed.send(sender=sender, person_ids=None, registered=[])


def in_bulk_writes() -> bool:
    """Whether the current code runs inside :func:`bulk_writes`."""
    return _bulk_writes.get()
