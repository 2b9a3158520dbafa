"""Pages of youth prizes and grants (namespace ``community:prizes``).

Calls and prizes name no one: every office user sees them. Applicants and winners are
shown to users who may see personal data (not analysts), only those they reach (a case
worker: their district), and every page naming people leaves a VIEW audit event per person.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from jastar.community.prizes.forms import (
    ApplicationForm,
    CallForm,
    PrizeForm,
    ScoreForm,
    ScreenForm,
)
from jastar.community.prizes.models import Application, CallStatus, PrizeApplicationStatus
from jastar.community.prizes.selectors import (
    application_for,
    applications_for,
    award_for,
    awards_for,
    call_get,
    call_list,
    call_ranks,
    juror_scores,
    prize_get,
    prize_list,
)
from jastar.community.prizes.services import (
    application_screen,
    application_submit,
    award_pay,
    call_open,
    jury_score_record,
    may_judge,
    may_manage_prizes,
    prize_create,
    winners_decide,
)
from jastar.core.access import can_manage_in_district, can_see_personal_data, people_for, scope_of
from jastar.core.audit import audit_people_viewed
from jastar.core.errors import ApplicationError
from jastar.registry.models import Person
from jastar.web.employer.forms import add_service_errors
from jastar.web.people.common import office_only


def _audit_people(request: HttpRequest, people: Iterable[Person], summary: str) -> None:
    """One VIEW event per person a page names."""
    audit_people_viewed(actor=request.user, people=people, summary=summary)


def _refused(request: HttpRequest, error: ApplicationError | ValidationError) -> None:
    text = error.message if isinstance(error, ApplicationError) else "; ".join(error.messages)
    messages.error(request, str(text))


@office_only
def index(request: HttpRequest) -> HttpResponse:
    """The prizes and grants, and their calls with numbers of applications and winners."""
    context = {
        "prizes": prize_list(),
        "calls": call_list(),
        "may_manage": may_manage_prizes(request.user),
    }
    return render(request, "prizes/index.html", context)


@office_only
def call(request: HttpRequest, call_id: int) -> HttpResponse:
    """A call: its terms; for those who may see applicants, the applications with mean
    scores and ranks, the screening and scoring forms, and the decision."""
    found = call_get(call_id)
    user = request.user
    named = can_see_personal_data(user)
    rows = list(applications_for(user, found)) if named else []
    ranks = call_ranks(found) if named else {}
    judge = may_judge(user) and found.status != CallStatus.DECIDED
    if rows:
        _audit_people(request, (a.person for a in rows), f"prizes call {found.pk}")
    mine = juror_scores(found, user.pk) if judge and user.pk is not None else {}
    context = {
        "call": found,
        "named": named,
        "rows": [
            {
                "application": a,
                "rank": ranks.get(a.pk),
                "my_score": mine.get(a.pk),
                "may_screen": _may_screen(request, a),
                "may_score": judge and a.status == PrizeApplicationStatus.ELIGIBLE,
            }
            for a in rows
        ],
        "judge": judge,
        "may_apply": scope_of(user).edits_people and found.status == CallStatus.OPEN,
        "may_open_call": may_manage_prizes(user),
        "screen_form": ScreenForm(),
        "score_form": ScoreForm(),
    }
    return render(request, "prizes/call.html", context)


def _may_screen(request: HttpRequest, application: Application) -> bool:
    return (
        application.jurors == 0
        and application.call.status != CallStatus.DECIDED
        and can_manage_in_district(request.user, application.district_id)
    )


@office_only
def apply(request: HttpRequest, call_id: int) -> HttpResponse:
    """A young person's application to the call, found by IIN among the people in reach."""
    found = call_get(call_id)
    if not scope_of(request.user).edits_people:
        raise PermissionDenied
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = people_for(request.user).filter(iin=data["iin"]).first()
        if person is None:
            form.add_error("iin", _("No young person with this IIN is in your reach."))
        else:
            try:
                application_submit(
                    actor=request.user,
                    call=found,
                    person=person,
                    on=data["submitted_on"],
                    project_title=data["project_title"],
                    summary=data["summary"],
                    category=data["category"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except ApplicationError as error:
                form.add_error(None, str(error.message))
            else:
                messages.success(request, _("The application is submitted."))
                return redirect("community:prizes:call", call_id=found.pk)
    context = {
        "heading": _("Add an application"),
        "lead": found.title,
        "form": form,
        "cancel_url": reverse("community:prizes:call", kwargs={"call_id": found.pk}),
    }
    return render(request, "prizes/form.html", context)


@office_only
def prize_new(request: HttpRequest) -> HttpResponse:
    """Add a prize or grant to the region's catalogue (regional officers, administrators)."""
    if not may_manage_prizes(request.user):
        raise PermissionDenied
    form = PrizeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            prize = prize_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            added = _("“%(prize)s” is added to the prizes and grants.") % {"prize": prize}
            messages.success(request, added)
            return redirect("community:prizes:index")
    context = {
        "heading": _("Add a prize or grant"),
        "form": form,
        "cancel_url": reverse("community:prizes:index"),
    }
    return render(request, "prizes/form.html", context)


@office_only
def call_new(request: HttpRequest, prize_id: int) -> HttpResponse:
    """Open a call of a prize for a year: dates, places, amount per winner in MRP or
    tenge, budget and age limits (regional officers, administrators)."""
    prize = prize_get(prize_id)
    if not may_manage_prizes(request.user):
        raise PermissionDenied
    form = CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            opened = call_open(actor=request.user, prize=prize, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The call “%(call)s” is open.") % {"call": opened})
            return redirect("community:prizes:call", call_id=opened.pk)
    context = {
        "heading": _("Open a call"),
        "lead": prize.name,
        "form": form,
        "cancel_url": reverse("community:prizes:index"),
    }
    return render(request, "prizes/form.html", context)


@office_only
@require_POST
def screen(request: HttpRequest, application_id: int) -> HttpResponse:
    """Mark an application eligible or reject it with a reason."""
    application = _named_application(request, application_id)
    if not can_manage_in_district(request.user, application.district_id):
        raise PermissionDenied
    form = ScreenForm(request.POST)
    if form.is_valid():
        try:
            application_screen(
                actor=request.user,
                application=application,
                eligible=form.cleaned_data["eligible"],
                reason=form.cleaned_data["reason"],
                on=timezone.localdate(),
            )
        except (ApplicationError, ValidationError) as error:
            _refused(request, error)
    return redirect("community:prizes:call", call_id=application.call_id)


@office_only
@require_POST
def score(request: HttpRequest, application_id: int) -> HttpResponse:
    """A juror scores an application."""
    application = _named_application(request, application_id)
    if not may_judge(request.user):
        raise PermissionDenied
    form = ScoreForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("A score is a whole number from 0 to 100."))
    else:
        try:
            jury_score_record(
                actor=request.user,
                application=application,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
                on=timezone.localdate(),
            )
        except (ApplicationError, ValidationError) as error:
            _refused(request, error)
    return redirect("community:prizes:call", call_id=application.call_id)


def _named_application(request: HttpRequest, application_id: int) -> Application:
    if not can_see_personal_data(request.user):
        raise Http404
    return application_for(request.user, application_id)


@office_only
@require_POST
def decide(request: HttpRequest, call_id: int) -> HttpResponse:
    """Decide the winners of a call from the jury's ranking."""
    found = call_get(call_id)
    if not may_judge(request.user):
        raise PermissionDenied
    try:
        awards = winners_decide(actor=request.user, call=found, on=timezone.localdate())
    except (ApplicationError, ValidationError) as error:
        _refused(request, error)
        return redirect("community:prizes:call", call_id=found.pk)
    decided = ngettext(
        "%(count)d winner is decided.", "%(count)d winners are decided.", len(awards)
    )
    messages.success(request, decided % {"count": len(awards)})
    return redirect("community:prizes:winners", call_id=found.pk)


@office_only
def winners(request: HttpRequest, call_id: int) -> HttpResponse:
    """The winners of a call with their ranks and amounts (named to those who may)."""
    found = call_get(call_id)
    named = can_see_personal_data(request.user)
    awards = list(awards_for(request.user, found)) if named else []
    if awards:
        _audit_people(request, (a.application.person for a in awards), f"prizes winners {found.pk}")
    context = {
        "call": found,
        "named": named,
        "awards": awards,
        "may_pay": may_judge(request.user),
    }
    return render(request, "prizes/winners.html", context)


@office_only
@require_POST
def pay(request: HttpRequest, award_id: int) -> HttpResponse:
    """Record that an award was paid today."""
    if not can_see_personal_data(request.user):
        raise Http404
    award = award_for(request.user, award_id)
    if not may_judge(request.user):
        raise PermissionDenied
    try:
        award_pay(actor=request.user, award=award, on=timezone.localdate())
    except (ApplicationError, ValidationError) as error:
        _refused(request, error)
    return redirect("community:prizes:winners", call_id=award.application.call_id)
