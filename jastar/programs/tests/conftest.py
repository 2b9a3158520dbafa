"""Fixtures for the programs tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture
def english() -> Iterator[None]:
    """Render messages in English (the msgids), whatever the catalogues hold."""
    with translation.override("en"):
        yield
