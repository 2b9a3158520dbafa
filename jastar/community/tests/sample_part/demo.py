from __future__ import annotations

from datetime import date

LOADED: list[tuple[int, date]] = []


def demo_load(*, seed: int, until: date) -> dict[str, int]:
    LOADED.append((seed, until))
    return {"samples": 3}


def demo_unload() -> int:
    return 2
