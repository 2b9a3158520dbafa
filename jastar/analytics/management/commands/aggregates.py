"""``jastar aggregates rebuild|check``: rebuild the analytics tables, or check them."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from jastar.analytics.selectors import dashboard_differences, region_districts
from jastar.analytics.services.facts import facts_rebuild


class Command(BaseCommand):
    help = (
        "rebuild: recompute the analytics aggregate tables from the records. "
        "check: compare every dashboard figure from the aggregates with the raw records."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["rebuild", "check"])
        parser.add_argument(
            "--year",
            type=int,
            action="append",
            help="Year to check (repeatable); the current and previous year by default.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        if options["action"] == "rebuild":
            stats = facts_rebuild()
            self.stdout.write(
                f"aggregates rebuilt from {stats.people:,} people and "
                f"{stats.participations:,} participations: {stats.rows:,} rows "
                f"({time.perf_counter() - started:.1f} s)"
            )
            return
        this_year = timezone.localdate().year
        years = options["year"] or [this_year - 1, this_year]
        failures = 0
        for year in years:
            for district in [None, *region_districts()]:
                differences = dashboard_differences(year=year, district=district)
                where = district.code if district else "region"
                if differences:
                    failures += 1
                    self.stdout.write(f"{year} {where}: differ in {', '.join(differences)}")
        if failures:
            raise CommandError(f"{failures} dashboards differ; run `jastar aggregates rebuild`")
        self.stdout.write(
            f"aggregates agree with the records for {', '.join(map(str, years))} "
            f"({time.perf_counter() - started:.1f} s)"
        )
