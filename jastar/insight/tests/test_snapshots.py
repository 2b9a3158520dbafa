"""Snapshots of the registry on a past date, and risk model versions trained from them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from jastar.core.models import AuditEvent
from jastar.insight.models import RiskModelVersion
from jastar.insight.risk import from_bytes
from jastar.insight.services import risk_model_train
from jastar.insight.snapshots import snapshots
from jastar.registry.demo.loader import demo_load, demo_unload
from jastar.registry.models import PersonStatus
from jastar.registry.services import person_change_status
from jastar.registry.tests.factories import make_person

S = PersonStatus
PEOPLE = 2_000
DEMO_UNTIL = date(2026, 9, 30)


def person_with(history: list[tuple[date, str]], **overrides: Any) -> Any:
    first_day, first_status = history[0]
    person = make_person(registered_on=first_day, status=first_status, **overrides)
    for day, status in history[1:]:
        person_change_status(actor=None, person=person, status=status, valid_from=day)
    return person


def snapshot_of(person: Any, on: date, today: date = date(2026, 6, 15)) -> Any:
    return next(row for row in snapshots(on, today=today) if row.person_id == person.pk)


@pytest.mark.django_db
class SnapshotTests:
    def test_reads_the_status_in_force_on_the_date_and_since_when(self) -> None:
        person = person_with([(date(2024, 1, 10), S.UNEMPLOYED), (date(2025, 3, 1), S.EMPLOYED)])
        row = snapshot_of(person, date(2024, 9, 30))
        assert (row.status, row.neet, row.months_in_status) == ("unemployed", True, 8)

    def test_labels_whether_the_person_was_neet_a_year_later(self) -> None:
        person = person_with([(date(2024, 1, 10), S.UNEMPLOYED), (date(2025, 3, 1), S.EMPLOYED)])
        assert snapshot_of(person, date(2024, 9, 30)).label is False
        stays = person_with([(date(2024, 1, 10), S.INACTIVE)], last_name="Омарова")
        assert snapshot_of(stays, date(2024, 9, 30)).label is True

    def test_leaves_the_label_open_when_the_year_has_not_passed(self) -> None:
        person = person_with([(date(2024, 1, 10), S.UNEMPLOYED)])
        assert snapshot_of(person, date(2025, 9, 30)).label is None

    def test_counts_the_months_since_the_person_last_studied(self) -> None:
        person = person_with([(date(2023, 9, 1), S.IN_EDUCATION), (date(2024, 7, 1), S.UNEMPLOYED)])
        row = snapshot_of(person, date(2024, 9, 30))
        assert row.months_since_work_or_study == 3

    def test_someone_who_never_worked_or_studied_has_no_such_date(self) -> None:
        person = person_with([(date(2024, 1, 10), S.INACTIVE)])
        assert snapshot_of(person, date(2024, 9, 30)).months_since_work_or_study is None

    def test_leaves_out_people_registered_later(self) -> None:
        person = person_with([(date(2025, 1, 10), S.UNEMPLOYED)])
        assert all(r.person_id != person.pk for r in snapshots(date(2024, 9, 30), today=DEMO_UNTIL))


@pytest.fixture(scope="module")
def region(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """A demo region of 2,000 young people with history until 2026-09-30."""
    with django_db_blocker.unblock():
        demo_load(people=PEOPLE)
    yield
    with django_db_blocker.unblock():
        RiskModelVersion.objects.all().delete()
        demo_unload()


@pytest.mark.django_db
@pytest.mark.usefixtures("region")
class RiskModelTrainTests:
    def test_trains_on_one_year_and_tests_on_the_next(self) -> None:
        version = risk_model_train(actor=None, today=DEMO_UNTIL, seed=7)
        assert (version.trained_on, version.tested_on) == (date(2024, 9, 30), date(2025, 9, 30))
        assert version.rows_trained > 1_000 and version.rows_tested > 1_000
        assert version.metrics["roc_auc"] > 0.7
        assert sum(b["count"] for b in version.metrics["reliability"]) == version.rows_tested
        assert AuditEvent.objects.filter(target_id=str(version.pk), summary="risk model").exists()

    def test_audits_fairness_by_sex_area_and_district(self) -> None:
        version = risk_model_train(actor=None, today=DEMO_UNTIL, seed=7)
        attributes = {row["attribute"] for row in version.fairness}
        assert attributes == {"sex", "area", "district"}
        assert {row["value"] for row in version.fairness if row["attribute"] == "sex"} == {
            "F",
            "M",
        }

    def test_is_reproducible_for_a_seed_and_stores_a_loadable_model(self) -> None:
        first = risk_model_train(actor=None, today=DEMO_UNTIL, seed=7)
        second = risk_model_train(actor=None, today=DEMO_UNTIL, seed=7)
        assert first.metrics == second.metrics
        assert from_bytes(bytes(first.model)).n_train == first.rows_trained

    def test_command_prints_the_test_figures_and_the_audit(self, tmp_path: Any) -> None:
        out = StringIO()
        plot = tmp_path / "reliability.png"
        call_command("risk", "train", "--today", "2026-09-30", "--plot", str(plot), stdout=out)
        text = out.getvalue()
        assert "ROC AUC 0." in text and "sex=F" in text and "area=rural" in text
        assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    def test_versions_are_listed_read_only_in_the_admin(self, admin_client: Any) -> None:
        version = risk_model_train(actor=None, today=DEMO_UNTIL, seed=7)
        listing = admin_client.get("/en/admin/insight/riskmodelversion/")
        assert listing.status_code == 200
        assert f"{version.metrics['roc_auc']:.3f}" in listing.content.decode()
        page = admin_client.get(f"/en/admin/insight/riskmodelversion/{version.pk}/change/")
        assert page.status_code == 200 and b'name="_save"' not in page.content
