"""API tokens: giving a user a token for the REST API, and taking it away.

A token is DRF's ``authtoken.Token`` (one per user, sent as ``Authorization: Token KEY``).
The key is shown once, when it is made; the audit log records that a token was made or
revoked for the user, never the key.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from jastar.core.audit import Actor, audit_record
from jastar.core.models import AuditAction


@transaction.atomic
def token_create(*, actor: Actor, user: User) -> Token:
    """Make ``user``'s API token. Refused when the user is inactive or already has one
    (revoke it first: a token is replaced deliberately, never by accident)."""
    if not user.is_active:
        raise ValidationError(_("%(user)s is not active.") % {"user": user.get_username()})
    if Token.objects.filter(user=user).exists():
        raise ValidationError(
            _("%(user)s already has an API token; revoke it first.") % {"user": user.get_username()}
        )
    token = Token.objects.create(user=user)
    audit_record(actor=actor, action=AuditAction.CREATE, target=user, summary="api token")
    return token


@transaction.atomic
def token_revoke(*, actor: Actor, user: User) -> bool:
    """Delete ``user``'s API token; False when there was none."""
    deleted, _rows = Token.objects.filter(user=user).delete()
    if deleted:
        audit_record(actor=actor, action=AuditAction.DELETE, target=user, summary="api token")
    return bool(deleted)
