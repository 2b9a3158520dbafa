"""Time the synthetic demo region load and check its calibrated figures.

Run by hand (not in the test suite)::

    .venv/bin/python bench/demo_load.py --people 432000            # fresh SQLite in /tmp
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jastar_bench \\
        .venv/bin/python bench/demo_load.py --people 432000

Prints the load time, rows per table, the NEET counts on 31 Dec 2024 and 2025 and the 2025
placements by channel (with the published figures they are calibrated to), and how long the
NEET-on-a-date query takes on the raw tables.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# Published figures (../shared/reference/domain.md §1), scaled by people / 432,000.
PUBLISHED_NEET = {date(2024, 12, 31): 45_994, date(2025, 12, 31): 27_074}
PUBLISHED_2025 = {
    "enbek": 6_927,
    "program": 3_852,
    "own_initiative": 14_094,
    "grant": 91,
    "self_employment": 2_396,
}
FULL_SIZE = 432_000


def _setup(database_url: str | None) -> None:
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    elif "DATABASE_URL" not in os.environ:
        path = Path(tempfile.gettempdir()) / "jastar-bench-demo.sqlite3"
        path.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jastar.config.settings")
    import django

    django.setup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=FULL_SIZE)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    _setup(args.database_url)

    from django.core.management import call_command
    from django.db import connection

    from jastar.registry.demo.loader import demo_load
    from jastar.registry.selectors import neet_count_on, placements_by_channel

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    stats = demo_load(seed=args.seed, people=args.people, replace=True, stdout=sys.stdout)
    elapsed = time.perf_counter() - started
    print(f"\nload: {elapsed:.1f} s for {args.people:,} people  ({stats})")

    scale = args.people / FULL_SIZE
    for day, published in PUBLISHED_NEET.items():
        t0 = time.perf_counter()
        measured = neet_count_on(day)
        took = time.perf_counter() - t0
        target = round(published * scale)
        print(f"NEET on {day}: {measured:,} (target {target:,}; query {took:.2f} s)")
    measured_2025 = placements_by_channel(2025)
    for channel, published in PUBLISHED_2025.items():
        target = round(published * scale)
        print(f"2025 placements, {channel}: {measured_2025.get(channel, 0):,} (target {target:,})")
    print(f"2025 placements, total: {sum(measured_2025.values()):,}")


if __name__ == "__main__":
    main()
