from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from jastar.accounts.models import Role
from jastar.accounts.tests.factories import PASSWORD, make_user
from jastar.analytics.jobs import REPORT_JOB
from jastar.core.models import AuditAction, AuditEvent
from jastar.jobs.models import Job, JobStatus
from jastar.jobs.services import job_submit
from jastar.jobs.tests.kinds import COUNT
from jastar.registry.tests.factories import district

pytestmark = pytest.mark.django_db

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def client_of(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def html(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return str(response.content.decode())


class JobListTests:
    def test_an_officer_starts_the_yearly_report_and_downloads_its_file(self) -> None:
        officer = make_user("dana", Role.REGIONAL_OFFICER)
        client = client_of(officer)
        assert "Start a job" in html(client.get("/en/jobs/"))
        response = client.post(
            "/en/jobs/", {"what": "report", "year": 2026, "lang": "ru", "format": "html"}
        )
        job = Job.objects.get(kind=REPORT_JOB)
        assert response["Location"] == f"/en/jobs/{job.pk}/"
        assert job.status == JobStatus.DONE, job.error
        assert job.created_by == officer
        page = html(client.get(f"/en/jobs/{job.pk}/"))
        assert "Download jastar-report-2026-ru.html" in page
        assert "hx-trigger" not in page  # ended: the page stops asking
        download = client.get(f"/en/jobs/{job.pk}/file/")
        assert download.status_code == 200
        assert download.getvalue().startswith(b"<!DOCTYPE html>")
        assert AuditEvent.objects.filter(
            action=AuditAction.EXPORT, target_id=str(job.pk), actor=officer
        ).exists()

    def test_an_analyst_may_start_only_the_report(self) -> None:
        client = client_of(make_user("asel", Role.ANALYST))
        page = html(client.get("/en/jobs/"))
        assert "Yearly report as a file" in page
        assert "Batch matching of the region" not in page
        response = client.post(
            "/en/jobs/", {"what": "aggregates", "year": 2026, "lang": "kk", "format": "pdf"}
        )
        assert response.status_code == 200
        assert not Job.objects.exists()

    def test_a_case_worker_sees_their_districts_jobs_and_their_own_only(self) -> None:
        worker = make_user("aliya", Role.CASE_WORKER, district=district("karasai"))
        mine = job_submit(kind=COUNT, params={"n": 1}, district=district("karasai"))
        theirs = job_submit(kind=COUNT, params={"n": 2}, district=district("kegen"))
        started = job_submit(kind=COUNT, params={"n": 3}, actor=worker)
        client = client_of(worker)
        page = html(client.get("/en/jobs/"))
        assert "Start a job" not in page
        assert f"/en/jobs/{mine.pk}/" in page and f"/en/jobs/{started.pk}/" in page
        assert f"/en/jobs/{theirs.pk}/" not in page
        assert client.get(f"/en/jobs/{theirs.pk}/").status_code == 404
        assert client.post("/en/jobs/", {"what": "report"}).status_code == 403

    def test_the_list_filters_by_status(self) -> None:
        admin = make_user("boss", Role.ADMINISTRATOR)
        done = job_submit(kind=COUNT, params={"n": 1})
        failed = job_submit(kind=COUNT, params={"n": 2, "fail_at": 1})
        page = html(client_of(admin).get("/en/jobs/?status=failed"))
        assert f"/en/jobs/{failed.pk}/" in page and f"/en/jobs/{done.pk}/" not in page

    def test_young_people_have_no_jobs_page(self) -> None:
        client = client_of(make_user("plain"))
        assert client.get("/en/jobs/").status_code == 403

    def test_the_page_is_translated(self) -> None:
        client = client_of(make_user("boss", Role.ADMINISTRATOR))
        with translation.override("kk"):
            page = html(client.get("/jobs/"))
        assert "Start a job" not in page
        assert "Background jobs" not in page


class JobPageTests:
    def test_an_active_job_asks_for_its_progress_every_two_seconds(self, settings: Any) -> None:
        settings.TASKS = DUMMY
        admin = make_user("boss", Role.ADMINISTRATOR)
        job = job_submit(kind=COUNT, params={"n": 10}, actor=admin, total=10)
        client = client_of(admin)
        page = html(client.get(f"/en/jobs/{job.pk}/"))
        assert f'hx-get="/en/jobs/{job.pk}/progress/"' in page
        assert "waits for a background worker" in page
        part = html(client.get(f"/en/jobs/{job.pk}/progress/"))
        assert part.lstrip().startswith('<div id="job-progress"')
        assert "0 of 10 steps" in part

    def test_the_starter_cancels_and_runs_again_others_may_not(self, settings: Any) -> None:
        settings.TASKS = DUMMY
        officer = make_user("dana", Role.REGIONAL_OFFICER)
        other = make_user("erlan", Role.REGIONAL_OFFICER)
        job = job_submit(kind=COUNT, params={"n": 2}, actor=officer)
        assert client_of(other).post(f"/en/jobs/{job.pk}/cancel/").status_code == 403
        client = client_of(officer)
        assert client.post(f"/en/jobs/{job.pk}/cancel/").status_code == 302
        job.refresh_from_db()
        assert job.status == JobStatus.CANCELLED
        settings.TASKS = {
            "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
        }
        assert client.post(f"/en/jobs/{job.pk}/retry/").status_code == 302
        job.refresh_from_db()
        assert job.status == JobStatus.DONE

    def test_cancel_and_retry_need_a_post(self) -> None:
        admin = make_user("boss", Role.ADMINISTRATOR)
        job = job_submit(kind=COUNT, actor=admin)
        client = client_of(admin)
        assert client.get(f"/en/jobs/{job.pk}/cancel/").status_code == 405
        assert client.get(f"/en/jobs/{job.pk}/retry/").status_code == 405

    def test_a_job_without_a_file_has_nothing_to_download(self) -> None:
        admin = make_user("boss", Role.ADMINISTRATOR)
        job = job_submit(kind=COUNT, actor=admin)
        assert client_of(admin).get(f"/en/jobs/{job.pk}/file/").status_code == 404

    def test_signing_in_is_required(self) -> None:
        job = job_submit(kind=COUNT)
        assert Client().get(f"/en/jobs/{job.pk}/").status_code == 302
