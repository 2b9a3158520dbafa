from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from jastar.accounts.models import Role
from jastar.accounts.tests.factories import make_user
from jastar.jobs.models import JobStatus
from jastar.jobs.services import job_submit
from jastar.jobs.tests.kinds import COUNT
from jastar.registry.tests.factories import district

pytestmark = pytest.mark.django_db

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


class JobApiTests:
    def test_lists_jobs_in_reach_with_their_progress(self) -> None:
        worker = make_user("aliya", Role.CASE_WORKER, district=district("karasai"))
        mine = job_submit(kind=COUNT, params={"n": 4}, district=district("karasai"))
        job_submit(kind=COUNT, params={"n": 2}, district=district("kegen"))
        body = api(worker).get("/api/v1/jobs/").json()
        assert [row["id"] for row in body["results"]] == [mine.pk]
        row = body["results"][0]
        assert (row["status"], row["done"], row["total"], row["percent"]) == ("done", 4, 4, 100)
        assert row["district"] == "karasai" and row["title"]

    def test_filters_by_status_and_refuses_a_bad_one(self) -> None:
        admin = make_user("boss", Role.ADMINISTRATOR)
        job_submit(kind=COUNT, params={"n": 1, "fail_at": 1})
        job_submit(kind=COUNT, params={"n": 1})
        failed = api(admin).get("/api/v1/jobs/?status=failed").json()["results"]
        assert [row["error"] for row in failed] == ["step 1 went wrong"]
        assert api(admin).get("/api/v1/jobs/?status=nonsense").status_code == 400

    def test_cancel_then_retry_by_whoever_started_it(self, settings: Any) -> None:
        settings.TASKS = DUMMY
        officer = make_user("dana", Role.REGIONAL_OFFICER)
        job = job_submit(kind=COUNT, actor=officer)
        assert (
            api(make_user("erlan", Role.REGIONAL_OFFICER))
            .post(f"/api/v1/jobs/{job.pk}/cancel/")
            .status_code
            == 403
        )
        client = api(officer)
        assert client.post(f"/api/v1/jobs/{job.pk}/cancel/").json()["status"] == "cancelled"
        again = client.post(f"/api/v1/jobs/{job.pk}/cancel/")
        assert again.status_code == 400 and "message" in again.json()
        assert client.post(f"/api/v1/jobs/{job.pk}/retry/").json()["status"] == JobStatus.QUEUED

    def test_employers_and_strangers_get_nothing(self) -> None:
        job = job_submit(kind=COUNT)
        assert api(make_user("plain")).get("/api/v1/jobs/").status_code == 403
        assert APIClient().get(f"/api/v1/jobs/{job.pk}/").status_code == 401
        admin = make_user("boss", Role.ADMINISTRATOR)
        assert api(admin).get("/api/v1/jobs/999999/").status_code == 404
