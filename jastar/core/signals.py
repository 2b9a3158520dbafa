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
# date. ``person_ids`` names the people touched, or is None when any may have changed.
records_bulk_changed = Signal()

_bulk_writes: ContextVar[bool] = ContextVar("jastar_bulk_writes", default=False)


@contextmanager
def bulk_writes(sender: type[Any], *, scoped: bool = False) -> Iterator[set[int]]:
    """Write many records without per-row reactions, then send ``records_bulk_changed``.

    Inside the block, listeners that react to each saved or deleted row (such as the
    analytics aggregates) stand aside; on leaving it without an error they are told once.
    With ``scoped``, the block adds the ids of the people it touched to the set it is
    given, and listeners bring only those up to date; otherwise anyone may have changed.
    """
    touched: set[int] = set()
    token = _bulk_writes.set(True)
    try:
        yield touched
    finally:
        _bulk_writes.reset(token)
    records_bulk_changed.send(sender=sender, person_ids=sorted(touched) if scoped else None)


def in_bulk_writes() -> bool:
    """Whether the current code runs inside :func:`bulk_writes`."""
    return _bulk_writes.get()
