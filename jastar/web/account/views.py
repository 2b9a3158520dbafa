"""Signing in (throttled), signing out, and the start page that leads each role to its work."""

from __future__ import annotations

import logging
from typing import Any

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from jastar.core.access import scope_of
from jastar.core.audit import client_ip
from jastar.web.account.throttle import login_blocked, login_failed, login_succeeded

logger = logging.getLogger("jastar.security")


class ThrottledAuthenticationForm(AuthenticationForm):
    """The sign-in form, refusing a user name or address after repeated failures."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": _(
            "Too many failed attempts. Wait a few minutes and try again, or ask the "
            "administrator to reset your password."
        ),
    }

    def clean(self) -> dict[str, Any]:
        username = str(self.data.get("username", ""))
        ip = client_ip(self.request) if self.request is not None else None
        # Checked before the password, so a held account gives no hint whether it was right.
        if login_blocked(username, ip):
            logger.warning("Sign-in refused, too many failures: user %r from %s", username, ip)
            raise forms.ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            login_failed(username, ip)
            raise
        # A form without a password authenticates no one: that is neither a failure nor
        # a success, and must not wipe the count of failures.
        if self.user_cache is not None:
            login_succeeded(username)
        return cleaned


class LoginView(auth_views.LoginView):
    form_class = ThrottledAuthenticationForm
    template_name = "web/account/login.html"
    redirect_authenticated_user = True


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """Where a signed-in user begins: their role's main page, or, for a user without a
    role yet, a page saying whom to ask."""
    scope = scope_of(request.user)
    if scope.employer_id is not None:
        return redirect("web:employer-vacancies")
    if scope.person_id is not None:
        return redirect("web:me")
    if scope.is_staff_side and scope.role != "analyst":
        return redirect("web:people")
    if scope.is_staff_side:
        return redirect("analytics:dashboard")
    return render(request, "web/account/no_role.html")
