"""An employer's own pages: its vacancies, posting and editing them, and their candidates.

Every vacancy is reached through ``vacancy_for`` (another employer's is a 404, the same
answer as a missing one). Candidates are shown with name, age, education, place and
skills, never with an IIN or contacts, and every name shown is audited
(``candidates_record_view``: one view event per person).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jastar.core.access import (
    can_edit_vacancy,
    can_see_candidates,
    employers_for,
    scope_of,
    vacancies_for,
    vacancy_for,
)
from jastar.matching.selectors import CandidateMatch, vacancy_candidates
from jastar.registry.models import (
    ApplicationStatus,
    Employer,
    Person,
    Vacancy,
    VacancyApplication,
    VacancyStatus,
)
from jastar.registry.services import (
    application_hire,
    application_set_status,
    candidates_record_view,
    vacancy_create,
    vacancy_invite,
    vacancy_set_status,
    vacancy_update,
)
from jastar.registry.services.applications import TRANSITIONS
from jastar.web.employer.forms import (
    ApplicationStatusForm,
    HireForm,
    VacancyForm,
    VacancyStatusForm,
    add_service_errors,
)

# How many of the candidates proposed by matching a vacancy page lists.
CANDIDATES_SHOWN = 10
View = Callable[..., HttpResponse]


def employer_only(view: View) -> View:
    """Signed-in employers only: others are sent to sign in, or refused (403)."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if scope_of(request.user).employer_id is None:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _employer(request: HttpRequest) -> Employer:
    employer: Employer | None = employers_for(request.user).first()
    if employer is None:
        raise PermissionDenied
    return employer


def _vacancy(request: HttpRequest, vacancy_id: int, *, edit: bool = False) -> Vacancy:
    """The user's own vacancy, or 404; 403 when it may be seen but not changed."""
    rows = Vacancy.objects.select_related(
        "employer", "district", "settlement", "occupation", "education_required"
    )
    vacancy: Vacancy = vacancy_for(request.user, vacancy_id, rows)
    if edit and not can_edit_vacancy(request.user, vacancy):
        raise PermissionDenied
    return vacancy


@employer_only
def vacancies(request: HttpRequest) -> HttpResponse:
    """The employer's vacancies, newest first, with how many people applied to each."""
    rows: QuerySet[Vacancy] = vacancies_for(request.user, Vacancy.objects.all())
    rows = rows.select_related("settlement", "district").annotate(
        applications_count=Count("applications")
    )
    return render(
        request,
        "web/employer/vacancies.html",
        {"employer": _employer(request), "vacancies": rows.order_by("-posted_on", "-id")},
    )


@employer_only
def vacancy_new(request: HttpRequest) -> HttpResponse:
    """Post a vacancy of the employer, in its district."""
    employer = _employer(request)
    form = VacancyForm(request.POST or None, district=employer.district)
    if request.method == "POST" and form.is_valid():
        try:
            vacancy = vacancy_create(
                actor=request.user,
                employer=employer,
                **form.vacancy_values(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The vacancy is posted."))
            return redirect("web:employer-vacancy", vacancy_id=vacancy.pk)
    return render(request, "web/employer/vacancy_form.html", {"form": form, "employer": employer})


@employer_only
def vacancy_edit(request: HttpRequest, vacancy_id: int) -> HttpResponse:
    """Change the vacancy's text, pay and requirements; a stale form is refused."""
    vacancy = _vacancy(request, vacancy_id, edit=True)
    if request.method == "POST":
        form = VacancyForm(request.POST, district=vacancy.district)
        if form.is_valid():
            try:
                vacancy_update(
                    actor=request.user,
                    vacancy=vacancy,
                    data=form.vacancy_values(),
                    expected_version=form.cleaned_data["version"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The vacancy is saved."))
                return redirect("web:employer-vacancy", vacancy_id=vacancy.pk)
    else:
        form = VacancyForm(initial=VacancyForm.initial_of(vacancy), district=vacancy.district)
    context = {
        "form": form,
        "vacancy": vacancy,
        "employer": vacancy.employer,
        "status_form": VacancyStatusForm(initial={"status": vacancy.status}),
    }
    return render(request, "web/employer/vacancy_form.html", context)


@employer_only
@require_POST
def vacancy_status(request: HttpRequest, vacancy_id: int) -> HttpResponse:
    """Open, fill or close the vacancy."""
    vacancy = _vacancy(request, vacancy_id, edit=True)
    form = VacancyStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status."))
        return redirect("web:employer-vacancy-edit", vacancy_id=vacancy.pk)
    vacancy_set_status(
        actor=request.user,
        vacancy=vacancy,
        status=form.cleaned_data["status"],
    )
    messages.success(
        request,
        _("The vacancy is now: %(status)s.") % {"status": vacancy.get_status_display()},
    )
    return redirect("web:employer-vacancy", vacancy_id=vacancy.pk)


# --- The vacancy and its candidates ---------------------------------------------------------


@dataclass(frozen=True)
class CandidateRow:
    """A person proposed by matching, and their application when they have one."""

    match: CandidateMatch
    age: int
    application: VacancyApplication | None

    @property
    def may_invite(self) -> bool:
        return self.application is None or ApplicationStatus.INVITED in _next(self.application)


@dataclass(frozen=True)
class ApplicantRow:
    """A person who applied (or was invited), with the forms for the employer's answer."""

    application: VacancyApplication
    age: int
    hire_form: HireForm | None

    @property
    def may_invite(self) -> bool:
        return ApplicationStatus.INVITED in _next(self.application)

    @property
    def may_decline(self) -> bool:
        return ApplicationStatus.DECLINED in _next(self.application)


def _next(application: VacancyApplication) -> frozenset[str]:
    return TRANSITIONS[application.status]


def _hire_prefix(application: VacancyApplication) -> str:
    return f"hire-{application.pk}"


def _detail_context(
    request: HttpRequest, vacancy: Vacancy, failed_hire: HireForm | None = None
) -> dict[str, Any]:
    today = timezone.localdate()
    candidates = vacancy_candidates(vacancy, today, limit=CANDIDATES_SHOWN)
    applications = list(
        vacancy.applications.select_related(
            "person__district", "person__settlement", "person__education_level"
        ).order_by("-created_at", "-id")
    )
    by_person = {a.person_id: a for a in applications}
    people: list[Person] = [c.person for c in candidates] + [a.person for a in applications]
    candidates_record_view(actor=request.user, vacancy=vacancy, people=people)
    open_vacancy = vacancy.status == VacancyStatus.OPEN
    return {
        "vacancy": vacancy,
        "employer": vacancy.employer,
        "may_edit": can_edit_vacancy(request.user, vacancy),
        "open": open_vacancy,
        "matching_on": today,
        "candidate_rows": [
            CandidateRow(c, c.person.age_on(today), by_person.get(c.person.pk)) for c in candidates
        ],
        "applicant_rows": [
            ApplicantRow(a, a.person.age_on(today), _hire_form(a, failed_hire, today))
            for a in applications
        ],
    }


def _hire_form(
    application: VacancyApplication, failed: HireForm | None, today: date
) -> HireForm | None:
    if ApplicationStatus.HIRED not in _next(application):
        return None
    if failed is not None and failed.prefix == _hire_prefix(application):
        return failed
    return HireForm.for_vacancy(application.vacancy, _hire_prefix(application))


def _candidates_visible(request: HttpRequest, vacancy: Vacancy) -> None:
    if not can_see_candidates(request.user, vacancy):
        raise Http404


@employer_only
def vacancy_detail(request: HttpRequest, vacancy_id: int) -> HttpResponse:
    """The vacancy, the people matching proposes for it, and the people who applied."""
    vacancy = _vacancy(request, vacancy_id)
    _candidates_visible(request, vacancy)
    return render(request, "web/employer/vacancy.html", _detail_context(request, vacancy))


def _application(vacancy: Vacancy, application_id: int) -> VacancyApplication:
    rows = vacancy.applications.select_related("person", "vacancy__employer", "vacancy__program")
    application: VacancyApplication = get_object_or_404(rows, pk=application_id)
    return application


@employer_only
@require_POST
def application_status(request: HttpRequest, vacancy_id: int, application_id: int) -> HttpResponse:
    """Invite an applicant to an interview, or decline them."""
    vacancy = _vacancy(request, vacancy_id, edit=True)
    application = _application(vacancy, application_id)
    form = ApplicationStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose invite or decline."))
        return redirect("web:employer-vacancy", vacancy_id=vacancy.pk)
    try:
        application_set_status(
            actor=request.user,
            application=application,
            status=form.cleaned_data["status"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(name)s: %(status)s.")
            % {"name": application.person.full_name, "status": application.get_status_display()},
        )
    return redirect("web:employer-vacancy", vacancy_id=vacancy.pk)


@employer_only
@require_POST
def candidate_invite(request: HttpRequest, vacancy_id: int, person_id: int) -> HttpResponse:
    """Invite a person matching proposed for the vacancy (only one of those shown)."""
    vacancy = _vacancy(request, vacancy_id, edit=True)
    _candidates_visible(request, vacancy)
    shown = vacancy_candidates(vacancy, timezone.localdate(), limit=CANDIDATES_SHOWN)
    person = next((c.person for c in shown if c.person.pk == person_id), None)
    if person is None:
        raise Http404
    try:
        vacancy_invite(actor=request.user, person=person, vacancy=vacancy)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s is invited.") % {"name": person.full_name})
    return redirect("web:employer-vacancy", vacancy_id=vacancy.pk)


@employer_only
@require_POST
def hire(request: HttpRequest, vacancy_id: int, application_id: int) -> HttpResponse:
    """Confirm the hire of an applicant: the placement is recorded, the application hired."""
    vacancy = _vacancy(request, vacancy_id, edit=True)
    application = _application(vacancy, application_id)
    form = HireForm(request.POST, prefix=_hire_prefix(application))
    if form.is_valid():
        try:
            application_hire(
                actor=request.user,
                application=application,
                start_date=form.cleaned_data["start_date"],
                employment_type=form.cleaned_data["employment_type"],
                monthly_wage=form.cleaned_data["monthly_wage"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The hire of %(name)s is recorded.") % {"name": application.person.full_name},
            )
            return redirect("web:employer-vacancy", vacancy_id=vacancy.pk)
    context = _detail_context(request, vacancy, failed_hire=form)
    return render(request, "web/employer/vacancy.html", context)
