"""Batch runs, incremental refreshes and the allocation of program places, on the database."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.utils import timezone

from jastar.matching.models import Match, MatchKind, MatchRun, MatchShard, RunStatus
from jastar.matching.services import (
    allocation_run,
    match_run_create,
    match_run_shard,
    match_run_start,
    matches_refresh,
)
from jastar.matching.services.runs import run_districts
from jastar.programs.tests.factories import open_edition, quota
from jastar.registry.models import Occupation, PersonStatus, VacancyStatus
from jastar.registry.services import vacancy_set_status
from jastar.registry.tests.factories import centre_of, district, make_person, make_vacancy

pytestmark = pytest.mark.django_db


@pytest.fixture
def commits(django_capture_on_commit_callbacks: Any) -> Any:
    """Run what commits queue (refresh tasks), as a real commit would."""
    return django_capture_on_commit_callbacks


def occupation(code: str) -> Occupation:
    return Occupation.objects.get(code=code)


def driver(**overrides: Any) -> Any:
    values: dict[str, Any] = {"settlement": centre_of("karasai")}
    values.update(overrides)
    person = make_person(**values)
    person.desired_occupations.set([occupation("8322")])
    return person


def vacancy(code: str = "8322", where: str = "karasai", **overrides: Any) -> Any:
    values: dict[str, Any] = {
        "title_ru": "Водитель" if code == "8322" else "Повар",
        "title_kk": "Жүргізуші" if code == "8322" else "Аспаз",
        "occupation": occupation(code),
        "district": district(where),
        "settlement": centre_of(where),
    }
    values.update(overrides)
    return make_vacancy(**values)


def batch() -> MatchRun:
    run = match_run_create(actor=None, on=timezone.localdate())
    for item in run_districts(run):
        match_run_shard(run_id=run.pk, district_code=item.code)
    run.refresh_from_db()
    return run


def vacancies_of(person: Any) -> list[int]:
    rows = Match.objects.filter(kind=MatchKind.VACANCY, person=person).order_by("rank")
    return list(rows.values_list("vacancy_id", flat=True))


def candidates_of(item: Any) -> list[int]:
    rows = Match.objects.filter(kind=MatchKind.CANDIDATE, vacancy=item).order_by("rank")
    return list(rows.values_list("person_id", flat=True))


class BatchRunTests:
    def test_writes_each_persons_vacancies_best_first(
        self, django_capture_on_commit_callbacks: Any
    ) -> None:
        person = driver()
        best, other = vacancy("8322"), vacancy("5120")
        with django_capture_on_commit_callbacks(execute=True):
            run = match_run_start(actor=None, on=timezone.localdate())
        run.refresh_from_db()
        assert run.status == RunStatus.DONE
        assert run.shards_done == run.shards_total == 1
        assert vacancies_of(person) == [best.pk, other.pk]
        assert candidates_of(best) == [person.pk]

    def test_never_offers_a_vacancy_beyond_the_neighbouring_districts(self) -> None:
        person = driver()
        far = vacancy("8322", where="kegen")
        batch()
        assert far.pk not in vacancies_of(person)
        assert candidates_of(far) == []

    def test_a_second_run_replaces_the_lists_instead_of_adding(self) -> None:
        driver()
        vacancy("8322")
        batch()
        first = Match.objects.count()
        batch()
        assert Match.objects.count() == first == 2

    def test_counts_people_vacancies_and_rows(self) -> None:
        driver()
        driver(last_name="Омарова")
        vacancy("8322")
        run = batch()
        assert (run.people, run.vacancies, run.matches) == (2, 1, 4)

    def test_ignores_closed_vacancies(self) -> None:
        person = driver()
        closed = vacancy("8322", closes_on=date(2026, 6, 1))
        batch()
        assert closed.pk not in vacancies_of(person)


class ShardJobTests:
    def test_a_run_of_chosen_districts_queues_their_shards_then_one_final_step(self) -> None:
        from jastar.jobs.models import Job, JobStatus
        from jastar.matching.services.runs import FINISH_JOB, SHARD_JOB

        driver()
        make_person(settlement=centre_of("kegen"), district=district("kegen"))
        vacancy("8322")
        run = match_run_start(actor=None, on=timezone.localdate(), districts=[district("karasai")])
        run.refresh_from_db()
        assert (run.status, run.shards_done, run.shards_total, run.people) == (
            RunStatus.DONE,
            1,
            1,
            1,
        )
        jobs = Job.objects.filter(params__run=run.pk).order_by("pk")
        assert [(j.kind, j.status) for j in jobs] == [
            (SHARD_JOB, JobStatus.DONE),
            (FINISH_JOB, JobStatus.DONE),
        ]
        shard = jobs[0]
        assert (shard.district, shard.done, shard.total) == (district("karasai"), 1, 1)
        assert set(run.allocation) >= {"places", "placed", "placed_greedy", "objective"}

    def test_a_shard_run_twice_counts_once(self) -> None:
        driver()
        vacancy("8322")
        run = batch()
        first = (run.shards_done, run.people, run.matches)
        match_run_shard(run_id=run.pk, district_code="karasai")
        run.refresh_from_db()
        assert (run.shards_done, run.people, run.matches) == first
        assert MatchShard.objects.filter(run=run).count() == 1


class RefreshTests:
    def test_does_nothing_before_a_first_batch(self) -> None:
        person = driver()
        vacancy("8322")
        assert matches_refresh(person_ids=[person.pk]) == 0
        assert not Match.objects.exists()

    def test_a_new_vacancy_enters_the_lists_of_people_it_suits(self, commits: Any) -> None:
        person = driver()
        vacancy("5120")
        batch()
        with commits(execute=True):
            new = vacancy("8322")  # the save queues a refresh, run once it commits
        assert vacancies_of(person)[0] == new.pk
        assert candidates_of(new) == [person.pk]

    def test_a_closed_vacancy_leaves_every_list(self, commits: Any) -> None:
        person = driver()
        item = vacancy("8322")
        vacancy("5120")
        batch()
        with commits(execute=True):
            vacancy_set_status(actor=None, vacancy=item, status=VacancyStatus.FILLED)
        assert item.pk not in vacancies_of(person)
        assert not Match.objects.filter(vacancy=item).exists()
        assert len(vacancies_of(person)) == 1

    def test_a_person_who_changes_occupation_gets_new_recommendations(self, commits: Any) -> None:
        person = driver()
        driving, cooking = vacancy("8322"), vacancy("5120")
        batch()
        assert vacancies_of(person)[0] == driving.pk
        with commits(execute=True):
            person.desired_occupations.set([occupation("5120")])
        assert vacancies_of(person)[0] == cooking.pk
        assert candidates_of(cooking) == [person.pk]

    def test_keeps_only_the_top_k_candidates_of_a_vacancy(
        self, settings: Any, commits: Any
    ) -> None:
        settings.JASTAR_MATCHING_TOP_K = 1
        first = driver()
        item = vacancy("8322")
        batch()
        with commits(execute=True):
            second = driver(last_name="Омарова", settlement=None)
            second.desired_occupations.set([occupation("5120")])
        assert candidates_of(item) == [first.pk]


class AllocationTests:
    def test_gives_a_scarce_program_place_to_the_neet_candidate(self) -> None:
        edition = open_edition("youth_practice")
        quota(edition, places=1)
        neet = driver(status=PersonStatus.UNEMPLOYED)
        student = driver(last_name="Омарова", status=PersonStatus.IN_EDUCATION)
        place = vacancy("8322", program=edition.program, places=1)
        batch()
        assert set(candidates_of(place)) == {neet.pk, student.pk}
        result = allocation_run()
        assert [(a.person_id, a.vacancy_id) for a in result.assignments] == [(neet.pk, place.pk)]
        neet_group = next(g for g in result.groups if g.name == "neet")
        assert neet_group.placed_optimal == 1

    def test_respects_the_quota_left_in_the_district(self) -> None:
        edition = open_edition("youth_practice")
        quota(edition, places=1)
        driver()
        driver(last_name="Омарова")
        vacancy("8322", program=edition.program, places=2)
        batch()
        result = allocation_run()
        assert result.places == 2
        assert len(result.assignments) == 1

    def test_without_a_batch_there_is_nothing_to_allocate(self) -> None:
        result = allocation_run()
        assert (result.pairs, result.assignments) == (0, [])
