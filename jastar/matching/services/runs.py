"""Batch matching: every person's best vacancies and every vacancy's best candidates.

A run is split into one shard per district (``jastar.matching.batch``). Each shard is a
background job (``jastar.jobs``) that any worker may take; it replaces that district's
lists and its own figures in one transaction, so a failed or repeated shard leaves the
others untouched and a re-run simply overwrites. The last shard in queues the final step
(the run's figures and the allocation of program places). :func:`match_run_start` queues
them; the command line can also run them in its own process with a progress bar.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Count, Max, Sum
from django.utils import timezone

from jastar.core.audit import Actor, audit_record
from jastar.core.models import AuditAction
from jastar.matching.batch import match_shard
from jastar.matching.engines import current_engine
from jastar.matching.loading import eligible_programs, person_inputs
from jastar.matching.models import Match, MatchRun, MatchShard, RunStatus
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


@transaction.atomic
def match_run_start(
    *,
    actor: Actor,
    on: date,
    district: District | None = None,
    districts: Sequence[District] | None = None,
) -> MatchRun:
    """Create a run and queue one background job per district; the last shard to finish
    queues the final step (figures and allocation of program places).

    ``districts`` restricts a region-wide run to some districts (a trial, a benchmark).
    """
    from jastar.jobs.services import job_submit

    run = match_run_create(actor=actor, on=on, district=district)
    chosen = run_districts(run)
    if districts is not None:
        wanted = {d.pk for d in districts}
        chosen = [d for d in chosen if d.pk in wanted]
        run.shards_total = len(chosen)
        run.save(update_fields=["shards_total", "updated_at"])
    sizes = dict(
        Person.objects.filter(district__in=chosen)
        .values("district")
        .annotate(n=Count("id"))
        .values_list("district", "n")
    )
    # Largest first: a shard is never split, so the longest ones should start earliest.
    chosen.sort(key=lambda d: (-sizes.get(d.pk, 0), d.code))
    for item in chosen:
        job_submit(
            kind=SHARD_JOB,
            params={"run": run.pk, "district": item.code},
            actor=actor,
            district=item,
            total=sizes.get(item.pk, 0),
        )
    if not chosen:
        _queue_finish(run.pk, actor)
    return run


SHARD_JOB = "matching.shard"
FINISH_JOB = "matching.finish"


def match_run_shard(*, run_id: int, district_code: str, progress: Progress | None = None) -> int:
    """Match one district of a run and replace its lists; returns the rows written.

    Running a shard again (after its worker died) replaces the same rows and its own
    figures: the lists and the run's totals come out as from one clean run.
    """
    run = MatchRun.objects.get(pk=run_id)
    district = District.objects.get(code=district_code)
    MatchRun.objects.filter(pk=run.pk, status__in=[RunStatus.QUEUED, RunStatus.FAILED]).update(
        status=RunStatus.RUNNING, error=""
    )
    try:
        written = _shard(run, district, progress)
    except Exception as error:
        MatchRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED, error=repr(error))
        raise
    _count(run.pk)
    return written


def match_run_shards_done(*, run_id: int, actor: Actor = None) -> bool:
    """After a shard: queue the final step once every shard is in. True if this call
    queued it (exactly one caller does, however many shards end at once)."""
    if (
        MatchShard.objects.filter(run_id=run_id).count()
        < MatchRun.objects.get(pk=run_id).shards_total
    ):
        return False
    return _queue_finish(run_id, actor)


def _queue_finish(run_id: int, actor: Actor) -> bool:
    from jastar.jobs.services import job_submit

    with transaction.atomic():
        if not MatchRun.objects.filter(pk=run_id, finish_queued=False).update(finish_queued=True):
            return False
        job_submit(kind=FINISH_JOB, params={"run": run_id}, actor=actor, total=1)
    return True


def _shard(run: MatchRun, district: District, progress: Progress | None) -> int:
    started = time.perf_counter()
    engine = current_engine(run.on)
    people = Person.objects.filter(district=district)
    eligible = eligible_programs(engine.programs, run.on, district) if engine.programs else {}
    inputs = person_inputs(people, eligible=eligible)
    best, candidates = match_shard(engine, district.code, inputs, progress=progress)
    with transaction.atomic():
        Match.objects.filter(district=district).delete()
        written = write_matches(best, candidates, {p.id: district.pk for p in inputs})
        MatchShard.objects.update_or_create(
            run=run,
            district=district,
            defaults={
                "people": len(inputs),
                "vacancies": len(engine.row_of),
                "matches": written,
                "finished_at": timezone.now(),
            },
        )
    # Timed after the commit, whose deferred checks of the written rows are part of the cost.
    MatchShard.objects.filter(run=run, district=district).update(
        seconds=time.perf_counter() - started
    )
    return written


def _count(run_id: int) -> None:
    """The run's figures, summed from its shards (so a repeated shard counts once)."""
    totals = MatchShard.objects.filter(run_id=run_id).aggregate(
        done=Count("id"),
        people=Sum("people"),
        vacancies=Max("vacancies"),
        matches=Sum("matches"),
        seconds=Sum("seconds"),
    )
    MatchRun.objects.filter(pk=run_id).update(
        shards_done=totals["done"],
        people=totals["people"] or 0,
        vacancies=totals["vacancies"] or 0,
        matches=totals["matches"] or 0,
        seconds=totals["seconds"] or 0.0,
        updated_at=timezone.now(),
    )


def match_run_finish(*, run_id: int, allocate: bool = True) -> MatchRun:
    """The final step of a run: its figures from every shard, then (region-wide runs)
    the proposal of who should get the open program places; the run is then done."""
    from jastar.matching.services.allocation import allocation_run

    _count(run_id)
    run = MatchRun.objects.select_related("district").get(pk=run_id)
    summary: dict[str, Any] = {}
    if allocate:
        result = allocation_run(on=run.on, district=run.district)
        summary = {
            "places": result.places,
            "candidates": result.candidates,
            "pairs": result.pairs,
            "placed": len(result.assignments),
            "placed_greedy": result.greedy_placed,
            "objective": round(result.objective, 4),
            "objective_greedy": round(result.greedy_objective, 4),
            "seconds": round(result.seconds, 3),
        }
    MatchRun.objects.filter(pk=run_id).update(
        status=RunStatus.DONE, finished_at=timezone.now(), allocation=summary, error=""
    )
    run.refresh_from_db()
    return run
