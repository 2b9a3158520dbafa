"""Lists that other apps add to import and export (the community parts).

A package named in ``settings.JASTAR_BULK_MODULES`` has ``BULK_KINDS``, a tuple of
:class:`BulkKind`. The import engine, the export service, the commands and the pages find
a list's schema, importer and export spec here after the registry's own four lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import import_module
from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

    from jastar.bulk.exports import KindSpec
    from jastar.bulk.schema import Schema


@dataclass(frozen=True)
class BulkKind:
    """One list another app brings: ``traders``, ``volunteer_hours``, …"""

    kind: str  # at most 16 characters; an import kind is also a choice of ImportKind
    label: StrPromise
    schema: Schema
    # Dotted path of the Importer class (jastar.bulk.kinds.base.Importer); None: export only.
    importer: str | None = None
    export: KindSpec | None = None
    # Rows carry personal data: only users who may see it see such imports and their reports.
    personal: bool = False


def extra_kinds() -> dict[str, BulkKind]:
    """Every list the apps of ``JASTAR_BULK_MODULES`` bring, by kind."""
    return _extra_kinds(tuple(settings.JASTAR_BULK_MODULES))


@cache
def _extra_kinds(paths: tuple[str, ...]) -> dict[str, BulkKind]:
    found: dict[str, BulkKind] = {}
    for path in paths:
        for entry in import_module(path).BULK_KINDS:
            found[entry.kind] = entry
    return found


def schema_for(kind: str) -> Schema:
    """The columns of list ``kind`` (the registry's own lists, then the apps' ones)."""
    from jastar.bulk.schema import SCHEMAS

    if kind in SCHEMAS:
        return SCHEMAS[kind]
    return extra_kinds()[kind].schema


def importer_path(kind: str) -> str | None:
    """The dotted path of ``kind``'s importer; None for a list that is only exported."""
    from jastar.bulk.kinds import IMPORTERS

    if kind in IMPORTERS:
        return IMPORTERS[kind]
    extra = extra_kinds().get(kind)
    return extra.importer if extra else None


def kind_label(kind: str) -> StrPromise:
    """The list's name in the active language (lazy)."""
    from jastar.bulk.schema import KIND_LABELS

    if kind in KIND_LABELS:
        return KIND_LABELS[kind]
    return extra_kinds()[kind].label
