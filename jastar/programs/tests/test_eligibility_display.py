"""A person's vulnerable groups reach the rules; the eligibility panel of the person page."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.utils import translation

from jastar.core.models import AuditAction, AuditEvent
from jastar.programs.eligibility import evaluate, rules_from_data
from jastar.programs.eligibility_display import (
    display_editions,
    eligibility_rows,
    person_eligibility,
)
from jastar.programs.facts import person_facts
from jastar.programs.lifecycle import ParticipationStatus as S
from jastar.programs.models import ProgramEdition
from jastar.programs.selectors import eligible_not_enrolled
from jastar.programs.tests.factories import edition, graduate, participation_at
from jastar.registry.models import Person, VulnerableGroup

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 15)


def in_groups(*codes: str) -> list[VulnerableGroup]:
    return list(VulnerableGroup.objects.filter(code__in=codes))


def bastau_graduate(*codes: str) -> Person:
    """Aigerim, in ``codes``, having completed Bastau Business on 10 June 2026."""
    person = graduate(vulnerable_groups=in_groups(*codes))
    participation_at(S.COMPLETED, person=person, in_edition=edition("bastau_training"))
    return person


def grant_outcome(person: Person) -> bool:
    specs, _errors = rules_from_data(edition("business_grant").rules)
    return evaluate(person_facts(person, TODAY), "business_grant", specs, TODAY).eligible


class GroupFactsTests:
    def test_facts_carry_the_persons_group_codes(self):
        person = graduate(vulnerable_groups=in_groups("large_family", "kandas"))
        assert person_facts(person, TODAY).groups == {"large_family", "kandas"}

    def test_large_family_member_with_bastau_is_eligible_for_the_grant(self):
        person = bastau_graduate("large_family")
        facts = person_facts(person, TODAY)
        assert "bastau_training" in facts.completed_programs
        assert grant_outcome(person) is True

    def test_bastau_graduate_in_no_group_is_not_eligible_for_the_grant(self):
        assert grant_outcome(bastau_graduate()) is False

    def test_bulk_check_reads_groups_with_one_more_query(self, django_assert_num_queries):
        in_group, outside = bastau_graduate("large_family"), bastau_graduate()
        grant = edition("business_grant")
        # People, participations and the person–group links.
        with django_assert_num_queries(3):
            found = eligible_not_enrolled(grant, TODAY)
        assert in_group.pk in found
        assert outside.pk not in found


class PersonEligibilityTests:
    def test_checks_every_program_of_the_year_with_sentences(self, english):
        outcomes = person_eligibility(graduate(), TODAY)
        codes = {outcome.program_code for outcome in outcomes}
        assert codes == set(
            ProgramEdition.objects.filter(year=2026).values_list("program__code", flat=True)
        )
        practice = next(o for o in outcomes if o.program_code == "youth_practice")
        assert practice.eligible
        assert "Age 23 is within 18–35." in [str(r.message) for r in practice.results]

    def test_group_names_come_from_the_registry_in_the_active_language(self):
        person = graduate(vulnerable_groups=in_groups("large_family"))
        grant = next(
            row
            for row in eligibility_rows(person, TODAY)
            if row.edition.year == 2026 and row.outcome.program_code == "business_grant"
        )
        group = next(r for r in grant.outcome.results if r.type == "in_group")
        with translation.override("ru"):
            assert "Член многодетной семьи" in str(group.message)

    def test_falls_back_to_the_latest_year_with_editions(self):
        latest = ProgramEdition.objects.order_by("-year").values_list("year", flat=True)[0]
        editions = display_editions(date(latest + 1, 1, 15))
        assert editions
        assert {e.year for e in editions} == {latest}

    def test_unreadable_rules_are_shown_as_not_eligible(self, english):
        ProgramEdition.objects.filter(program__code="zhasyl_el", year=2026).update(rules={})
        outcomes = person_eligibility(graduate(), TODAY)
        broken = next(o for o in outcomes if o.program_code == "zhasyl_el")
        assert broken.eligible is False
        assert "not set up correctly" in str(broken.results[0].message)


@pytest.fixture
def admin_client(client: Client, django_user_model):
    user = django_user_model.objects.create_superuser("boss", "boss@example.kz", "pw-123456")
    client.force_login(user)
    return client


class PersonPageEligibilityTests:
    def test_change_page_shows_the_panel_with_rule_sentences(self, admin_client: Client):
        person = graduate()
        response = admin_client.get(f"/en/admin/registry/person/{person.pk}/change/")
        assert response.status_code == 200
        page = response.content.decode()
        assert "Eligibility for programs" in page
        assert "Age 23 is within 18–35." in page
        assert "Not eligible" in page

    def test_change_page_renders_the_panel_in_russian(self, admin_client: Client):
        person = graduate()
        response = admin_client.get(f"/ru/admin/registry/person/{person.pk}/change/")
        assert response.status_code == 200
        with translation.override("ru"):
            heading = translation.gettext("Eligibility for programs")
        page = response.content.decode()
        assert 'id="eligibility-panel"' in page
        assert heading in page

    def test_add_page_has_no_panel(self, admin_client: Client):
        response = admin_client.get("/en/admin/registry/person/add/")
        assert response.status_code == 200
        assert 'id="eligibility-panel"' not in response.content.decode()

    def test_group_checkboxes_are_on_the_form(self, admin_client: Client):
        person = graduate()
        response = admin_client.get(f"/en/admin/registry/person/{person.pk}/change/")
        assert 'name="vulnerable_groups"' in response.content.decode()
        assert 'type="checkbox"' in response.content.decode()

    def test_saving_the_form_sets_groups_through_the_service(self, admin_client: Client):
        person = graduate()
        response = admin_client.get(f"/en/admin/registry/person/{person.pk}/change/")
        form = response.context["adminform"].form
        data = {
            name: value
            for name, value in form.initial.items()
            if name in form.fields and value is not None and not isinstance(value, list)
        }
        data.update(
            {
                "district": person.district_id,
                "settlement": person.settlement_id,
                "education_level": person.education_level_id,
                "languages": "[]",
                "vulnerable_groups": [g.pk for g in in_groups("orphan")],
                "status_changes-TOTAL_FORMS": 1,
                "status_changes-INITIAL_FORMS": 1,
                "status_changes-0-id": person.status_changes.get().pk,
                "status_changes-0-person": person.pk,
            }
        )
        response = admin_client.post(f"/en/admin/registry/person/{person.pk}/change/", data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        assert list(person.vulnerable_groups.values_list("code", flat=True)) == ["orphan"]
        event = AuditEvent.objects.filter(action=AuditAction.UPDATE, target_id=str(person.pk))
        assert event.get().changes["vulnerable_groups"] == [[], ["orphan"]]
