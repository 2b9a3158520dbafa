"""A young person's own pages: signing up, their record, suggestions, and applying.

The person is always the one the login belongs to (``scope_of(user).person_id`` through
``person_for``): no page takes a person's id, so nobody reaches another person's record.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jastar.accounts.services import youth_sign_up
from jastar.core.access import person_for, scope_of, vacancy_for
from jastar.core.errors import ApplicationError
from jastar.matching.admin import person_panels
from jastar.programs.selectors import edition_get
from jastar.programs.services import participation_apply
from jastar.registry.models import Language, Person, Vacancy
from jastar.registry.services import person_record_view, person_update, vacancy_apply
from jastar.web.employer.forms import add_service_errors
from jastar.web.youth.forms import OwnRecordForm, RegisterForm

View = Callable[..., HttpResponse]


def youth_only(view: View) -> View:
    """Signed-in young people only: others are sent to sign in, or refused (403)."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if scope_of(request.user).person_id is None:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _own(request: HttpRequest) -> Person:
    """The signed-in young person's own record."""
    person_id = scope_of(request.user).person_id
    assert person_id is not None  # noqa: S101 (youth_only)
    rows = Person.objects.select_related(
        "district", "settlement", "education_level", "field_of_study"
    )
    person: Person = person_for(request.user, person_id, rows)
    return person


def register(request: HttpRequest) -> HttpResponse:
    """Sign up: the person's record (with consent), their login, and they are signed in."""
    if request.user.is_authenticated:
        return redirect("web:start")
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user, _person = youth_sign_up(
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
                person_values=form.person_values(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            login(request, user)
            messages.success(request, _("Welcome to Jastar! Your registration is complete."))
            return redirect("web:me")
    return render(request, "web/youth/register.html", {"form": form})


@youth_only
def me(request: HttpRequest) -> HttpResponse:
    """The person's own record, the vacancies and programs suggested, and their applications."""
    person = _own(request)
    person_record_view(actor=request.user, person=person)
    today = timezone.localdate()
    applications = list(
        person.vacancy_applications.select_related(
            "vacancy__employer", "vacancy__district", "vacancy__settlement"
        )
    )
    participations = person.participations.select_related("edition__program").order_by(
        "-applied_on", "-id"
    )
    context = {
        "person": person,
        "age": person.age_on(today),
        "language_names": [
            Language(code).label for code in person.languages if code in Language.values
        ],
        "applications": applications,
        "applied_ids": {a.vacancy_id for a in applications},
        "participations": participations,
        **person_panels(person, today),
    }
    return render(request, "web/youth/me.html", context)


@youth_only
def edit(request: HttpRequest) -> HttpResponse:
    """Change one's own contacts, skills, languages and education; a stale form is refused."""
    person = _own(request)
    if request.method == "POST":
        form = OwnRecordForm(request.POST)
        if form.is_valid():
            try:
                person_update(
                    actor=request.user,
                    person=person,
                    data=form.person_values(),
                    expected_version=form.cleaned_data["version"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Your details are saved."))
                return redirect("web:me")
    else:
        form = OwnRecordForm(initial=OwnRecordForm.initial_of(person))
    return render(request, "web/youth/edit.html", {"form": form, "person": person})


@youth_only
@require_POST
def apply_vacancy(request: HttpRequest, vacancy_id: int) -> HttpResponse:
    """Apply to an open vacancy; applying twice keeps the first application."""
    person = _own(request)
    vacancy: Vacancy = vacancy_for(request.user, vacancy_id)
    try:
        application = vacancy_apply(actor=request.user, person=person, vacancy=vacancy)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("web:me")
    if getattr(request, "htmx", False):  # htmx swaps the button for this answer
        return render(request, "web/youth/_applied.html", {"application": application})
    messages.success(request, _("You applied to %(vacancy)s.") % {"vacancy": vacancy.title})
    return redirect("web:me")


@youth_only
@require_POST
def apply_program(request: HttpRequest, program_code: str) -> HttpResponse:
    """Apply to this year's edition of a program, if the rules allow; else say why not."""
    person = _own(request)
    today = timezone.localdate()
    edition = edition_get(program_code=program_code, year=today.year)
    if edition is None or not edition.program.is_active:
        raise Http404
    try:
        participation_apply(
            actor=request.user,
            person=person,
            edition=edition,
            on=today,
        )
    except ApplicationError as error:
        messages.error(request, str(error.message))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("You applied to %(program)s. The career centre will let you know its decision.")
            % {"program": edition.program.name},
        )
    return redirect("web:me")
