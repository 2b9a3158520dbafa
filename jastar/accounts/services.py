"""Accounts: giving a user a role, and a young person's own sign-up."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jastar.accounts.groups import STAFF_ROLES, role_group
from jastar.accounts.models import Account, Role
from jastar.core.audit import Actor, audit_record
from jastar.core.models import AuditAction
from jastar.registry.models import District, Employer, Person
from jastar.registry.services import person_register


def account_check(
    role: str, district: District | None, employer: Employer | None, person: Any
) -> None:
    """Raise ValidationError (by field) unless ``role`` has the district, employer or
    person it needs; forms call it to show the service's own messages."""
    errors: dict[str, str] = {}
    if role not in Role.values:
        errors["role"] = _("Unknown role %(role)s.") % {"role": role}
    if role == Role.CASE_WORKER and district is None:
        errors["district"] = _("A case worker belongs to a district.")
    if role == Role.EMPLOYER and employer is None:
        errors["employer"] = _("An employer's login belongs to an employer.")
    if role == Role.YOUTH and person is None:
        errors["person"] = _("A young person's login belongs to their record.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def account_assign(
    *,
    actor: Actor,
    user: User,
    role: str,
    district: District | None = None,
    employer: Employer | None = None,
    person: Person | None = None,
) -> Account:
    """Give ``user`` a role (replacing any earlier one) with its district, employer or person.

    The user joins the role's group only; administrators and regional officers also work
    in the administration (``is_staff``). Writes an audit event.
    """
    account_check(role, district, employer, person)
    account, created = Account.objects.update_or_create(
        user=user,
        defaults={
            "role": role,
            "district": district if role == Role.CASE_WORKER else None,
            "employer": employer if role == Role.EMPLOYER else None,
            "person": person if role == Role.YOUTH else None,
        },
    )
    account.full_clean()
    user.groups.remove(*[role_group(r) for r in Role.values if r != role])
    user.groups.add(role_group(role))
    user.is_staff = role in STAFF_ROLES
    user.save(update_fields=["is_staff"])
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        target=account,
        summary=f"{user.username}: {role}",
        changes={
            "role": role,
            "district": district,
            "employer": employer,
            "person": person,
        },
    )
    return account


@transaction.atomic
def account_remove(*, actor: Actor, user: User) -> None:
    """Take ``user``'s role away: no account, no role group, and no administration (unless
    a superuser). The user then sees nothing in the workspace. Writes an audit event."""
    account = Account.objects.filter(user=user).first()
    if account is None:
        return
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        target=account,
        summary=f"{user.username}: {account.role}",
        changes={"role": account.role},
    )
    account.delete()
    user.groups.remove(*[role_group(r) for r in Role.values])
    user.is_staff = user.is_superuser
    user.save(update_fields=["is_staff"])


# Said whenever the IIN is on record, whoever registered it: nothing else about the record.
IIN_TAKEN = gettext_lazy(
    "This IIN is already registered. To get access to your record, contact the career "
    "centre of your district."
)


@transaction.atomic
def youth_sign_up(
    *, username: str, password: str, person_values: dict[str, Any]
) -> tuple[User, Person]:
    """Register a young person with their consent given today, and their own login.

    ``person_values`` are ``person_register``'s arguments. An IIN already in the registry
    is refused with :data:`IIN_TAKEN` only (code ``iin_taken``), so the page tells nothing
    about the existing record. Raises ValidationError with every problem; nothing is
    written then.
    """
    iin = str(person_values.get("iin", "")).strip()
    if Person.objects.filter(iin=iin).exists():
        raise ValidationError({"iin": IIN_TAKEN}, code="iin_taken")
    user = User.objects.create_user(
        username=username,
        password=password,
        email=person_values.get("email", ""),
        first_name=person_values.get("first_name", "")[:150],
        last_name=person_values.get("last_name", "")[:150],
    )
    try:
        person = person_register(actor=user, consent_given_on=timezone.localdate(), **person_values)
    except IntegrityError as error:
        # Registered by someone else a moment ago.
        raise ValidationError({"iin": IIN_TAKEN}, code="iin_taken") from error
    account_assign(actor=user, user=user, role=Role.YOUTH, person=person)
    return user, person
