"""A process importing one part of a job's rows, started by the job's own process.

The process is a copy of the job's (fork) or a new interpreter (spawn), which imports
this module before Django is set up, so it names nothing of Django at module level. What
the starting process's settings say about the run (its database, where its files are,
the batch size) comes in the :class:`PartTask`, so a process started from a test imports
into the test's database either way.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from dataclasses import dataclass
from datetime import date
from multiprocessing.connection import Connection

_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class PartTask:
    job_id: int
    index: int
    count: int
    today: date
    parent_pid: int
    settings_module: str
    database: str
    media_root: str
    batch_size: int
    writer_thread: bool


def run_part(task: PartTask, results: Connection) -> None:
    """Import part ``task.index`` of the job; send "" when done, or the error, and exit."""
    _end_with_parent(task.parent_pid)
    # A copy of a process that handles SIGTERM itself (a worker stopping gracefully) would
    # keep that handler: the job's process ends a part with SIGTERM when it fails.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.environ["DJANGO_SETTINGS_MODULE"] = task.settings_module
    import django

    django.setup()
    from django.conf import settings
    from django.db import connections

    connections["default"].settings_dict["NAME"] = task.database
    settings.MEDIA_ROOT = task.media_root
    settings.JASTAR_IMPORT_BATCH_SIZE = task.batch_size
    settings.JASTAR_IMPORT_WRITER_THREAD = task.writer_thread
    from jastar.bulk.services import import_part_run

    try:
        import_part_run(job_id=task.job_id, index=task.index, count=task.count, today=task.today)
    except BaseException as err:  # noqa: BLE001 (reported to the starting process)
        results.send(f"{err.__class__.__name__}: {err}"[:2000])
        sys.exit(1)
    finally:
        connections.close_all()
    results.send("")


def _end_with_parent(parent_pid: int) -> None:
    """Be killed with the process that started this one, as a killed import is, whole.

    On Linux the kernel sends SIGKILL when the parent ends; a part left running after
    its job's process was killed would race the run that continues the job.
    """
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent_pid:
        sys.exit(1)  # the parent ended before the line above took effect
