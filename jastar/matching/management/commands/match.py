"""``jastar match --batch [--district CODE] [--queue]`` and ``jastar match --allocate``.

``--batch`` matches every person of the region (or one district) with the open vacancies
and writes both ranked lists, district by district, with a progress bar; ``--queue``
hands the districts to the background workers instead. ``--allocate`` proposes the best
assignment of open program places from the last batch's candidate lists and compares it
with the greedy baseline.
"""

from __future__ import annotations

import sys
import time
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from jastar.core.progress import ProgressBar
from jastar.matching.services import (
    allocation_run,
    match_run_create,
    match_run_finish,
    match_run_shard,
    match_run_start,
)
from jastar.matching.services.runs import run_districts
from jastar.registry.models import District, Person


class Command(BaseCommand):
    help = "Batch matching of the region's people and vacancies, and allocation of program places."

    def add_arguments(self, parser: CommandParser) -> None:
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--batch", action="store_true", help="match and write the lists")
        action.add_argument("--allocate", action="store_true", help="propose program places")
        parser.add_argument("--district", default="", help="district code (default: all)")
        parser.add_argument("--on", type=date.fromisoformat, help="date, default today")
        parser.add_argument("--queue", action="store_true", help="run on background workers")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        district = self._district(options["district"])
        on = options["on"] or timezone.localdate()
        if options["allocate"]:
            self._allocate(on, district)
        elif options["queue"]:
            run = match_run_start(actor=None, on=on, district=district)
            self.stdout.write(
                f"Run {run.pk} queued: {run.shards_total} districts as background jobs "
                "(`jastar jobs` lists them)"
            )
        else:
            self._batch(on, district, show=not options["no_progress"])

    def _district(self, code: str) -> District | None:
        if not code:
            return None
        found = District.objects.filter(code=code).first()
        if found is None:
            raise CommandError(f"No district with code {code!r}.")
        return found

    def _batch(self, on: date, district: District | None, *, show: bool) -> None:
        started = time.perf_counter()
        run = match_run_create(actor=None, on=on, district=district)
        districts = run_districts(run)
        total = Person.objects.filter(district__in=districts).count()
        bar = ProgressBar(sys.stderr) if show else None
        done = 0

        def advance(count: int) -> None:
            nonlocal done
            done += count
            if bar is not None:
                bar.show(done, total)

        for item in districts:
            match_run_shard(run_id=run.pk, district_code=item.code, progress=advance)
        if bar is not None:
            bar.end()
        run = match_run_finish(run_id=run.pk, allocate=False)
        self.stdout.write(
            f"Run {run.pk}: {run.people:,} people × {run.vacancies:,} open vacancies, "
            f"{run.matches:,} list entries written in {time.perf_counter() - started:.1f} s"
        )

    def _allocate(self, on: date, district: District | None) -> None:
        result = allocation_run(on=on, district=district)
        self.stdout.write(
            f"{result.places:,} program places, {result.candidates:,} candidates, "
            f"{result.pairs:,} pairs ({result.seconds:.2f} s)"
        )
        self.stdout.write(
            f"optimal: {len(result.assignments):,} placed, objective {result.objective:.2f}; "
            f"greedy: {result.greedy_placed:,} placed, objective {result.greedy_objective:.2f}"
        )
        for group in result.groups:
            self.stdout.write(
                f"  {group.name}: {group.placed_optimal:,} placed (greedy {group.placed_greedy:,})"
                f" of {group.members:,} candidates"
            )
