"""Suite-wide fixtures: a fixed "today" so date rules give the same answers every day."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

TODAY = datetime(2026, 6, 15, 10, 0, tzinfo=ZoneInfo("Asia/Almaty"))


@pytest.fixture(autouse=True)
def _fixed_today() -> Iterator[None]:
    with time_machine.travel(TODAY, tick=False):
        yield
