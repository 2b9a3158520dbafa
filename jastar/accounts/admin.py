"""Users and their Jastar role in the administration.

The role (with its district, employer or young person) is edited on the user's page. Saving
goes through ``account_assign`` / ``account_remove``, so the role's group, the staff status
and the audit event follow whatever the form says; the role decides them, not the
"Staff status" and "Groups" boxes.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from jastar.accounts.models import Account
from jastar.accounts.services import account_assign, account_check, account_remove
from jastar.core.admin_services import attach_errors


class AccountForm(forms.ModelForm[Account]):
    class Meta:
        model = Account
        fields = ["role", "district", "employer", "person"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("role"):
            try:
                account_check(
                    data["role"], data.get("district"), data.get("employer"), data.get("person")
                )
            except ValidationError as err:
                attach_errors(self, err)
        return data


class AccountInline(admin.StackedInline[Account, User]):
    model = Account
    form = AccountForm
    fk_name = "user"
    can_delete = True
    max_num = 1
    autocomplete_fields = ["district", "employer", "person"]
    verbose_name = _("Jastar role")
    verbose_name_plural = _("Jastar role")


# The user's fields the role decides: a change to them re-applies the role.
ROLE_DECIDES = frozenset({"is_staff", "groups"})


class UserAdmin(DjangoUserAdmin[User]):
    inlines = [AccountInline]
    list_display = ["username", "first_name", "last_name", "role", "district", "is_active"]
    list_filter = ["account__role", "account__district", "is_staff", "is_superuser", "is_active"]
    list_select_related = ["account", "account__district"]

    @admin.display(description=_("role"), ordering="account__role")
    def role(self, user: User) -> str:
        account = getattr(user, "account", None)
        return str(account.get_role_display()) if account is not None else "—"

    @admin.display(description=_("district"), ordering="account__district")
    def district(self, user: User) -> str:
        account = getattr(user, "account", None)
        return str(account.district) if account is not None and account.district else "—"

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        return super().get_queryset(request).select_related("account", "account__district")

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not Account:
            super().save_formset(request, form, formset, change)
            return
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        user: User = form.instance
        actor = request.user if isinstance(request.user, User) else None
        for account_form in formset.forms:
            data = getattr(account_form, "cleaned_data", None)
            if not data:
                continue
            existing = account_form.instance.pk is not None
            if formset.can_delete and data.get("DELETE"):
                if existing:
                    account_remove(actor=actor, user=user)
                    formset.deleted_objects.append(account_form.instance)
                continue
            if not account_form.has_changed() and not ROLE_DECIDES & set(form.changed_data):
                continue
            account = account_assign(
                actor=actor,
                user=user,
                role=data["role"],
                district=data.get("district"),
                employer=data.get("employer"),
                person=data.get("person"),
            )
            if existing:
                formset.changed_objects.append((account, account_form.changed_data))
            else:
                formset.new_objects.append(account)


admin.site.unregister(User)
admin.site.register(User, UserAdmin)
