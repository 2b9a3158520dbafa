"""Matching tests: each starts without an engine cached by an earlier test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from jastar.matching.engines import forget_engine


@pytest.fixture(autouse=True)
def _fresh_engine() -> Iterator[None]:
    forget_engine()
    yield
    forget_engine()
