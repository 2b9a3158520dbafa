"""The young people pages: the list, registering, the person's page, editing, status.

Programs, participations and placements are in ``jastar.web.people.programs``.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from jastar.core.access import can_edit_person, can_see_personal_data, scope_of
from jastar.matching.admin import person_panels
from jastar.programs.eligibility_display import eligibility_rows
from jastar.registry.models import Language, Person
from jastar.registry.services import person_change_status, person_register, person_update
from jastar.web.people.common import (
    office_only,
    person_edited,
    person_shown,
    render_person,
    varies_on_htmx,
    wants_partial,
)
from jastar.web.people.forms import (
    PeopleSearchForm,
    PersonEditForm,
    PersonRegisterForm,
    StatusForm,
    add_service_errors,
)
from jastar.web.people.queries import (
    own_district,
    people_search,
    person_record,
    person_rows,
    risk_of,
)

PER_PAGE = 25
# Service fields a form shows under another name: the IIN gives birth date and sex.
REGISTER_ALIASES = {"birth_date": "iin", "sex": "iin", "consent_given_on": "consent"}


@office_only
def people(request: HttpRequest) -> HttpResponse:
    """Search and list the people in the user's reach (de-identified for analysts)."""
    user = request.user
    today = timezone.localdate()
    named = can_see_personal_data(user)
    form = PeopleSearchForm(request.GET or None, district=own_district(user), named=named)
    found = people_search(user, form.filters(), today)
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "rows": person_rows(user, list(page.object_list), today),
        "named": named,
        "can_register": scope_of(user).edits_people,
    }
    template = "web/people/_results.html" if wants_partial(request) else "web/people/list.html"
    return varies_on_htmx(render(request, template, context))


@office_only
def person_new(request: HttpRequest) -> HttpResponse:
    """Register a young person (with their consent) and open their page."""
    if not scope_of(request.user).edits_people:
        raise PermissionDenied
    district = own_district(request.user)
    form = PersonRegisterForm(request.POST or None, district=district)
    if request.method == "POST" and form.is_valid():
        try:
            person = person_register(
                actor=request.user,
                **form.registration(district=district, today=timezone.localdate()),
            )
        except ValidationError as error:
            add_service_errors(form, error, REGISTER_ALIASES)
        else:
            messages.success(request, _("%(name)s is registered.") % {"name": person.full_name})
            return redirect("web:person", person_id=person.pk)
    return render(request, "web/people/new.html", {"form": form, "district": district})


@office_only
def person(request: HttpRequest, person_id: int) -> HttpResponse:
    """The person's page: facts, status and its history, programs, placements, risk.

    Eligibility and recommendations are heavier: the page loads them afterwards.
    """
    shown = person_shown(request, person_id)
    context = {
        "record": person_record(shown),
        "language_names": _language_names(shown),
        "status_form": StatusForm(initial={"valid_from": timezone.localdate()}),
        "risk": risk_of(request.user, shown),
        "age": shown.age_on(timezone.localdate()),
    }
    return render_person(request, shown, "web/people/person.html", context)


def _language_names(person: Person) -> list[str]:
    return [str(Language(code).label) for code in person.languages if code in Language.values]


@office_only
def person_edit(request: HttpRequest, person_id: int) -> HttpResponse:
    """Edit a person; a change made by someone else since the form opened is refused."""
    edited = person_edited(request, person_id)
    district = own_district(request.user)
    form = PersonEditForm(request.POST or None, person=edited, district=district)
    if request.method == "POST" and form.is_valid():
        data, occupations = form.changes()
        if not data and occupations is None:
            messages.info(request, _("Nothing was changed."))
            return redirect("web:person", person_id=edited.pk)
        try:
            person_update(
                actor=request.user,
                person=edited,
                data=data,
                desired_occupations=occupations,
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            edited.refresh_from_db()
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("web:person", person_id=edited.pk)
    return render_person(request, edited, "web/people/edit.html", {"form": form})


@office_only
def person_status(request: HttpRequest, person_id: int) -> HttpResponse:
    """Record a change of the person's status from a date on."""
    edited = person_edited(request, person_id)
    form = StatusForm(request.POST or None, initial={"valid_from": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person_change_status(
                actor=request.user,
                person=edited,
                status=data["status"],
                valid_from=data["valid_from"],
                note=data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The status change is recorded."))
            return redirect("web:person", person_id=edited.pk)
    return render_person(request, edited, "web/people/status.html", {"form": form})


def _panel(request: HttpRequest, partial: str, context: dict[str, object]) -> HttpResponse:
    """A panel of the person's page: just the panel for htmx, a small page without JS."""
    if wants_partial(request):
        return varies_on_htmx(render(request, partial, context))
    return varies_on_htmx(render(request, "web/people/panel.html", {**context, "partial": partial}))


@office_only
def person_eligibility(request: HttpRequest, person_id: int) -> HttpResponse:
    """The person's eligibility for each current program, with every rule's reason."""
    shown = person_shown(request, person_id)
    today = timezone.localdate()
    context = {
        "person": shown,
        "eligibility_rows": eligibility_rows(shown, today),
        "eligibility_on": today,
        "can_edit": can_edit_person(request.user, shown),
    }
    return _panel(request, "web/people/_eligibility.html", context)


@office_only
def person_recommendations(request: HttpRequest, person_id: int) -> HttpResponse:
    """The vacancies and programs to suggest to the person, with what speaks for each."""
    shown = person_shown(request, person_id)
    context = {
        "person": shown,
        **person_panels(shown, timezone.localdate()),
        "can_edit": can_edit_person(request.user, shown),
    }
    return _panel(request, "web/people/_recommendations.html", context)
