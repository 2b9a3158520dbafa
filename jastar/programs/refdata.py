"""Load the program catalogue and its yearly editions shipped in ``jastar/programs/data``.

Create-missing-only by default, so administrators' edits survive; used by the data
migrations and by the post-migrate handler (which also runs after a database flush).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from jastar.registry.refdata import AppsRegistry

DATA_FILE = Path(__file__).resolve().parent / "data" / "programs.json"
EDITIONS_FILE = Path(__file__).resolve().parent / "data" / "editions.json"
_DECIMALS = ("subsidy_mrp", "subsidy_wage_share", "subsidy_cap_mrp", "one_off_mrp")
_PLAIN = ("year", "max_duration_months", "payer", "is_verified", "notes", "source", "rules")
_FIELDS = ("kind", "name_kk", "name_ru", "name_en", "legal_basis")


def sync(apps: AppsRegistry, *, update: bool = False) -> int:
    """Create missing programs (overwrite edited ones if ``update``); return rows written."""
    program_model = apps.get_model("programs", "Program")
    written = 0
    for item in json.loads(DATA_FILE.read_text(encoding="utf-8"))["items"]:
        values = {field: item.get(field, "") for field in _FIELDS}
        program = program_model.objects.filter(code=item["code"]).first()
        if program is None:
            program_model.objects.create(code=item["code"], **values)
            written += 1
        elif update:
            changed = [f for f, v in values.items() if getattr(program, f) != v]
            for field in changed:
                setattr(program, field, values[field])
            if changed:
                program.save(update_fields=[*changed, "updated_at"])
                written += 1
    return written


def _edition_values(item: dict[str, Any]) -> dict[str, Any]:
    values = {field: item.get(field) for field in _PLAIN}
    for field in _DECIMALS:
        values[field] = None if item.get(field) is None else Decimal(item[field])
    return values


def sync_editions(apps: AppsRegistry) -> int:
    """Create the shipped yearly editions that are missing; return how many were created."""
    program_model = apps.get_model("programs", "Program")
    edition_model = apps.get_model("programs", "ProgramEdition")
    items = json.loads(EDITIONS_FILE.read_text(encoding="utf-8"))["items"]
    codes = {i["program"] for i in items}
    programs = {p.code: p for p in program_model.objects.filter(code__in=codes)}
    existing = set(edition_model.objects.values_list("program__code", "year"))
    new = [
        edition_model(program=programs[item["program"]], **_edition_values(item))
        for item in items
        if item["program"] in programs and (item["program"], item["year"]) not in existing
    ]
    edition_model.objects.bulk_create(new, batch_size=500)
    return len(new)
