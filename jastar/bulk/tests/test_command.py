"""``jastar import``: summary, error report, saved mappings, continuing a killed run."""

from __future__ import annotations

import csv
import io
import os
import socket
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone, translation
from django.utils.translation import gettext
from openpyxl import load_workbook  # type: ignore[import-untyped]

from jastar.bulk.models import ColumnMapping, ImportJob, ImportStatus
from jastar.bulk.report import rejections_write
from jastar.bulk.services import ImportBusy, import_job_create, import_job_run
from jastar.bulk.tests.files import PEOPLE_HEADERS_RU, write_csv
from jastar.registry.models import Person
from jastar.registry.tests.factories import new_iin

pytestmark = pytest.mark.django_db


def people_file(tmp_path: Path, bad: int = 1) -> Path:
    rows: list[list[object]] = [
        [new_iin(date(2001, 5, 1 + i), "F"), "Әбілова", f"Дана{i}", "", "Іле", "", "жұмыссыз", ""]
        for i in range(4)
    ]
    for _i in range(bad):
        rows.append(["123", "Қате", "Жол", "", "Іле", "", "жұмыссыз", ""])
    return write_csv(tmp_path / "people.csv", PEOPLE_HEADERS_RU, rows)


def run_command(*args: str) -> str:
    out = io.StringIO()
    with translation.override("en"):
        call_command("import", *args, "--no-progress", "--lang", "en", stdout=out, stderr=out)
    return out.getvalue()


class ImportCommandTests:
    def test_prints_the_counts_and_writes_the_rejected_rows_next_to_the_file(
        self, tmp_path: Path
    ) -> None:
        path = people_file(tmp_path)
        output = run_command("people", str(path))
        assert "read 5, created 4, updated 0, unchanged 0, rejected 1" in output
        with (tmp_path / "people.errors.csv").open(encoding="utf-8-sig") as handle:
            report = list(csv.reader(handle, delimiter=";"))
        assert report[0][:4] == ["Line", "Column", "Reason", "ИИН"]
        assert report[1][:2] == ["6", "IIN"]
        assert "12 digits" in report[1][2]
        assert report[1][3] == "123"

    def test_queue_hands_the_import_to_a_background_job(self, tmp_path: Path, settings) -> None:
        from jastar.jobs.models import Job, JobStatus

        settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
        output = run_command("people", str(people_file(tmp_path)), "--queue")
        job = ImportJob.objects.get()
        background = Job.objects.get(pk=int(job.task_id))
        assert f"Import {job.pk} is queued as background job {background.pk}" in output
        assert (job.status, background.status) == (ImportStatus.QUEUED, JobStatus.QUEUED)
        assert not Person.objects.exists()

    def test_dry_run_writes_nothing(self, tmp_path: Path) -> None:
        output = run_command("people", str(people_file(tmp_path)), "--dry-run")
        assert "Dry run, nothing written: read 5, would create 4" in output
        assert not Person.objects.exists()

    def test_saves_a_mapping_and_applies_it_to_the_next_file(self, tmp_path: Path) -> None:
        headers = ["Код", "Фамилия", "Имя", "Отчество", "Район", "Н.п.", "Статус", "Тел"]
        rows = [[new_iin(date(2002, 1, 9), "M"), "Ли", "Виктор", "", "Іле", "", "учится", ""]]
        path = write_csv(tmp_path / "college.csv", headers, rows)
        with pytest.raises(CommandError, match="IIN"):
            run_command("people", str(path))
        run_command("people", str(path), "--map", "Код=iin", "--save-mapping", "College")
        assert ColumnMapping.objects.get(name="College").columns["Код"] == "iin"
        rows[0][0] = new_iin(date(2002, 1, 10), "M")
        output = run_command(
            "people", str(write_csv(tmp_path / "next.csv", headers, rows)), "--mapping", "College"
        )
        assert "created 1" in output
        assert Person.objects.count() == 2

    def test_an_unknown_saved_mapping_is_refused(self, tmp_path: Path) -> None:
        with pytest.raises(CommandError, match="no saved mapping"):
            run_command("people", str(people_file(tmp_path)), "--mapping", "Nope")

    def test_continues_an_import_whose_process_was_killed(self, tmp_path: Path) -> None:
        path = people_file(tmp_path, bad=0)
        with path.open("rb") as handle:
            job = import_job_create(actor=None, kind="people", upload=handle, file_name=path.name)
        # As a killed process leaves it: running, one batch committed, its process gone.
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.RUNNING,
            heartbeat_at=timezone.now(),
            worker=f"{socket.gethostname()}:999999",
            committed_line=3,
        )
        output = run_command("people", str(path))
        assert f"Continuing import {job.pk} of this file after line 3" in output
        assert "created 2" in output
        assert ImportJob.objects.count() == 1

    def test_refuses_to_run_a_job_another_live_process_is_running(self, tmp_path: Path) -> None:
        path = people_file(tmp_path, bad=0)
        with path.open("rb") as handle:
            job = import_job_create(actor=None, kind="people", upload=handle, file_name=path.name)
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.RUNNING,
            heartbeat_at=timezone.now(),
            worker=f"{socket.gethostname()}:{os.getppid()}",
        )
        with pytest.raises(ImportBusy):
            import_job_run(job_id=job.pk)

    def test_the_error_report_as_xlsx(self, tmp_path: Path) -> None:
        path = people_file(tmp_path)
        with path.open("rb") as handle:
            job = import_job_create(
                actor=None, kind="people", upload=handle, file_name=path.name, language="ru"
            )
        job = import_job_run(job_id=job.pk)
        out = io.BytesIO()
        assert rejections_write(job=job, out=out, fmt="xlsx") == 1
        sheet = load_workbook(out).worksheets[0]
        header = [c.value for c in sheet[1]]
        with translation.override("ru"):
            assert header[:3] == [gettext("Line"), gettext("Column"), gettext("Reason")]
        assert sheet.cell(row=2, column=1).value == "6"
