"""The role on a user's page in the administration: saved through the accounts services."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from jastar.accounts.models import Account, Role
from jastar.accounts.tests.factories import make_user
from jastar.core.models import AuditAction, AuditEvent
from jastar.registry.models import District
from jastar.registry.tests.factories import district, make_employer

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(client: Client) -> Client:
    client.force_login(User.objects.create_superuser("root", password="pw-Jastar-2026"))
    return client


@pytest.fixture
def aliya() -> User:
    return User.objects.create_user("aliya", password="pw-Jastar-2026")


def change_url(user: User) -> str:
    return f"/en/admin/auth/user/{user.pk}/change/"


def user_post(user: User, role: str = "", delete: bool = False, **links: Any) -> dict[str, Any]:
    """The user's change form as the administration sends it, with the role part filled."""
    account = Account.objects.filter(user=user).first()
    data: dict[str, Any] = {
        "username": user.username,
        "first_name": "Әлия",
        "last_name": "Серікова",
        "email": "",
        "is_active": "on",
        "date_joined_0": "2026-06-15",
        "date_joined_1": "10:00:00",
        "account-TOTAL_FORMS": "1",
        "account-INITIAL_FORMS": "1" if account else "0",
        "account-MIN_NUM_FORMS": "0",
        "account-MAX_NUM_FORMS": "1",
        "account-0-id": account.pk if account else "",
        "account-0-user": user.pk,
        "account-0-role": role,
        # As the form shows them: the groups the user is in.
        "groups": list(user.groups.values_list("pk", flat=True)),
        "_save": "Save",
    }
    if user.is_staff:
        data["is_staff"] = "on"
    for name, value in links.items():
        data[f"account-0-{name}"] = value.pk
    if delete:
        data["account-0-DELETE"] = "on"
    return data


def groups_of(user: User) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


class UserAdminTests:
    def test_the_users_page_has_the_role_part(self, root: Client, aliya: User):
        body = root.get(change_url(aliya)).content.decode()
        assert 'name="account-0-role"' in body
        assert 'name="account-0-district"' in body
        assert "Jastar role" in body

    def test_giving_a_role_goes_through_the_service(self, root: Client, aliya: User):
        karasai: District = district("karasai")
        response = root.post(
            change_url(aliya), user_post(aliya, Role.CASE_WORKER, district=karasai)
        )
        assert response.status_code == 302, response.context["errors"]
        account = Account.objects.get(user=aliya)
        assert (account.role, account.district) == (Role.CASE_WORKER, karasai)
        aliya.refresh_from_db()
        assert groups_of(aliya) == {"jastar:case_worker"}
        assert not aliya.is_staff
        event = AuditEvent.objects.get(target_type="accounts.account", target_id=str(account.pk))
        assert event.action == AuditAction.CREATE
        assert event.actor is not None and event.actor.username == "root"

    def test_changing_the_role_swaps_group_and_staff_status(self, root: Client):
        aliya = make_user("aliya", Role.CASE_WORKER, district=district("karasai"))
        response = root.post(change_url(aliya), user_post(aliya, Role.REGIONAL_OFFICER))
        assert response.status_code == 302
        aliya.refresh_from_db()
        assert aliya.account.role == Role.REGIONAL_OFFICER
        assert aliya.account.district is None
        assert aliya.is_staff
        assert groups_of(aliya) == {"jastar:regional_officer"}
        assert AuditEvent.objects.filter(
            target_type="accounts.account", action=AuditAction.UPDATE
        ).exists()

    def test_the_role_decides_staff_status_and_groups_over_the_checkboxes(self, root: Client):
        officer = make_user("officer", Role.REGIONAL_OFFICER)
        data = user_post(officer, Role.REGIONAL_OFFICER)
        del data["is_staff"]  # unticked, the role unchanged
        data["groups"] = []
        assert root.post(change_url(officer), data).status_code == 302
        officer.refresh_from_db()
        assert officer.is_staff
        assert groups_of(officer) == {"jastar:regional_officer"}

    @pytest.mark.parametrize(
        ("role", "field", "message"),
        [
            (Role.CASE_WORKER, "district", "A case worker belongs to a district."),
            (Role.EMPLOYER, "employer", "An employer's login belongs to an employer."),
            (Role.YOUTH, "person", "A young person's login belongs to their record."),
        ],
    )
    def test_a_role_without_its_link_is_refused_with_the_services_message(
        self, root: Client, aliya: User, role: str, field: str, message: str
    ):
        response = root.post(change_url(aliya), user_post(aliya, role))
        assert response.status_code == 200
        formset = response.context["inline_admin_formsets"][0].formset
        assert formset.forms[0].errors[field] == [message]
        assert not Account.objects.filter(user=aliya).exists()
        assert not AuditEvent.objects.filter(target_type="accounts.account").exists()

    def test_a_new_user_may_get_a_role_on_the_add_page(self, root: Client):
        data = {
            "username": "dana",
            "usable_password": "true",
            "password1": "Qaskelen-2026-jastar",
            "password2": "Qaskelen-2026-jastar",
            "account-TOTAL_FORMS": "1",
            "account-INITIAL_FORMS": "0",
            "account-MIN_NUM_FORMS": "0",
            "account-MAX_NUM_FORMS": "1",
            "account-0-role": Role.ANALYST,
            "_save": "Save",
        }
        response = root.post("/en/admin/auth/user/add/", data)
        assert response.status_code == 302
        dana = User.objects.get(username="dana")
        assert dana.account.role == Role.ANALYST
        assert groups_of(dana) == {"jastar:analyst"}
        assert AuditEvent.objects.filter(
            target_type="accounts.account", action=AuditAction.CREATE
        ).exists()

    def test_an_employers_login_gets_its_employer(self, root: Client, aliya: User):
        employer = make_employer()
        response = root.post(change_url(aliya), user_post(aliya, Role.EMPLOYER, employer=employer))
        assert response.status_code == 302
        assert Account.objects.get(user=aliya).employer == employer

    def test_removing_the_role_goes_through_the_service(self, root: Client):
        officer = make_user("officer", Role.REGIONAL_OFFICER)
        response = root.post(
            change_url(officer), user_post(officer, Role.REGIONAL_OFFICER, delete=True)
        )
        assert response.status_code == 302
        officer.refresh_from_db()
        assert not Account.objects.filter(user=officer).exists()
        assert groups_of(officer) == set()
        assert not officer.is_staff
        assert AuditEvent.objects.filter(
            target_type="accounts.account", action=AuditAction.DELETE
        ).exists()

    def test_saving_the_user_without_touching_the_role_writes_no_role_event(self, root: Client):
        worker = make_user("worker", Role.CASE_WORKER, district=district("talgar"))
        before = AuditEvent.objects.filter(target_type="accounts.account").count()
        data = user_post(worker, Role.CASE_WORKER, district=district("talgar"))
        assert root.post(change_url(worker), data).status_code == 302
        assert AuditEvent.objects.filter(target_type="accounts.account").count() == before

    def test_the_list_shows_and_filters_by_role(self, root: Client):
        make_user("worker", Role.CASE_WORKER, district=district("talgar"))
        make_user("analyst", Role.ANALYST)
        response = root.get("/en/admin/auth/user/", {"account__role__exact": Role.ANALYST})
        assert response.status_code == 200
        shown = [user.username for user in response.context["cl"].result_list]
        assert shown == ["analyst"]
        assert "Analyst" in response.content.decode()

    def test_a_regional_officer_may_not_change_users(self, client: Client, aliya: User):
        client.force_login(make_user("officer", Role.REGIONAL_OFFICER))
        assert client.get(change_url(aliya)).status_code == 403
        data = user_post(aliya, Role.ADMINISTRATOR)
        assert client.post(change_url(aliya), data).status_code == 403
        assert not Account.objects.filter(user=aliya).exists()

    def test_an_administrator_may_give_roles(self, client: Client, aliya: User):
        client.force_login(make_user("gulnar", Role.ADMINISTRATOR))
        response = client.post(change_url(aliya), user_post(aliya, Role.ANALYST))
        assert response.status_code == 302
        assert Account.objects.get(user=aliya).role == Role.ANALYST
