"""Pages of youth centres: the list, a centre's page, and the forms that change them.

Office staff read (a case worker their district's centres; others answer 404); those who
may manage the centre's district (``can_manage_in_district``) change it (403 otherwise).
Visitors are named only to users who may see the person's personal data, and each page
that names them leaves a "view" audit event per person shown.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from jastar.community.centres import selectors, services
from jastar.community.centres.forms import (
    CentreFilterForm,
    CentreForm,
    DateForm,
    EventForm,
    VisitForm,
)
from jastar.community.centres.models import Centre, CentreStatus, Visit
from jastar.core.access import can_manage_in_district, can_see_personal_data, scope_of
from jastar.core.audit import audit_people_viewed
from jastar.registry.models import District
from jastar.web.employer.forms import add_service_errors
from jastar.web.people.common import office_only

VISITS_PER_PAGE = 50


def _own_district(request: HttpRequest) -> District | None:
    scope = scope_of(request.user)
    if scope.all_districts or scope.district_id is None:
        return None
    return District.objects.get(pk=scope.district_id)


def _managed(request: HttpRequest, centre_id: int) -> Centre:
    """A centre the user sees (else 404) and may change (else 403)."""
    centre = selectors.centre_for(request.user, centre_id)
    if not can_manage_in_district(request.user, centre.district_id):
        raise PermissionDenied
    return centre


def _districts(request: HttpRequest) -> Any:
    own = _own_district(request)
    rows = District.objects.order_by("code")
    return rows.filter(pk=own.pk) if own else rows


@office_only
def centre_list(request: HttpRequest) -> HttpResponse:
    """Centres by district with status and this year's events and visits."""
    today = timezone.localdate()
    form = CentreFilterForm(request.GET or None, fixed_district=_own_district(request))
    rows = selectors.centres_for(request.user, selectors.centre_list(**form.filters()))
    rows = selectors.with_year_counts(rows, year=today.year, today=today)
    context = {
        "form": form,
        "centres": rows,
        "year": today.year,
        "can_add": scope_of(request.user).edits_people,
    }
    return render(request, "centres/list.html", context)


@office_only
def centre_detail(request: HttpRequest, centre_id: int) -> HttpResponse:
    """A centre's details, its events and its visits (named for those allowed)."""
    centre = selectors.centre_for(request.user, centre_id)
    today = timezone.localdate()
    visits = Paginator(selectors.centre_visits(centre), VISITS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = _visit_rows(request, list(visits.object_list))
    year_visits = selectors.visits_in(year=today.year, today=today, centre=centre)
    year_events = selectors.events_in(year=today.year, today=today, centre=centre)
    context = {
        "centre": centre,
        "events": selectors.centre_events(centre),
        "visits": visits,
        "visit_rows": rows,
        "totals": selectors.visit_totals(year_visits, year_events),
        "year": today.year,
        "can_manage": can_manage_in_district(request.user, centre.district_id),
        "is_planned": centre.status == CentreStatus.PLANNED,
        "is_open": centre.status == CentreStatus.OPEN,
    }
    return render(request, "centres/centre.html", context)


def _visit_rows(request: HttpRequest, visits: list[Visit]) -> list[dict[str, Any]]:
    """Each visit with the visitor's name when the user may see it; names shown are audited."""
    rows, shown = [], {}
    for visit in visits:
        person = visit.person
        named = person is not None and can_see_personal_data(request.user, person)
        if named and person is not None:
            shown[person.pk] = person
        rows.append({"visit": visit, "named": named})
    audit_people_viewed(
        actor=request.user,
        people=shown.values(),
        summary=lambda person: person.masked_iin,
        changes={"page": "centre visits"},
    )
    return rows


@office_only
def centre_new(request: HttpRequest) -> HttpResponse:
    """Register a centre (planned, or open from a date)."""
    if not scope_of(request.user).edits_people:
        raise PermissionDenied
    form = CentreForm(request.POST or None, districts=_districts(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not can_manage_in_district(request.user, data["district"].pk):
            raise PermissionDenied
        try:
            centre = services.centre_create(actor=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The centre is registered."))
            return redirect("community:centres:centre", centre_id=centre.pk)
    return render(request, "centres/form.html", {"form": form, "title": _("New centre")})


@office_only
def centre_edit(request: HttpRequest, centre_id: int) -> HttpResponse:
    """Change a centre's details."""
    centre = _managed(request, centre_id)
    initial = {field: getattr(centre, field) for field in services.CENTRE_FIELDS}
    form = CentreForm(
        request.POST or None, initial=initial, districts=_districts(request), editing=True
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.centre_update(
                actor=request.user,
                centre=centre,
                data={k: v for k, v in form.cleaned_data.items() if k in services.CENTRE_FIELDS},
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("community:centres:centre", centre_id=centre.pk)
    context = {"form": form, "centre": centre, "title": _("Edit the centre")}
    return render(request, "centres/form.html", context)


@office_only
def centre_open(request: HttpRequest, centre_id: int) -> HttpResponse:
    """A planned centre opens on a date."""
    return _status_change(request, centre_id, services.centre_open, "opened_on")


@office_only
def centre_close(request: HttpRequest, centre_id: int) -> HttpResponse:
    """An open centre closes on a date."""
    return _status_change(request, centre_id, services.centre_close, "closed_on")


def _status_change(request: HttpRequest, centre_id: int, service: Any, field: str) -> HttpResponse:
    centre = _managed(request, centre_id)
    form = DateForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            service(actor=request.user, centre=centre, **{field: form.cleaned_data["on"]})
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The centre's status is changed."))
            return redirect("community:centres:centre", centre_id=centre.pk)
    title = _("Open the centre") if field == "opened_on" else _("Close the centre")
    return render(request, "centres/form.html", {"form": form, "centre": centre, "title": title})


@office_only
def event_new(request: HttpRequest, centre_id: int) -> HttpResponse:
    """Record an event the centre held."""
    centre = _managed(request, centre_id)
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_record(
                actor=request.user,
                centre=centre,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The event is recorded."))
            return redirect("community:centres:centre", centre_id=centre.pk)
    context = {"form": form, "centre": centre, "title": _("Record an event")}
    return render(request, "centres/form.html", context)


@office_only
def visit_new(request: HttpRequest, centre_id: int) -> HttpResponse:
    """Record a visit: a person found by IIN among the people the user reaches, or a count."""
    centre = _managed(request, centre_id)
    form = VisitForm(request.POST or None, centre=centre)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = None
        if data["iin"]:
            person = selectors.visitor_find(request.user, data["iin"])
            if person is None:
                form.add_error("iin", _("No young person with this IIN is in your reach."))
        if not form.errors:
            try:
                services.visit_record(
                    actor=request.user,
                    centre=centre,
                    visited_on=data["visited_on"],
                    purpose=data["purpose"],
                    person=person,
                    anonymous_count=data["anonymous_count"] or 0,
                    event=data["event"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The visit is recorded."))
                return redirect("community:centres:centre", centre_id=centre.pk)
    context = {"form": form, "centre": centre, "title": _("Record visits")}
    return render(request, "centres/form.html", context)
