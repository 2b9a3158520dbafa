"""Risk scores for everyone, the outreach log, case workers' opinions, the outreach list."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import translation

from jastar.insight.models import ContactAttempt, RiskModelVersion, RiskOpinion, RiskScore
from jastar.insight.selectors import outreach_list, person_risk
from jastar.insight.services import (
    contact_record,
    risk_model_train,
    risk_opinion_record,
    risk_scores_refresh,
)
from jastar.insight.snapshots import snapshots
from jastar.registry.demo.loader import demo_load, demo_unload
from jastar.registry.models import District, Person, PersonStatus

DEMO_UNTIL = date(2026, 9, 30)


@pytest.fixture(scope="module")
def scored(django_db_setup: Any, django_db_blocker: Any) -> Iterator[RiskModelVersion]:
    """A demo region of 1,500 people, a model trained on it, everyone scored."""
    with django_db_blocker.unblock():
        demo_load(people=1_500)
        version = risk_model_train(actor=None, today=DEMO_UNTIL, seed=3)
        risk_scores_refresh(version=version, today=DEMO_UNTIL)
    yield version
    with django_db_blocker.unblock():
        RiskModelVersion.objects.all().delete()
        ContactAttempt.objects.all().delete()
        demo_unload()


@pytest.mark.django_db
class RiskScoreTests:
    def test_scores_every_young_person_once(self, scored: RiskModelVersion) -> None:
        count = RiskScore.objects.filter(version=scored).count()
        assert count == len(list(snapshots(DEMO_UNTIL, today=DEMO_UNTIL))) > 1_000
        assert RiskScore.objects.filter(version=scored).values("person").distinct().count() == count

    def test_percentiles_follow_the_probabilities(self, scored: RiskModelVersion) -> None:
        rows = list(RiskScore.objects.filter(version=scored).order_by("probability", "id"))
        assert rows[0].percentile == 0 and rows[-1].percentile == 100
        assert all(a.percentile <= b.percentile for a, b in zip(rows, rows[1:], strict=False))

    def test_reasons_push_the_risk_up_and_never_name_sex(self, scored: RiskModelVersion) -> None:
        for score in RiskScore.objects.filter(version=scored)[:200]:
            assert all(value > 0 for _, value in score.reasons)
            assert not any(name.startswith("sex") for name, _ in score.reasons)

    def test_a_person_page_reads_the_latest_versions_score(self, scored: RiskModelVersion) -> None:
        score = RiskScore.objects.filter(version=scored).first()
        assert score is not None and person_risk(score.person) == score

    def test_command_scores_with_the_latest_version(self, scored: RiskModelVersion) -> None:
        out = StringIO()
        call_command("risk", "score", "--today", "2026-09-30", stdout=out)
        assert "young people scored" in out.getvalue()


@pytest.mark.django_db
class ContactTests:
    def person(self) -> Person:
        return Person.objects.filter(status=PersonStatus.UNEMPLOYED).order_by("id").first()  # type: ignore[return-value]

    def test_logs_an_attempt(self, scored: RiskModelVersion) -> None:
        attempt = contact_record(
            actor=None,
            person=self.person(),
            on=date(2026, 6, 1),
            channel="phone",
            outcome="reached",
        )
        with translation.override("en"):
            assert attempt.pk and attempt.get_outcome_display() == "Reached, no interest now"

    def test_refuses_a_future_date_and_an_unknown_channel(self, scored: RiskModelVersion) -> None:
        with pytest.raises(ValidationError):
            contact_record(
                actor=None,
                person=self.person(),
                on=date(2026, 7, 1),
                channel="phone",
                outcome="reached",
            )
        with pytest.raises(ValidationError):
            contact_record(
                actor=None,
                person=self.person(),
                on=date(2026, 6, 1),
                channel="pigeon",
                outcome="reached",
            )

    def test_contacts_feed_the_next_snapshot(self, scored: RiskModelVersion) -> None:
        person = self.person()
        for day in (date(2026, 5, 1), date(2026, 6, 1)):
            contact_record(actor=None, person=person, on=day, channel="visit", outcome="interested")
        row = next(
            r for r in snapshots(date(2026, 6, 15), today=DEMO_UNTIL) if r.person_id == person.pk
        )
        assert row.contacts_last_year == 2


@pytest.mark.django_db
class OpinionTests:
    def test_records_a_disagreement_with_its_reason(self, scored: RiskModelVersion) -> None:
        score = RiskScore.objects.filter(version=scored).first()
        assert score is not None
        opinion = risk_opinion_record(
            actor=None, score=score, agrees=False, note="Found a job last week, not yet recorded."
        )
        assert RiskOpinion.objects.get() == opinion and opinion.agrees is False

    def test_refuses_an_opinion_without_a_reason(self, scored: RiskModelVersion) -> None:
        score = RiskScore.objects.filter(version=scored).first()
        assert score is not None
        with pytest.raises(ValidationError):
            risk_opinion_record(actor=None, score=score, agrees=False, note="  ")


@pytest.mark.django_db
class OutreachListTests:
    def test_lists_only_neet_people_of_the_district(self, scored: RiskModelVersion) -> None:
        district = District.objects.get(code="karasai")
        rows = outreach_list(district, DEMO_UNTIL, limit=1_000)
        assert rows
        assert all(r.person.district_id == district.pk for r in rows)
        assert all(r.person.status in ("unemployed", "inactive") for r in rows)

    def test_puts_the_highest_band_first_and_the_longest_waiting_first_within_it(
        self, scored: RiskModelVersion
    ) -> None:
        district = District.objects.get(code="karasai")
        rows = outreach_list(district, DEMO_UNTIL, limit=1_000)
        top = [r for r in rows if r.band == rows[0].band]
        contacted = top[0].person
        contact_record(
            actor=None, person=contacted, on=date(2026, 6, 10), channel="phone", outcome="no_answer"
        )
        again = outreach_list(district, DEMO_UNTIL, limit=1_000)
        same_band = [r for r in again if r.band == rows[0].band]
        assert same_band[-1].person == contacted or len(same_band) == 1
        assert [r.band for r in again] == sorted((r.band for r in again), reverse=True)


@pytest.mark.django_db
class TaskTests:
    def test_training_job_trains_and_scores(self, scored: RiskModelVersion) -> None:
        from jastar.insight.jobs import RISK_MODEL_JOB
        from jastar.jobs.models import JobStatus
        from jastar.jobs.services import job_submit

        job = job_submit(kind=RISK_MODEL_JOB, params={"seed": 3})
        assert job.status == JobStatus.DONE, job.error
        assert (job.done, job.total) == (2, 2)
        version = RiskModelVersion.objects.get(pk=job.result["version"])
        assert RiskScore.objects.filter(version=version).count() == job.result["scored"] > 0
