"""The synthetic demo region: reproducible, valid by construction, calibrated.

The generator is tested without a database. The loader is tested on one region of 4,320
people (1% of the full region) loaded once for the module, and a 1,000-person region
loaded inside one test (rolled back) for calibration at a size where rounding bites.
Program participations are tested in ``test_demo_participations``.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.db.models import F, Min, OuterRef, Subquery

from jastar.core.errors import ApplicationError
from jastar.core.identifiers import is_valid_bin, parse_iin
from jastar.core.models import DemoDataset
from jastar.programs.models import Participation
from jastar.registry.demo.generator import generate
from jastar.registry.demo.loader import demo_load, demo_unload
from jastar.registry.demo.targets import channel_targets, neet_targets, scaled
from jastar.registry.models import (
    PROGRAM_CHANNELS,
    District,
    Employer,
    EmployerKind,
    Person,
    PersonStatus,
    PersonStatusChange,
    Placement,
    Vacancy,
    VacancySource,
)
from jastar.registry.rules import age_on
from jastar.registry.selectors import neet_count_on, person_status_on, placements_by_channel

SMALL = 4_320
TINY = 1_000
UNTIL = date(2026, 9, 30)
NEET_DATES = (date(2024, 12, 31), date(2025, 12, 31))


@pytest.fixture(scope="module")
def tiny_region():
    return generate(seed=2025, people=TINY, until=UNTIL)


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The default demo region (seed 2025, 4,320 people), loaded once for this module."""
    with django_db_blocker.unblock():
        stats = demo_load(people=SMALL)
    yield stats
    with django_db_blocker.unblock():
        demo_unload()


class GeneratorTests:
    def test_same_seed_and_size_give_the_same_region(self, tiny_region):
        again = generate(seed=2025, people=TINY, until=UNTIL)
        assert again.digest() == tiny_region.digest()
        assert list(again.iter_people(0, 50)) == list(tiny_region.iter_people(0, 50))
        assert again.placements == tiny_region.placements

    def test_another_seed_gives_another_region(self, tiny_region):
        other = generate(seed=2026, people=TINY, until=UNTIL)
        assert other.digest() != tiny_region.digest()
        assert [p.iin for p in other.iter_people(0, 50)] != [
            p.iin for p in tiny_region.iter_people(0, 50)
        ]

    def test_histories_hit_the_scaled_neet_targets(self, tiny_region):
        targets = neet_targets(TINY, UNTIL)
        assert {on: tiny_region.neet_on(on) for on in targets} == targets

    def test_most_young_people_live_in_villages(self):
        region = generate(seed=11, people=SMALL, until=UNTIL)
        rural = sum(p.area == "rural" for p in region.iter_people()) / SMALL
        assert 0.80 <= rural <= 0.89

    def test_rejects_a_history_ending_before_the_registry_began(self):
        with pytest.raises(ValueError, match="until"):
            generate(seed=1, people=10, until=date(2022, 12, 31))


@pytest.mark.django_db
class PersonTests:
    def test_every_iin_is_valid_and_agrees_with_birth_date_and_sex(self, loaded):
        for iin, birth_date, sex in Person.objects.values_list("iin", "birth_date", "sex"):
            parsed = parse_iin(iin)
            assert (parsed.birth_date, parsed.sex) == (birth_date, sex)

    def test_iins_and_bins_are_unique_and_valid(self, loaded):
        assert Person.objects.values("iin").distinct().count() == SMALL
        employers = list(Employer.objects.values_list("bin", "kind"))
        assert len({b for b, _ in employers}) == len(employers) >= 30
        for bin_, kind in employers:
            if kind == EmployerKind.LEGAL_ENTITY:
                assert is_valid_bin(bin_)
            else:  # an entrepreneur's IIN, of someone too old to be in the registry
                assert parse_iin(bin_).birth_date.year < 1985

    def test_everyone_was_14_to_35_when_registered(self, loaded):
        ages = {age_on(b, r) for b, r in Person.objects.values_list("birth_date", "registered_on")}
        assert min(ages) >= 14
        assert max(ages) <= 35

    def test_names_have_latin_spellings_and_search_keys(self, loaded):
        assert not Person.objects.filter(last_name_latn="").exists()
        assert not Person.objects.filter(name_key="").exists()


@pytest.mark.django_db
class StatusHistoryTests:
    def test_history_starts_on_the_registration_day(self, loaded):
        first = Person.objects.annotate(first_change=Min("status_changes__valid_from"))
        assert not first.exclude(first_change=F("registered_on")).exists()

    def test_current_status_is_the_last_change(self, loaded):
        latest = PersonStatusChange.objects.filter(person=OuterRef("pk")).order_by("-valid_from")
        people = Person.objects.annotate(
            last_status=Subquery(latest.values("status")[:1]),
            last_day=Subquery(latest.values("valid_from")[:1]),
        )
        assert not people.exclude(status=F("last_status"), status_since=F("last_day")).exists()
        assert not PersonStatusChange.objects.filter(valid_from__gt=UNTIL).exists()


@pytest.mark.django_db
class CalibrationTests:
    def test_neet_counts_equal_the_scaled_published_figures(self, loaded):
        assert [neet_count_on(on) for on in NEET_DATES] == [
            scaled(45_994, SMALL),
            scaled(27_074, SMALL),
        ]
        assert scaled(45_994, SMALL) == 460

    def test_2025_placements_by_channel_equal_the_scaled_published_figures(self, loaded):
        assert placements_by_channel(2025) == channel_targets(SMALL)
        assert sum(channel_targets(SMALL).values()) == scaled(27_360, SMALL)

    def test_a_smaller_region_is_calibrated_too(self, loaded):
        demo_load(people=TINY, replace=True)
        assert [neet_count_on(on) for on in NEET_DATES] == [
            neet_targets(TINY, UNTIL)[on] for on in NEET_DATES
        ]
        counts = placements_by_channel(2025)
        assert {k: v for k, v in counts.items() if v} == {
            k: v for k, v in channel_targets(TINY).items() if v
        }


@pytest.mark.django_db
class PlacementTests:
    def test_program_and_grant_placements_name_a_program(self, loaded):
        placed = Placement.objects.filter(channel__in=[c.value for c in PROGRAM_CHANNELS])
        assert placed.exists()
        assert not placed.filter(program__isnull=True).exists()

    def test_people_are_employed_from_the_start_of_each_placement(self, loaded):
        for placement in Placement.objects.select_related("person")[:300]:
            assert placement.start_date > placement.person.registered_on
            status = person_status_on(placement.person, placement.start_date)
            assert status == PersonStatus.EMPLOYED

    def test_placements_through_enbek_fill_an_enbek_vacancy(self, loaded):
        placed = Placement.objects.filter(channel="enbek")
        assert not placed.exclude(vacancy__source=VacancySource.ENBEK).exists()
        assert not placed.filter(vacancy__posted_on__gt=F("start_date")).exists()


@pytest.mark.django_db
class VacancyTests:
    def test_every_vacancy_has_a_title_and_an_ordered_salary_range(self, loaded):
        assert Vacancy.objects.count() == round(0.14 * SMALL)
        assert not Vacancy.objects.filter(title_kk="", title_ru="").exists()
        assert not Vacancy.objects.filter(salary_min__gt=F("salary_max")).exists()

    def test_enbek_vacancies_have_unique_external_ids(self, loaded):
        ids = list(Vacancy.objects.filter(source="enbek").values_list("external_id", flat=True))
        assert all(i.startswith("ENB-") for i in ids)
        assert len(set(ids)) == len(ids)


@pytest.mark.django_db
class DemoDatasetTests:
    def test_marker_records_seed_scale_size_and_end_of_history(self, loaded):
        dataset = DemoDataset.objects.get()
        assert (dataset.seed, dataset.scale, dataset.people) == (2025, "small", SMALL)
        assert dataset.generated_until == UNTIL

    def test_second_load_without_replace_is_refused(self, loaded):
        with pytest.raises(ApplicationError):
            demo_load(people=SMALL)
        assert Person.objects.count() == SMALL

    def test_load_with_replace_gives_the_same_counts(self, loaded):
        stats = demo_load(people=SMALL, replace=True)
        assert (stats.people, stats.placements, stats.vacancies) == (
            loaded.people,
            loaded.placements,
            loaded.vacancies,
        )
        assert (stats.participations, stats.follow_ups, stats.grants) == (
            loaded.participations,
            loaded.follow_ups,
            loaded.grants,
        )
        assert stats.participations > 0
        assert Person.objects.count() == SMALL
        assert Placement.objects.count() == loaded.placements
        assert Participation.objects.count() == loaded.participations
        assert DemoDataset.objects.count() == 1

    def test_refuses_to_load_into_a_registry_that_is_not_a_demo(self, loaded):
        DemoDataset.objects.all().delete()
        with pytest.raises(ApplicationError):
            demo_load(people=100, replace=True)
        assert demo_unload() == 0
        assert Person.objects.count() == SMALL


@pytest.mark.django_db
class DemoLoginTests:
    def test_every_role_has_a_demo_login_with_its_scope(self, loaded):
        from jastar.core.access import scope_of
        from jastar.registry.demo.users import demo_user_ensure

        made = dict(demo_user_ensure())
        assert set(made) == {
            "demo",
            "demo-caseworker",
            "demo-officer",
            "demo-analyst",
            "demo-employer",
            "demo-youth",
        }
        users = {u.username: u for u in User.objects.filter(username__in=made)}
        karasai = District.objects.get(code="karasai")
        assert scope_of(users["demo-caseworker"]).district_id == karasai.pk
        assert scope_of(users["demo-officer"]).all_districts
        assert not scope_of(users["demo-analyst"]).personal_data
        assert scope_of(users["demo-employer"]).employer_id is not None
        youth = Person.objects.get(account__user=users["demo-youth"])
        assert scope_of(users["demo-youth"]).person_id == youth.pk
        assert youth.is_neet and youth.district == karasai
        # Running it again keeps the same people behind the logins.
        demo_user_ensure()
        assert Person.objects.get(account__user__username="demo-youth") == youth
        assert users["demo"].check_password("jastar-demo")

    def test_replacing_the_region_removes_the_logins_tied_to_its_records(self, loaded):
        from jastar.accounts.models import Account
        from jastar.registry.demo.users import demo_user_ensure

        demo_user_ensure()
        demo_load(people=SMALL, replace=True)
        assert not Account.objects.filter(person__isnull=False).exists()
        assert not Account.objects.filter(employer__isnull=False).exists()
