"""A large file imported by several processes at once, each a part of its rows (PostgreSQL)."""

from __future__ import annotations

import sys
import threading
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.utils import translation

from jastar.analytics.tests.test_facts import assert_sources_agree
from jastar.bulk import services
from jastar.bulk.kinds.people import PeopleImporter
from jastar.bulk.models import ImportJob, ImportPart, ImportStatus
from jastar.bulk.services import ImportPartFailed, import_job_create, import_job_run
from jastar.bulk.tests.files import PEOPLE_HEADERS_RU, reasons, write_csv
from jastar.registry.models import Person, PossibleDuplicate
from jastar.registry.tests.factories import new_iin

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _two_processes(settings: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("several processes import one file on PostgreSQL only")
    settings.JASTAR_IMPORT_WORKERS = 2
    settings.JASTAR_IMPORT_BATCH_SIZE = 2
    settings.JASTAR_IMPORT_WRITER_THREAD = True


def _person(born: date, last: str, first: str, district: str = "Талғар") -> list[object]:
    return [new_iin(born, "M"), last, first, "", district, "", "жұмыссыз", ""]


def _file(tmp_path: Path) -> tuple[Path, dict[str, int]]:
    """Fourteen rows born on days of both parities, and what the import must make of them."""
    body = [_person(date(2001, 3, 1 + day), "Асанов", f"Ұлан{day}") for day in range(8)]
    # Two records of one young man under two IINs: a possible duplicate.
    body.append(_person(date(2001, 3, 4), "Асанов", "Ұлан3"))
    body.append(list(body[0]))  # the same row again: counted once
    conflicting = list(body[1])
    conflicting[7] = "+7 701 000 1122"
    body.append(conflicting)  # the same IIN with other values: refused
    # Refused by the second process (an odd day of birth: part 1 of 2).
    body.append(_person(date(2001, 3, 7), "Бекова", "Дана", district="Москва"))
    body += [_person(date(2001, 3, 10 + day), "Серікова", f"Айым{day}") for day in range(2)]
    path = write_csv(tmp_path / "list.csv", PEOPLE_HEADERS_RU, body)
    return path, {"created": 11, "unchanged": 1, "rejected": 2}


def _job(path: Path) -> ImportJob:
    with path.open("rb") as handle, translation.override("en"):
        return import_job_create(actor=None, kind="people", upload=handle, file_name=path.name)


def _counts(job: ImportJob) -> dict[str, int]:
    return {"created": job.created, "unchanged": job.unchanged, "rejected": job.rejected}


@pytest.mark.parametrize("start", ["fork", "spawn"])
def test_two_processes_import_what_one_would(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, start: str
) -> None:
    # A copy of this process where that is safe, a new interpreter elsewhere.
    monkeypatch.setattr(services, "_start_method", lambda: start)
    path, expected = _file(tmp_path)
    job = import_job_run(job_id=_job(path).pk)
    assert job.status == ImportStatus.DONE
    assert _counts(job) == expected
    assert (job.updated, job.duplicates_flagged) == (0, 1)
    assert Person.objects.count() == 11
    assert PossibleDuplicate.objects.count() == 1
    assert set(reasons(job)) == {12, 13}
    # Each process writes its reasons in the language of the import.
    assert "Line 3 has the same key" in reasons(job)[12][0]
    assert "is not a known district" in reasons(job)[13][0]
    parts = list(job.parts.all())
    assert [part.index for part in parts] == [0, 1]
    assert all(part.created > 0 for part in parts)  # both processes imported rows
    assert sum(part.created for part in parts) == 11
    assert_sources_agree()

    again = import_job_run(job_id=_job(path).pk)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 12)
    assert Person.objects.count() == 11


def test_a_copy_is_made_only_of_a_process_without_other_threads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    assert services._start_method() == ("fork" if sys.platform.startswith("linux") else "spawn")
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    assert services._start_method() == "spawn"


def test_rows_of_one_birth_date_go_to_one_part() -> None:
    importer = PeopleImporter(services._context(ImportJob(kind="people")))
    iin = new_iin(date(2005, 3, 17), "F")
    assert iin.startswith("0")
    parts = {importer.part_of(cell, 2) for cell in (iin, iin.lstrip("0"), f" {iin} ")}
    assert len(parts) == 1
    same_day = {importer.part_of(new_iin(date(2005, 3, 17), "M"), 2) for _ in range(5)}
    assert same_day == parts
    assert importer.part_of("not an IIN", 2) == 0
    assert importer.part_of("5.50317E+11", 2) == 0


def test_a_run_continues_each_part_after_its_own_last_committed_line(tmp_path: Path) -> None:
    path, expected = _file(tmp_path)
    job = _job(path)
    parts = services._parts(job, PeopleImporter(services._context(job)))
    # The second part was imported to its end before the job's process stopped.
    services.import_part_run(job_id=job.pk, index=1, count=2, today=services._context(job).today)
    done = ImportPart.objects.get(pk=parts[1].pk)
    assert done.committed_line > 1 and done.created > 0

    job = import_job_run(job_id=job.pk)
    assert job.status == ImportStatus.DONE
    assert _counts(job) == expected
    assert Person.objects.count() == 11
    assert ImportPart.objects.get(pk=parts[1].pk).created == done.created  # nothing twice


def test_a_failed_part_fails_the_job_and_a_rerun_completes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, expected = _file(tmp_path)
    job = _job(path)
    part_task = services._part_task

    def to_a_missing_database(*args: Any) -> Any:
        task = part_task(*args)
        return task.__class__(**{**task.__dict__, "database": "jastar_no_such_database"})

    monkeypatch.setattr(services, "_part_task", to_a_missing_database)
    with pytest.raises(ImportPartFailed):
        import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert "jastar_no_such_database" in job.error
    first = ImportPart.objects.get(job=job, index=0)
    assert first.created > 0  # the first part went on and committed its rows
    assert job.created == first.created

    monkeypatch.undo()
    job = import_job_run(job_id=job.pk)
    assert job.status == ImportStatus.DONE
    assert _counts(job) == expected
    assert Person.objects.count() == 11
