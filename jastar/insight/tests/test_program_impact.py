"""Program impact on the registry: participants against matched comparable non-participants."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from jastar.analytics.report.content import report_content
from jastar.analytics.report.render import render_html, render_xlsx
from jastar.insight.impact_data import impact_units
from jastar.insight.models import ProgramImpact
from jastar.insight.services import program_impact_compute
from jastar.programs.models import Participation, ProgramEdition
from jastar.registry.demo.loader import demo_load, demo_unload

DEMO_UNTIL = date(2026, 9, 30)


@pytest.fixture(scope="module")
def region(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """A demo region of 6,000 young people (its programs have participants in 2025), with
    the impact of its 2025 programs computed once."""
    with django_db_blocker.unblock():
        demo_load(people=6_000)
        program_impact_compute(actor=None, year=2025, today=DEMO_UNTIL)
    yield
    with django_db_blocker.unblock():
        ProgramImpact.objects.all().delete()
        demo_unload()


def busiest_edition() -> ProgramEdition:
    counts: dict[int, int] = {}
    for edition_id in Participation.objects.filter(
        edition__year=2025, enrolled_on__isnull=False
    ).values_list("edition_id", flat=True):
        counts[edition_id] = counts.get(edition_id, 0) + 1
    return ProgramEdition.objects.get(pk=max(counts, key=lambda k: counts[k]))


@pytest.mark.django_db
@pytest.mark.usefixtures("region")
class ImpactUnitsTests:
    def test_enrolled_participants_are_treated_units_once(self) -> None:
        edition = busiest_edition()
        units = impact_units(edition, DEMO_UNTIL)
        treated = [u.person_id for u in units if u.treated]
        enrolled = Participation.objects.filter(edition=edition, enrolled_on__isnull=False)
        people = set(enrolled.values_list("person_id", flat=True))
        # Someone registered after their quarter began has no features for that day.
        assert len(treated) == len(set(treated)) and set(treated) <= people
        assert len(treated) >= 0.8 * len(people)

    def test_controls_never_took_part_in_the_program(self) -> None:
        edition = busiest_edition()
        ever = set(
            Participation.objects.filter(edition__program=edition.program).values_list(
                "person_id", flat=True
            )
        )
        controls = [u for u in impact_units(edition, DEMO_UNTIL) if not u.treated]
        assert controls and not {u.person_id for u in controls} & ever

    def test_outcomes_after_today_are_unknown(self) -> None:
        units = impact_units(busiest_edition(), date(2025, 12, 31))
        assert units and all(u.outcome_12 is None for u in units)


@pytest.mark.django_db
@pytest.mark.usefixtures("region")
class ProgramImpactComputeTests:
    def test_stores_an_estimate_per_edition_and_horizon(self) -> None:
        results = list(ProgramImpact.objects.filter(edition__year=2025))
        editions = ProgramEdition.objects.filter(year=2025).count()
        assert len(results) == ProgramImpact.objects.count() == 2 * editions
        measured = [r for r in results if r.effect is not None]
        assert measured
        for item in measured:
            effect, low, high = item.effect, item.ci_low, item.ci_high
            assert effect is not None and low is not None and high is not None
            assert low <= effect <= high
            assert "unobserved_confounding" in item.caveats
            assert 0 < item.matched <= item.participants

    def test_says_why_when_there_is_no_estimate(self) -> None:
        for item in ProgramImpact.objects.all():
            assert (item.effect is None) == bool(item.unavailable)

    def test_a_second_run_replaces_the_estimates(self) -> None:
        first = ProgramImpact.objects.count()
        program_impact_compute(actor=None, year=2025, today=DEMO_UNTIL)
        assert ProgramImpact.objects.count() == first

    def test_command_prints_one_line_per_program_and_horizon(self) -> None:
        out = StringIO()
        code = busiest_edition().program.code
        call_command("impact", "--year", "2025", "--program", code, stdout=out)
        lines = [line for line in out.getvalue().splitlines() if line.startswith(code)]
        assert len(lines) == 2


@pytest.mark.django_db
@pytest.mark.usefixtures("region")
class ImpactReportTests:
    @pytest.mark.parametrize("lang", ["kk", "ru", "en"])
    def test_the_yearly_report_has_an_impact_section(self, lang: str) -> None:
        report = report_content(year=2025, lang=lang, today=DEMO_UNTIL)
        section = next(s for s in report.sections if s.key == "impact")
        measured = ProgramImpact.objects.filter(effect__isnull=False).count()
        assert len(section.tables[0].rows) == measured
        html = render_html(report)
        assert section.title in html
        assert render_xlsx(report)[:2] == b"PK"

    def test_the_section_is_left_out_before_any_estimate(self) -> None:
        ProgramImpact.objects.all().delete()
        report = report_content(year=2025, lang="en", today=DEMO_UNTIL)
        assert "impact" not in {s.key for s in report.sections}


@pytest.mark.django_db
@pytest.mark.usefixtures("region")
class ImpactOnTheEditionPageTests:
    def test_the_edition_page_lists_its_estimates(self, admin_client: Any) -> None:
        item = ProgramImpact.objects.filter(effect__isnull=False).first()
        assert item is not None
        page = admin_client.get(f"/en/admin/programs/programedition/{item.edition_id}/change/")
        text = page.content.decode()
        assert page.status_code == 200
        assert "measured impact on employment" in text.lower()
        assert item.effect is not None and f"{item.effect * 100:+.1f}" in text
