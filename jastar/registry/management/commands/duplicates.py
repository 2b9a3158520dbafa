"""``jastar duplicates scan [--commit]``: flag possible duplicates across the whole registry.

Imports flag the duplicates of the people they write; this command checks everyone,
including people registered one by one through the forms and a registry loaded before
duplicates were flagged. Dry run by default: it counts the pairs it would flag and rolls
back.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from jastar.registry.models import Person
from jastar.registry.services import duplicates_flag

CHUNK = 2_000


class _DryRun(Exception):
    pass


class Command(BaseCommand):
    help = "Flag possible duplicates among all registered people (dry run unless --commit)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["scan"])
        parser.add_argument("--commit", action="store_true", help="store the pairs found")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        ids = list(Person.objects.order_by("pk").values_list("pk", flat=True))
        flagged = 0
        try:
            with transaction.atomic():
                for start in range(0, len(ids), CHUNK):
                    flagged += duplicates_flag(person_ids=ids[start : start + CHUNK])
                if not options["commit"]:
                    raise _DryRun
        except _DryRun:
            pass
        verb = "flagged" if options["commit"] else "would flag (dry run; --commit stores them)"
        self.stdout.write(
            f"{len(ids):,} people checked, {verb} {flagged:,} new pairs "
            f"({time.perf_counter() - started:.1f} s)"
        )
