"""Importing a file: job, mapping, batches committed one by one, resuming after a kill.

The flow is the same from the command line and the web page:

1. ``import_job_create`` stores the file, detects its encoding, separator and column
   mapping (or applies a saved one) and counts its rows;
2. ``import_preview`` shows what the first rows would become;
3. ``import_job_run`` (directly, or as a background task) reads the rows, checks each
   one, and commits good rows in batches. Each batch, its rejected rows and the job's
   position in the file are committed together, so a process killed mid-file loses
   nothing already committed, and running the job again continues after the last
   committed line. Rows are upserted by their key (IIN, BIN, external id), so re-running
   a whole file changes nothing.
"""

from __future__ import annotations

import contextvars
import gc
import hashlib
import multiprocessing
import os
import queue
import socket
import sys
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Min, Sum
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jastar.bulk.kinds.base import (
    BatchOutcome,
    Checked,
    Context,
    DividedImporter,
    Importer,
    Problem,
    Refused,
    RowRejected,
)
from jastar.bulk.models import (
    UNFINISHED,
    ColumnMapping,
    ImportCounts,
    ImportJob,
    ImportKind,
    ImportPart,
    ImportRejection,
    ImportStatus,
)
from jastar.bulk.reading import FileFormatError, Keep, Row, Table, open_table
from jastar.bulk.registry import importer_path, schema_for
from jastar.bulk.schema import Schema, mapping_from_names, missing_columns
from jastar.core.audit import Actor, actor_user, audit_record
from jastar.core.bulk_insert import insert_values
from jastar.core.models import AuditAction
from jastar.core.outage import through_outage
from jastar.core.signals import bulk_writes

if TYPE_CHECKING:
    from jastar.bulk.parts import PartTask

# A running job that has shown no sign of life for this long is taken to be dead.
STALE_AFTER: Final = timedelta(minutes=5)
_FILE_ERRORS: Final = {
    "empty": _("The file is empty."),
    "xlsx": _("The file looks like an XLSX workbook but cannot be opened; is it damaged?"),
    "xls": _("Old Excel files (.xls) are not supported: save the file as XLSX or CSV."),
}

Progress = Callable[[ImportJob], None]


class ImportBusy(Exception):
    """Another live process is importing this job right now."""


def importer_for(kind: str, context: Context) -> Importer:
    path = importer_path(kind)
    if path is None:
        raise LookupError(kind)
    importer: Importer = import_string(path)(context)
    return importer


def file_sha256(handle: IO[bytes]) -> str:
    """The SHA-256 of a file, read in chunks; the handle is rewound."""
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(1024 * 1024), b""):
        digest.update(chunk)
    handle.seek(0)
    return digest.hexdigest()


def _table(job: ImportJob) -> Table:
    try:
        return open_table(Path(job.file.path))
    except FileFormatError as err:
        raise ValidationError(_FILE_ERRORS.get(str(err), _FILE_ERRORS["empty"])) from None


# --- Creating a job ---------------------------------------------------------------------


@transaction.atomic
def import_job_create(
    *,
    actor: Actor,
    kind: str,
    upload: IO[bytes],
    file_name: str,
    dry_run: bool = False,
    mapping_name: str = "",
    mapping: Mapping[str, str] | None = None,
    language: str | None = None,
) -> ImportJob:
    """Store a file to import and work out how its columns map to ``kind``'s columns.

    ``mapping_name`` applies a saved mapping; ``mapping`` (``{header: column key}``)
    overrides single headers. Refuses a file that cannot be read or lacks a required
    column, naming what is missing. Nothing is imported yet.
    """
    if kind not in ImportKind.values or importer_path(kind) is None:
        raise ValidationError({"kind": _("Unknown list %(kind)s.") % {"kind": kind}})
    sha256 = file_sha256(upload)
    job = ImportJob(
        kind=kind,
        file_name=Path(file_name).name[:255],
        sha256=sha256,
        dry_run=dry_run,
        language=language or translation.get_language() or settings.LANGUAGE_CODE,
        created_by=actor_user(actor),
    )
    job.file.save(job.file_name, File(upload), save=False)
    try:
        _describe_file(job, mapping_name, mapping or {})
    except ValidationError:
        job.file.delete(save=False)  # a refused file is not kept
        raise
    job.save()
    return job


def _describe_file(job: ImportJob, mapping_name: str, mapping: Mapping[str, str]) -> None:
    table = _table(job)
    headers, rows = table.rows()
    _close(rows)
    named = _saved_mapping(job.kind, mapping_name)
    columns = mapping_from_names(schema_for(job.kind), headers, {**named, **mapping})
    job.mapping_name = mapping_name
    job.headers = headers
    job.mapping = {str(index): key for index, key in columns.items()}
    job.file_format = "xlsx" if not table.encoding else "csv"
    job.encoding, job.delimiter = table.encoding, table.delimiter
    job.total_rows = table.count()
    _check_mapping(job)


def _close(rows: Iterator[Row]) -> None:
    close = getattr(rows, "close", None)
    if close is not None:
        close()


def _saved_mapping(kind: str, name: str) -> dict[str, str]:
    if not name:
        return {}
    saved = ColumnMapping.objects.filter(kind=kind, name=name).first()
    if saved is None:
        raise ValidationError(
            {"mapping_name": _("There is no saved mapping called “%(name)s”.") % {"name": name}}
        )
    return dict(saved.columns)


def _check_mapping(job: ImportJob) -> None:
    schema = schema_for(job.kind)
    keys = list(job.mapping.values())
    missing = missing_columns(schema, keys)
    if missing:
        labels = ", ".join(str(schema.column(k).label) for k in missing)
        raise ValidationError(
            _("The file has no column for: %(columns)s. Its headers are: %(headers)s.")
            % {"columns": labels, "headers": ", ".join(job.headers) or "—"}
        )
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    if repeated:
        raise ValidationError(
            _("Several file columns are mapped to: %(columns)s.")
            % {"columns": ", ".join(str(schema.column(k).label) for k in repeated)}
        )


@transaction.atomic
def import_job_set_mapping(*, job: ImportJob, columns: Mapping[int, str]) -> ImportJob:
    """Replace the column mapping of a job not started yet: ``{header index: key}``."""
    if job.status != ImportStatus.PENDING:
        raise ValidationError(_("This import has already started; its mapping is fixed."))
    schema = schema_for(job.kind)
    unknown = [k for k in columns.values() if k and k not in schema.keys]
    if unknown:
        raise ValidationError(_("Unknown columns: %(keys)s.") % {"keys": ", ".join(unknown)})
    job.mapping = {str(i): k for i, k in columns.items() if k and 0 <= i < len(job.headers)}
    _check_mapping(job)
    job.save(update_fields=["mapping", "updated_at"])
    return job


@transaction.atomic
def column_mapping_save(*, actor: Actor, job: ImportJob, name: str) -> ColumnMapping:
    """Save ``job``'s mapping under ``name`` for the sender's next file (replacing one)."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the mapping a name.")})
    columns = {job.headers[int(i)]: key for i, key in job.mapping.items()}
    saved, _created = ColumnMapping.objects.update_or_create(
        kind=job.kind,
        name=name[:100],
        defaults={"columns": columns, "created_by": actor_user(actor)},
    )
    audit_record(actor=actor, action=AuditAction.UPDATE, target=saved, summary=saved.name)
    return saved


# --- Previewing ------------------------------------------------------------------------


@dataclass(frozen=True)
class PreviewRow:
    line: int
    cells: list[str]
    problems: list[Problem]


def import_preview(*, job: ImportJob, limit: int = 10) -> list[PreviewRow]:
    """The first rows of the file and what the checks say about each (nothing written)."""
    importer = importer_for(job.kind, _context(job))
    _headers, rows = _table(job).rows()
    preview = []
    try:
        for row in rows:
            problems: list[Problem] = []
            try:
                importer.check(_values(row, job.column_keys()))
            except RowRejected as err:
                problems = err.problems
            preview.append(PreviewRow(row.line, row.cells, problems))
            if len(preview) >= limit:
                break
    finally:
        _close(rows)
    return preview


def _context(job: ImportJob) -> Context:
    return Context(actor=job.created_by, today=timezone.localdate())


def _values(row: Row, columns: Mapping[int, str]) -> dict[str, str]:
    cells = row.cells
    return {key: cells[i] if i < len(cells) else "" for i, key in columns.items()}


# --- Running ---------------------------------------------------------------------------


def _worker() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _alive(job: ImportJob) -> bool:
    """Whether another process may still be running ``job``."""
    if job.status != ImportStatus.RUNNING or job.heartbeat_at is None:
        return False
    host, _sep, pid = job.worker.partition(":")
    if host == socket.gethostname() and pid.isdigit():
        if int(pid) == os.getpid():
            return False  # this very process, after an earlier attempt ended
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return False  # killed: the job may continue
        except PermissionError:
            return True
        return True
    return timezone.now() - job.heartbeat_at < STALE_AFTER


@transaction.atomic
def _claim(job_id: int) -> ImportJob:
    job = ImportJob.objects.select_for_update().get(pk=job_id)
    if job.finished:
        return job
    if _alive(job):
        raise ImportBusy(job.worker)
    now = timezone.now()
    job.status = ImportStatus.RUNNING
    job.started_at = job.started_at or now
    job.heartbeat_at = now
    job.worker = _worker()
    job.error = ""
    job.save(update_fields=["status", "started_at", "heartbeat_at", "worker", "error"])
    return job


def import_job_run(*, job_id: int, progress: Progress | None = None) -> ImportJob:
    """Import the job's file from where it stopped; returns the job with its counts.

    Safe to call again on a job that failed or whose process was killed: it continues
    after the last committed line. A finished job is returned as it is.
    """
    job = _claim(job_id)
    if job.finished:
        return job
    with translation.override(job.language):
        try:
            _run(job, progress)
        except BaseException as err:
            _fail(job, err)
            raise
    return job


def _fail(job: ImportJob, err: BaseException) -> None:
    message = str(err) or err.__class__.__name__
    if isinstance(err, KeyboardInterrupt | SystemExit):
        message = gettext("Interrupted; run the import again to continue.")
    # Recorded even when the failure is a lost connection (the database restarting).
    through_outage(
        lambda: ImportJob.objects.filter(pk=job.pk, status=ImportStatus.RUNNING).update(
            status=ImportStatus.FAILED, error=message[:2000], updated_at=timezone.now()
        )
    )


class _Batch:
    """Rows gathered for one transaction."""

    def __init__(self) -> None:
        self.good: list[Checked] = []
        self.bad: Refused = []
        self.repeats = 0
        self.last_line = 0

    def __len__(self) -> int:
        return len(self.good) + len(self.bad) + self.repeats


# During an import the cycle collector runs only as a full collection every this many batches.
COLLECT_EVERY: Final = 10


@contextmanager
def _tuned_for_a_long_run() -> Iterator[None]:
    """Python's cycle collector and thread switching set for a long import, then put back.

    An import makes a few dozen objects per row that live until their batch is written.
    Left to itself, the cycle collector would walk each of them once or twice as they age
    (about 2 s of CPU in a 200,000-row import) and find nothing to free: checking and
    writing rows makes no reference cycles (a test holds to it). So it does not run by
    itself during the import; :func:`_run_rows` makes a full collection every
    :data:`COLLECT_EVERY` batches instead, which also frees whatever cycles other threads
    make meanwhile. What exists when the import starts is set aside (frozen) first.
    """
    interval, enabled = sys.getswitchinterval(), gc.isenabled()
    gc.freeze()
    gc.disable()
    # The writer thread waits for the database many times per batch; each time the answer
    # comes, it must get the interpreter back from the thread checking rows, which gives
    # it up only every switch interval (5 ms by default).
    sys.setswitchinterval(min(interval, 0.001))
    try:
        yield
    finally:
        sys.setswitchinterval(interval)
        if enabled:
            gc.enable()
        gc.unfreeze()


def _run(job: ImportJob, progress: Progress | None) -> None:
    importer = importer_for(job.kind, _context(job))
    parts = _parts(job, importer)
    with _tuned_for_a_long_run():
        if parts:
            done = _run_parts(job, importer, parts, progress)
        else:
            done = _run_rows(job, importer, None, progress)
    if not done:
        return  # cancelled
    _finish(job)
    if progress:
        progress(job)


@dataclass(frozen=True)
class _Part:
    """The rows one of several processes imports: those ``part_of`` puts in ``row.index``."""

    row: ImportPart
    count: int


def _run_rows(
    job: ImportJob, importer: Importer, part: _Part | None, progress: Progress | None
) -> bool:
    """Import the rows of the file (or of one part) not committed yet; False if cancelled."""
    columns = job.column_keys()
    size = settings.JASTAR_IMPORT_BATCH_SIZE
    seen: dict[Any, tuple[int, int]] = {}
    after = job.committed_line if part is None else part.row.committed_line
    _headers, rows = _table(job).rows(keep=_rows_of(job, importer, part))
    batch = _Batch()
    writer = _Writer(job, importer, part, progress)
    batches = 0
    try:
        for row in rows:
            if row.line <= after:
                continue
            _take(importer, row, columns, seen, batch)
            if len(batch) >= size:
                if not writer.put(batch):
                    break
                batch = _Batch()
                batches += 1
                if batches % COLLECT_EVERY == 0:
                    gc.collect()
        else:
            if len(batch):
                writer.put(batch)
    finally:
        _close(rows)
        writer.close()
    return not writer.stopped


# --- Several processes ------------------------------------------------------------------


def _part_count(job: ImportJob, importer: Importer) -> int:
    """How many processes import the job: ``JASTAR_IMPORT_WORKERS`` where that pays.

    One when the importer cannot divide its rows, on SQLite (one writer at a time), inside
    an open transaction (tests: every row must stay in it), for a file under five batches
    (a process takes about a second to start), and for a job an earlier run began in one
    process (it continues as it began).
    """
    workers: int = settings.JASTAR_IMPORT_WORKERS
    if (
        workers < 2
        or not hasattr(importer, "part_of")
        or connection.vendor != "postgresql"
        or connection.in_atomic_block
        or job.committed_line > 1
        or (job.total_rows or 0) < 5 * settings.JASTAR_IMPORT_BATCH_SIZE
    ):
        return 1
    return workers


def _parts(job: ImportJob, importer: Importer) -> list[ImportPart]:
    """The job's parts, made on its first run; none when one process imports it all."""
    parts = list(job.parts.order_by("index"))
    if parts:
        return parts  # a run that was stopped: its parts continue where each one was
    count = _part_count(job, importer)
    if count < 2:
        return []
    ImportPart.objects.bulk_create([ImportPart(job=job, index=i) for i in range(count)])
    return list(job.parts.order_by("index"))


def _rows_of(job: ImportJob, importer: Importer, part: _Part | None) -> Keep | None:
    """Whether a row, its cells as read, belongs to ``part`` (None: every row does)."""
    if part is None:
        return None
    divided = cast(DividedImporter, importer)
    index, count, part_of = part.row.index, part.count, divided.part_of
    column = next((int(i) for i, key in job.mapping.items() if key == divided.part_column), None)
    if column is None:
        return lambda cells: index == 0  # no such column: the first part takes every row

    def mine(cells: list[str]) -> bool:
        return part_of(cells[column] if column < len(cells) else "", count) == index

    return mine


class ImportPartFailed(Exception):
    """A process importing a part of the job stopped on an error."""


def _run_parts(
    job: ImportJob, importer: Importer, parts: list[ImportPart], progress: Progress | None
) -> bool:
    """Import the first part here while a process of its own imports each other part.

    The other processes end with this one (:mod:`jastar.bulk.parts`). If one fails, the
    job fails with its error once the others are done; a re-run continues every part
    after its own last committed line.
    """
    from jastar.bulk.parts import run_part

    context: Any = multiprocessing.get_context(_start_method())
    if context.get_start_method() == "fork":
        connection.close()  # a copy of this process must not share its connection
    helpers = []
    try:
        for part in parts[1:]:
            task = _part_task(job, part, len(parts))
            receive, send = context.Pipe(duplex=False)
            process = context.Process(
                target=run_part,
                args=(task, send),
                name=f"import-{job.pk}-part-{part.index}",
                daemon=True,
            )
            process.start()
            send.close()
            helpers.append((part.index, process, receive))
        done = _run_rows(job, importer, _Part(parts[0], len(parts)), progress)
    except BaseException:
        for _index, process, _receive in helpers:
            process.terminate()
        raise
    finally:
        for _index, process, _receive in helpers:
            process.join()
    failures = []
    for index, process, receive in helpers:
        message = receive.recv() if receive.poll() else ""
        if process.exitcode != 0 or message:
            failures.append(f"{index}: {message or f'exit code {process.exitcode}'}")
        receive.close()
    with transaction.atomic():
        _add_up_parts(job)
    if failures:
        raise ImportPartFailed(
            gettext("A part of the import failed (%(parts)s).") % {"parts": "; ".join(failures)}
        )
    return done and not ImportJob.objects.filter(pk=job.pk, status=ImportStatus.CANCELLED).exists()


def _start_method() -> str:
    """How the processes of the other parts start: as copies of this one where that is safe.

    A copy (fork) starts in milliseconds with Django and the reference data loaded, but
    only a process with no other thread may be copied (a thread holding a lock would leave
    it held for ever in the copy), and only on Linux. Elsewhere each starts a new
    interpreter and sets Django up again (about a second).
    """
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return "fork"
    return "spawn"


def _part_task(job: ImportJob, part: ImportPart, count: int) -> PartTask:
    """What the process importing ``part`` needs to know of this one's settings."""
    from jastar.bulk.parts import PartTask

    return PartTask(
        job_id=job.pk,
        index=part.index,
        count=count,
        today=_context(job).today,
        parent_pid=os.getpid(),
        settings_module=os.environ.get("DJANGO_SETTINGS_MODULE", "jastar.config.settings"),
        database=str(connection.settings_dict["NAME"]),
        media_root=str(settings.MEDIA_ROOT),
        batch_size=settings.JASTAR_IMPORT_BATCH_SIZE,
        writer_thread=settings.JASTAR_IMPORT_WRITER_THREAD,
    )


def import_part_run(*, job_id: int, index: int, count: int, today: date) -> None:
    """Import part ``index`` of ``count`` of a running job (in a process _run_parts started).

    ``today`` is the day of the job's own process, so that every part registers people
    on the same day.
    """
    job = ImportJob.objects.get(pk=job_id)
    part = ImportPart.objects.get(job=job, index=index)
    with translation.override(job.language), _tuned_for_a_long_run():
        # Made in the import's language: the importer words some reasons in advance.
        importer = importer_for(job.kind, Context(actor=job.created_by, today=today))
        _run_rows(job, importer, _Part(part, count), None)


def _add_up_parts(job: ImportJob) -> None:
    """The job's counts as the sums of its parts' (and where every part has come to)."""
    counts = ImportCounts.COUNTS  # the same fields on the job and on its parts
    parts = ImportPart.objects.filter(job=job)
    totals = parts.aggregate(**{name: Sum(name) for name in counts}, line=Min("committed_line"))
    for name in counts:
        setattr(job, name, totals[name] or 0)
    job.rows_done = job.read
    job.committed_line = totals["line"] or job.committed_line
    job.heartbeat_at = timezone.now()
    job.save(update_fields=[*counts, "rows_done", "committed_line", "heartbeat_at"])


def _writer_thread(processes: int) -> bool:
    """Whether each of ``processes`` importing one file writes its batches in a second thread.

    The thread overlaps the database's work on one batch with checking the next, which
    pays when a core is free for it: always worth it for one process
    (``JASTAR_IMPORT_WRITER_THREAD``, on by default), but several processes keep the cores
    busy with each other's work. They use the thread only with two cores each: two
    processes on two cores, 200,000 rows, took 16.6-17.0 s without it and 17.4-18.1 s with
    it (the interpreter lock passed back and forth every millisecond costs more than
    the overlap brings).
    """
    if not settings.JASTAR_IMPORT_WRITER_THREAD:
        return False
    return processes == 1 or (os.cpu_count() or 1) >= 2 * processes


class _Writer:
    """Writes the batches (:func:`_flush`) while the rows of the next one are read and checked.

    Checking rows is work for this process; writing a batch is mostly the database's. A
    second thread with its own connection writes each batch as it is handed over, so the
    two overlap; the hand-over holds one batch, so reading never runs more than two batches
    ahead of what is committed. Batches are still written one at a time, in file order,
    each in its own transaction. Inside a transaction (tests), or without the thread
    (:func:`_writer_thread`), batches are written in this thread instead.
    Errors in the writer come out of :meth:`close`.
    """

    def __init__(
        self, job: ImportJob, importer: Importer, part: _Part | None, progress: Progress | None
    ) -> None:
        self.job, self.importer, self.part, self.progress = job, importer, part, progress
        # The thread speaks the import's language too (rejection reasons, history notes).
        self.language = translation.get_language()
        self.stopped = False  # the import was cancelled
        self.error: BaseException | None = None
        self.queue: queue.Queue[_Batch | None] = queue.Queue(maxsize=1)
        self.done = threading.Event()
        self.thread: threading.Thread | None = None
        if _writer_thread(part.count if part else 1) and not connection.in_atomic_block:
            # In this thread's context: the audit events keep the request's address.
            context = contextvars.copy_context()
            self.thread = threading.Thread(
                target=context.run, args=(self._loop,), name=f"import-{job.pk}-writer", daemon=True
            )
            self.thread.start()

    def put(self, batch: _Batch) -> bool:
        """Hand a batch over; False when no more are wanted (cancelled, or the writer failed)."""
        if self.thread is None:
            self._write(batch)
            return not self.stopped
        return self._hand_over(batch)

    def _hand_over(self, item: _Batch | None) -> bool:
        """Queue ``item`` for the thread; False if the thread ended before taking it."""
        while not self.done.is_set():
            try:
                self.queue.put(item, timeout=0.2)
                return True
            except queue.Full:
                continue
        return False

    def _write(self, batch: _Batch) -> None:
        if not _flush(self.job, self.importer, batch, self.part):
            self.stopped = True
        elif self.progress:
            self.progress(self.job)

    def _loop(self) -> None:
        try:
            with translation.override(self.language):
                while (batch := self.queue.get()) is not None:
                    self._write(batch)
                    if self.stopped:
                        return
        except BaseException as err:  # noqa: BLE001 (raised again by close())
            self.error = err
        finally:
            self.done.set()
            connection.close()  # this thread's own connection

    def close(self) -> None:
        """Wait until the batches handed over are written; raise the writer's error, if any."""
        if self.thread is not None:
            self._hand_over(None)  # the end: the thread stops after the batches before it
            self.thread.join()
        if self.error is not None:
            raise self.error


def _take(
    importer: Importer,
    row: Row,
    columns: Mapping[int, str],
    seen: dict[Any, tuple[int, int]],
    batch: _Batch,
) -> None:
    batch.last_line = row.line
    try:
        checked = importer.check(_values(row, columns))
    except RowRejected as err:
        batch.bad.append((Checked(row.line, None, {}, cells=row.cells), err.problems))
        return
    checked.line, checked.cells = row.line, row.cells
    earlier = seen.get(checked.key)
    if earlier is None:
        seen[checked.key] = (row.line, checked.fingerprint)
        batch.good.append(checked)
    elif earlier[1] == checked.fingerprint:
        batch.repeats += 1  # the same row again: nothing to do
    else:
        message = _("Line %(line)d has the same key with different values; that line was kept.") % {
            "line": earlier[0]
        }
        batch.bad.append((checked, [Problem("", message)]))


def _flush(job: ImportJob, importer: Importer, batch: _Batch, part: _Part | None) -> bool:
    """Write one batch and record it; False when the job was cancelled meanwhile."""
    if ImportJob.objects.filter(pk=job.pk, status=ImportStatus.CANCELLED).exists():
        job.status = ImportStatus.CANCELLED
        return False
    with transaction.atomic():
        _batch_settings()
        outcome, refused = _write(job, importer, batch.good)
        outcome.unchanged += batch.repeats
        if job.dry_run:
            transaction.set_rollback(True)
        else:
            _record(job, part, outcome, [*batch.bad, *refused], batch.last_line)
    if job.dry_run:
        with transaction.atomic():
            _record(job, part, outcome, [*batch.bad, *refused], batch.last_line)
    return True


def _batch_settings() -> None:
    """How PostgreSQL runs this batch's transaction.

    - Its commit returns before its record reaches the disk. A batch and the job's
      position in the file commit together, so a batch lost to a server crash in the
      instant after its commit is simply imported again by the re-run that continues the
      job; the database stays consistent either way.
    - No sequential scans where an index serves. Every statement of a batch finds rows by
      a key (IINs, ids, duplicate keys, aggregate keys), but the statistics of a table the
      import is growing lag behind it. With 190,000 people in a registry the planner
      believed held 13,000, it scanned the table for a batch of 4,000 keys: 34 ms for the
      IIN lookup and 126 ms for the duplicate check, against 12 and 20 ms by the indexes.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
            cursor.execute("SET LOCAL enable_seqscan TO OFF")


def _write(
    job: ImportJob, importer: Importer, rows: Sequence[Checked]
) -> tuple[BatchOutcome, Refused]:
    """Write the rows; if the database refuses the batch, find the rows it refuses."""
    try:
        with transaction.atomic(), bulk_writes(ImportJob, scoped=True) as changes:
            outcome, refused = importer.write(rows, job_id=job.pk)
            changes.person_ids.update(outcome.person_ids)
            changes.registered.extend(outcome.registered)
        return outcome, refused
    except IntegrityError:
        pass
    total, refused = BatchOutcome(), []
    for row in rows:
        try:
            with transaction.atomic(), bulk_writes(ImportJob, scoped=True) as changes:
                one, bad = importer.write([row], job_id=job.pk)
                changes.person_ids.update(one.person_ids)
                changes.registered.extend(one.registered)
        except IntegrityError as err:
            message = _("The database refused the row: %(error)s") % {"error": err}
            refused.append((row, [Problem("", message)]))
            continue
        refused.extend(bad)
        for name in ("created", "updated", "unchanged", "duplicates"):
            setattr(total, name, getattr(total, name) + getattr(one, name))
    return total, refused


def _record(
    job: ImportJob,
    part: _Part | None,
    outcome: BatchOutcome,
    refused: Refused,
    last_line: int,
) -> None:
    schema = schema_for(job.kind)
    rejections = [
        (
            job,
            row.line,
            _column_label(schema, problem.column),
            str(problem.message),
            row.cells,
        )
        for row, problems in refused
        for problem in problems
    ]
    insert_values(ImportRejection, ("job", "line", "column", "reason", "cells"), rejections)
    if part is not None:
        _record_part(job, part, outcome, len(refused), last_line)
        return
    job.created += outcome.created
    job.updated += outcome.updated
    job.unchanged += outcome.unchanged
    job.rejected += len(refused)
    job.duplicates_flagged += outcome.duplicates
    job.rows_done = job.read
    job.committed_line = max(job.committed_line, last_line)
    job.heartbeat_at = timezone.now()
    job.save(
        update_fields=[
            "created",
            "updated",
            "unchanged",
            "rejected",
            "duplicates_flagged",
            "rows_done",
            "committed_line",
            "heartbeat_at",
        ]
    )


def _record_part(
    job: ImportJob, part: _Part, outcome: BatchOutcome, rejected: int, last_line: int
) -> None:
    """A batch of one part: the part's own row (other processes write the other parts')."""
    row = part.row
    row.committed_line = max(row.committed_line, last_line)
    added = {
        "created": outcome.created,
        "updated": outcome.updated,
        "unchanged": outcome.unchanged,
        "rejected": rejected,
        "duplicates_flagged": outcome.duplicates,
    }
    ImportPart.objects.filter(pk=row.pk).update(
        committed_line=row.committed_line, **{name: F(name) + n for name, n in added.items()}
    )
    if row.index == 0:
        _add_up_parts(job)  # the process that started the job keeps its counts current


def _column_label(schema: Schema, column: str) -> str:
    """A rejected column as the report names it: the schema's label, or the key as given."""
    return (str(schema.column(column).label) if column in schema.keys else "") or column


@transaction.atomic
def _finish(job: ImportJob) -> None:
    job.status = ImportStatus.DONE
    job.finished_at = timezone.now()
    job.total_rows = job.read
    job.save(update_fields=["status", "finished_at", "total_rows", "updated_at"])
    audit_record(
        actor=job.created_by,
        action=AuditAction.CREATE,
        target=job,
        summary=job.file_name,
        changes={
            "kind": job.kind,
            "dry_run": job.dry_run,
            "created": job.created,
            "updated": job.updated,
            "unchanged": job.unchanged,
            "rejected": job.rejected,
        },
    )


# --- Finding, queueing and cancelling jobs ----------------------------------------------


def import_job_resumable(*, kind: str, sha256: str, dry_run: bool) -> ImportJob | None:
    """An earlier, unfinished real import of the same file, to continue instead."""
    if dry_run:
        return None
    return (
        ImportJob.objects.filter(kind=kind, sha256=sha256, dry_run=False, status__in=UNFINISHED)
        .exclude(committed_line__lte=1, status=ImportStatus.PENDING)
        .order_by("-created_at")
        .first()
    )


IMPORT_JOB: Final = "bulk.import"


@transaction.atomic
def import_job_enqueue(*, job: ImportJob) -> ImportJob:
    """Hand the job to a background worker (a ``jastar.jobs`` job of kind bulk.import)."""
    from jastar.jobs.services import job_submit

    if job.finished:
        raise ValidationError(_("This import is finished."))
    job.status = ImportStatus.QUEUED
    job.save(update_fields=["status", "updated_at"])
    background = job_submit(
        kind=IMPORT_JOB,
        params={"import_job": job.pk},
        actor=job.created_by,
        total=job.total_rows,
    )
    ImportJob.objects.filter(pk=job.pk).update(task_id=str(background.pk))
    job.refresh_from_db()
    return job


@transaction.atomic
def import_job_cancel(*, actor: Actor, job: ImportJob) -> ImportJob:
    """Stop a job at its next batch; what is committed stays committed."""
    if job.finished:
        raise ValidationError(_("This import is finished."))
    job.status = ImportStatus.CANCELLED
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "finished_at", "updated_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, target=job, summary="cancelled")
    _cancel_background(job)
    return job


def _cancel_background(job: ImportJob) -> None:
    """The background job of the import stops too (a queued one is simply dropped)."""
    from jastar.jobs.models import Job, JobStatus

    background = Job.objects.filter(kind=IMPORT_JOB, params__import_job=job.pk)
    background.filter(status=JobStatus.QUEUED).update(
        status=JobStatus.CANCELLED, cancel_requested=True, finished_at=timezone.now()
    )
    background.filter(status=JobStatus.RUNNING).update(cancel_requested=True)
