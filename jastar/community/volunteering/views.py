"""Volunteering pages: the public list of upcoming events, and the workspace pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jastar.community.volunteering import selectors, services
from jastar.community.volunteering.access import (
    can_confirm_hours,
    can_issue_certificate,
    can_manage_organisation,
    events_for,
    hours_for,
    organisations_for,
)
from jastar.community.volunteering.certificate import (
    LANGUAGES,
    certificate_download,
    certificate_filename,
)
from jastar.community.volunteering.forms import CertificateForm, HoursForm, RejectForm
from jastar.community.volunteering.models import Volunteer
from jastar.core.access import can_see_personal_data, related_to_people_for
from jastar.core.audit import audit_record
from jastar.core.errors import ApplicationError
from jastar.core.models import AuditAction
from jastar.web.employer.forms import add_service_errors


def events_public(request: HttpRequest) -> HttpResponse:
    """Upcoming public volunteer events, for anyone (no personal data)."""
    return render(request, "volunteering/events_public.html", {"events": selectors.public_events()})


@login_required
def organisations(request: HttpRequest) -> HttpResponse:
    rows = organisations_for(request.user, selectors.organisation_list())
    return render(request, "volunteering/organisations.html", {"organisations": rows})


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
    }
    return render(request, "volunteering/organisation.html", context)


def _named_people(request: HttpRequest, logs: list) -> set[int]:  # type: ignore[type-arg]
    """The people of ``logs`` whose names the user may see; showing them is audited."""
    people = {log.volunteer.person for log in logs}
    named = {p.pk for p in people if can_see_personal_data(request.user, p)}
    for person in people:
        if person.pk in named:
            audit_record(
                actor=request.user,
                action=AuditAction.VIEW,
                target=person,
                summary="volunteer hours",
            )
    return named


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
        "can_confirm": manages and can_confirm_hours(request.user, found),
        "form": HoursForm(event=found) if manages else None,
        "reject_form": RejectForm(),
    }
    return render(request, "volunteering/event.html", context)


@login_required
def hours_new(request: HttpRequest, event_id: int) -> HttpResponse:
    """Log a volunteer's hours at an event (its organisation's coordinators and office)."""
    found = get_object_or_404(events_for(request.user, selectors.event_list()), pk=event_id)
    if not can_manage_organisation(request.user, found.organisation):
        raise PermissionDenied
    form = HoursForm(request.POST or None, event=found)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        volunteer = (
            Volunteer.objects.select_related("person").filter(person__iin=data["iin"]).first()
        )
        if volunteer is None:
            form.add_error("iin", _("No volunteer with this IIN is registered."))
        else:
            try:
                services.hours_log(
                    actor=request.user,
                    volunteer=volunteer,
                    event=found,
                    worked_on=data["worked_on"],
                    hours=data["hours"],
                    task=data["task"],
                    note=data["note"],
                )
            except ValidationError as err:
                add_service_errors(form, err)
            except ApplicationError as err:
                form.add_error(None, str(err.message))
            else:
                messages.success(request, _("The hours are logged and wait for confirmation."))
                return redirect("community:volunteering:event", event_id=found.pk)
    return render(request, "volunteering/hours_new.html", {"event": found, "form": form})


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
    return render(request, "volunteering/awards.html", {"awards": listed})
