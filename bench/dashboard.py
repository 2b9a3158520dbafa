"""Time the regional dashboard's figures: aggregate tables against plain ORM over raw tables.

Run by hand (not in the test suite), on the full demo region (432,000 young people, history
from January 2023)::

    .venv/bin/python bench/dashboard.py                        # SQLite in /tmp, loads the demo
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jastar_bench \\
        .venv/bin/python bench/dashboard.py

A database that already holds the demo region of the requested size is reused (``--reload``
forces a fresh load). For each year the script computes the regional dashboard
(:func:`jastar.analytics.selectors.dashboard`: placements by month, district, channel, sex,
area and age band, the NEET series at every month end, district targets and forecasts,
program figures) ``--runs`` times from the aggregate tables and ``--raw-runs`` times with
:class:`~jastar.analytics.sources.RawSource` (plain ORM queries over the raw tables), checks
that both give identical figures, and prints p50/p95 and the ratio. Target: p95 under
150 ms and at least 20 times faster than the plain ORM path.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import FULL_SIZE, ensure_demo, setup_django  # noqa: E402
from bench.common import p95 as percentile_95  # noqa: E402

P95_TARGET_MS = 150.0
RATIO_TARGET = 20.0


def _setup(database_url: str | None) -> None:
    setup_django(database_url, "jastar-bench-dashboard.sqlite3")


def _ensure_demo(people: int, seed: int, reload: bool) -> None:
    ensure_demo(people, seed, reload)


def _times(run: Callable[[], Any], runs: int) -> tuple[list[float], Any]:
    result = run()  # warm-up (connection, caches of the reference rows)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = run()
        times.append((time.perf_counter() - started) * 1000)
    return times, result


def _count_queries(run: Callable[[], Any]) -> int:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    reset_queries()  # with DEBUG on, a full query log would hide the new ones
    with CaptureQueriesContext(connection) as queries:
        run()
    return len(queries)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=FULL_SIZE)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--database-url")
    parser.add_argument("--reload", action="store_true")
    parser.add_argument("--year", type=int, action="append")
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--raw-runs", type=int, default=3)
    args = parser.parse_args()
    _setup(args.database_url)
    _ensure_demo(args.people, args.seed, args.reload)

    from django.db import connection
    from django.utils import timezone

    from jastar.analytics.selectors import dashboard
    from jastar.analytics.sources import RawSource

    RAW = RawSource()  # noqa: N806
    today = timezone.localdate()
    years = args.year or [today.year - 1, today.year]
    print(f"database: {connection.vendor}; {args.people:,} people; today {today}")
    ok = True
    for year in years:
        fast_run = partial(dashboard, year=year)
        fast_times, fast = _times(fast_run, args.runs)
        raw_times, slow = _times(partial(dashboard, year=year, source=RAW), args.raw_runs)
        queries = _count_queries(fast_run)
        same = fast == slow
        p50, p95 = statistics.median(fast_times), percentile_95(fast_times)
        raw_p50 = statistics.median(raw_times)
        ratio = raw_p50 / p50
        print(
            f"{year}: aggregates p50 {p50:.1f} ms, p95 {p95:.1f} ms ({args.runs} runs, "
            f"{queries} queries); plain ORM p50 {raw_p50:,.0f} ms ({args.raw_runs} runs); "
            f"ratio {ratio:,.0f}x (p50/p50), {min(raw_times) / p95:,.0f}x (best raw / p95); "
            f"identical figures: {'yes' if same else 'NO'}"
        )
        print(
            f"      placed {fast.outcome.placed:,} (previous year same months "
            f"{fast.outcome.previous:,}), NEET {fast.neet_start.neet:,} -> {fast.neet_now.neet:,}"
        )
        ok = ok and same and p95 < P95_TARGET_MS and ratio >= RATIO_TARGET
    print(
        f"target p95 < {P95_TARGET_MS:.0f} ms and ratio >= {RATIO_TARGET:.0f}x: "
        f"{'met' if ok else 'NOT met'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
