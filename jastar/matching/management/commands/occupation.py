"""``jastar occupation "TEXT" [--limit N] [--json]``: which occupation a job title names."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from jastar.matching.selectors import occupation_search


class Command(BaseCommand):
    help = "Find the occupation codes a job title names, in Kazakh, Russian or English, any script."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("text", help='a job title, e.g. "жүргізуші" or "водитель такси"')
        parser.add_argument("--limit", type=int, default=5)
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        results = occupation_search(options["text"], limit=options["limit"])
        rows = [
            {
                "code": r.occupation.code,
                "name_kk": r.occupation.name_kk,
                "name_ru": r.occupation.name_ru,
                "name_en": r.occupation.name_en,
                "score": r.score,
                "matched": r.matched,
            }
            for r in results
        ]
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        if not rows:
            self.stdout.write("No occupation found.")
        for row in rows:
            self.stdout.write(
                f"{row['code']:<6} {row['score']:.2f}  {row['name_kk']} / {row['name_ru']} / "
                f"{row['name_en']}  (matched: {row['matched']})"
            )
