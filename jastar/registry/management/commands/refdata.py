"""``jastar refdata``: load the reference data files (districts, classifiers, rates, programs)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from jastar.programs import refdata as program_refdata
from jastar.registry import refdata


class Command(BaseCommand):
    help = "Create missing reference rows from the shipped data files (--update overwrites)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--update",
            action="store_true",
            help="Overwrite rows an administrator edited with the values in the data files.",
        )

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        counts = refdata.sync(apps, update=options["update"])
        counts["Program"] = program_refdata.sync(apps, update=options["update"])
        for model, count in sorted(counts.items()):
            self.stdout.write(f"{model}: {count}")
        self.stdout.write(
            self.style.SUCCESS(f"reference data: {sum(counts.values())} rows written")
        )
