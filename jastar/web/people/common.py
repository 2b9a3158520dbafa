"""What every young people page does first: who may open it, which person, and the audit.

The pages are the office's: a case worker's (their district), a regional officer's or an
administrator's (every district), and an analyst's (the de-identified list only). A person's
own pages need their personal data, so they answer 404 to whoever may not see it, exactly
as for a person out of scope; changes need ``can_edit_person`` (403 otherwise).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django_htmx.middleware import HtmxDetails

from jastar.core.access import (
    can_edit_person,
    can_see_personal_data,
    person_for,
    scope_of,
)
from jastar.registry.models import Person
from jastar.registry.selectors import person_list
from jastar.registry.services import person_record_view

View = Callable[..., HttpResponse]


class HtmxHttpRequest(HttpRequest):
    """A request that went through django-htmx's middleware."""

    htmx: HtmxDetails


def office_only(view: View) -> View:
    """Signed-in office staff only: others go to sign in, or get 403 (employers, youth)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not scope_of(request.user).is_staff_side:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def wants_partial(request: HttpRequest) -> bool:
    """An htmx request for a part of the page (not a restore of the whole page)."""
    htmx: HtmxDetails | None = getattr(request, "htmx", None)
    return bool(htmx) and not (htmx is not None and htmx.history_restore_request)


def varies_on_htmx(response: HttpResponse) -> HttpResponse:
    """The same URL answers a whole page or a part of it: caches must tell them apart."""
    patch_vary_headers(response, ["HX-Request"])
    return response


def person_shown(request: HttpRequest, person_id: int) -> Person:
    """The person ``person_id`` if the user may see their record, else 404."""
    person: Person = person_for(request.user, person_id, person_list())
    if not can_see_personal_data(request.user, person):
        raise Http404
    return person


def person_edited(request: HttpRequest, person_id: int) -> Person:
    """The person ``person_id`` if the user may change their record (404 out of scope,
    403 in scope without the right to change)."""
    person = person_shown(request, person_id)
    if not can_edit_person(request.user, person):
        raise PermissionDenied
    return person


def render_person(
    request: HttpRequest,
    person: Person,
    template: str,
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """Render a page showing ``person``'s personal data, and audit that it was shown."""
    person_record_view(actor=request.user, person=person)
    can_edit = can_edit_person(request.user, person)
    return render(request, template, {"person": person, "can_edit": can_edit, **(context or {})})
