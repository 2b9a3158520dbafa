"""Volunteering pages: the public list of upcoming events, and the workspace pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jastar.community.volunteering import selectors, services
from jastar.community.volunteering.access import (
    can_confirm_hours,
    can_issue_certificate,
    can_manage_awards,
    can_manage_organisation,
    can_register_volunteers,
    districts_managed_by,
    events_for,
    hours_for,
    organisations_for,
)
from jastar.community.volunteering.certificate import (
    LANGUAGES,
    certificate_download,
    certificate_filename,
)
from jastar.community.volunteering.forms import (
    AwardForm,
    CertificateForm,
    EventForm,
    GrantForm,
    HoursForm,
    OrganisationForm,
    RejectForm,
    TaskForm,
    VolunteerForm,
)
from jastar.community.volunteering.models import Organisation, Volunteer, VolunteerEvent
from jastar.core.access import can_see_personal_data, people_for, related_to_people_for
from jastar.core.audit import audit_people_viewed, audit_record
from jastar.core.errors import ApplicationError
from jastar.core.models import AuditAction
from jastar.web.employer.forms import add_service_errors

T = TypeVar("T")


def events_public(request: HttpRequest) -> HttpResponse:
    """Upcoming public volunteer events, for anyone (no personal data)."""
    return render(request, "volunteering/events_public.html", {"events": selectors.public_events()})


@login_required
def organisations(request: HttpRequest) -> HttpResponse:
    rows = organisations_for(request.user, selectors.organisation_list())
    context = {
        "organisations": rows,
        "can_add": districts_managed_by(request.user).exists(),
        "can_register": can_register_volunteers(request.user),
    }
    return render(request, "volunteering/organisations.html", context)


@login_required
def organisation(request: HttpRequest, organisation_id: int) -> HttpResponse:
    """An organisation's events, and its volunteers for those who may see names."""
    found = get_object_or_404(organisations_for(request.user), pk=organisation_id)
    named = can_see_personal_data(request.user)
    volunteers = []
    if named:
        rows = found.volunteers.select_related("person")
        volunteers = list(related_to_people_for(request.user, rows))
        if volunteers:
            audit_record(
                actor=request.user,
                action=AuditAction.VIEW,
                target=found,
                summary="volunteers",
                changes={"people": [v.person_id for v in volunteers]},
            )
    context = {
        "organisation": found,
        "events": found.events.select_related("district").order_by("-starts_at"),
        "volunteers": volunteers,
        "volunteer_count": found.volunteers.count(),
        "named": named,
        "can_manage": can_manage_organisation(request.user, found),
    }
    return render(request, "volunteering/organisation.html", context)


def _form_page(
    request: HttpRequest, form: forms.Form, *, title: str, lead: str = "", cancel: str
) -> HttpResponse:
    """A page with one form: its title, a line about what it belongs to, Save and Cancel."""
    context = {"form": form, "title": title, "lead": lead, "cancel": cancel}
    return render(request, "volunteering/form.html", context)


def _save(form: forms.Form, write: Callable[[], T]) -> T | None:
    """Call a service, showing what it refuses on ``form`` (None then)."""
    try:
        return write()
    except ValidationError as err:
        add_service_errors(form, err)
    except ApplicationError as err:
        form.add_error(None, str(err.message))
    return None


@login_required
def organisation_new(request: HttpRequest) -> HttpResponse:
    """Register an organisation of a district the user manages (office staff)."""
    districts = districts_managed_by(request.user)
    if not districts.exists():
        raise PermissionDenied
    form = OrganisationForm(request.POST or None, districts=districts)
    if request.method == "POST" and form.is_valid():
        created = _save(
            form, lambda: services.organisation_create(actor=request.user, **form.cleaned_data)
        )
        if created is not None:
            messages.success(request, _("The organisation is registered."))
            return redirect("community:volunteering:organisation", organisation_id=created.pk)
    return _form_page(
        request,
        form,
        title=_("New volunteer organisation"),
        cancel=reverse("community:volunteering:organisations"),
    )


def _managed_organisation(request: HttpRequest, organisation_id: int) -> Organisation:
    """An organisation the user sees (else 404) and manages (else 403)."""
    found = get_object_or_404(organisations_for(request.user), pk=organisation_id)
    if not can_manage_organisation(request.user, found):
        raise PermissionDenied
    return found


def _managed_event(request: HttpRequest, event_id: int) -> VolunteerEvent:
    """An event the user sees (else 404) whose organisation the user manages (else 403)."""
    found = get_object_or_404(events_for(request.user, selectors.event_list()), pk=event_id)
    if not can_manage_organisation(request.user, found.organisation):
        raise PermissionDenied
    return found


@login_required
def event_new(request: HttpRequest, organisation_id: int) -> HttpResponse:
    """An event of an organisation: its coordinators, or office staff of its district."""
    found = _managed_organisation(request, organisation_id)
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = _save(
            form,
            lambda: services.event_create(
                actor=request.user, organisation=found, **form.cleaned_data
            ),
        )
        if created is not None:
            messages.success(request, _("The event is created."))
            return redirect("community:volunteering:event", event_id=created.pk)
    return _form_page(
        request,
        form,
        title=_("New volunteer event"),
        lead=found.name,
        cancel=reverse("community:volunteering:organisation", kwargs={"organisation_id": found.pk}),
    )


@login_required
def task_new(request: HttpRequest, event_id: int) -> HttpResponse:
    """Add a task to an event (as for logging hours: the organisation's managers)."""
    found = _managed_event(request, event_id)
    form = TaskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = _save(
            form,
            lambda: services.task_create(actor=request.user, event=found, **form.cleaned_data),
        )
        if created is not None:
            messages.success(request, _("The task is added."))
            return redirect("community:volunteering:event", event_id=found.pk)
    return _form_page(
        request,
        form,
        title=_("New task"),
        lead=f"{found.title} · {found.organisation.name}",
        cancel=reverse("community:volunteering:event", kwargs={"event_id": found.pk}),
    )


@login_required
def volunteer_new(request: HttpRequest) -> HttpResponse:
    """Register a young person (found by IIN among the people in reach) as a volunteer."""
    if not can_register_volunteers(request.user):
        raise PermissionDenied
    form = VolunteerForm(request.POST or None, organisations=organisations_for(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = people_for(request.user).filter(iin=data.pop("iin")).first()
        if person is None:
            form.add_error("iin", _("No young person with this IIN is in your reach."))
        else:
            created = _save(
                form,
                lambda: services.volunteer_register(actor=request.user, person=person, **data),
            )
            if created is not None:
                messages.success(request, _("The young person is registered as a volunteer."))
                return redirect("community:volunteering:volunteer", volunteer_id=created.pk)
    return _form_page(
        request,
        form,
        title=_("Register a volunteer"),
        cancel=reverse("community:volunteering:organisations"),
    )


def _named_people(request: HttpRequest, logs: list) -> set[int]:  # type: ignore[type-arg]
    """The people of ``logs`` whose names the user may see; showing them is audited."""
    people = {log.volunteer.person for log in logs}
    named = [p for p in people if can_see_personal_data(request.user, p)]
    audit_people_viewed(actor=request.user, people=named, summary="volunteer hours")
    return {p.pk for p in named}


@login_required
def event(request: HttpRequest, event_id: int) -> HttpResponse:
    """An event: its tasks, the hours logged, the form to log hours and confirm them."""
    found = get_object_or_404(events_for(request.user, selectors.event_list()), pk=event_id)
    logs = list(hours_for(request.user, selectors.hours_list()).filter(event=found))
    manages = can_manage_organisation(request.user, found.organisation)
    context = {
        "event": found,
        "tasks": found.tasks.all(),
        "logs": logs,
        "named": _named_people(request, logs),
        "can_log": manages,
        "can_add_task": manages,
        "can_confirm": manages and can_confirm_hours(request.user, found),
        "form": HoursForm(event=found) if manages else None,
        "reject_form": RejectForm(),
    }
    return render(request, "volunteering/event.html", context)


@login_required
def hours_new(request: HttpRequest, event_id: int) -> HttpResponse:
    """Log a volunteer's hours at an event (its organisation's coordinators and office)."""
    found = _managed_event(request, event_id)
    form = HoursForm(request.POST or None, event=found)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        volunteer = (
            Volunteer.objects.select_related("person").filter(person__iin=data.pop("iin")).first()
        )
        if volunteer is None:
            form.add_error("iin", _("No volunteer with this IIN is registered."))
        else:
            logged = _save(
                form,
                lambda: services.hours_log(
                    actor=request.user, volunteer=volunteer, event=found, **data
                ),
            )
            if logged is not None:
                messages.success(request, _("The hours are logged and wait for confirmation."))
                return redirect("community:volunteering:event", event_id=found.pk)
    return _form_page(
        request,
        form,
        title=_("Log hours"),
        lead=f"{found.title} · {found.organisation.name}",
        cancel=reverse("community:volunteering:event", kwargs={"event_id": found.pk}),
    )


@require_POST
@login_required
def hours_decide(request: HttpRequest, log_id: int) -> HttpResponse:
    """Confirm or reject logged hours (``decision`` is ``confirm`` or ``reject``)."""
    log = get_object_or_404(hours_for(request.user, selectors.hours_list()), pk=log_id)
    decision = request.POST.get("decision")
    if decision == "confirm":
        services.hours_confirm(actor=request.user, log=log)
        messages.success(request, _("The hours are confirmed."))
    elif decision == "reject":
        form = RejectForm(request.POST)
        note = form.cleaned_data["note"] if form.is_valid() else ""
        services.hours_reject(actor=request.user, log=log, note=note)
        messages.success(request, _("The hours are rejected."))
    else:
        raise Http404
    return redirect("community:volunteering:event", event_id=log.event_id)


def _volunteer_in_reach(request: HttpRequest, volunteer_id: int) -> Volunteer:
    found = get_object_or_404(selectors.volunteer_list(), pk=volunteer_id)
    if not can_see_personal_data(request.user, found.person):
        raise Http404
    return found


@login_required
def volunteer(request: HttpRequest, volunteer_id: int) -> HttpResponse:
    """A volunteer's hours and certificates (named: for those who may see the person)."""
    found = _volunteer_in_reach(request, volunteer_id)
    audit_record(
        actor=request.user, action=AuditAction.VIEW, target=found.person, summary="volunteer"
    )
    context = {
        "volunteer": found,
        "person": found.person,
        "totals": selectors.volunteer_hours(found),
        "logs": selectors.hours_list().filter(volunteer=found),
        "certificates": found.certificates.all(),
        "languages": LANGUAGES,
        "certificate_form": CertificateForm()
        if can_issue_certificate(request.user, found)
        else None,
    }
    return render(request, "volunteering/volunteer.html", context)


@require_POST
@login_required
def certificate_new(request: HttpRequest, volunteer_id: int) -> HttpResponse:
    """Issue a certificate of the volunteer's confirmed hours in a period."""
    found = _volunteer_in_reach(request, volunteer_id)
    if not can_issue_certificate(request.user, found):
        raise PermissionDenied
    form = CertificateForm(request.POST)
    if form.is_valid():
        try:
            services.certificate_issue(actor=request.user, volunteer=found, **form.cleaned_data)
        except ValidationError as err:
            messages.error(request, " ".join(err.messages))
        except ApplicationError as err:
            messages.error(request, str(err.message))
        else:
            messages.success(request, _("The certificate is issued."))
    else:
        messages.error(request, _("Give the period of the certificate."))
    return redirect("community:volunteering:volunteer", volunteer_id=found.pk)


@login_required
def certificate_pdf(request: HttpRequest, certificate_id: int) -> HttpResponse:
    """Download a certificate as PDF in ``?lang=`` (the page's language by default)."""
    certificate = get_object_or_404(selectors.certificate_list(), pk=certificate_id)
    if not can_see_personal_data(request.user, certificate.volunteer.person):
        raise Http404
    lang = request.GET.get("lang") or translation.get_language() or "kk"
    if lang not in LANGUAGES:
        raise Http404
    pdf = certificate_download(actor=request.user, certificate=certificate, lang=lang)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = certificate_filename(certificate, lang)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def awards(request: HttpRequest) -> HttpResponse:
    """Awards and nominations by year (organisations by name, volunteers for those who may)."""
    rows = selectors.award_list().filter(year__lte=timezone.localdate().year + 1)
    listed = []
    for award in rows:
        if award.organisation is not None:
            nominee = award.organisation.name
        elif can_see_personal_data(request.user, award.volunteer.person):  # type: ignore[union-attr]
            nominee = award.volunteer.person.full_name  # type: ignore[union-attr]
            audit_record(
                actor=request.user,
                action=AuditAction.VIEW,
                target=award.volunteer.person,  # type: ignore[union-attr]
                summary="volunteer award",
            )
        else:
            nominee = _("A volunteer")
        listed.append((award, nominee))
    context = {
        "awards": listed,
        "can_manage": can_manage_awards(request.user),
        "today": timezone.localdate(),
    }
    return render(request, "volunteering/awards.html", context)


def _awards_office(request: HttpRequest) -> None:
    if not can_manage_awards(request.user):
        raise PermissionDenied


@login_required
def award_new(request: HttpRequest) -> HttpResponse:
    """Nominate an organisation or a volunteer (by IIN) for an award (region-wide office)."""
    _awards_office(request)
    form = AwardForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        iin = data.pop("iin")
        volunteers = related_to_people_for(request.user, selectors.volunteer_list())
        data["volunteer"] = volunteers.filter(person__iin=iin).first() if iin else None
        if iin and data["volunteer"] is None:
            form.add_error("iin", _("No volunteer with this IIN is registered."))
        else:
            created = _save(form, lambda: services.award_nominate(actor=request.user, **data))
            if created is not None:
                messages.success(request, _("The nomination is recorded."))
                return redirect("community:volunteering:awards")
    return _form_page(
        request,
        form,
        title=_("Nominate for an award"),
        cancel=reverse("community:volunteering:awards"),
    )


@require_POST
@login_required
def award_grant(request: HttpRequest, award_id: int) -> HttpResponse:
    """Record that a nominee received the award on a day."""
    _awards_office(request)
    found = get_object_or_404(selectors.award_list(), pk=award_id)
    form = GrantForm(request.POST)
    if form.is_valid():
        try:
            services.award_grant(actor=request.user, award=found, **form.cleaned_data)
        except ValidationError as err:
            messages.error(request, " ".join(err.messages))
        except ApplicationError as err:
            messages.error(request, str(err.message))
        else:
            messages.success(request, _("The award is granted."))
    else:
        messages.error(request, _("Give the day the award was granted."))
    return redirect("community:volunteering:awards")
