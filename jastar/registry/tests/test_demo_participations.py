"""Program participations of the synthetic demo region.

The generated records are checked without a database against the rules the programs'
services enforce (lifecycle, date order, placements, amounts, quotas, follow-ups, grants).
The loader is checked on the default region of 4,320 people, loaded once for the module;
tests that load again do it inside their own (rolled back) transaction.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db.models import F
from django.utils import translation

from jastar.core.dates import add_months
from jastar.core.errors import ApplicationError
from jastar.core.models import DemoDataset
from jastar.core.signals import records_bulk_changed
from jastar.programs.brigades.models import Brigade
from jastar.programs.grants.services import grant_amount
from jastar.programs.lifecycle import PLACE_HOLDING_STATUSES, check_transition
from jastar.programs.models import (
    FOLLOW_UP_MONTHS,
    FollowUp,
    GrantApplication,
    Participation,
    ParticipationEvent,
    ProgramEdition,
    ProgramQuota,
)
from jastar.programs.selectors import quota_usage
from jastar.registry.demo.catalog import load_catalog
from jastar.registry.demo.generator import generate
from jastar.registry.demo.loader import _edition_terms, demo_load, demo_unload
from jastar.registry.demo.participations import (
    DROPOUT_SHARE,
    REJECTED_SHARE,
    shipped_editions,
)
from jastar.registry.demo.targets import scaled
from jastar.registry.models import PROGRAM_CHANNELS, District, Person, Placement, YearlyRates

SMALL = 4_320
TINY = 1_000
UNTIL = date(2026, 9, 30)
EDITION_YEARS = (2025, 2026)
NEET = ("unemployed", "inactive")
# 400 MRP with the MRP of 2025 (3,932 ₸) and 2026 (4,325 ₸).
GRANT_AMOUNTS = {2025: 1_572_800, 2026: 1_730_000}


@pytest.fixture(scope="module")
def region():
    return generate(seed=2025, people=SMALL, until=UNTIL)


@pytest.fixture(scope="module")
def medium():
    """The participations of a medium region (43,200 people), for shares and rankings."""
    return generate(seed=2025, people=43_200, until=UNTIL).programs.participations


@pytest.fixture(scope="module")
def participations(region):
    return region.programs.participations


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The default demo region (seed 2025, 4,320 people), loaded once for this module."""
    with django_db_blocker.unblock():
        stats = demo_load(people=SMALL)
    yield stats
    with django_db_blocker.unblock():
        demo_unload()


def _placed_ones(participations):
    return [p for p in participations if p.placement is not None]


class ParticipationGenerationTests:
    def test_same_seed_and_size_give_the_same_participations(self, region):
        again = generate(seed=2025, people=SMALL, until=UNTIL)
        assert again.programs.digest() == region.programs.digest()
        assert again.programs == region.programs

    def test_another_seed_gives_other_participations(self, region):
        other = generate(seed=2026, people=SMALL, until=UNTIL)
        assert other.programs.digest() != region.programs.digest()

    def test_participations_leave_people_and_placements_as_they_were(self, region):
        without = generate(seed=2025, people=SMALL, until=UNTIL, editions=())
        assert without.digest() == region.digest()
        assert without.programs.participations == []
        assert without.programs.quotas == []

    def test_each_program_placement_in_an_edition_year_has_one_participation(
        self, region, participations
    ):
        expected = {
            i
            for i, p in enumerate(region.placements)
            if p.channel in ("program", "grant") and p.start_date.year in EDITION_YEARS
        }
        linked = [p.placement for p in _placed_ones(participations)]
        assert len(linked) == len(set(linked))
        assert set(linked) == expected
        assert scaled(3_852, SMALL) + scaled(91, SMALL) == 40
        assert sum(1 for p in _placed_ones(participations) if p.year == 2025) == 40

    def test_placed_ones_link_a_placement_of_the_same_person_and_program(
        self, region, participations
    ):
        kinds = load_catalog().programs
        for p in _placed_ones(participations):
            placement = region.placements[p.placement]
            assert (placement.person, placement.program) == (p.person, p.program)
            assert placement.start_date == p.enrolled_on == p.placed_on
            assert placement.start_date.year == p.year
            assert placement.district == p.district
            assert (placement.channel == "grant") == (kinds[p.program] == "grant")
            assert p.status in ("placed", "completed", "dropped_out")

    def test_event_logs_follow_the_lifecycle(self, participations):
        for p in participations:
            first, *later = p.events
            assert (first.from_status, first.to_status, first.on) == ("", "applied", p.applied_on)
            previous = first
            for event in later:
                assert event.from_status == previous.to_status
                assert check_transition(event.from_status, event.to_status) is None
                assert event.on >= previous.on
                previous = event
            assert previous.to_status == p.status

    def test_event_dates_are_the_participations_step_dates(self, participations):
        for p in participations:
            on = {e.to_status: e.on for e in p.events}
            assert on.get("approved", on.get("rejected")) == p.decided_on
            assert on.get("enrolled") == p.enrolled_on
            assert on.get("placed") == p.placed_on
            assert on.get("completed", on.get("dropped_out")) == p.ended_on
            reasons = {e.to_status: e.reason for e in p.events if e.reason}
            assert reasons.get("rejected", "") == p.rejection_reason
            assert reasons.get("dropped_out", "") == p.drop_reason
            if p.status in ("rejected", "dropped_out"):
                assert reasons[p.status]

    def test_dates_are_ordered_as_the_model_constraints_require(self, participations):
        for p in participations:
            assert p.decided_on is not None
            assert p.applied_on <= p.decided_on <= UNTIL
            if p.enrolled_on is not None:
                assert p.enrolled_on >= p.decided_on
            if p.placed_on is not None:
                assert p.enrolled_on is not None
                assert p.placed_on >= p.enrolled_on
            if p.ended_on is not None:
                assert p.ended_on >= max(d for d in (p.enrolled_on, p.placed_on) if d)
                assert p.ended_on <= UNTIL
            if p.status in PLACE_HOLDING_STATUSES:
                assert p.enrolled_on is not None
                assert p.months_planned is not None and p.months_planned > 0

    def test_one_participation_per_person_and_edition(self, participations):
        editions = Counter((p.person, p.program, p.year) for p in participations)
        assert max(editions.values()) == 1

    def test_jobs_complete_when_the_job_or_the_planned_months_are_over(
        self, region, participations
    ):
        for p in _placed_ones(participations):
            if p.program == "business_grant":
                continue
            placement = region.placements[p.placement]
            assert p.placed_on is not None and p.months_planned is not None
            last = add_months(p.placed_on, p.months_planned).toordinal() - 1
            if placement.end_date is not None:
                last = max(min(last, placement.end_date.toordinal()), p.placed_on.toordinal())
            over = last <= UNTIL.toordinal()
            assert p.status == ("completed" if over else "placed")
            assert p.ended_on == (date.fromordinal(last) if over else None)

    def test_amounts_are_what_enrolment_fixes_with_the_years_mrp(self, region, participations):
        for p in participations:
            if p.enrolled_on is None:
                assert (p.monthly_subsidy_tenge, p.one_off_tenge) == (0, 0)
            elif p.program in ("youth_practice", "first_job"):
                assert p.monthly_subsidy_tenge == {2025: 117_960, 2026: 129_750}[p.year]
            elif p.program == "public_works":
                assert p.monthly_subsidy_tenge == {2025: 78_640, 2026: 86_500}[p.year]
            elif p.program == "social_jobs":
                cap = {2025: round(21.61 * 3_932), 2026: round(19.65 * 4_325)}[p.year]
                wage = region.placements[p.placement].monthly_wage if p.placement else None
                exact = Decimal("0.35") * (wage or 0)
                share = min(int(exact.to_integral_value(ROUND_HALF_UP)), cap) if wage else cap
                assert p.monthly_subsidy_tenge == share
            elif p.program == "business_grant":
                assert p.monthly_subsidy_tenge == 0
                assert p.one_off_tenge == GRANT_AMOUNTS[p.year]
            else:
                assert (p.monthly_subsidy_tenge, p.one_off_tenge) == (0, 0)

    def test_follow_ups_are_due_6_and_12_months_after_the_placement(self, participations):
        for p in participations:
            if p.placed_on is None:
                assert p.follow_ups == ()
                continue
            assert [(f.kind, f.due_on) for f in p.follow_ups] == [
                (kind, add_months(p.placed_on, months)) for kind, months in FOLLOW_UP_MONTHS.items()
            ]
            for f in p.follow_ups:
                assert (f.done_on is None) == (f.still_employed is None)
                if f.done_on is not None:
                    assert f.due_on <= f.done_on <= UNTIL

    def test_most_follow_ups_are_done_and_most_people_still_employed(self, medium):
        due = [f for p in medium for f in p.follow_ups if f.due_on <= date(2026, 8, 31)]
        done = [f for f in due if f.done_on is not None]
        assert 0.8 <= len(done) / len(due) <= 0.95
        jobs = [f for p in medium if p.program != "zhasyl_el" for f in p.follow_ups if f.done_on]
        for kind, share in (("6m", 0.75), ("12m", 0.65)):
            answers = [f.still_employed for f in jobs if f.kind == kind]
            assert share - 0.1 <= sum(answers) / len(answers) <= share + 0.1

    def test_grants_are_400_mrp_submitted_after_approval_and_paid_on_the_start(
        self, participations
    ):
        grants = [p for p in participations if p.grant is not None]
        assert grants
        for p in grants:
            g = p.grant
            assert g.requested_tenge == g.awarded_tenge == GRANT_AMOUNTS[p.year]
            assert p.decided_on <= g.submitted_on <= g.disbursed_on == p.placed_on
            assert 0 <= g.score_average <= 40
            if g.survival_checked_on is None:
                assert p.status == "placed"
            else:
                assert g.survival_checked_on >= add_months(g.disbursed_on, 12)
                assert p.status == ("completed" if g.survived else "dropped_out")
                assert p.ended_on == g.survival_checked_on
                assert g.survived or g.survival_note == p.drop_reason != ""

    def test_grants_are_ranked_by_score_within_district_and_edition(self, medium):
        ranked = defaultdict(list)
        for p in medium:
            if p.grant is not None:
                ranked[(p.program, p.year, p.district)].append(p.grant)
        assert ranked
        for grants in ranked.values():
            grants.sort(key=lambda g: g.rank)
            assert [g.rank for g in grants] == list(range(1, len(grants) + 1))
            scores = [g.score_average for g in grants]
            assert scores == sorted(scores, reverse=True)

    def test_dropouts_and_rejections_are_neet_applicants_in_the_stated_shares(
        self, region, participations
    ):
        extra = [p for p in participations if p.placement is None]
        for p in extra:
            status = region.person(p.person).status_changes
            on_the_day = [c.status for c in status if c.valid_from <= p.applied_on][-1]
            assert on_the_day in NEET
            assert p.year == p.applied_on.year
            assert p.program not in ("business_grant", "zhasyl_el")
        per_year = Counter(p.year for p in _placed_ones(participations))
        for status, share in (("dropped_out", DROPOUT_SHARE), ("rejected", REJECTED_SHARE)):
            found = sum(p.status == status for p in extra)
            assert found == sum(round(share * n) for n in per_year.values())

    def test_quotas_cover_the_places_and_money_of_their_participations(self, region):
        programs = region.programs
        places: Counter[tuple[str, int, str]] = Counter()
        money: Counter[tuple[str, int, str]] = Counter()
        for p in programs.participations:
            key = (p.program, p.year, p.district)
            places[key] += p.status in PLACE_HOLDING_STATUSES
            if p.enrolled_on is not None:
                money[key] += p.monthly_subsidy_tenge * p.months_planned + p.one_off_tenge
        quotas = {(q.program, q.year, q.district): q for q in programs.quotas}
        assert set(quotas) == {(p.program, p.year, p.district) for p in programs.participations}
        for key, quota in quotas.items():
            assert quota.places >= places[key] and quota.places % 10 == 0
            assert quota.budget_tenge >= money[key] and quota.budget_tenge % 1_000_000 == 0

    def test_a_history_without_edition_years_has_no_participations(self):
        early = generate(seed=2025, people=TINY, until=date(2024, 12, 31))
        assert early.programs.participations == []


@pytest.mark.django_db
class EditionTermsTests:
    def test_compute_the_amounts_the_editions_and_grant_service_compute(self):
        terms = {(t.program, t.year): t for t in _edition_terms()}
        rates = {r.year: r for r in YearlyRates.objects.all()}
        for edition in ProgramEdition.objects.select_related("program"):
            t = terms[(edition.program.code, edition.year)]
            year_rates = rates[edition.year]
            for wage in (None, 50_000, 85_000, 240_001, 400_000):
                expected = edition.monthly_subsidy_tenge(year_rates, wage=wage) or 0
                assert t.monthly_subsidy(wage) == expected
            assert t.one_off() == (edition.one_off_tenge(year_rates) or 0)
            if edition.program.kind == "grant":
                assert t.one_off() == grant_amount(edition) == GRANT_AMOUNTS[edition.year]

    def test_the_shipped_editions_are_those_a_fresh_database_holds(self):
        assert set(shipped_editions(load_catalog())) == set(_edition_terms())


@pytest.mark.django_db
class LoadedParticipationTests:
    def test_loads_what_was_generated(self, loaded, region):
        programs = region.programs
        assert loaded.participations == Participation.objects.count()
        assert loaded.participations == len(programs.participations)
        assert loaded.follow_ups == FollowUp.objects.count() == programs.follow_up_count
        assert loaded.grants == GrantApplication.objects.count() == programs.grant_count
        assert ParticipationEvent.objects.count() == programs.event_count
        assert ProgramQuota.objects.count() == len(programs.quotas)

    def test_2025_program_and_grant_placements_each_have_a_participation(self, loaded):
        placements = Placement.objects.filter(
            channel__in=[c.value for c in PROGRAM_CHANNELS], start_date__year=2025
        )
        linked = Participation.objects.filter(placement__in=placements)
        assert placements.count() == linked.count() == 40
        assert not linked.exclude(placement__person=F("person")).exists()
        assert not linked.exclude(placement__program=F("edition__program")).exists()
        assert not linked.exclude(placed_on=F("placement__start_date")).exists()

    def test_rows_pass_model_validation(self, loaded):
        for participation in Participation.objects.all():
            participation.full_clean()
        for application in GrantApplication.objects.all():
            application.full_clean()
        for followup in FollowUp.objects.all()[:50]:
            followup.full_clean()

    def test_stored_event_logs_follow_the_lifecycle(self, loaded):
        events = defaultdict(list)
        for e in ParticipationEvent.objects.order_by("participation", "on", "id"):
            events[e.participation_id].append(e)
        for participation in Participation.objects.all():
            chain = events[participation.pk]
            assert chain[0].from_status == ""
            for before, after in zip(chain, chain[1:], strict=False):
                assert after.from_status == before.to_status
                assert check_transition(after.from_status, after.to_status) is None
            assert chain[-1].to_status == participation.status

    def test_quota_usage_stays_within_every_quota(self, loaded):
        for quota in ProgramQuota.objects.select_related("edition", "district"):
            usage = quota_usage(quota.edition, quota.district, today=UNTIL)
            assert 0 <= usage.places_used <= quota.places
            assert usage.committed_tenge <= quota.budget_tenge
        assert Participation.objects.filter(status="completed").exists()
        assert Participation.objects.filter(status="dropped_out").exists()

    def test_follow_ups_are_due_as_the_service_schedules_them(self, loaded):
        for followup in FollowUp.objects.select_related("participation"):
            placed_on = followup.participation.placed_on
            assert placed_on is not None
            assert followup.due_on == add_months(placed_on, FOLLOW_UP_MONTHS[followup.kind])

    def test_grant_applications_request_the_editions_grant(self, loaded):
        for application in GrantApplication.objects.select_related("participation__edition"):
            amount = grant_amount(application.participation.edition)
            assert application.requested_tenge == application.awarded_tenge == amount
            assert application.participation.one_off_tenge == amount


@pytest.mark.django_db
class ReplaceTests:
    def test_replace_twice_in_a_row_works(self, loaded):
        first = demo_load(people=TINY, replace=True)
        second = demo_load(people=TINY, replace=True)
        assert replace(first, seconds=0) == replace(second, seconds=0)
        assert Person.objects.count() == TINY
        assert Participation.objects.count() == second.participations > 0
        assert DemoDataset.objects.count() == 1

    def test_unload_deletes_participations_grants_and_quotas(self, loaded):
        assert demo_unload() > 0
        for model in (Participation, ParticipationEvent, FollowUp, GrantApplication):
            assert not model.objects.exists()
        assert not ProgramQuota.objects.exists()
        assert not Person.objects.exists()

    def test_each_load_and_unload_signals_one_bulk_change(self, loaded):
        calls = []

        def listen(sender, **kwargs):
            calls.append((sender, kwargs["person_ids"]))

        records_bulk_changed.connect(listen)
        try:
            demo_load(people=TINY, replace=True)
            demo_unload()
        finally:
            records_bulk_changed.disconnect(listen)
        assert calls == [(DemoDataset, None), (DemoDataset, None)]

    def test_a_record_entered_on_a_demo_person_refuses_the_replace(self, loaded):
        leader = Person.objects.select_related("district").first()
        assert leader is not None
        Brigade.objects.create(
            edition=ProgramEdition.objects.get(program__code="zhasyl_el", year=2025),
            name="Demo",
            district=leader.district,
            starts_on=date(2025, 6, 1),
            ends_on=date(2025, 8, 31),
            leader=leader,
            hourly_rate_tenge=1_000,
            capacity=10,
        )
        with translation.override("en"), pytest.raises(ApplicationError, match="refer to it"):
            demo_load(people=TINY, replace=True)

    def test_refuses_to_load_next_to_quotas_of_a_real_office(self, loaded):
        demo_unload()
        ProgramQuota.objects.create(
            edition=ProgramEdition.objects.get(program__code="first_job", year=2025),
            district=District.objects.get(code="karasai"),
            places=5,
            budget_tenge=1_000_000,
        )
        with pytest.raises(ApplicationError):
            demo_load(people=TINY)
