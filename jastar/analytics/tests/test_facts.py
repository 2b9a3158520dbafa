"""The aggregate tables: pure shares, refresh, rebuild, and agreement with the raw counts."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jastar.analytics.facts import (
    AgeRule,
    FollowUpData,
    ParticipationData,
    PersonData,
    PlacementData,
    age_band,
    anniversary,
    participation_share,
    person_share,
    share_delta,
    share_from_json,
    share_to_json,
    subsidy_paid_on,
    youth_span,
)
from jastar.analytics.models import FactState, PlacementMonth, YouthDay, YouthMonth
from jastar.analytics.services.facts import facts_rebuild, facts_refresh
from jastar.analytics.sources import AggregateSource, RawSource
from jastar.core.signals import bulk_writes
from jastar.programs import services as program_services
from jastar.programs.lifecycle import ParticipationStatus
from jastar.programs.tests.factories import graduate, participation_at
from jastar.registry import services
from jastar.registry.models import Person, PersonStatus, Placement
from jastar.registry.tests.factories import district, make_person

RULE = AgeRule(min_age=14, max_age=35, neet_statuses=frozenset({"unemployed", "inactive"}))
D = date


def person(**overrides: Any) -> PersonData:
    values: dict[str, Any] = {
        "district_id": 1,
        "birth_date": D(2000, 3, 10),
        "sex": "F",
        "area": "rural",
        "history": ((D(2023, 2, 1), "unemployed"),),
        "placements": (),
    }
    values.update(overrides)
    return PersonData(**values)


class AnniversaryTests:
    def test_is_the_birthday_in_an_ordinary_year(self) -> None:
        assert anniversary(D(2000, 3, 10), 14) == D(2014, 3, 10)

    def test_a_leap_day_birthday_falls_on_28_february_as_the_registry_counts_it(self) -> None:
        # years_before(28 Feb 2014, 14) is 28 Feb 2000, before 29 Feb 2000: not yet 14.
        assert anniversary(D(2000, 2, 29), 14) == D(2014, 3, 1)
        assert anniversary(D(2000, 2, 29), 16) == D(2016, 2, 29)


class PersonShareTests:
    def test_youth_from_the_first_record_until_the_36th_birthday(self) -> None:
        assert youth_span(person(), RULE) == (D(2023, 2, 1), D(2036, 3, 10))

    def test_youth_starts_at_14_for_someone_registered_younger(self) -> None:
        young = person(birth_date=D(2010, 5, 1), history=((D(2023, 1, 1), "in_education"),))
        assert youth_span(young, RULE) == (D(2024, 5, 1), D(2046, 5, 1))

    def test_nobody_without_a_status_record_counts(self) -> None:
        assert youth_span(person(history=()), RULE) is None
        assert person_share(person(history=()), RULE) == {}

    def test_neet_spell_is_added_and_taken_away_on_its_days(self) -> None:
        history = (
            (D(2023, 2, 1), "in_education"),
            (D(2024, 7, 1), "unemployed"),
            (D(2024, 9, 1), "inactive"),
            (D(2025, 3, 1), "employed"),
        )
        share = person_share(person(history=history), RULE)
        assert share == {
            ("youth", 1, D(2023, 2, 1).toordinal()): (1, 0),
            ("youth", 1, D(2036, 3, 10).toordinal()): (-1, 0),
            ("youth", 1, D(2024, 7, 1).toordinal()): (0, 1),
            # unemployed → inactive is NEET to NEET: +1 and −1 on 1 Sep cancel out.
            ("youth", 1, D(2025, 3, 1).toordinal()): (0, -1),
        }

    def test_neet_at_36_stops_counting(self) -> None:
        old = person(birth_date=D(1990, 1, 1), history=((D(2023, 1, 10), "unemployed"),))
        share = person_share(old, RULE)
        assert share[("youth", 1, D(2026, 1, 1).toordinal())] == (-1, -1)

    def test_placement_is_counted_in_its_month_with_the_age_band_of_that_day(self) -> None:
        placement = PlacementData(D(2025, 4, 20), 2, "program", "first_job")
        share = person_share(person(placements=(placement, placement)), RULE)
        key = ("placement", D(2025, 4, 1).toordinal(), 2, "program", "first_job", "F", "rural")
        assert share[(*key, "25-29")] == (2,)

    def test_age_bands(self) -> None:
        born = D(2000, 6, 1)
        assert age_band(born, D(2014, 6, 1)) == "14-17"
        assert age_band(born, D(2018, 5, 31)) == "14-17"
        assert age_band(born, D(2018, 6, 1)) == "18-24"
        assert age_band(born, D(2035, 6, 1)) == "30-35"
        assert age_band(born, D(2036, 6, 1)) == "other"

    def test_deleted_person_has_no_share(self) -> None:
        assert person_share(None, RULE) == {}


class ParticipationShareTests:
    def participation(self, **overrides: Any) -> ParticipationData:
        values: dict[str, Any] = {
            "district_id": 3,
            "program": "youth_practice",
            "applied_on": D(2025, 1, 20),
            "enrolled_on": D(2025, 2, 10),
            "placed_on": D(2025, 2, 10),
            "ended_on": None,
            "status": "placed",
            "months_planned": 3,
            "monthly_subsidy_tenge": 100,
            "one_off_tenge": 7,
        }
        values.update(overrides)
        return ParticipationData(**values)

    def test_subsidy_falls_due_on_the_last_day_of_each_whole_month(self) -> None:
        assert subsidy_paid_on(self.participation()) == [
            D(2025, 3, 9),
            D(2025, 4, 9),
            D(2025, 5, 9),
        ]

    def test_no_subsidy_after_the_participation_ended(self) -> None:
        ended = self.participation(status="dropped_out", ended_on=D(2025, 4, 1))
        assert subsidy_paid_on(ended) == [D(2025, 3, 9)]

    def test_counts_each_measure_in_its_own_month(self) -> None:
        follow_ups = (FollowUpData(6, D(2025, 8, 12), True), FollowUpData(12, None, None))
        share = participation_share(self.participation(follow_ups=follow_ups))
        month = {m: D(2025, m, 1).toordinal() for m in range(1, 13)}
        key = lambda m: ("program", month[m], 3, "youth_practice")  # noqa: E731
        assert share[key(1)] == (1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        assert share[key(2)] == (0, 1, 1, 0, 0, 0, 0, 0, 0, 7, 0, 0)
        assert share[key(3)][9] == 100
        assert share[key(8)] == (0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0)

    def test_grant_counts_on_disbursement(self) -> None:
        grant = self.participation(
            program="business_grant",
            monthly_subsidy_tenge=0,
            one_off_tenge=0,
            grant_disbursed_on=D(2025, 6, 3),
            grant_tenge=1_572_800,
        )
        share = participation_share(grant)
        assert share[("program", D(2025, 6, 1).toordinal(), 3, "business_grant")][10:] == (
            1,
            1_572_800,
        )


class ShareArithmeticTests:
    def test_delta_is_new_minus_old_without_unchanged_keys(self) -> None:
        old = {("a",): (1, 2), ("b",): (1,)}
        new = {("a",): (1, 3), ("c",): (4,)}
        assert share_delta(old, new) == {("a",): (0, 1), ("b",): (-1,), ("c",): (4,)}

    def test_json_round_trip(self) -> None:
        share = person_share(
            person(placements=(PlacementData(D(2025, 4, 20), 2, "enbek", ""),)), RULE
        )
        assert share_from_json(share_to_json(share)) == share


# --- With the database ------------------------------------------------------------------

CHECK_DAYS = (
    D(2022, 12, 31),
    D(2023, 6, 30),
    D(2024, 1, 15),
    D(2024, 12, 31),
    D(2025, 2, 28),
    D(2025, 7, 9),
    D(2026, 1, 1),
    D(2026, 6, 15),
    D(2030, 5, 31),
)
GROUPS = (
    ("month", "district_id"),
    ("channel", "program"),
    ("sex", "area", "age_band"),
    ("district_id", "age_band"),
)


def assert_sources_agree() -> None:
    aggregate, raw = AggregateSource(), RawSource()
    assert aggregate.youth(days=CHECK_DAYS) == raw.youth(days=CHECK_DAYS)
    karasai = district("karasai").pk
    assert aggregate.youth(days=CHECK_DAYS, district_id=karasai) == raw.youth(
        days=CHECK_DAYS, district_id=karasai
    )
    for group in GROUPS:
        start, end = D(2023, 1, 1), D(2027, 1, 1)
        assert aggregate.placements(start=start, end=end, group=group) == raw.placements(
            start=start, end=end, group=group
        )
    start, end = D(2025, 1, 1), D(2027, 1, 1)
    assert aggregate.programs(start=start, end=end) == raw.programs(start=start, end=end)


def total_youth(on: date) -> tuple[int, int]:
    counts = AggregateSource().youth(days=[on])[on]
    return sum(c[0] for c in counts.values()), sum(c[1] for c in counts.values())


@pytest.mark.django_db
class RefreshTests:
    def test_registering_a_person_counts_them_from_their_first_record(self) -> None:
        make_person(registered_on=D(2025, 9, 1))
        assert total_youth(D(2025, 8, 31)) == (0, 0)
        assert total_youth(D(2025, 9, 1)) == (1, 1)
        assert_sources_agree()

    def test_backdated_status_change_moves_the_neet_count_on_past_dates(self) -> None:
        aigerim = make_person(registered_on=D(2025, 1, 10))
        services.person_change_status(
            actor=None, person=aigerim, status=PersonStatus.EMPLOYED, valid_from=D(2025, 5, 1)
        )
        assert total_youth(D(2025, 4, 30)) == (1, 1)
        assert total_youth(D(2025, 5, 1)) == (1, 0)
        assert_sources_agree()

    def test_moving_district_moves_the_counts(self) -> None:
        aigerim = make_person()
        services.person_update(actor=None, person=aigerim, data={"district": district("talgar")})
        counts = AggregateSource().youth(days=[D(2026, 6, 1)])[D(2026, 6, 1)]
        assert counts == {district("talgar").pk: (1, 1)}
        assert_sources_agree()

    def test_placement_recorded_and_deleted(self) -> None:
        aigerim = make_person()
        placement = services.placement_record(
            actor=None,
            person=aigerim,
            start_date=D(2026, 3, 2),
            channel="enbek",
            employment_type="permanent",
        )
        assert PlacementMonth.objects.get().placed == 1
        assert_sources_agree()
        Placement.objects.filter(pk=placement.pk).delete()
        assert PlacementMonth.objects.get().placed == 0
        assert_sources_agree()

    def test_deleting_a_person_takes_their_share_away(self) -> None:
        aigerim = make_person()
        Person.objects.filter(pk=aigerim.pk).delete()
        assert total_youth(D(2026, 6, 1)) == (0, 0)
        assert not FactState.objects.exists()

    def test_program_participations_agree(self) -> None:
        participation_at(ParticipationStatus.COMPLETED)
        participation_at(ParticipationStatus.DROPPED_OUT, person=graduate(sex="M"))
        participation_at(ParticipationStatus.REJECTED, person=graduate(sex="M"))
        counts = AggregateSource().programs(start=D(2026, 1, 1), end=D(2027, 1, 1))
        applied, enrolled, placed, completed, dropped = counts["youth_practice"][:5]
        assert (applied, enrolled, placed, completed, dropped) == (3, 2, 1, 1, 1)
        assert_sources_agree()

    def test_follow_up_counts_retention(self) -> None:
        participation = participation_at(ParticipationStatus.PLACED)
        follow_up = participation.followups.get(kind="6m")
        follow_up.done_on = D(2026, 6, 14)
        follow_up.still_employed = True
        follow_up.save()
        counts = AggregateSource().programs(start=D(2026, 6, 1), end=D(2026, 7, 1))
        assert counts["youth_practice"][5:7] == (1, 1)
        assert_sources_agree()

    def test_refresh_is_idempotent(self) -> None:
        aigerim = make_person()
        before = list(YouthDay.objects.values_list("day", "youth", "neet"))
        assert facts_refresh(source="person", ids=[aigerim.pk, aigerim.pk]) == 0
        assert list(YouthDay.objects.values_list("day", "youth", "neet")) == before


@pytest.mark.django_db
class RebuildTests:
    def test_rebuild_gives_the_tables_the_refreshes_built(self) -> None:
        make_person()
        make_person(district=district("talgar"), birth_date=D(1991, 1, 1))
        participation_at(ParticipationStatus.COMPLETED, person=graduate(sex="M"))

        def snapshot() -> tuple[list[Any], ...]:
            return (
                sorted(
                    YouthMonth.objects.exclude(youth=0, neet=0).values_list(
                        "district_id", "month", "youth", "neet"
                    )
                ),
                sorted(PlacementMonth.objects.exclude(placed=0).values_list("month", "placed")),
            )

        incremental = snapshot()
        stats = facts_rebuild()
        assert snapshot() == incremental
        assert stats.people == 3 and stats.participations == 1
        assert_sources_agree()

    def test_bulk_writes_rebuild_once_at_the_end(self) -> None:
        with bulk_writes(Person):
            make_person()
            assert not YouthDay.objects.exists()
        assert total_youth(D(2026, 6, 1)) == (1, 1)


# --- Property: random changes keep the tables equal to the raw counts -------------------

STATUSES = [s.value for s in PersonStatus]
BIRTHS = st.dates(D(1990, 7, 1), D(2011, 12, 31))
DAYS = st.dates(D(2023, 1, 1), D(2026, 6, 15))
DISTRICTS = st.sampled_from(["karasai", "talgar", "kegen"])
ACTIONS = st.one_of(
    st.tuples(st.just("register"), BIRTHS, DISTRICTS, DAYS, st.sampled_from(STATUSES)),
    st.tuples(st.just("status"), st.integers(0, 5), DAYS, st.sampled_from(STATUSES)),
    st.tuples(st.just("move"), st.integers(0, 5), DISTRICTS),
    st.tuples(
        st.just("place"), st.integers(0, 5), DAYS, st.sampled_from(["enbek", "own_initiative"])
    ),
    st.tuples(st.just("unplace"), st.integers(0, 5)),
    st.tuples(st.just("delete"), st.integers(0, 5)),
)


class _Rollback(Exception):
    pass


def _run(action: tuple[Any, ...], people: list[Person]) -> None:
    kind = action[0]
    if kind == "register":
        _, born, code, on, status = action
        registered = max(on, anniversary(born, 14))
        if registered > D(2026, 6, 15):
            return
        people.append(
            make_person(
                birth_date=born, district=district(code), registered_on=registered, status=status
            )
        )
        return
    if not people:
        return
    target = people[action[1] % len(people)]
    if kind == "status" and action[2] >= target.birth_date:
        services.person_change_status(
            actor=None, person=target, status=action[3], valid_from=action[2]
        )
    elif kind == "move":
        target.refresh_from_db()
        services.person_update(actor=None, person=target, data={"district": district(action[2])})
    elif kind == "place" and action[2] >= target.registered_on:
        if not Placement.objects.filter(
            person=target, start_date=action[2], channel=action[3]
        ).exists():
            services.placement_record(
                actor=None,
                person=target,
                start_date=action[2],
                channel=action[3],
                employment_type="permanent",
            )
    elif kind == "unplace":
        placement = Placement.objects.filter(person=target).first()
        if placement is not None:
            placement.delete()
    elif kind == "delete":
        Placement.objects.filter(person=target).delete()
        target.delete()
        people.remove(target)


@pytest.mark.django_db
class AggregatesFollowRandomChangesTests:
    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(actions=st.lists(ACTIONS, min_size=1, max_size=12))
    def test_aggregates_equal_raw_counts_after_any_changes(self, actions: list[Any]) -> None:
        try:
            with transaction.atomic():
                people: list[Person] = []
                for action in actions:
                    _run(action, people)
                assert_sources_agree()
                raise _Rollback
        except _Rollback:
            pass


def test_program_service_changes_are_followed(db: Any) -> None:
    participation = participation_at(ParticipationStatus.ENROLLED)
    program_services.participation_drop(
        actor=None, participation=participation, reason="Moved away", on=D(2026, 6, 14)
    )
    counts = AggregateSource().programs(start=D(2026, 6, 1), end=D(2026, 7, 1))
    assert counts["youth_practice"][4] == 1
    assert_sources_agree()


@pytest.mark.django_db
class DashboardPathsAgreeTests:
    """The dashboard's figures are the same from the aggregates and from the raw tables."""

    def test_region_and_district_dashboards_agree(self) -> None:
        from jastar.analytics.selectors import dashboard

        for i, born in enumerate((D(1995, 2, 28), D(2001, 11, 5), D(2008, 2, 29))):
            someone = make_person(
                birth_date=born,
                sex="MF"[i % 2],
                registered_on=D(2024, 3, 1 + i),
                district=district(("karasai", "talgar", "karasai")[i]),
            )
            services.placement_record(
                actor=None,
                person=someone,
                start_date=D(2025, 4 + i, 10),
                channel="enbek",
                employment_type="permanent",
            )
        participation_at(ParticipationStatus.COMPLETED)
        for year in (2025, 2026):
            for where in (None, district("karasai"), district("kegen")):
                fast = dashboard(year=year, district=where)
                slow = dashboard(year=year, district=where, source=RawSource())
                assert fast == slow
