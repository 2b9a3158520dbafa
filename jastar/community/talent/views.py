"""The talent reserve's pages (namespace ``community:talent``): intakes, an intake's
nominations with their scores and ranks, nominating, the members with their trainings and
appointments, and the end of a membership. Names are shown to staff who may see personal
data (and audited); an analyst sees the same lists de-identified."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from jastar.community.talent import services
from jastar.community.talent.forms import (
    AppointmentForm,
    CriterionForm,
    IntakeForm,
    MembershipEndForm,
    NominateForm,
    ScoreForm,
    SelectionForm,
    TrainingForm,
)
from jastar.community.talent.models import Intake, IntakeStatus, MembershipStatus
from jastar.community.talent.rules import runs_selection
from jastar.community.talent.selectors import (
    intake_for,
    intake_list,
    members_for,
    membership_for,
    nomination_for,
    nomination_rows,
)
from jastar.core.access import can_edit_person, can_see_personal_data, people_for, scope_of
from jastar.web.employer.forms import add_service_errors
from jastar.web.people.common import office_only


@office_only
def intakes(request: HttpRequest) -> HttpResponse:
    """Every intake with its numbers of nominations and members."""
    context = {"intakes": intake_list(), "runs_selection": runs_selection(request.user)}
    return render(request, "talent/intakes.html", context)


@office_only
def intake_new(request: HttpRequest) -> HttpResponse:
    """Open a yearly intake (regional officers and administrators)."""
    if not runs_selection(request.user):
        raise PermissionDenied
    form = IntakeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            intake = services.intake_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The intake is open."))
            return redirect("community:talent:intake", intake_id=intake.pk)
    return render(request, "talent/form.html", {"form": form, "title": _("Open an intake")})


def _intake_context(request: HttpRequest, intake: Intake, **forms: Any) -> dict[str, Any]:
    user = request.user
    named = can_see_personal_data(user)
    rows = nomination_rows(user, intake)
    if named and rows:
        services.people_viewed(
            actor=user, people=[r.nomination.person for r in rows], summary=intake.title
        )
    scoring = runs_selection(user) and intake.status != IntakeStatus.CLOSED
    choices = [(r.nomination.pk, f"{r.rank}. {r.nomination.person.full_name}") for r in rows]
    today = timezone.localdate()
    context: dict[str, Any] = {
        "intake": intake,
        "rows": rows,
        "named": named,
        "scoring": scoring,
        "can_nominate": scope_of(user).edits_people and intake.status == IntakeStatus.OPEN,
        "score_form": ScoreForm(intake=intake, nominations=choices),
        "criterion_form": CriterionForm(),
        "selection_form": SelectionForm(initial={"starts_on": today}),
    }
    context.update(forms)
    return context


@office_only
def intake(request: HttpRequest, intake_id: int) -> HttpResponse:
    """An intake: its criteria, and the nominations the user reaches, ranked."""
    shown = intake_for(request.user, intake_id)
    return render(request, "talent/intake.html", _intake_context(request, shown))


def _selection_intake(request: HttpRequest, intake_id: int) -> Intake:
    shown = intake_for(request.user, intake_id)
    if not runs_selection(request.user) or request.method != "POST":
        raise PermissionDenied
    return shown


@office_only
def intake_score(request: HttpRequest, intake_id: int) -> HttpResponse:
    """Record (or change) the user's score of a nomination on a criterion."""
    shown = _selection_intake(request, intake_id)
    choices = [(r.nomination.pk, "") for r in nomination_rows(request.user, shown)]
    form = ScoreForm(request.POST, intake=shown, nominations=choices)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.score_record(
                actor=request.user,
                nomination=nomination_for(request.user, data["nomination"]),
                criterion=data["criterion"],
                score=data["score"],
                comment=data["comment"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The score is saved."))
            return redirect("community:talent:intake", intake_id=shown.pk)
    context = _intake_context(request, shown, score_form=form)
    return render(request, "talent/intake.html", context, status=400)


@office_only
def intake_criterion(request: HttpRequest, intake_id: int) -> HttpResponse:
    """Add a selection criterion to the intake."""
    shown = _selection_intake(request, intake_id)
    form = CriterionForm(request.POST)
    if form.is_valid():
        try:
            services.criterion_add(actor=request.user, intake=shown, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The criterion is added."))
            return redirect("community:talent:intake", intake_id=shown.pk)
    context = _intake_context(request, shown, criterion_form=form)
    return render(request, "talent/intake.html", context, status=400)


@office_only
def intake_select(request: HttpRequest, intake_id: int) -> HttpResponse:
    """Select the best-ranked nominations up to the intake's places and close it."""
    shown = _selection_intake(request, intake_id)
    form = SelectionForm(request.POST)
    if form.is_valid():
        try:
            members = services.selection_decide(
                actor=request.user, intake=shown, starts_on=form.cleaned_data["starts_on"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Members selected: %(count)d.") % {"count": len(members)})
            return redirect("community:talent:members")
    context = _intake_context(request, shown, selection_form=form)
    return render(request, "talent/intake.html", context, status=400)


@office_only
def nominate(request: HttpRequest, intake_id: int) -> HttpResponse:
    """Nominate a person the user reaches (found by IIN) to an open intake."""
    shown = intake_for(request.user, intake_id)
    if not scope_of(request.user).edits_people:
        raise PermissionDenied
    form = NominateForm(request.POST or None, initial={"nominated_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        person = people_for(request.user).filter(iin=data.pop("iin")).first()
        if person is None:
            form.add_error("iin", _("No one with this IIN is registered in your reach."))
        else:
            try:
                services.nominate(actor=request.user, intake=shown, person=person, **data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("%(name)s is nominated.") % {"name": person.full_name})
                return redirect("community:talent:intake", intake_id=shown.pk)
    context = {"form": form, "title": _("Nominate to %(intake)s") % {"intake": shown.title}}
    return render(request, "talent/form.html", context)


@office_only
def members(request: HttpRequest) -> HttpResponse:
    """The members the user reaches, with their trainings and appointments."""
    user = request.user
    named = can_see_personal_data(user)
    rows = list(members_for(user).order_by("-intake__year", "person__last_name"))
    if named and rows:
        services.people_viewed(
            actor=user, people=[m.person for m in rows], summary=_("Talent reserve members")
        )
    editable = {m.pk for m in rows if can_edit_person(user, m.person)}
    context = {"rows": rows, "named": named, "editable": editable}
    return render(request, "talent/members.html", context)


def _edited_membership(request: HttpRequest, membership_id: int) -> Any:
    membership = membership_for(request.user, membership_id)
    if not can_see_personal_data(request.user, membership.person):
        raise Http404
    if not can_edit_person(request.user, membership.person):
        raise PermissionDenied
    return membership


@office_only
def training_new(request: HttpRequest, membership_id: int) -> HttpResponse:
    """Record a training a member completed."""
    membership = _edited_membership(request, membership_id)
    form = TrainingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.training_record(actor=request.user, membership=membership, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The training is recorded."))
            return redirect("community:talent:members")
    title = _("Training of %(name)s") % {"name": membership.person.full_name}
    return render(request, "talent/form.html", {"form": form, "title": title})


@office_only
def appointment_new(request: HttpRequest, membership_id: int) -> HttpResponse:
    """Record that a member was appointed to a post."""
    membership = _edited_membership(request, membership_id)
    form = AppointmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.appointment_record(
                actor=request.user, membership=membership, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The appointment is recorded."))
            return redirect("community:talent:members")
    title = _("Appointment of %(name)s") % {"name": membership.person.full_name}
    return render(request, "talent/form.html", {"form": form, "title": title})


@office_only
def membership_end(request: HttpRequest, membership_id: int) -> HttpResponse:
    """End a member's membership: the period is over, or the member withdrew."""
    membership = _edited_membership(request, membership_id)
    initial = {"on": timezone.localdate(), "status": MembershipStatus.ENDED}
    form = MembershipEndForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_end(actor=request.user, membership=membership, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The membership is ended."))
            return redirect("community:talent:members")
    title = _("End the membership of %(name)s") % {"name": membership.person.full_name}
    return render(request, "talent/form.html", {"form": form, "title": title})
