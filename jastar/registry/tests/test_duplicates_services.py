"""Possible duplicates in the database: flagging, dismissing, merging, and the admin pages."""

from __future__ import annotations

import io
from datetime import date
from importlib import import_module
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from jastar.analytics.tests.test_facts import assert_sources_agree
from jastar.core.models import AuditAction, AuditEvent
from jastar.programs.brigades import services as brigades
from jastar.programs.lifecycle import ParticipationStatus
from jastar.programs.models import Participation
from jastar.programs.tests.factories import edition, graduate, participation_at
from jastar.registry import services
from jastar.registry.models import (
    DuplicateReason,
    DuplicateStatus,
    Occupation,
    Person,
    PersonMerge,
    PersonStatus,
    Placement,
    PossibleDuplicate,
    VulnerableGroup,
)
from jastar.registry.services import duplicates as duplicate_services
from jastar.registry.tests.factories import centre_of, district, make_employer, make_person

pytestmark = pytest.mark.django_db

BORN = date(2003, 5, 14)
S = ParticipationStatus


def nurlan(**overrides: Any) -> Person:
    """Nurlan Akhmetov, a bachelor graduate from Kaskelen (eligible for Youth Practice)."""
    values: dict[str, Any] = {
        "last_name": "Ахметов",
        "first_name": "Нұрлан",
        "patronymic": "",
        "sex": "M",
        "birth_date": BORN,
    }
    values.update(overrides)
    return graduate(**values)


def latin_nurlan(**overrides: Any) -> Person:
    """The same young man, registered again from a list typed in Latin letters."""
    values: dict[str, Any] = {"last_name": "Akhmetov", "first_name": "Nurlan"}
    values.update(overrides)
    return nurlan(**values)


def pair_of(a: Person, b: Person) -> PossibleDuplicate:
    low, high = sorted((a.pk, b.pk))
    return PossibleDuplicate.objects.get(person_a_id=low, person_b_id=high)


def place(person: Person, start: date, channel: str = "enbek") -> Placement:
    return services.placement_record(
        actor=None,
        person=person,
        start_date=start,
        channel=channel,
        employment_type="permanent",
        employer=make_employer(),
    )


class DuplicatesFlagTests:
    def test_the_scan_command_flags_the_whole_registry_only_with_commit(self):
        kazakh = nurlan()
        latin = latin_nurlan()
        PossibleDuplicate.objects.all().delete()
        out = io.StringIO()
        call_command("duplicates", "scan", stdout=out)
        assert "would flag (dry run; --commit stores them) 1 new pairs" in out.getvalue()
        assert not PossibleDuplicate.objects.exists()
        call_command("duplicates", "scan", "--commit", stdout=out)
        assert pair_of(kazakh, latin).status == DuplicateStatus.OPEN

    def test_finds_the_same_person_typed_in_latin_letters(self):
        kazakh = nurlan()
        latin = latin_nurlan()
        assert services.duplicates_flag(person_ids=[latin.pk]) == 1
        pair = pair_of(kazakh, latin)
        assert (pair.person_a_id, pair.person_b_id) == (kazakh.pk, latin.pk)
        assert (pair.score, pair.reason, pair.status) == (
            100,
            DuplicateReason.SAME_NAME,
            DuplicateStatus.OPEN,
        )

    def test_is_idempotent(self):
        nurlan()
        latin = latin_nurlan()
        services.duplicates_flag(person_ids=[latin.pk])
        assert services.duplicates_flag(person_ids=[latin.pk]) == 0
        assert PossibleDuplicate.objects.count() == 1

    def test_finds_pairs_within_the_people_given(self):
        first, second = nurlan(), latin_nurlan(last_name="Ahmetov")
        assert services.duplicates_flag(person_ids=[first.pk, second.pk, first.pk]) == 1

    def test_finds_swapped_names_and_other_spellings(self):
        aizhan = make_person(last_name="Сейітқалиева", first_name="Айжан", birth_date=BORN)
        swapped = make_person(last_name="Aijan", first_name="Seitkaliyeva", birth_date=BORN)
        spelled = make_person(last_name="Seitkalieva", first_name="Aizhan", birth_date=BORN)
        assert services.duplicates_flag(person_ids=[swapped.pk, spelled.pk]) == 3
        assert pair_of(aizhan, swapped).reason == DuplicateReason.SWAPPED
        assert pair_of(aizhan, spelled).reason == DuplicateReason.SAME_NAME

    def test_finds_a_spelling_variant_as_similar(self):
        kazakh = nurlan()
        variant = nurlan(last_name="Ахмедов", first_name="Нурлан")
        assert services.duplicates_flag(person_ids=[variant.pk]) == 1
        assert pair_of(kazakh, variant).reason == DuplicateReason.SIMILAR

    def test_a_person_is_not_their_own_duplicate(self):
        alone = nurlan()
        assert services.duplicates_flag(person_ids=[alone.pk, alone.pk]) == 0

    def test_ignores_another_birth_date_or_another_name(self):
        nurlan()
        older = latin_nurlan(birth_date=date(2003, 5, 13))
        other = nurlan(last_name="Алиев", first_name="Нурбол")
        assert services.duplicates_flag(person_ids=[older.pk, other.pk]) == 0

    def test_a_dismissed_pair_stays_dismissed(self):
        nurlan()
        latin = latin_nurlan()
        services.duplicates_flag(person_ids=[latin.pk])
        services.duplicate_dismiss(actor=None, duplicate=PossibleDuplicate.objects.get())
        assert services.duplicates_flag(person_ids=[latin.pk]) == 0
        assert PossibleDuplicate.objects.get().status == DuplicateStatus.DISMISSED

    def test_people_without_a_stored_key_are_not_lumped_together(self):
        # Every write path fills the key; rows written around them are simply not compared.
        kazakh, latin = nurlan(), latin_nurlan()
        Person.objects.filter(pk__in=[kazakh.pk, latin.pk]).update(duplicate_key="")
        assert services.duplicates_flag(person_ids=[kazakh.pk, latin.pk]) == 0

    def test_registration_and_renaming_keep_the_key(self):
        person = nurlan()
        assert person.duplicate_key == "20030514an"
        services.person_update(actor=None, person=person, data={"last_name": "Омаров"})
        person.refresh_from_db()
        assert person.duplicate_key == "20030514no"

    def test_takes_a_few_queries_whatever_the_number_of_people(
        self, django_assert_max_num_queries: Any
    ):
        people = [nurlan(first_name=name) for name in ("Нұрлан", "Ерлан", "Асхат", "Нұржан")]
        people += [latin_nurlan(first_name=name) for name in ("Nurlan", "Yerlan", "Askhat")]
        # One query to find, two to store the new pairs, and the test transaction's savepoint.
        with django_assert_max_num_queries(5):
            new = services.duplicates_flag(person_ids=[p.pk for p in people])
        # Нұрлан ~ Nurlan, Ерлан ~ Yerlan, Асхат ~ Askhat, and the twins-like Нұрлан ~ Нұржан
        # (with Nurlan too).
        assert new == 5

    def test_nothing_given_nothing_found(self, django_assert_max_num_queries: Any):
        with django_assert_max_num_queries(2):  # the savepoint only
            assert services.duplicates_flag(person_ids=[]) == 0


class DuplicateKeyMigrationTests:
    def test_fills_the_keys_of_people_already_registered_and_can_run_again(self):
        from django.apps import apps
        from django.db import connection

        migration = import_module("jastar.registry.migrations.0005_possible_duplicates")
        editor = SimpleNamespace(connection=connection)
        nurlan()
        latin_nurlan(first_name="Aizhan")
        Person.objects.update(duplicate_key="")
        migration.fill_duplicate_keys(apps, editor)
        migration.fill_duplicate_keys(apps, editor)
        assert sorted(Person.objects.values_list("duplicate_key", flat=True)) == [
            "20030514aa",
            "20030514an",
        ]


class DuplicateDismissTests:
    def test_records_the_decision_and_audits_it(self, django_user_model: Any):
        officer = django_user_model.objects.create_user("officer")
        nurlan()
        services.duplicates_flag(person_ids=[latin_nurlan().pk])
        pair = services.duplicate_dismiss(
            actor=officer, duplicate=PossibleDuplicate.objects.get(), note=" Twins "
        )
        pair.refresh_from_db()
        assert (pair.status, pair.decided_by, pair.note) == (
            DuplicateStatus.DISMISSED,
            officer,
            "Twins",
        )
        assert pair.decided_at is not None
        event = AuditEvent.objects.get(target_type="registry.possibleduplicate")
        assert (event.action, event.actor) == (AuditAction.UPDATE, officer)

    def test_refuses_a_pair_already_decided(self):
        nurlan()
        services.duplicates_flag(person_ids=[latin_nurlan().pk])
        pair = PossibleDuplicate.objects.get()
        services.duplicate_dismiss(actor=None, duplicate=pair)
        with translation.override("en"), pytest.raises(ValidationError) as err:
            services.duplicate_dismiss(actor=None, duplicate=pair)
        assert err.value.messages == ["This pair has already been decided: Different people."]


@pytest.fixture
def flagged() -> tuple[Person, Person, PossibleDuplicate]:
    """Nurlan in Cyrillic (kept) and in Latin letters (removed), flagged as a pair."""
    keep = nurlan()
    remove = latin_nurlan(
        patronymic="Serikovich", registered_on=date(2025, 3, 1), status=PersonStatus.INACTIVE
    )
    services.duplicates_flag(person_ids=[remove.pk])
    return keep, remove, pair_of(keep, remove)


class PersonMergeTests:
    def test_moves_status_history_placements_and_participations(self, flagged):
        keep, remove, pair = flagged
        participation = participation_at(S.PLACED, person=remove)
        own_placement = place(remove, date(2026, 2, 2))
        services.person_merge(actor=None, keep=keep, remove=remove, duplicate=pair)
        assert not Person.objects.filter(pk=remove.pk).exists()
        participation.refresh_from_db()
        assert participation.person_id == keep.pk
        assert set(keep.placements.values_list("pk", flat=True)) == {
            participation.placement_id,
            own_placement.pk,
        }
        history = list(
            keep.status_changes.order_by("valid_from").values_list("valid_from", flat=True)
        )
        assert history == [
            date(2025, 3, 1),
            date(2025, 9, 1),
            date(2026, 2, 2),
            date(2026, 6, 5),
        ]

    def test_recomputes_the_current_status_from_the_joined_history(self, flagged):
        keep, remove, pair = flagged
        place(remove, date(2026, 2, 2))
        services.person_merge(actor=None, keep=keep, remove=remove, duplicate=pair)
        keep.refresh_from_db()
        assert (keep.status, keep.status_since) == (PersonStatus.EMPLOYED, date(2026, 2, 2))

    def test_a_status_on_the_same_day_keeps_the_kept_persons_and_records_the_other(self):
        keep = nurlan()
        remove = latin_nurlan(status=PersonStatus.INACTIVE)  # also registered on 2025-09-01
        merge = services.person_merge(actor=None, keep=keep, remove=remove)
        merge.refresh_from_db()
        assert list(keep.status_changes.values_list("valid_from", "status")) == [
            (date(2025, 9, 1), PersonStatus.UNEMPLOYED)
        ]
        dropped = merge.moved["registry.personstatuschange.person"]["dropped"]
        assert [(row["valid_from"], row["status"]) for row in dropped] == [
            ("2025-09-01", PersonStatus.INACTIVE)
        ]

    def test_joins_occupations_and_vulnerable_groups(self):
        cook, driver = Occupation.objects.filter(level=4)[:2]
        group = VulnerableGroup.objects.first()
        keep = nurlan(skill_occupations=[cook])
        remove = latin_nurlan(skill_occupations=[cook, driver], vulnerable_groups=[group])
        merge = services.person_merge(actor=None, keep=keep, remove=remove)
        assert set(keep.skill_occupations.all()) == {cook, driver}
        assert list(keep.vulnerable_groups.all()) == [group]
        assert sorted(merge.snapshot["skill_occupations"]) == sorted([cook.code, driver.code])

    def test_moves_the_brigades_the_removed_person_leads(self):
        keep, remove = nurlan(), latin_nurlan()
        zhasyl_el = edition("zhasyl_el", 2026)
        brigade = brigades.brigade_create(
            actor=None,
            edition=zhasyl_el,
            name="Kaskelen parks",
            district=district("karasai"),
            settlement=centre_of("karasai"),
            starts_on=date(2026, 6, 1),
            ends_on=date(2026, 8, 31),
            capacity=3,
            hourly_rate_tenge=1_500,
        )
        member = brigades.brigade_add_member(
            actor=None,
            brigade=brigade,
            participation=participation_at(
                S.ENROLLED, months=3, person=remove, in_edition=zhasyl_el
            ),
            on=date(2026, 6, 3),
        )
        brigades.brigade_set_leader(actor=None, member=member)
        services.person_merge(actor=None, keep=keep, remove=remove)
        brigade.refresh_from_db()
        assert brigade.leader_id == keep.pk

    def test_fills_blank_fields_of_the_kept_person_only(self, flagged):
        keep, remove, pair = flagged
        services.person_update(
            actor=None, person=remove, data={"phone": "+77011234567", "skills": "Excel"}
        )
        services.person_update(actor=None, person=keep, data={"skills": "Driving"})
        merge = services.person_merge(actor=None, keep=keep, remove=remove, duplicate=pair)
        keep.refresh_from_db()
        assert (keep.phone, keep.skills, keep.patronymic) == (
            "+77011234567",
            "Driving",
            "Serikovich",
        )
        assert merge.filled["phone"] == ["", "+77011234567"]
        assert "skills" not in merge.filled
        assert keep.name_key == "ahmetov nurlan serikovic"

    def test_keeps_a_record_of_the_removed_person(self, flagged, django_user_model: Any):
        officer = django_user_model.objects.create_user("officer")
        keep, remove, pair = flagged
        removed_id = remove.pk
        merge = services.person_merge(actor=officer, keep=keep, remove=remove, duplicate=pair)
        merge.refresh_from_db()
        assert (merge.kept, merge.removed_person_id, merge.removed_iin) == (
            keep,
            removed_id,
            remove.iin,
        )
        assert merge.snapshot["last_name"] == "Akhmetov"
        assert merge.snapshot["birth_date"] == "2003-05-14"
        assert merge.merged_by == officer
        assert merge.moved["registry.personstatuschange.person"]["moved"]

    def test_audits_both_people(self, flagged):
        keep, remove, pair = flagged
        removed_id = remove.pk
        merge = services.person_merge(actor=None, keep=keep, remove=remove, duplicate=pair)
        kept_event = AuditEvent.objects.filter(target_id=str(keep.pk), summary="merge").get()
        assert kept_event.action == AuditAction.UPDATE
        assert kept_event.changes["merged_from"] == removed_id
        assert kept_event.changes["patronymic"] == ["", "Serikovich"]
        removed_event = AuditEvent.objects.get(
            target_type="registry.person", target_id=str(removed_id), action=AuditAction.DELETE
        )
        assert removed_event.changes == {"merged_into": keep.pk, "merge": merge.pk}

    def test_closes_every_open_pair_of_the_removed_person_and_flags_the_kept_one_again(self):
        keep = nurlan()
        remove = latin_nurlan()
        third = nurlan(last_name="Akhmetov", first_name="Nurlan", patronymic="")
        services.duplicates_flag(person_ids=[remove.pk, third.pk])
        assert PossibleDuplicate.objects.count() == 3
        removed_id = remove.pk
        merge = services.person_merge(
            actor=None, keep=keep, remove=remove, duplicate=pair_of(keep, remove)
        )
        closed = PossibleDuplicate.objects.filter(merge=merge)
        assert closed.count() == 2
        assert set(closed.values_list("status", flat=True)) == {DuplicateStatus.MERGED}
        assert all(removed_id not in (p.person_a_id, p.person_b_id) for p in closed)
        assert pair_of(keep, third).status == DuplicateStatus.OPEN

    def test_aggregates_stay_exact(self, flagged):
        keep, remove, pair = flagged
        participation_at(S.COMPLETED, person=remove)
        place(remove, date(2026, 2, 2))
        place(keep, date(2025, 11, 3), channel="own_initiative")
        assert_sources_agree()
        services.person_merge(actor=None, keep=keep, remove=remove, duplicate=pair)
        assert_sources_agree()

    def test_a_chain_of_merges_keeps_every_record(self):
        first, second, third = nurlan(), latin_nurlan(), nurlan(last_name="Ahmetov")
        earlier = services.person_merge(actor=None, keep=second, remove=first)
        services.person_merge(actor=None, keep=third, remove=second)
        earlier.refresh_from_db()
        assert earlier.kept == third
        assert PersonMerge.objects.filter(kept=third).count() == 2


class PersonMergeRefusalTests:
    def test_refuses_merging_a_person_into_themselves(self):
        person = nurlan()
        with translation.override("en"), pytest.raises(ValidationError) as err:
            services.person_merge(actor=None, keep=person, remove=person)
        with translation.override("en"):
            assert err.value.messages == ["A person cannot be merged into themselves."]

    def test_refuses_the_same_placement_twice_and_changes_nothing(self, flagged):
        keep, remove, pair = flagged
        place(keep, date(2026, 2, 2))
        place(remove, date(2026, 2, 2))
        before = AuditEvent.objects.count()
        with translation.override("en"), pytest.raises(ValidationError) as err:
            services.person_merge(actor=None, keep=keep, remove=remove, duplicate=pair)
        assert err.value.messages == [
            "Both people have this record: Placement (start date: 02/02/2026, channel: "
            "Enbek.kz labour exchange). Correct or delete one first."
        ]
        assert Person.objects.filter(pk=remove.pk).exists()
        assert remove.placements.count() == 1 and keep.placements.count() == 1
        assert remove.status_changes.count() == 2
        assert pair_of(keep, remove).status == DuplicateStatus.OPEN
        assert AuditEvent.objects.count() == before
        assert not PersonMerge.objects.exists()

    def test_refuses_two_active_participations_in_one_edition(self, flagged):
        keep, remove, pair = flagged
        participation_at(S.APPLIED, person=keep)
        participation_at(S.APPLIED, person=remove)
        with translation.override("en"), pytest.raises(ValidationError) as err:
            services.person_merge(actor=None, keep=keep, remove=remove, duplicate=pair)
        assert err.value.messages == [
            "Both people have this record: Participation (program edition: Youth Practice "
            "2026). Correct or delete one first."
        ]
        assert Participation.objects.filter(person=remove).count() == 1

    def test_a_finished_participation_in_the_same_edition_moves(self, flagged):
        keep, remove, pair = flagged
        participation_at(S.APPLIED, person=keep)
        rejected = participation_at(S.REJECTED, person=remove)
        services.person_merge(actor=None, keep=keep, remove=remove, duplicate=pair)
        rejected.refresh_from_db()
        assert rejected.person_id == keep.pk

    def test_refuses_a_pair_about_other_people(self, flagged):
        keep, remove, pair = flagged
        other = make_person()
        with translation.override("en"), pytest.raises(ValidationError) as err:
            services.person_merge(actor=None, keep=keep, remove=other, duplicate=pair)
        with translation.override("en"):
            assert err.value.messages == ["This pair is about other people."]

    def test_refuses_a_pair_already_dismissed(self, flagged):
        keep, remove, pair = flagged
        services.duplicate_dismiss(actor=None, duplicate=pair)
        with pytest.raises(ValidationError):
            services.person_merge(actor=None, keep=keep, remove=remove, duplicate=pair)

    def test_every_relation_to_a_person_has_a_merge_rule(self):
        labels = {r.label for r in duplicate_services.merge_relations()}
        assert {
            "registry.personstatuschange.person",
            "registry.placement.person",
            "programs.participation.person",
            "programs.brigade.leader",
            "registry.person_vulnerable_groups.person",
        } <= labels

    def test_refuses_a_relation_without_a_rule(self, flagged, monkeypatch: Any):
        keep, remove, pair = flagged
        policies = dict(duplicate_services.MERGE_POLICIES)
        del policies["programs.brigade.leader"]
        monkeypatch.setattr(duplicate_services, "MERGE_POLICIES", policies)
        with pytest.raises(ValidationError) as err:
            services.person_merge(actor=None, keep=keep, remove=remove, duplicate=pair)
        assert err.value.error_list[0].code == "unknown_relation"
        assert "programs.brigade.leader" in err.value.messages[0]


# --- Admin --------------------------------------------------------------------------------

REVIEW = "/en/admin/registry/possibleduplicate/{}/change/"


@pytest.fixture
def admin_client(client: Client, django_user_model: Any) -> Client:
    user = django_user_model.objects.create_superuser("boss", "boss@example.kz", "pw-123456")
    client.force_login(user)
    return client


@pytest.fixture
def reviewer_client(client: Client, django_user_model: Any) -> Client:
    """Staff who may review and dismiss pairs, but not delete people."""
    user = django_user_model.objects.create_user("reviewer", is_staff=True)
    codes = ["view_possibleduplicate", "change_possibleduplicate", "view_person"]
    user.user_permissions.set(Permission.objects.filter(codename__in=codes))
    client.force_login(user)
    return client


class DuplicatesAdminTests:
    def test_list_renders_in_each_language_and_filters_by_district(
        self, admin_client: Client, flagged
    ):
        for language in ("", "ru/", "en/"):
            response = admin_client.get(f"/{language}admin/registry/possibleduplicate/")
            assert response.status_code == 200
        karasai = admin_client.get(
            f"/en/admin/registry/possibleduplicate/?district={district('karasai').pk}"
        )
        assert "Akhmetov Nurlan" in karasai.content.decode()
        talgar = admin_client.get(
            f"/en/admin/registry/possibleduplicate/?district={district('talgar').pk}"
        )
        assert "Akhmetov Nurlan" not in talgar.content.decode()

    def test_review_page_shows_both_people_with_masked_iins_to_the_reviewer(
        self, reviewer_client: Client, flagged
    ):
        keep, remove, pair = flagged
        page = reviewer_client.get(REVIEW.format(pair.pk)).content.decode()
        assert "Ахметов Нұрлан" in page and "Akhmetov Nurlan Serikovich" in page
        assert keep.masked_iin in page and keep.iin not in page
        assert 'id="dismiss-form"' in page and 'id="merge-form"' not in page

    def test_merge_keeps_the_chosen_person(self, admin_client: Client, flagged):
        keep, remove, pair = flagged
        side = "a" if pair.person_a_id == keep.pk else "b"
        response = admin_client.post(
            REVIEW.format(pair.pk), {"merge": "1", "keep": side}, follow=True
        )
        assert not Person.objects.filter(pk=remove.pk).exists()
        # The kept person took the patronymic, as it was written.
        merged = "“Akhmetov Nurlan Serikovich” was merged into “Ахметов Нұрлан Serikovich”."
        assert merged in response.content.decode()
        assert admin_client.get(REVIEW.format(pair.pk)).status_code == 200
        merge = PersonMerge.objects.get()
        assert admin_client.get("/en/admin/registry/personmerge/").status_code == 200
        detail = admin_client.get(f"/en/admin/registry/personmerge/{merge.pk}/change/")
        assert detail.status_code == 200 and remove.iin in detail.content.decode()

    def test_merge_conflict_is_shown_and_nothing_changes(self, admin_client: Client, flagged):
        keep, remove, pair = flagged
        place(keep, date(2026, 2, 2))
        place(remove, date(2026, 2, 2))
        response = admin_client.post(
            REVIEW.format(pair.pk), {"merge": "1", "keep": "a"}, follow=True
        )
        assert "Both people have this record" in response.content.decode()
        assert Person.objects.filter(pk=remove.pk).exists()

    def test_dismiss_through_the_service(self, reviewer_client: Client, flagged):
        keep, remove, pair = flagged
        response = reviewer_client.post(
            REVIEW.format(pair.pk), {"dismiss": "1", "note": "Different fathers"}, follow=True
        )
        assert "The pair was dismissed: they are different people." in response.content.decode()
        pair.refresh_from_db()
        assert (pair.status, pair.note) == (DuplicateStatus.DISMISSED, "Different fathers")

    def test_merging_needs_the_right_to_delete_people(self, reviewer_client: Client, flagged):
        keep, remove, pair = flagged
        response = reviewer_client.post(REVIEW.format(pair.pk), {"merge": "1", "keep": "a"})
        assert response.status_code == 403
        assert Person.objects.filter(pk=remove.pk).exists()

    def test_pairs_and_merges_cannot_be_added_by_hand(self, admin_client: Client):
        for model in ("possibleduplicate", "personmerge"):
            assert admin_client.get(f"/en/admin/registry/{model}/add/").status_code == 403
