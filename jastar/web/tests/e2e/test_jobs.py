"""The jobs page in Chromium: a regional officer starts the yearly report as a background
job and watches its page follow it, without reloading, from queued to done."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from jastar.accounts.models import Role
from jastar.jobs.models import Job
from jastar.jobs.services import job_run
from jastar.web.tests.e2e.test_flows import login, user

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class JobsPageTests:
    def test_a_started_report_is_followed_live_until_its_file_can_be_downloaded(
        self, browser_page: Any, shots: Any, settings: Any
    ) -> None:
        # Nobody runs the queue until the test plays the worker.
        settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
        user("dana", Role.REGIONAL_OFFICER)
        page = browser_page
        login(page, "dana")
        page.get_by_role("link", name="Background jobs").click()
        page.select_option("#id_what", "report")
        page.fill("#id_year", "2026")
        page.select_option("#id_lang", "ru")
        page.select_option("#id_format", "html")
        shots("start-form")
        page.get_by_role("button", name="Start").click()

        progress = page.locator("#job-progress")
        expect(progress).to_contain_text("Queued")
        expect(progress).to_contain_text("waits for a background worker")
        expect(progress).to_contain_text("0 of 1 files")
        shots("queued")

        job = Job.objects.get()
        job_run(job_id=job.pk)  # a worker takes it
        expect(progress).to_contain_text("Done", timeout=10_000)  # the page asked again
        expect(progress).to_contain_text("1 of 1 files")
        shots("done")
        with page.expect_download() as download:
            page.get_by_role("link", name="Download jastar-report-2026-ru.html").click()
        assert download.value.suggested_filename == "jastar-report-2026-ru.html"
