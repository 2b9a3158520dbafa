"""Counting sign-in failures per user name and per address, within a window."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core.cache import cache

from conftest import TODAY
from jastar.web.account.throttle import login_blocked, login_failed, login_succeeded


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def fail(times: int, username: str = "aliya", ip: str | None = "10.0.0.1") -> None:
    for _ in range(times):
        login_failed(username, ip)


class ThrottleTests:
    def test_a_user_name_is_held_after_the_limit(self):
        fail(4)
        assert not login_blocked("aliya", "10.0.0.2")
        fail(1)
        assert login_blocked("aliya", "10.0.0.2")

    def test_the_user_name_is_compared_without_case_or_spaces(self):
        fail(5, "Aliya ")
        assert login_blocked("aliya", None)

    def test_other_user_names_are_not_held(self):
        fail(5)
        assert not login_blocked("berik", "10.0.0.9")

    def test_an_address_is_held_after_four_times_the_limit_over_many_names(self):
        for number in range(19):
            login_failed(f"user{number}", "10.0.0.1")
        assert not login_blocked("berik", "10.0.0.1")
        login_failed("user19", "10.0.0.1")
        assert login_blocked("berik", "10.0.0.1")
        assert not login_blocked("berik", "10.0.0.2")

    def test_an_ipv6_client_is_counted_by_its_network(self):
        for number in range(20):
            login_failed(f"user{number}", f"2001:db8:1:2::{number + 1:x}")
        assert login_blocked("berik", "2001:db8:1:2:ffff::1")
        assert not login_blocked("berik", "2001:db8:1:3::1")

    def test_the_limit_and_window_come_from_the_settings(self, settings: Any):
        settings.JASTAR_LOGIN_MAX_FAILURES = 2
        settings.JASTAR_LOGIN_WINDOW_SECONDS = 60
        fail(2)
        assert login_blocked("aliya", None)
        with time_machine.travel(TODAY + timedelta(seconds=61), tick=False):
            assert not login_blocked("aliya", None)

    def test_the_hold_lasts_the_window_from_the_first_failure(self):
        fail(5)
        with time_machine.travel(TODAY + timedelta(seconds=899), tick=False):
            assert login_blocked("aliya", None)
        with time_machine.travel(TODAY + timedelta(seconds=901), tick=False):
            assert not login_blocked("aliya", None)
            fail(1)
            assert not login_blocked("aliya", None)

    def test_success_forgets_the_user_names_failures_but_not_the_addresss(self):
        fail(4)
        login_succeeded("aliya")
        fail(4)
        assert not login_blocked("aliya", None)
        fail(12, "berik")
        assert login_blocked("someone", "10.0.0.1")
