"""Browser tests: Playwright driving Debian's Chromium against a live test server.

Screenshots of every step are saved under ``var/test-artifacts/playwright/`` (or
``$JASTAR_TEST_ARTIFACTS``). Chromium comes from Debian (``apt-get install chromium``, as
``.ci/run`` does); Playwright downloads nothing.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

# Playwright's synchronous API runs an event loop in this thread; the test's own database
# calls are ordinary blocking calls all the same.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("JASTAR_CHROMIUM", "/usr/bin/chromium"))


def artefacts_dir() -> Path:
    base = os.environ.get("JASTAR_TEST_ARTIFACTS") or str(settings.BASE_DIR / "var")
    path = Path(base) / "test-artifacts" / "playwright"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium package")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"]
        )
        yield browser
        browser.close()


class Shots:
    """Numbered screenshots of one test's steps."""

    def __init__(self, page: Any, test_name: str) -> None:
        self.page = page
        self.prefix = re.sub(r"[^a-z0-9]+", "-", test_name.lower()).strip("-")
        self.count = 0

    def __call__(self, step: str) -> Path:
        self.count += 1
        path = artefacts_dir() / f"{self.prefix}-{self.count:02d}-{step}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def browser_page(chromium: Any, live_server: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh browser page (phone-sized when the test is marked ``phone``), in English."""
    phone = request.node.get_closest_marker("phone") is not None
    viewport = {"width": 390, "height": 844} if phone else {"width": 1280, "height": 900}
    context = chromium.new_context(
        base_url=live_server.url, viewport=viewport, locale="en-US", is_mobile=phone
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def shots(browser_page: Any, request: pytest.FixtureRequest) -> Shots:
    return Shots(browser_page, request.node.name)


@pytest.fixture(autouse=True)
def _plain_http_cookies(settings: Any) -> None:
    # The live test server speaks plain HTTP; production cookies are HTTPS-only.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
