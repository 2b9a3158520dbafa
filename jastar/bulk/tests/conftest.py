"""Fixtures of the import and export tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    # Uploaded files of each test go to its own directory.
    settings.MEDIA_ROOT = tmp_path / "media"
