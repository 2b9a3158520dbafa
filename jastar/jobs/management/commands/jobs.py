"""``jastar jobs``: the background jobs in the terminal.

jastar jobs                 the latest jobs: status, done/total, rate, time left
jastar jobs watch ID        a progress bar until the job ends
jastar jobs cancel ID       stop a job (a running one at its next progress report)
jastar jobs retry ID        run a failed or cancelled job again
jastar jobs recover         queue again the jobs of workers that died
"""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from jastar.core.progress import ProgressBar
from jastar.jobs.models import Job
from jastar.jobs.selectors import job_progress
from jastar.jobs.services import job_cancel, job_retry, jobs_recover
from jastar.jobs.text import job_title


class Command(BaseCommand):
    help = "List, watch, cancel, re-run and recover background jobs."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "action",
            nargs="?",
            default="list",
            choices=["list", "watch", "cancel", "retry", "recover"],
        )
        parser.add_argument("job", nargs="?", type=int, help="The job's number.")
        parser.add_argument("--limit", type=int, default=20, help="Jobs listed (default 20).")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "list":
            self._list(options["limit"])
            return
        if action == "recover":
            ids = jobs_recover()
            self.stdout.write(f"queued again: {', '.join(map(str, ids)) or 'none'}")
            return
        if options["job"] is None:
            raise CommandError(f"jastar jobs {action} needs a job number.")
        try:
            job = Job.objects.get(pk=options["job"])
        except Job.DoesNotExist:
            raise CommandError(f"There is no job {options['job']}.") from None
        try:
            if action == "watch":
                self._watch(job)
            elif action == "cancel":
                job = job_cancel(actor=None, job=job)
                self.stdout.write(f"job {job.pk}: {job.get_status_display()}")
            else:
                job = job_retry(actor=None, job=job)
                self.stdout.write(f"job {job.pk}: {job.get_status_display()}")
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None

    def _list(self, limit: int) -> None:
        now = timezone.now()
        header = f"{'#':>6}  {'status':<10} {'done/total':>21} {'rate/s':>9} {'left':>7}  job"
        self.stdout.write(header)
        for job in Job.objects.select_related("district")[:limit]:
            view = job_progress(job, now=now)
            total = "?" if view.total is None else f"{view.total:,}"
            rate = "" if view.rate is None else f"{view.rate:,.0f}"
            left = "" if view.seconds_left is None else f"{view.seconds_left:,.0f} s"
            self.stdout.write(
                f"{job.pk:>6}  {job.status:<10} {f'{view.done:,}/{total}':>21} {rate:>9} "
                f"{left:>7}  {job_title(job)}"
                + (f"  [{job.worker}]" if job.worker and job.active else "")
            )

    def _watch(self, job: Job) -> None:
        bar = ProgressBar(self.stderr, start_done=job.done)
        while True:
            job.refresh_from_db()
            if job.total:
                bar.show(job.done, job.total)
            if job.finished:
                break
            time.sleep(1.0)
        bar.end()
        line = f"job {job.pk}: {job.get_status_display()}"
        if job.error:
            line += f": {job.error}"
        self.stdout.write(line)
        if job.status != "done":
            raise CommandError(line)
