"""The imports pages: upload, preview and mapping, progress, error report, and who sees what."""

from __future__ import annotations

import copy
import csv
import io
import re
import zipfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.utils import timezone, translation

from jastar.bulk import forms as bulk_forms
from jastar.bulk.models import ColumnMapping, ImportJob, ImportStatus
from jastar.bulk.services import import_job_create, import_job_run
from jastar.bulk.tests.files import PEOPLE_HEADERS_RU, write_csv
from jastar.registry.models import Person
from jastar.registry.tests.factories import new_iin

pytestmark = pytest.mark.django_db

LIST = "/en/imports/"
AIGERIM = new_iin(date(2003, 4, 12), "F")
DANIYAR = new_iin(date(1999, 11, 2), "M")
ERLAN = new_iin(date(2005, 3, 17), "M")
NURLAN = new_iin(date(2004, 8, 30), "M")
PHONE = PEOPLE_HEADERS_RU.index("Телефон")
DISTRICT = PEOPLE_HEADERS_RU.index("Район")


def rows() -> list[list[object]]:
    """Three good rows and, on line 3, one in a district outside the region."""
    return [
        [AIGERIM, "Сейітқалиева", "Әйгерім", "Бақытқызы", "Қарасай ауданы", "Қаскелең", "жұмыссыз", "+7 701 111 2233"],  # noqa: E501
        [NURLAN, "Нурланов", "Нурлан", "", "Москва", "", "жұмыссыз", ""],
        [DANIYAR, "Омаров", "Данияр", "", "Талгарский район", "Талгар", "работает", ""],
        [ERLAN, "Ахметов", "Ерлан", "", "Konaev", "", "unemployed", ""],
    ]  # fmt: skip


@pytest.fixture
def people_csv(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "karasai.csv", PEOPLE_HEADERS_RU, rows())


def login(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def user_with(username: str, *codenames: str, personal_data: bool = True, **fields: Any) -> User:
    """Office staff with these imports permissions (and, unless told, leave to see personal
    data: the jobs here import people). Staff without a role act region-wide with their
    Django permissions (jastar.core.access)."""
    fields.setdefault("is_staff", True)
    user = User.objects.create_user(username, password="pw-123456", **fields)
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="bulk", codename__in=codenames)
    )
    if personal_data:
        user.user_permissions.add(Permission.objects.get(codename="view_personal_data"))
    return user


@pytest.fixture
def workspace_menu(settings: Any) -> None:
    """The header menu of jastar.web.nav, whether or not the settings list it yet."""
    if "jastar.web.nav.nav" not in settings.TEMPLATES[0]["OPTIONS"]["context_processors"]:
        templates = copy.deepcopy(settings.TEMPLATES)
        templates[0]["OPTIONS"]["context_processors"].append("jastar.web.nav.nav")
        settings.TEMPLATES = templates


@pytest.fixture
def admin() -> User:
    return User.objects.create_superuser("admin", password="pw-123456")


@pytest.fixture
def boss(client: Client, admin: User) -> Client:
    return login(client, admin)


def create_job(path: Path, user: User | None, **kwargs: Any) -> ImportJob:
    with path.open("rb") as handle, translation.override("en"):
        return import_job_create(
            actor=user, kind="people", upload=handle, file_name=path.name, **kwargs
        )


def upload(client: Client, path: Path, **data: Any) -> Any:
    with path.open("rb") as handle:
        return client.post(LIST, {"kind": "people", "file": handle, **data})


def page(job: ImportJob, suffix: str = "") -> str:
    return f"/en/imports/{job.pk}/{suffix}"


def selected(body: str, name: str) -> str:
    """The value of the selected option of the select called ``name``."""
    select = re.search(rf'<select name="{name}".*?</select>', body, re.S)
    assert select, f"no select {name}"
    option = re.search(r'<option value="([^"]*)" selected>', select.group(0))
    return option.group(1) if option else ""


def mapping_post(job: ImportJob, **changes: str) -> dict[str, str]:
    """The preview form as the page sends it, with ``column_<i>`` changes."""
    data = {f"column_{i}": job.mapping.get(str(i), "") for i in range(len(job.headers))}
    return {**data, **changes}


class ImportListPageTests:
    def test_lists_recent_imports_and_offers_the_upload_form(
        self, boss: Client, admin: User, people_csv: Path
    ) -> None:
        create_job(people_csv, admin)
        ColumnMapping.objects.create(kind="people", name="Karasai akimat", columns={})
        body = boss.get(LIST).content.decode()
        assert "karasai.csv" in body
        assert "Waiting for confirmation" in body
        assert "Upload a file" in body
        assert 'type="file"' in body and 'enctype="multipart/form-data"' in body
        assert '<option value="Karasai akimat">Karasai akimat</option>' in body
        assert 'name="dry_run"' in body

    @pytest.mark.usefixtures("workspace_menu")
    def test_the_navigation_links_to_imports_for_those_who_may_import(
        self, client: Client, boss: Client
    ) -> None:
        assert 'href="/en/imports/"' in boss.get("/en/dashboard/").content.decode()
        login(client, user_with("reader"))
        assert 'href="/en/imports/"' not in client.get("/en/dashboard/").content.decode()

    def test_the_page_speaks_kazakh_by_default(self, boss: Client) -> None:
        body = boss.get("/imports/").content.decode()
        assert '<html lang="kk">' in body
        with translation.override("kk"):
            assert str(translation.gettext("Imports")) in body

    def test_anonymous_visitors_are_sent_to_sign_in(self, client: Client) -> None:
        response = client.get(LIST)
        assert response.status_code == 302
        assert response["Location"] == f"/en/login/?next={LIST}"

    def test_staff_without_the_permission_get_403(self, client: Client, people_csv: Path) -> None:
        login(client, user_with("clerk", is_staff=True))
        assert client.get(LIST).status_code == 403
        assert upload(client, people_csv).status_code == 403
        assert not ImportJob.objects.exists()

    def test_a_user_sees_only_their_own_imports(
        self, client: Client, admin: User, people_csv: Path, tmp_path: Path
    ) -> None:
        create_job(people_csv, admin)
        mine = write_csv(tmp_path / "talgar.csv", PEOPLE_HEADERS_RU, rows())
        clerk = user_with("clerk", "add_importjob")
        create_job(mine, clerk)
        body = login(client, clerk).get(LIST).content.decode()
        assert "talgar.csv" in body
        assert "karasai.csv" not in body

    def test_a_viewer_sees_everyones_imports_but_cannot_upload(
        self, client: Client, admin: User, people_csv: Path
    ) -> None:
        create_job(people_csv, admin)
        login(client, user_with("inspector", "view_importjob"))
        body = client.get(LIST).content.decode()
        assert "karasai.csv" in body
        assert 'type="file"' not in body
        assert upload(client, people_csv).status_code == 403

    def test_an_upload_goes_to_the_preview(self, boss: Client, people_csv: Path) -> None:
        response = upload(boss, people_csv, dry_run="on")
        job = ImportJob.objects.get()
        assert response.status_code == 302
        assert response["Location"] == page(job)
        assert (job.status, job.dry_run, job.total_rows, job.language) == (
            ImportStatus.PENDING,
            True,
            4,
            "en",
        )

    def test_refuses_a_file_over_the_size_limit_with_a_clear_error(
        self, boss: Client, people_csv: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(bulk_forms, "max_upload_bytes", lambda: 100)
        response = upload(boss, people_csv)
        assert response.status_code == 200
        assert "The file is larger than 50 MB." in response.content.decode()
        assert not ImportJob.objects.exists()

    def test_refuses_a_file_that_is_not_csv_or_xlsx(self, boss: Client, tmp_path: Path) -> None:
        path = tmp_path / "list.pdf"
        path.write_bytes(b"%PDF-1.4")
        assert "Choose a CSV or XLSX file." in upload(boss, path).content.decode()

    def test_shows_the_services_refusal_on_the_form(self, boss: Client, tmp_path: Path) -> None:
        path = write_csv(tmp_path / "short.csv", ["ИИН", "Фамилия"], [[AIGERIM, "А"]])
        body = upload(boss, path).content.decode()
        assert "The file has no column for:" in body
        assert "District" in body
        assert 'role="alert"' in body
        assert not ImportJob.objects.exists()

    def test_shows_a_missing_saved_mapping_on_its_field(
        self, boss: Client, people_csv: Path
    ) -> None:
        ColumnMapping.objects.create(kind="employers", name="Tax office", columns={})
        body = upload(boss, people_csv, mapping_name="Tax office").content.decode()
        assert "There is no saved mapping called “Tax office”." in body
        assert 'id="id_mapping_name_error"' in body


class ImportPreviewPageTests:
    def test_shows_the_detected_format_columns_and_row_problems(
        self, boss: Client, admin: User, people_csv: Path
    ) -> None:
        job = create_job(people_csv, admin)
        body = boss.get(page(job)).content.decode()
        assert "Check the import" in body
        assert "CSV" in body and "UTF-8" in body and "semicolon (;)" in body
        assert selected(body, "column_0") == "iin"
        assert selected(body, "column_4") == "district"
        assert "IIN (required)" in body and "— skip —" in body
        assert '<th scope="col">' in body and '<th scope="row" class="num">3</th>' in body
        assert "<strong>District:</strong> “Москва” is not a known district" in body
        assert body.count("</span> OK</td>") == 3
        assert "Rows with problems: 1 of 4." in body
        assert "Confirm and import" in body

    def test_the_preview_is_in_the_language_of_the_page(
        self, boss: Client, admin: User, people_csv: Path
    ) -> None:
        job = create_job(people_csv, admin)
        body = boss.get(f"/ru/imports/{job.pk}/").content.decode()
        with translation.override("ru"):
            assert str(translation.gettext("IIN")) in body
            assert str(translation.gettext("Check the import")) in body

    def test_applying_changed_columns_saves_them_and_shows_the_preview_again(
        self, boss: Client, admin: User, people_csv: Path
    ) -> None:
        job = create_job(people_csv, admin)
        data = mapping_post(job, **{f"column_{PHONE}": "", "action": "apply"})
        response = boss.post(page(job), data, follow=True)
        job.refresh_from_db()
        assert str(PHONE) not in job.mapping
        assert job.status == ImportStatus.PENDING
        body = response.content.decode()
        assert "The columns are applied; check the preview." in body
        assert selected(body, f"column_{PHONE}") == ""

    def test_a_mapping_without_a_required_column_is_refused(
        self, boss: Client, admin: User, people_csv: Path
    ) -> None:
        job = create_job(people_csv, admin)
        before = dict(job.mapping)
        response = boss.post(page(job), mapping_post(job, **{f"column_{DISTRICT}": ""}))
        assert response.status_code == 200
        assert "The file has no column for: District." in response.content.decode()
        job.refresh_from_db()
        assert job.mapping == before

    def test_saves_the_mapping_under_a_name(
        self, boss: Client, admin: User, people_csv: Path
    ) -> None:
        job = create_job(people_csv, admin)
        data = mapping_post(job, save_as="Karasai akimat", action="apply")
        body = boss.post(page(job), data, follow=True).content.decode()
        saved = ColumnMapping.objects.get(kind="people", name="Karasai akimat")
        assert saved.columns["ИИН"] == "iin"
        assert saved.created_by == admin
        assert "The mapping is saved as “Karasai akimat”." in body

    def test_confirming_changed_columns_applies_them_without_starting(
        self, boss: Client, admin: User, people_csv: Path
    ) -> None:
        job = create_job(people_csv, admin)
        data = mapping_post(job, **{f"column_{PHONE}": "", "action": "confirm"})
        body = boss.post(page(job), data, follow=True).content.decode()
        job.refresh_from_db()
        assert job.status == ImportStatus.PENDING
        assert "the import has not started" in body

    def test_cancelling_a_waiting_import_goes_back_to_the_list(
        self, boss: Client, admin: User, people_csv: Path
    ) -> None:
        job = create_job(people_csv, admin)
        response = boss.post(page(job, "cancel/"))
        assert response["Location"] == LIST
        job.refresh_from_db()
        assert job.status == ImportStatus.CANCELLED

    def test_a_viewer_sees_the_preview_but_cannot_change_or_confirm_it(
        self, client: Client, admin: User, people_csv: Path
    ) -> None:
        job = create_job(people_csv, admin)
        login(client, user_with("inspector", "view_importjob"))
        body = client.get(page(job)).content.decode()
        assert "Check the import" in body and "Confirm and import" not in body
        assert client.post(page(job), mapping_post(job, action="confirm")).status_code == 403
        assert client.post(page(job, "cancel/")).status_code == 403
        job.refresh_from_db()
        assert job.status == ImportStatus.PENDING


class ImportFlowTests:
    def test_upload_preview_map_save_and_confirm_imports_the_file(
        self, boss: Client, people_csv: Path
    ) -> None:
        job_url = upload(boss, people_csv)["Location"]
        job = ImportJob.objects.get()
        assert "is not a known district" in boss.get(job_url).content.decode()

        apply = mapping_post(
            job, **{f"column_{PHONE}": "", "save_as": "Karasai", "action": "apply"}
        )
        assert boss.post(job_url, apply)["Location"] == job_url
        assert ColumnMapping.objects.filter(name="Karasai").exists()

        job.refresh_from_db()
        confirm = boss.post(job_url, mapping_post(job, action="confirm"))
        assert confirm["Location"] == job_url  # the immediate backend has run the import

        job.refresh_from_db()
        assert (job.status, job.created, job.rejected) == (ImportStatus.DONE, 3, 1)
        assert Person.objects.count() == 3
        assert Person.objects.get(iin=AIGERIM).phone == ""  # the phone column was skipped
        body = boss.get(job_url).content.decode()
        assert "The import is finished." in body
        assert '<progress id="progress-bar" max="4" value="4">100%</progress>' in body
        assert "4 of 4 rows" in body
        assert page(job, "errors.csv") in body and page(job, "errors.xlsx") in body

    def test_a_dry_run_checks_every_row_and_writes_nothing(
        self, boss: Client, people_csv: Path
    ) -> None:
        job_url = upload(boss, people_csv, dry_run="on")["Location"]
        job = ImportJob.objects.get()
        boss.post(job_url, mapping_post(job, action="confirm"))
        job.refresh_from_db()
        assert (job.status, job.created, job.rejected) == (ImportStatus.DONE, 3, 1)
        assert not Person.objects.exists()
        assert "nothing was written" in boss.get(job_url).content.decode()


def running(job: ImportJob, **fields: Any) -> ImportJob:
    """The job as if a worker were 250 rows into its 1000, ten seconds after starting."""
    now = timezone.now()
    values = {
        "status": ImportStatus.RUNNING,
        "total_rows": 1000,
        "rows_done": 250,
        "created": 200,
        "updated": 10,
        "unchanged": 15,
        "rejected": 25,
        "duplicates_flagged": 2,
        "started_at": now - timedelta(seconds=10),
        "heartbeat_at": now,
        **fields,
    }
    ImportJob.objects.filter(pk=job.pk).update(**values)
    job.refresh_from_db()
    return job


class ImportProgressPageTests:
    def test_progress_json_gives_the_numbers(
        self, boss: Client, admin: User, people_csv: Path
    ) -> None:
        job = running(create_job(people_csv, admin))
        response = boss.get(page(job, "progress.json"))
        assert response["Cache-Control"].startswith("max-age=0")
        data = response.json()
        assert (data["status"], data["done"], data["total"], data["percent"]) == (
            "running",
            250,
            1000,
            25,
        )
        assert (data["rate"], data["seconds_left"]) == (25.0, 30)
        assert data["counts"] == {
            "read": 250,
            "created": 200,
            "updated": 10,
            "unchanged": 15,
            "rejected": 25,
            "duplicates": 2,
        }
        assert data["text"]["done"] == "250 of 1\u202f000 rows"
        assert (data["text"]["rate"], data["text"]["left"]) == ("25 rows/s", "30 s")
        assert data["show"]["active"] and not data["show"]["report"]
        assert not data["show"]["waiting"]

    def test_a_running_import_shows_its_progress_and_refreshes_itself(
        self, boss: Client, admin: User, people_csv: Path
    ) -> None:
        job = running(create_job(people_csv, admin))
        body = boss.get(page(job)).content.decode()
        assert '<progress id="progress-bar" max="1000" value="250">25%</progress>' in body
        assert 'aria-live="polite"' in body
        assert f'data-progress-url="{page(job, "progress.json")}"' in body
        assert "bulk/imports.js" in body
        assert "Refresh the page to see the latest numbers" in body
        assert "http-equiv" not in body
        assert "Cancel the import" in body
        assert "25 rows/s" in body and "30 s" in body

    def test_a_long_queued_import_says_the_worker_must_run(
        self, boss: Client, admin: User, people_csv: Path
    ) -> None:
        job = create_job(people_csv, admin)
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.QUEUED, updated_at=timezone.now() - timedelta(minutes=2)
        )
        assert boss.get(page(job, "progress.json")).json()["show"]["waiting"] is True
        body = boss.get(page(job)).content.decode()
        hint = re.search(r'<p class="hint" data-show="waiting"( hidden)?>(.*?)</p>', body, re.S)
        assert hint and not hint.group(1)
        assert "jastar worker" in hint.group(2) and "make run" in hint.group(2)

    def test_a_just_queued_import_does_not_warn_yet(
        self, boss: Client, admin: User, people_csv: Path
    ) -> None:
        job = create_job(people_csv, admin)
        ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.QUEUED)
        assert boss.get(page(job, "progress.json")).json()["show"]["waiting"] is False

    def test_cancelling_a_running_import(self, boss: Client, admin: User, people_csv: Path) -> None:
        job = running(create_job(people_csv, admin))
        response = boss.post(page(job, "cancel/"), follow=True)
        job.refresh_from_db()
        assert job.status == ImportStatus.CANCELLED
        body = response.content.decode()
        assert "The import is cancelled." in body
        assert "Refresh the page" not in body

    def test_a_failed_import_shows_its_error_and_can_be_tried_again(
        self, boss: Client, admin: User, people_csv: Path
    ) -> None:
        job = create_job(people_csv, admin)
        ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.FAILED, error="disk full")
        body = boss.get(page(job)).content.decode()
        assert "The import stopped with an error." in body and "disk full" in body
        boss.post(page(job, "resume/"))
        job.refresh_from_db()
        assert (job.status, job.created) == (ImportStatus.DONE, 3)


class ErrorReportTests:
    @pytest.fixture
    def imported(self, admin: User, people_csv: Path) -> ImportJob:
        job = create_job(people_csv, admin)
        return import_job_run(job_id=job.pk)

    def test_downloads_the_rejected_rows_as_csv(self, boss: Client, imported: ImportJob) -> None:
        response = boss.get(page(imported, "errors.csv"))
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert 'filename="karasai.errors.csv"' in response["Content-Disposition"]
        text = response.getvalue().decode("utf-8-sig")
        report = list(csv.reader(io.StringIO(text), delimiter=";"))
        assert report[0][:4] == ["Line", "Column", "Reason", "ИИН"]
        assert report[1][:2] == ["3", "District"] and "Москва" in report[1][2]

    def test_downloads_the_rejected_rows_as_xlsx(self, boss: Client, imported: ImportJob) -> None:
        response = boss.get(page(imported, "errors.xlsx"))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        with zipfile.ZipFile(io.BytesIO(response.getvalue())) as book:
            sheet = book.read("xl/worksheets/sheet1.xml").decode()
        assert "District" in sheet and "Москва" in sheet

    def test_there_is_no_report_without_rejections(
        self, boss: Client, admin: User, tmp_path: Path
    ) -> None:
        path = write_csv(tmp_path / "good.csv", PEOPLE_HEADERS_RU, [rows()[0]])
        job = import_job_run(job_id=create_job(path, admin).pk)
        assert boss.get(page(job, "errors.csv")).status_code == 404
        assert "errors.csv" not in boss.get(page(job)).content.decode()


class ImportAccessTests:
    def test_another_users_import_is_not_found(
        self, client: Client, admin: User, people_csv: Path
    ) -> None:
        job = import_job_run(job_id=create_job(people_csv, admin).pk)
        login(client, user_with("clerk", "add_importjob"))
        for suffix in ("", "progress.json", "errors.csv", "errors.xlsx"):
            assert client.get(page(job, suffix)).status_code == 404, suffix
        assert client.post(page(job, "cancel/")).status_code == 404

    def test_anonymous_visitors_are_sent_to_sign_in_from_every_page(
        self, client: Client, admin: User, people_csv: Path
    ) -> None:
        job = create_job(people_csv, admin)
        for suffix in ("", "progress.json", "errors.csv"):
            url = page(job, suffix)
            response = client.get(url)
            assert response.status_code == 302
            assert response["Location"] == f"/en/login/?next={url}"

    def test_staff_without_the_permission_cannot_act_on_imports(
        self, client: Client, admin: User, people_csv: Path
    ) -> None:
        job = create_job(people_csv, admin)
        login(client, user_with("clerk", is_staff=True))
        assert client.post(page(job, "cancel/")).status_code == 403
        assert client.post(page(job, "resume/")).status_code == 403
        assert client.get(page(job)).status_code == 403


class PersonalDataScopeTests:
    def test_a_viewer_without_leave_to_see_personal_data_sees_no_people_imports(
        self, client: Client, people_csv: Path, admin: User
    ) -> None:
        job = create_job(people_csv, admin)
        viewer = user_with("analyst", "view_importjob", personal_data=False)
        login(client, viewer)
        assert client.get(page(job)).status_code == 404
        assert client.get(page(job, "errors.csv")).status_code == 404
