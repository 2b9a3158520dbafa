"""Vulnerable groups: the shipped reference list and recording them on people."""

from __future__ import annotations

import pytest
from django.apps import apps

from jastar.core.models import AuditAction, AuditEvent
from jastar.registry import refdata, services
from jastar.registry.models import Person, VulnerableGroup
from jastar.registry.tests.factories import aigerim_neet_graduate, make_person

pytestmark = pytest.mark.django_db

# The codes the eligibility rules name, and the carers the business grant also covers.
CODES = {
    "disabled",
    "disability_carer",
    "kandas",
    "migrant",
    "low_income",
    "large_family",
    "orphan",
    "market_trader",
}


def groups(*codes: str) -> list[VulnerableGroup]:
    return list(VulnerableGroup.objects.filter(code__in=codes))


def audit(person: Person, action: AuditAction) -> AuditEvent:
    events = AuditEvent.objects.filter(
        target_type="registry.person", target_id=str(person.pk), action=action
    )
    return events.latest("id")


class VulnerableGroupDataTests:
    def test_migrations_load_every_group(self):
        assert set(VulnerableGroup.objects.values_list("code", flat=True)) == CODES

    def test_groups_are_named_in_three_languages(self):
        kandas = VulnerableGroup.objects.get(code="kandas")
        assert kandas.name_kk.startswith("Қандас")
        assert kandas.name_ru.startswith("Кандас")
        assert kandas.name_en.startswith("Kandas")
        for group in VulnerableGroup.objects.all():
            assert all((group.name_kk, group.name_ru, group.name_en)), group.code

    def test_every_rule_group_has_a_row(self):
        from jastar.programs.rules.person import GROUP_LABELS

        assert set(GROUP_LABELS) <= CODES

    def test_sync_keeps_edited_names_and_recreates_missing_groups(self):
        VulnerableGroup.objects.filter(code="orphan").delete()
        VulnerableGroup.objects.filter(code="migrant").update(name_en="Edited")
        counts = refdata.sync(apps)
        assert counts.get("VulnerableGroup") == 1
        assert VulnerableGroup.objects.get(code="migrant").name_en == "Edited"
        assert VulnerableGroup.objects.filter(code="orphan").exists()

    def test_sync_skips_groups_in_a_state_without_the_model(self):
        class Before0003:
            def get_model(self, app_label: str, model_name: str | None = None) -> object:
                if model_name == "VulnerableGroup":
                    raise LookupError(model_name)
                return apps.get_model(app_label, model_name)

        assert "VulnerableGroup" not in refdata.sync(Before0003())


class PersonGroupsTests:
    def test_registers_person_with_groups_and_audits_them(self):
        person = make_person(vulnerable_groups=groups("large_family", "kandas"))
        codes = set(person.vulnerable_groups.values_list("code", flat=True))
        assert codes == {"large_family", "kandas"}
        event = audit(person, AuditAction.CREATE)
        assert event.changes == {"vulnerable_groups": ["kandas", "large_family"]}

    def test_registration_without_groups_records_no_changes(self):
        person = aigerim_neet_graduate()
        assert person.vulnerable_groups.count() == 0
        assert audit(person, AuditAction.CREATE).changes == {}

    def test_update_replaces_groups_and_audits_old_and_new(self):
        person = make_person(vulnerable_groups=groups("migrant"))
        services.person_update(
            actor=None, person=person, data={}, vulnerable_groups=groups("orphan", "disabled")
        )
        codes = set(person.vulnerable_groups.values_list("code", flat=True))
        assert codes == {"orphan", "disabled"}
        event = audit(person, AuditAction.UPDATE)
        assert event.changes == {"vulnerable_groups": [["migrant"], ["disabled", "orphan"]]}

    def test_update_without_groups_leaves_them_and_out_of_the_audit(self):
        person = make_person(vulnerable_groups=groups("migrant"))
        services.person_update(actor=None, person=person, data={"skills": "Excel"})
        assert list(person.vulnerable_groups.values_list("code", flat=True)) == ["migrant"]
        assert "vulnerable_groups" not in audit(person, AuditAction.UPDATE).changes

    def test_group_lists_its_people(self):
        person = make_person(vulnerable_groups=groups("low_income"))
        assert list(VulnerableGroup.objects.get(code="low_income").people.all()) == [person]
