"""Giving and taking away a role: the account, the role's group, staff status, the audit."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from jastar.accounts.models import Account, Role
from jastar.accounts.services import account_assign, account_check, account_remove
from jastar.core.access import scope_of
from jastar.core.models import AuditAction, AuditEvent
from jastar.registry.tests.factories import district, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def aliya() -> User:
    return User.objects.create_user("aliya")


class AccountAssignTests:
    def test_a_case_worker_gets_the_district_scope_and_group(self, aliya: User):
        karasai = district("karasai")
        account_assign(actor=None, user=aliya, role=Role.CASE_WORKER, district=karasai)
        scope = scope_of(User.objects.get(pk=aliya.pk))
        assert (scope.role, scope.district_id, scope.all_districts) == (
            Role.CASE_WORKER,
            karasai.pk,
            False,
        )
        assert list(aliya.groups.values_list("name", flat=True)) == ["jastar:case_worker"]

    def test_links_that_do_not_belong_to_the_role_are_dropped(self, aliya: User):
        account = account_assign(
            actor=None, user=aliya, role=Role.ANALYST, district=district("karasai")
        )
        assert account.district is None

    def test_refuses_an_unknown_role(self, aliya: User):
        with pytest.raises(ValidationError) as error:
            account_assign(actor=None, user=aliya, role="director")
        assert "role" in error.value.message_dict
        assert not Account.objects.exists()

    def test_check_names_the_missing_link(self):
        with pytest.raises(ValidationError) as error:
            account_check(Role.YOUTH, None, None, None)
        assert set(error.value.message_dict) == {"person"}
        account_check(Role.YOUTH, None, None, make_person())


class AccountRemoveTests:
    def test_takes_away_account_group_and_staff_status_with_an_audit_event(self, aliya: User):
        account = account_assign(actor=None, user=aliya, role=Role.REGIONAL_OFFICER)
        assert aliya.is_staff
        account_remove(actor=None, user=aliya)
        aliya.refresh_from_db()
        assert not Account.objects.exists()
        assert not aliya.groups.exists()
        assert not aliya.is_staff
        event = AuditEvent.objects.get(action=AuditAction.DELETE)
        assert (event.target_type, event.target_id) == ("accounts.account", str(account.pk))

    def test_a_superuser_keeps_the_administration(self):
        root = User.objects.create_superuser("root")
        account_assign(actor=None, user=root, role=Role.ANALYST)
        account_remove(actor=None, user=root)
        root.refresh_from_db()
        assert root.is_staff

    def test_a_user_without_a_role_is_left_alone(self, aliya: User):
        # Counted, not "none": rows a module-level fixture of another file left may exist.
        before = AuditEvent.objects.count()
        account_remove(actor=None, user=aliya)
        assert AuditEvent.objects.count() == before
