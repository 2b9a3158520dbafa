"""``jastar impact --year 2025 [--program CODE]``: measure each program's effect on
employment 6 and 12 months after the start, against matched comparable non-participants."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from jastar.insight.services import program_impact_compute


def _points(value: float | None) -> str:
    return "  -  " if value is None else f"{value * 100:+5.1f}"


class Command(BaseCommand):
    help = "Measure and store the impact of each program edition of a year."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--program", default="", help="one program code (default: all)")

    def handle(self, *args: Any, **options: Any) -> None:
        results = program_impact_compute(
            actor=None, year=options["year"], program_code=options["program"]
        )
        self.stdout.write("program              months  effect   95% interval     naive   n")
        for item in results:
            if item.effect is None:
                self.stdout.write(
                    f"{item.edition.program.code:<22}{item.horizon:>4}   no estimate: "
                    f"{item.unavailable} ({item.participants} participants)"
                )
                continue
            self.stdout.write(
                f"{item.edition.program.code:<22}{item.horizon:>4}  {_points(item.effect)}  "
                f"[{_points(item.ci_low)}, {_points(item.ci_high)}]  {_points(item.naive)}  "
                f"{item.matched}/{item.participants}  {', '.join(item.caveats)}"
            )
