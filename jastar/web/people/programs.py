"""A person's programs and jobs: applying, each next step of a participation, follow-ups,
and recording a placement.

The participation page offers one small form per step the lifecycle allows from the
current status (``jastar.programs.lifecycle.TRANSITIONS``); the services check the move
again, so a page left open while someone else acts gets the lifecycle's reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jastar.core.audit import Actor
from jastar.core.errors import ApplicationError
from jastar.programs.lifecycle import TRANSITIONS, ParticipationStatus, status_label
from jastar.programs.models import FollowUp, Participation
from jastar.programs.services import (
    followup_record,
    participation_apply,
    participation_complete,
    participation_decide,
    participation_drop,
    participation_enrol,
    participation_place,
)
from jastar.registry.models import Person, Placement
from jastar.registry.services import placement_record
from jastar.web.people.common import office_only, person_edited, person_shown, render_person
from jastar.web.people.forms import (
    ApplyForm,
    CompleteForm,
    DecideForm,
    DropForm,
    EnrolForm,
    FollowUpForm,
    PlaceForm,
    PlacementForm,
    add_service_errors,
    suggestions,
)
from jastar.web.people.queries import (
    User,
    editions_to_apply,
    followup_for,
    participation_for,
)

_S = ParticipationStatus


# --- Applying --------------------------------------------------------------------------------


@office_only
def person_enrol(request: HttpRequest, person_id: int) -> HttpResponse:
    """Apply the person to a current program edition they are eligible for."""
    person = person_edited(request, person_id)
    today = timezone.localdate()
    editions = editions_to_apply(person, today)
    form = ApplyForm(request.POST or None, editions=editions, initial={"applied_on": today})
    if request.method == "POST" and form.is_valid():
        try:
            participation = participation_apply(
                actor=request.user,
                person=person,
                edition=form.cleaned_data["edition"],
                on=form.cleaned_data["applied_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except ApplicationError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("The application is recorded."))
            return redirect(participation_url(participation))
    return render_person(
        request, person, "web/people/programs.html", {"form": form, "editions": editions}
    )


def participation_url(participation: Participation) -> str:
    return reverse(
        "web:participation",
        kwargs={"person_id": participation.person_id, "participation_id": participation.pk},
    )


# --- The steps of a participation ------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One move of the lifecycle: its form, the statuses it leads to, and its service."""

    form: type[forms.Form]
    targets: frozenset[str]
    run: Callable[[Actor, Participation, dict[str, Any]], Participation]


def _decide(user: Actor, participation: Participation, data: dict[str, Any]) -> Participation:
    return participation_decide(
        actor=user,
        participation=participation,
        approve=data["decision"] == "approve",
        on=data["decided_on"],
        reason=data["rejection_reason"],
    )


def _enrol(user: Actor, participation: Participation, data: dict[str, Any]) -> Participation:
    return participation_enrol(
        actor=user,
        participation=participation,
        on=data["enrolled_on"],
        months=data["months_planned"],
        monthly_wage=data["monthly_wage"],
    )


def _place(user: Actor, participation: Participation, data: dict[str, Any]) -> Participation:
    return participation_place(
        actor=user,
        participation=participation,
        employer=data["employer"],
        vacancy=data["vacancy"],
        start_date=data["start_date"],
        employment_type=data["employment_type"] or None,
        monthly_wage=data["monthly_wage"],
    )


def _complete(user: Actor, participation: Participation, data: dict[str, Any]) -> Participation:
    return participation_complete(actor=user, participation=participation, on=data["ended_on"])


def _drop(user: Actor, participation: Participation, data: dict[str, Any]) -> Participation:
    return participation_drop(
        actor=user, participation=participation, reason=data["drop_reason"], on=data["ended_on"]
    )


STEPS: dict[str, Step] = {
    "decide": Step(DecideForm, frozenset({_S.APPROVED, _S.REJECTED}), _decide),
    "enrol": Step(EnrolForm, frozenset({_S.ENROLLED}), _enrol),
    "place": Step(PlaceForm, frozenset({_S.PLACED}), _place),
    "complete": Step(CompleteForm, frozenset({_S.COMPLETED}), _complete),
    "drop": Step(DropForm, frozenset({_S.DROPPED_OUT}), _drop),
}
# The date each step's form proposes: today.
_DATE_FIELDS = {
    "decide": "decided_on",
    "enrol": "enrolled_on",
    "place": "start_date",
    "complete": "ended_on",
    "drop": "ended_on",
}


def allowed_steps(status: str) -> list[str]:
    """The steps the lifecycle allows from ``status``, in the order the program runs."""
    return [name for name, step in STEPS.items() if step.targets & TRANSITIONS.get(status, set())]


def _step_form(name: str, user: User, data: Any = None) -> forms.Form:
    initial = {_DATE_FIELDS[name]: timezone.localdate()}
    kwargs: dict[str, Any] = {"prefix": name, "initial": initial}
    if STEPS[name].form is PlaceForm:
        kwargs["user"] = user
    return STEPS[name].form(data, **kwargs)


def _followup_form(followup: FollowUp, data: Any = None) -> FollowUpForm:
    initial: dict[str, Any] = {"done_on": followup.done_on or timezone.localdate()}
    if followup.still_employed is not None:
        initial["still_employed"] = "yes" if followup.still_employed else "no"
        initial["note"] = followup.note
    return FollowUpForm(data, prefix=f"followup-{followup.pk}", initial=initial)


def _participation_page(
    request: HttpRequest,
    person: Person,
    participation: Participation,
    bound: dict[str, forms.Form] | None = None,
) -> HttpResponse:
    bound = bound or {}
    steps = allowed_steps(participation.status)
    # A bound form with errors stays shown even if its step is no longer allowed.
    names = [*steps, *(n for n in bound if n in STEPS and n not in steps)]
    step_forms = [(n, bound.get(n) or _step_form(n, request.user)) for n in names]
    followups = [
        (item, bound.get(f"followup-{item.pk}") or _followup_form(item))
        for item in participation.followups.all()
    ]
    context = {
        "participation": participation,
        "step_forms": step_forms,
        "followup_forms": followups,
        **(suggestions(request.user, person) if "place" in names else {}),
    }
    return render_person(request, person, "web/people/participation.html", context)


@office_only
def participation(request: HttpRequest, person_id: int, participation_id: int) -> HttpResponse:
    """A participation with its steps and follow-ups; a POST takes the next step."""
    writes = request.method == "POST"
    person = person_edited(request, person_id) if writes else person_shown(request, person_id)
    found = participation_for(request.user, person, participation_id)
    if not writes:
        return _participation_page(request, person, found)
    name = request.POST.get("step", "")
    if name not in STEPS:
        return HttpResponseBadRequest(_("Unknown step."))
    form = _step_form(name, request.user, request.POST)
    if form.is_valid():
        try:
            STEPS[name].run(request.user, found, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        except ApplicationError as error:
            form.add_error(None, str(error.message))
        else:
            text = _("Recorded: the participation is now “%(status)s”.")
            messages.success(request, text % {"status": status_label(found.status)})
            return redirect(participation_url(found))
    found = participation_for(request.user, person, participation_id)
    return _participation_page(request, person, found, {name: form})


@office_only
@require_POST
def followup(
    request: HttpRequest, person_id: int, participation_id: int, followup_id: int
) -> HttpResponse:
    """Record (or correct) the answer of a 6- or 12-month follow-up."""
    person = person_edited(request, person_id)
    found = participation_for(request.user, person, participation_id)
    item = followup_for(found, followup_id)
    form = _followup_form(item, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            followup_record(
                actor=request.user,
                followup=item,
                done_on=data["done_on"],
                still_employed=data["still_employed"],
                note=data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The follow-up is recorded."))
            return redirect(participation_url(found))
    found = participation_for(request.user, person, participation_id)
    return _participation_page(request, person, found, {f"followup-{item.pk}": form})


# --- Placements ------------------------------------------------------------------------------


@office_only
def placement_new(request: HttpRequest, person_id: int) -> HttpResponse:
    """Record a job the person started; the person's status becomes employed."""
    person = person_edited(request, person_id)
    initial: dict[str, Any] = {"start_date": timezone.localdate()}
    if request.GET.get("vacancy", "").isdigit():
        initial["vacancy"] = request.GET["vacancy"]
    form = PlacementForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            placement: Placement = placement_record(
                actor=request.user, person=person, **form.placement()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The placement from %(date)s is recorded.")
                % {"date": f"{placement.start_date:%d.%m.%Y}"},
            )
            return redirect("web:person", person_id=person.pk)
    context = {"form": form, **suggestions(request.user, person)}
    return render_person(request, person, "web/people/placement_new.html", context)
