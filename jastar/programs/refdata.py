"""Load the program catalogue shipped in ``jastar/programs/data/programs.json``."""

from __future__ import annotations

import json
from pathlib import Path

from jastar.registry.refdata import AppsRegistry

DATA_FILE = Path(__file__).resolve().parent / "data" / "programs.json"
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
