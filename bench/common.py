"""What the hand-run benchmarks share: a database with the demo region, and percentiles."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

FULL_SIZE = 432_000


def setup_django(database_url: str | None, sqlite_name: str) -> None:
    """Point Django at ``database_url``, else at a SQLite file in the temp directory."""
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    elif "DATABASE_URL" not in os.environ:
        path = Path(tempfile.gettempdir()) / sqlite_name
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jastar.config.settings")
    import django

    django.setup()


def ensure_demo(people: int, seed: int, reload: bool, *, aggregates: bool = True) -> None:
    """Migrate, and load the demo region of ``people`` unless it is already there."""
    from django.core.management import call_command

    from jastar.analytics.models import FactState
    from jastar.analytics.services.facts import facts_rebuild
    from jastar.core.models import DemoDataset
    from jastar.registry.demo.loader import demo_load

    call_command("migrate", verbosity=0)
    loaded = DemoDataset.objects.first()
    if reload or loaded is None or loaded.people != people:
        started = time.perf_counter()
        demo_load(seed=seed, people=people, replace=loaded is not None, stdout=sys.stdout)
        print(f"demo loaded in {time.perf_counter() - started:.1f} s")
    if aggregates and not FactState.objects.exists():
        started = time.perf_counter()
        stats = facts_rebuild()
        print(f"aggregates rebuilt: {stats.rows:,} rows in {time.perf_counter() - started:.1f} s")


def p95(times: list[float]) -> float:
    """The 95th percentile (nearest rank) of ``times``."""
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
