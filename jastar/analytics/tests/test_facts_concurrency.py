"""Two transactions adding to the same aggregate rows at once (PostgreSQL)."""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest
from django.db import connection, transaction

from jastar.analytics.facts import YOUTH
from jastar.analytics.models import YouthDay, YouthMonth
from jastar.analytics.services import facts
from jastar.registry.models import District

pytestmark = pytest.mark.django_db(transaction=True)


def _waiting_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        # Inside a transaction the activity view is read once and kept, unless cleared.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return bool(cursor.fetchone()[0])


def test_writers_take_the_rows_in_one_order_and_wait_instead_of_deadlocking() -> None:
    """The second writer lists its rows in the opposite order to the first's.

    Taken in the order given, it would hold the second day while waiting for the first,
    which the first writer holds while it goes on to the second day: a deadlock.
    """
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's")
    district = District.objects.order_by("pk").first()
    assert district is not None
    first = (YOUTH, district.pk, date(2026, 3, 2).toordinal())
    second = (YOUTH, district.pk, date(2026, 3, 9).toordinal())
    errors: list[BaseException] = []

    def other_writer() -> None:
        try:
            with transaction.atomic():
                facts._apply({second: (1, 0), first: (1, 0)})
        except BaseException as err:  # noqa: BLE001 (asserted below)
            errors.append(err)
        finally:
            connection.close()

    with transaction.atomic():
        facts._apply({first: (1, 1)})
        thread = threading.Thread(target=other_writer)
        thread.start()
        deadline = time.monotonic() + 10
        while not _waiting_for_a_lock() and time.monotonic() < deadline:
            time.sleep(0.02)
        assert _waiting_for_a_lock()  # the other writer waits for the first day's row
        facts._apply({second: (1, 1)})
    thread.join()

    assert errors == []
    days = {row.day: (row.youth, row.neet) for row in YouthDay.objects.all()}
    assert days == {date(2026, 3, 2): (2, 1), date(2026, 3, 9): (2, 1)}
    month = YouthMonth.objects.get(district=district, month=date(2026, 3, 1))
    assert (month.youth, month.neet) == (4, 2)
