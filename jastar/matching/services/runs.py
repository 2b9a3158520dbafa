"""Batch matching: every person's best vacancies and every vacancy's best candidates.

A run is split into one shard per district (``jastar.matching.batch``). Each shard is a
background task that any worker may take; it replaces that district's lists in one
transaction, so a failed or repeated shard leaves the others untouched and a re-run
simply overwrites. :func:`match_run_start` queues them; the command line can also run
them in its own process with a progress bar.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from jastar.core.audit import Actor, audit_record
from jastar.core.models import AuditAction
from jastar.matching.batch import match_shard
from jastar.matching.engines import current_engine
from jastar.matching.loading import eligible_programs, person_inputs
from jastar.matching.models import Match, MatchRun, RunStatus
from jastar.matching.services.writing import write_matches
from jastar.registry.models import District, Person

Progress = Callable[[int], None]


def run_districts(run: MatchRun) -> list[District]:
    """The districts a run covers: its own, or every district with people."""
    if run.district_id is not None:
        return [run.district] if run.district else []
    with_people = Person.objects.values("district_id").distinct()
    return list(District.objects.filter(id__in=with_people).order_by("code"))


@transaction.atomic
def match_run_create(*, actor: Actor, on: date, district: District | None = None) -> MatchRun:
    """Record a new batch run (queued) over ``district`` or the whole region."""
    run = MatchRun.objects.create(on=on, district=district)
    run.shards_total = len(run_districts(run))
    run.save(update_fields=["shards_total", "updated_at"])
    audit_record(actor=actor, action=AuditAction.CREATE, target=run, summary="matching run")
    return run


def match_run_start(*, actor: Actor, on: date, district: District | None = None) -> MatchRun:
    """Create a run and queue one background task per district."""
    from jastar.matching.tasks import match_shard_task

    run = match_run_create(actor=actor, on=on, district=district)
    codes = [d.code for d in run_districts(run)]
    transaction.on_commit(lambda: [match_shard_task.enqueue(run.pk, code) for code in codes])
    return run


def match_run_shard(*, run_id: int, district_code: str, progress: Progress | None = None) -> int:
    """Match one district of a run and replace its lists; returns the rows written."""
    run = MatchRun.objects.get(pk=run_id)
    district = District.objects.get(code=district_code)
    started = time.perf_counter()
    MatchRun.objects.filter(pk=run.pk, status=RunStatus.QUEUED).update(status=RunStatus.RUNNING)
    try:
        written, people, vacancies = _shard(run.on, district, progress)
    except Exception as error:
        MatchRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED, error=repr(error))
        raise
    MatchRun.objects.filter(pk=run.pk).update(
        shards_done=F("shards_done") + 1,
        people=F("people") + people,
        vacancies=vacancies,
        matches=F("matches") + written,
        seconds=F("seconds") + (time.perf_counter() - started),
    )
    _finish_if_done(run.pk)
    return written


def _shard(on: date, district: District, progress: Progress | None) -> tuple[int, int, int]:
    engine = current_engine(on)
    people = Person.objects.filter(district=district)
    eligible = eligible_programs(engine.programs, on, district) if engine.programs else {}
    inputs = person_inputs(people, eligible=eligible)
    best, candidates = match_shard(engine, district.code, inputs, progress=progress)
    with transaction.atomic():
        Match.objects.filter(district=district).delete()
        written = write_matches(best, candidates, {p.id: district.pk for p in inputs})
    return written, len(inputs), len(engine.row_of)


def _finish_if_done(run_id: int) -> None:
    finished = MatchRun.objects.filter(
        pk=run_id, shards_done__gte=F("shards_total"), status=RunStatus.RUNNING
    ).update(status=RunStatus.DONE, finished_at=timezone.now())
    if not finished:
        MatchRun.objects.filter(pk=run_id, shards_total=0).update(
            status=RunStatus.DONE, finished_at=timezone.now()
        )
