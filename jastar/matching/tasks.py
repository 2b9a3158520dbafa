"""Background task of matching kept current (django.tasks: any worker may run it).

Batch runs go through ``jastar.jobs`` (see ``jastar.matching.jobs``): they are long and
shown with progress; this one is a small, frequent refresh after an edit.
"""

from __future__ import annotations

from django_tasks import task

from jastar.matching.services import matches_refresh


@task()
def matches_refresh_task(person_ids: list[int], vacancy_ids: list[int]) -> int:
    """Bring the lists of changed people and vacancies up to date; returns rows written."""
    return matches_refresh(person_ids=person_ids, vacancy_ids=vacancy_ids)
