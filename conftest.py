"""Suite-wide fixtures: a fixed "today" so date rules give the same answers every day."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

TODAY = datetime(2026, 6, 15, 10, 0, tzinfo=ZoneInfo("Asia/Almaty"))


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings: Any) -> None:
    # Background tasks run in the test's own process and transaction.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _fixed_today() -> Iterator[None]:
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture(autouse=True)
def _language_reset() -> Iterator[None]:
    # A request leaves its language active in the thread (the locale middleware does not
    # put it back), and reverse() writes that language into the URLs of the next test.
    yield
    from django.utils import translation

    translation.deactivate()
