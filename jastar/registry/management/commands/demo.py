"""``jastar demo``: load the synthetic demo region and a demo login."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jastar.core.errors import ApplicationError
from jastar.core.models import DemoDataset
from jastar.registry.demo.loader import demo_load
from jastar.registry.demo.users import DEMO_PASSWORD, demo_user_ensure

SCALES = {"small": 4_320, "medium": 43_200, "full": 432_000}


def _people(value: str) -> int:
    if value in SCALES:
        return SCALES[value]
    if value.isdigit() and int(value) >= 100:
        return int(value)
    raise CommandError(f"--scale must be one of {', '.join(SCALES)} or a number ≥ 100")


class Command(BaseCommand):
    help = (
        "Load a SYNTHETIC demo region (people, employers, vacancies, three years of "
        "placements, program participations with follow-ups and grants, quotas), "
        "reproducible from --seed. Does nothing if one is loaded already, unless --replace."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            default="small",
            help="small (4,320 people), medium, "
            "full (432,000, the region's published size) or a number",
        )
        parser.add_argument("--seed", type=int, default=2025)
        parser.add_argument(
            "--until",
            type=date.fromisoformat,
            default=date(2026, 9, 30),
            help="last day of generated history (YYYY-MM-DD)",
        )
        parser.add_argument(
            "--replace", action="store_true", help="delete the loaded demo region first"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        people = _people(options["scale"])
        existing = DemoDataset.objects.first()
        if existing is not None and not options["replace"]:
            self.stdout.write(f"A demo region is loaded already ({existing}); use --replace.")
        else:
            try:
                stats = demo_load(
                    seed=options["seed"],
                    people=people,
                    until=options["until"],
                    replace=options["replace"],
                    stdout=self.stdout,
                )
            except ApplicationError as error:  # a refusal, said without a traceback
                raise CommandError(str(error.message)) from error
            self.stdout.write(self.style.SUCCESS(f"demo region loaded: {stats}"))
        logins = demo_user_ensure()
        self.stdout.write(
            self.style.WARNING(
                f"Demo logins, password {DEMO_PASSWORD} (synthetic data only; never use "
                "these accounts on a real registry):"
            )
        )
        for username, what in logins:
            self.stdout.write(f"  {username:<16} {what}")
