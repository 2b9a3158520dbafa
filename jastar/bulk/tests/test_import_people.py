"""Importing lists of young people: formats, headers, every rejection, re-runs."""

from __future__ import annotations

import gc
import os
import threading
import types
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import translation

from jastar.analytics.tests.test_facts import assert_sources_agree
from jastar.bulk import services
from jastar.bulk.kinds.base import Checked, RowRejected
from jastar.bulk.kinds.people import PeopleImporter
from jastar.bulk.models import ImportJob, ImportStatus
from jastar.bulk.services import import_job_cancel, import_job_create, import_job_run
from jastar.bulk.tests.files import (
    PEOPLE_HEADERS_EN,
    PEOPLE_HEADERS_KK,
    PEOPLE_HEADERS_RU,
    import_file,
    write_csv,
    write_xlsx,
)
from jastar.core.models import AuditEvent
from jastar.registry.models import Person, PersonStatus, PersonStatusChange
from jastar.registry.tests.factories import PersonFactory, new_iin

pytestmark = pytest.mark.django_db

AIGERIM = new_iin(date(2003, 4, 12), "F")
DANIYAR = new_iin(date(1999, 11, 2), "M")
# Born in 2005: the IIN starts with 0, which spreadsheets drop.
ERLAN = new_iin(date(2005, 3, 17), "M")


def rows() -> list[list[object]]:
    return [
        [
            AIGERIM,
            "Сейітқалиева",
            "Әйгерім",
            "Бақытқызы",
            "Қарасай ауданы",
            "Қаскелең",
            "жұмыссыз",
            "+7 701 111 2233",
        ],
        [DANIYAR, "Омаров", "Данияр", "", "Талгарский район", "Талгар", "работает", ""],
        [ERLAN, "Ахметов", "Ерлан", "", "Konaev", "", "unemployed", ""],
    ]


def run(path: Path, *, dry_run: bool = False) -> ImportJob:
    return import_file(path, "people", dry_run=dry_run)


class FormatsTests:
    @pytest.mark.parametrize(
        ("encoding", "delimiter"),
        [("utf-8", ";"), ("utf-8-sig", ","), ("cp1251", ";"), ("utf-16", "\t")],
    )
    def test_reads_russian_headers_in_every_encoding_and_separator(
        self, tmp_path: Path, encoding: str, delimiter: str
    ) -> None:
        body = [r for r in rows() if "Қ" not in str(r[4])] if encoding == "cp1251" else rows()
        path = write_csv(
            tmp_path / "list.csv", PEOPLE_HEADERS_RU, body, encoding=encoding, delimiter=delimiter
        )
        job = run(path)
        assert (job.status, job.created, job.rejected) == (ImportStatus.DONE, len(body), 0)
        assert job.encoding == encoding.replace("utf-8-sig", "utf-8-sig")
        assert job.delimiter == delimiter

    @pytest.mark.parametrize("headers", [PEOPLE_HEADERS_KK, PEOPLE_HEADERS_EN])
    def test_recognises_kazakh_and_english_headers(
        self, tmp_path: Path, headers: list[str]
    ) -> None:
        job = run(write_csv(tmp_path / "list.csv", headers, rows()))
        assert job.created == 3
        assert set(job.mapping.values()) >= {"iin", "last_name", "district", "status"}

    def test_reads_an_xlsx_workbook_with_numeric_iins(self, tmp_path: Path) -> None:
        body = [[int(str(r[0])), *r[1:]] for r in rows()]  # Excel stores the IIN as a number
        job = run(write_xlsx(tmp_path / "list.xlsx", PEOPLE_HEADERS_RU, body))
        assert (job.file_format, job.created, job.rejected) == ("xlsx", 3, 0)
        assert Person.objects.filter(iin=ERLAN).exists()

    def test_puts_back_the_leading_zero_a_spreadsheet_dropped(self, tmp_path: Path) -> None:
        body = rows()
        body[2][0] = ERLAN.lstrip("0")
        job = run(write_csv(tmp_path / "list.csv", PEOPLE_HEADERS_RU, body))
        assert job.rejected == 0
        assert Person.objects.get(iin=ERLAN).birth_date == date(2005, 3, 17)

    def test_reads_short_names_of_education_levels(self, tmp_path: Path) -> None:
        headers = [*PEOPLE_HEADERS_RU, "Образование"]
        body = [[*r, level] for r, level in zip(rows(), ["ТиПО", "высшее", "орта"], strict=True)]
        job = run(write_csv(tmp_path / "list.csv", headers, body))
        assert job.rejected == 0
        codes = Person.objects.order_by("iin").values_list("iin", "education_level__code")
        assert dict(codes) == {AIGERIM: "tvet", DANIYAR: "bachelor", ERLAN: "general_secondary"}

    def test_splits_a_full_name_column(self, tmp_path: Path) -> None:
        headers = ["ЖСН", "Аты-жөні", "Туған күні", "Аудан", "Мәртебесі"]
        body = [[AIGERIM, "Сейітқалиева Әйгерім Бақытқызы", "12.04.2003", "Қарасай", "жұмыссыз"]]
        job = run(write_csv(tmp_path / "list.csv", headers, body))
        person = Person.objects.get(iin=AIGERIM)
        assert job.created == 1
        assert (person.last_name, person.first_name, person.patronymic) == (
            "Сейітқалиева",
            "Әйгерім",
            "Бақытқызы",
        )

    def test_a_file_without_a_required_column_is_refused_naming_it(self, tmp_path: Path) -> None:
        path = write_csv(tmp_path / "list.csv", ["ИИН", "Фамилия", "Имя"], [[AIGERIM, "А", "Б"]])
        with translation.override("en"), pytest.raises(ValidationError, match="District"):
            run(path)

    def test_an_empty_file_is_refused(self, tmp_path: Path) -> None:
        path = tmp_path / "empty.csv"
        path.write_bytes(b"")
        with translation.override("en"), pytest.raises(ValidationError, match="empty"):
            run(path)


def reasons(job: ImportJob) -> dict[int, str]:
    return {r.line: f"{r.column}: {r.reason}" for r in job.rejections.all()}


class RejectionTests:
    @pytest.mark.parametrize(
        ("cells", "expected"),
        [
            ({0: "123"}, "IIN: An IIN must have 12 digits"),
            ({0: AIGERIM[:-1] + str((int(AIGERIM[-1]) + 1) % 10)}, "check digit"),
            ({0: "5.50317E+11"}, "scientific notation"),
            ({0: new_iin(date(2015, 1, 1), "M")}, "below the youth minimum"),
            ({0: new_iin(date(1980, 1, 1), "M")}, "above the youth limit"),
            ({4: "Москва"}, "District: “Москва” is not a known district"),
            ({5: "Париж"}, "Settlement: “Париж” is not a known settlement of"),
            ({6: "космонавт"}, "Status: “космонавт” is not one of"),
            ({1: ""}, "Last name: This column is required"),
            ({4: ""}, "District: This column is required"),
        ],
    )
    def test_rejects_the_row_with_its_line_column_and_reason(
        self, tmp_path: Path, cells: dict[int, str], expected: str
    ) -> None:
        body = rows()
        for index, value in cells.items():
            body[0][index] = value
        with translation.override("en"):
            job = run(write_csv(tmp_path / "list.csv", PEOPLE_HEADERS_RU, body))
        assert (job.created, job.rejected) == (2, 1)
        assert expected in reasons(job)[2]

    def test_rejects_a_birth_date_that_disagrees_with_the_iin(self, tmp_path: Path) -> None:
        headers = [*PEOPLE_HEADERS_EN, "Birth date"]
        body = [[*rows()[0], "13.04.2003"]]
        with translation.override("en"):
            job = run(write_csv(tmp_path / "list.csv", headers, body))
        assert "does not agree with the IIN" in reasons(job)[2]

    def test_rejects_impossible_and_future_dates(self, tmp_path: Path) -> None:
        headers = [*PEOPLE_HEADERS_EN, "Registered on"]
        body = [[*rows()[0], "31.02.2025"], [*rows()[1], "01.01.2030"]]
        with translation.override("en"):
            job = run(write_csv(tmp_path / "list.csv", headers, body))
        assert "is not a real date" in reasons(job)[2]
        assert "is in the future" in reasons(job)[3]

    def test_rejects_a_bad_email(self, tmp_path: Path) -> None:
        headers = [*PEOPLE_HEADERS_EN, "Email"]
        body = [[*rows()[0], "not-an-email"]]
        with translation.override("en"):
            job = run(write_csv(tmp_path / "list.csv", headers, body))
        assert "email" in reasons(job)[2].lower()

    def test_a_repeated_row_counts_once_and_a_conflicting_one_is_rejected(
        self, tmp_path: Path
    ) -> None:
        body = rows()
        changed = list(body[1])
        changed[7] = "+7 777 000 0000"
        body += [list(body[0]), changed]
        with translation.override("en"):
            job = run(write_csv(tmp_path / "list.csv", PEOPLE_HEADERS_RU, body))
        assert (job.created, job.unchanged, job.rejected) == (3, 1, 1)
        assert "Line 3 has the same key" in reasons(job)[6]


class IdempotencyTests:
    def test_importing_the_same_file_again_changes_nothing(self, tmp_path: Path) -> None:
        path = write_csv(tmp_path / "list.csv", PEOPLE_HEADERS_RU, rows())
        run(path)
        events, history = AuditEvent.objects.count(), PersonStatusChange.objects.count()
        again = run(path)
        assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
        assert AuditEvent.objects.count() == events + 1  # only the job's own summary
        assert PersonStatusChange.objects.count() == history

    def test_an_overlapping_file_updates_and_never_duplicates(self, tmp_path: Path) -> None:
        run(write_csv(tmp_path / "first.csv", PEOPLE_HEADERS_RU, rows()[:2]))
        body = rows()
        body[0][7] = "+7 705 999 8877"
        job = run(write_csv(tmp_path / "second.csv", PEOPLE_HEADERS_RU, body))
        assert (job.created, job.updated, job.unchanged) == (1, 1, 1)
        assert Person.objects.count() == 3
        assert Person.objects.get(iin=AIGERIM).phone == "+7 705 999 8877"

    def test_empty_cells_never_erase_what_the_registry_holds(self, tmp_path: Path) -> None:
        run(write_csv(tmp_path / "first.csv", PEOPLE_HEADERS_RU, rows()))
        body = rows()
        body[0][7] = ""
        job = run(write_csv(tmp_path / "second.csv", PEOPLE_HEADERS_RU, body))
        assert job.unchanged == 3
        assert Person.objects.get(iin=AIGERIM).phone == "+7 701 111 2233"

    def test_the_same_name_in_latin_script_is_not_a_change(self, tmp_path: Path) -> None:
        run(write_csv(tmp_path / "first.csv", PEOPLE_HEADERS_RU, rows()))
        body = rows()
        body[1][1:3] = ["Omarov", "Daniiar"]
        job = run(write_csv(tmp_path / "second.csv", PEOPLE_HEADERS_RU, body))
        assert job.unchanged == 3
        assert Person.objects.get(iin=DANIYAR).last_name == "Омаров"

    def test_a_new_status_joins_the_history(self, tmp_path: Path) -> None:
        headers = [*PEOPLE_HEADERS_RU, "Статус с"]
        first = [[*row, "01.02.2026"] for row in rows()]
        run(write_csv(tmp_path / "first.csv", headers, first))
        body = rows()
        body[0][6] = "работает"
        job = run(write_csv(tmp_path / "second.csv", PEOPLE_HEADERS_RU, body))
        person = Person.objects.get(iin=AIGERIM)
        assert job.updated == 1
        assert (person.status, person.status_since) == (PersonStatus.EMPLOYED, date(2026, 6, 15))
        assert [c.status for c in person.status_changes.all()] == ["employed", "unemployed"]

    def test_a_status_dated_before_the_current_one_only_joins_the_history(
        self, tmp_path: Path
    ) -> None:
        headers = [*PEOPLE_HEADERS_RU, "Статус с"]
        run(write_csv(tmp_path / "first.csv", headers, [[*row, "01.02.2026"] for row in rows()]))
        body = [[*row, "01.09.2025"] for row in rows()]
        body[0][6] = "учится"
        job = run(write_csv(tmp_path / "second.csv", headers, body))
        person = Person.objects.get(iin=AIGERIM)
        assert job.updated == 1
        assert person.status == PersonStatus.UNEMPLOYED
        assert [c.status for c in person.status_changes.all()] == ["unemployed", "in_education"]

    def test_dry_run_writes_nothing_but_counts_the_same(self, tmp_path: Path) -> None:
        path = write_csv(tmp_path / "list.csv", PEOPLE_HEADERS_RU, rows())
        job = run(path, dry_run=True)
        assert (job.created, job.rejected) == (3, 0)
        assert not Person.objects.exists()

    def test_aggregates_stay_exact(self, tmp_path: Path) -> None:
        PersonFactory()
        run(write_csv(tmp_path / "first.csv", PEOPLE_HEADERS_RU, rows()))
        body = rows()
        body[0][6] = "работает"
        body[1][4] = "Қарасай ауданы"
        body[1][5] = ""
        run(write_csv(tmp_path / "second.csv", PEOPLE_HEADERS_RU, body))
        assert_sources_agree()


class KillAndRerunTests:
    def test_a_killed_import_keeps_its_batches_and_a_rerun_completes_it(
        self, tmp_path: Path, settings
    ) -> None:
        settings.JASTAR_IMPORT_BATCH_SIZE = 2
        body = [
            [
                new_iin(date(2000, 1, 1 + i), "M"),
                "Асанов",
                f"Ұлан{i}",
                "",
                "Талғар",
                "",
                "жұмыссыз",
                "",
            ]
            for i in range(7)
        ]
        path = write_csv(tmp_path / "list.csv", PEOPLE_HEADERS_KK, body)
        with path.open("rb") as handle:
            job = import_job_create(actor=None, kind="people", upload=handle, file_name="list.csv")

        class Killed(BaseException):
            pass

        def kill_after_second_batch(job: ImportJob) -> None:
            if job.rows_done >= 4:
                raise Killed

        with pytest.raises(Killed):
            import_job_run(job_id=job.pk, progress=kill_after_second_batch)
        job.refresh_from_db()
        assert (job.status, job.created, job.committed_line) == (ImportStatus.FAILED, 4, 5)
        assert Person.objects.count() == 4

        job = import_job_run(job_id=job.pk)
        assert (job.status, job.created, job.unchanged) == (ImportStatus.DONE, 7, 0)
        assert Person.objects.count() == 7


class MemoryTests:
    def test_checking_and_writing_rows_makes_no_reference_cycles(self, tmp_path: Path) -> None:
        """The import runs without the cycle collector (services._tuned_for_a_long_run).

        A row, good or refused, must be freed as soon as nothing refers to it: a cycle
        through a row (an exception kept with its frames, say) would keep its whole batch
        alive until a collection found it.
        """
        wrong_digit = AIGERIM[:-1] + str((int(AIGERIM[-1]) + 1) % 10)
        bad = [
            [wrong_digit, "Әлиев", "Асқар", "", "Konaev", "", "жұмыссыз", ""],
            [DANIYAR, "Омаров", "Данияр", "", "Москва", "", "работает", ""],
            [new_iin(date(1980, 1, 1), "M"), "Сейітов", "Нұрлан", "", "Konaev", "", "работает", ""],
        ]
        first = write_csv(tmp_path / "first.csv", PEOPLE_HEADERS_RU, [*rows()[:2], *bad])
        changed = rows()
        changed[0][7] = "+7 705 999 8877"  # an update, a new row and an unchanged one
        changed[1][6] = "космонавт"
        second = write_csv(tmp_path / "second.csv", PEOPLE_HEADERS_RU, changed)
        email = [[*rows()[2], "not-an-email"]]
        third = write_csv(tmp_path / "third.csv", [*PEOPLE_HEADERS_EN, "Email"], email)
        gc.collect()
        gc.disable()
        gc.set_debug(gc.DEBUG_SAVEALL)
        try:
            jobs = [run(first), run(second), run(third)]
            gc.collect()
            kept = [type(o).__name__ for o in gc.garbage if isinstance(o, _ROW_OBJECTS)]
        finally:
            gc.set_debug(0)
            gc.garbage.clear()
            gc.enable()
        counts = [(j.created, j.updated, j.rejected) for j in jobs]
        assert counts == [(2, 0, 3), (1, 1, 1), (0, 0, 1)]
        assert kept == []


_ROW_OBJECTS = (Checked, Person, RowRejected, types.FrameType, types.TracebackType)


def _plan_settings() -> tuple[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        durable = cursor.fetchone()[0]
        cursor.execute("SHOW enable_seqscan")
        return durable, cursor.fetchone()[0]


def _seven_people(tmp_path: Path) -> Path:
    body: list[list[object]] = [
        [new_iin(date(2000, 1, 1 + i), "M"), "Асанов", f"Ұлан{i}", "", "Талғар", "", "жұмыссыз", ""]
        for i in range(7)
    ]
    body.insert(3, ["123", "Бекұлы", "Арман", "", "Талғар", "", "жұмыссыз", ""])  # a bad IIN
    return write_csv(tmp_path / "list.csv", PEOPLE_HEADERS_KK, body)


@pytest.mark.django_db(transaction=True)
class WriterThreadTests:
    """Outside a transaction, batches are written by a second thread (jastar.bulk.services)."""

    @pytest.fixture(autouse=True)
    def _small_batches(self, settings) -> None:
        settings.JASTAR_IMPORT_BATCH_SIZE = 2
        settings.JASTAR_IMPORT_WRITER_THREAD = True

    def test_every_batch_is_written_by_the_writer_in_file_order(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        flush = services._flush
        written: list[tuple[str, list[int]]] = []

        def recording(
            job: ImportJob, importer: object, batch: services._Batch, part: object
        ) -> bool:
            lines = [row.line for row in batch.good] + [row.line for row, _p in batch.bad]
            written.append((threading.current_thread().name, sorted(lines)))
            return flush(job, importer, batch, part)  # type: ignore[arg-type]

        monkeypatch.setattr(services, "_flush", recording)
        job = import_file(_seven_people(tmp_path), "people")
        assert (job.status, job.created, job.rejected) == (ImportStatus.DONE, 7, 1)
        assert {name for name, _lines in written} == {f"import-{job.pk}-writer"}
        assert [lines for _name, lines in written] == [[2, 3], [4, 5], [6, 7], [8, 9]]
        assert Person.objects.count() == 7
        assert reasons(job).keys() == {5}
        assert_sources_agree()

    @pytest.mark.parametrize(
        ("setting", "processes", "cores", "thread"),
        [
            (True, 1, 1, True),  # one process: always
            (True, 2, 2, False),  # two on two cores keep both busy without it
            (True, 2, 4, True),  # two cores each
            (True, 3, 5, False),
            (False, 1, 8, False),  # switched off
        ],
    )
    def test_a_second_thread_writes_where_a_core_is_free_for_it(
        self, settings, monkeypatch: pytest.MonkeyPatch, setting, processes, cores, thread
    ) -> None:
        settings.JASTAR_IMPORT_WRITER_THREAD = setting
        monkeypatch.setattr(os, "cpu_count", lambda: cores)
        assert services._writer_thread(processes) is thread

    @pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL settings")
    def test_a_batch_tunes_its_own_transaction_and_nothing_else(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        write = PeopleImporter.write
        seen: list[tuple[str, str]] = []

        def showing(self: PeopleImporter, rows: list[Checked], *, job_id: int) -> object:
            seen.append(_plan_settings())
            return write(self, rows, job_id=job_id)

        monkeypatch.setattr(PeopleImporter, "write", showing)
        job = import_file(_seven_people(tmp_path), "people")
        assert job.status == ImportStatus.DONE
        # Every batch: commits without waiting for the disk, no scans where an index serves.
        assert seen == [("off", "off")] * 4
        # The settings ended with each batch's transaction.
        assert _plan_settings() == ("on", "on")

    def test_a_failing_batch_stops_the_import_and_a_rerun_completes_it(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        write = PeopleImporter.write
        calls = []

        def failing(self: PeopleImporter, rows: list[Checked], *, job_id: int) -> object:
            calls.append(len(rows))
            if len(calls) == 2:
                raise RuntimeError("the database went away")
            return write(self, rows, job_id=job_id)

        monkeypatch.setattr(PeopleImporter, "write", failing)
        with _seven_people(tmp_path).open("rb") as handle:
            job = import_job_create(actor=None, kind="people", upload=handle, file_name="l.csv")
        with pytest.raises(RuntimeError, match="went away"):
            import_job_run(job_id=job.pk)
        job.refresh_from_db()
        assert (job.status, job.created, job.committed_line) == (ImportStatus.FAILED, 2, 3)
        assert "went away" in job.error
        assert Person.objects.count() == 2

        monkeypatch.setattr(PeopleImporter, "write", write)
        job = import_job_run(job_id=job.pk)
        assert (job.status, job.created, job.rejected) == (ImportStatus.DONE, 7, 1)
        assert Person.objects.count() == 7
        assert_sources_agree()

    def test_cancelling_stops_before_the_next_batch(self, tmp_path: Path) -> None:
        with _seven_people(tmp_path).open("rb") as handle:
            job = import_job_create(actor=None, kind="people", upload=handle, file_name="l.csv")

        def cancel_after_the_first_batch(running: ImportJob) -> None:
            if running.rows_done == 2:
                import_job_cancel(actor=None, job=ImportJob.objects.get(pk=running.pk))

        job = import_job_run(job_id=job.pk, progress=cancel_after_the_first_batch)
        job.refresh_from_db()
        assert (job.status, job.created) == (ImportStatus.CANCELLED, 2)
        assert Person.objects.count() == 2

    def test_a_dry_run_counts_every_batch_and_writes_nothing(self, tmp_path: Path) -> None:
        job = import_file(_seven_people(tmp_path), "people", dry_run=True)
        assert (job.status, job.created, job.rejected) == (ImportStatus.DONE, 7, 1)
        assert not Person.objects.exists()
        assert not PersonStatusChange.objects.exists()

    def test_reasons_are_written_in_the_language_of_the_import(self, tmp_path: Path) -> None:
        body: list[list[object]] = [
            [new_iin(date(2001, 2, 3), "M"), "", "Ұлан", "", "Талғар", "", "жұмыссыз", ""]
        ]
        path = write_csv(tmp_path / "list.csv", PEOPLE_HEADERS_KK, body)
        for language, expected in (
            ("en", "This column is required and the cell is empty."),
            ("ru", "Этот столбец обязателен, а ячейка пуста."),
        ):
            with path.open("rb") as handle:
                job = import_job_create(
                    actor=None,
                    kind="people",
                    upload=handle,
                    file_name="list.csv",
                    dry_run=True,
                    language=language,
                )
            job = import_job_run(job_id=job.pk)
            assert [r.reason for r in job.rejections.all()] == [expected]

    def test_audit_events_keep_the_address_of_the_request(self, tmp_path: Path) -> None:
        from jastar.core.audit import _request_ip

        token = _request_ip.set("10.0.0.7")
        try:
            job = import_file(_seven_people(tmp_path), "people")
        finally:
            _request_ip.reset(token)
        events = AuditEvent.objects.filter(target_type="registry.person")
        assert job.created == 7 and events.count() == 7
        assert set(events.values_list("ip_address", flat=True)) == {"10.0.0.7"}
