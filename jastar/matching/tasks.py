"""Background tasks of matching (django.tasks: any worker may run any of them)."""

from __future__ import annotations

from django_tasks import task

from jastar.matching.services import match_run_shard, matches_refresh


@task()
def match_shard_task(run_id: int, district_code: str) -> int:
    """One district of a batch run; returns the rows written."""
    return match_run_shard(run_id=run_id, district_code=district_code)


@task()
def matches_refresh_task(person_ids: list[int], vacancy_ids: list[int]) -> int:
    """Bring the lists of changed people and vacancies up to date; returns rows written."""
    return matches_refresh(person_ids=person_ids, vacancy_ids=vacancy_ids)
