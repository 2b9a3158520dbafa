"""What a running handler reports: how much is done of how much, and whether to stop."""

from __future__ import annotations

import time

from django.utils import timezone

from jastar.jobs.models import Job


class JobCancelled(Exception):
    """Raised inside a handler when someone cancelled its job; the runner records it."""


class JobProgress:
    """Counts a handler's work and writes it to the job, at most once per ``every`` seconds.

    Each write is also the job's sign of life and the moment a cancel is noticed:
    :meth:`update` raises :class:`JobCancelled` once someone asked to stop.
    """

    def __init__(self, job: Job, *, every: float = 1.0) -> None:
        self.job = job
        self.every = every
        self._written = 0.0

    def update(self, done: int | None = None, total: int | None = None) -> None:
        """Set the counts (either may be left as it is) and write them when due."""
        if total is not None:
            self.job.total = total
        if done is not None:
            self.job.done = done
        self._maybe_write(force=total is not None and done is None)

    def advance(self, count: int = 1) -> None:
        """Add ``count`` to what is done."""
        self.update(done=self.job.done + count)

    def check(self) -> None:
        """Write now, and stop if the job was cancelled."""
        self._maybe_write(force=True)

    def _maybe_write(self, *, force: bool) -> None:
        now = time.monotonic()
        if not force and now - self._written < self.every:
            return
        self._written = now
        Job.objects.filter(pk=self.job.pk).update(
            done=self.job.done, total=self.job.total, heartbeat_at=timezone.now()
        )
        if Job.objects.filter(pk=self.job.pk, cancel_requested=True).exists():
            raise JobCancelled
