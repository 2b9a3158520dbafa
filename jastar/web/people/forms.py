"""Forms of the young people pages: they parse input; the services decide.

Each form checks only the shape of the input (a date, a number, a choice within the
user's reach); every rule of the registry and the programs is the service's, and its
``ValidationError`` lands on the form's fields through :func:`add_service_errors`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from jastar.core.access import employers_for, vacancies_for
from jastar.programs.models import Program, ProgramEdition
from jastar.registry.models import (
    District,
    EducationLevel,
    Employer,
    EmploymentType,
    FieldOfStudy,
    Language,
    Occupation,
    OccupationLevel,
    Person,
    PersonStatus,
    PlacementChannel,
    Settlement,
    Sex,
    Vacancy,
    VacancyStatus,
)
from jastar.web.people.queries import AGE_BAND_LABELS, PeopleFilters, User, settlements_of

# How many employers and vacancies a form suggests while typing (a datalist, not a limit).
SUGGESTED: int = 200


def add_service_errors(
    form: forms.Form, error: ValidationError, aliases: Mapping[str, str] | None = None
) -> None:
    """Show a service's ``error`` on the form: each message on its field when the form
    shows that field (``aliases`` renames service fields), otherwise above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        target: str | None = (aliases or {}).get(name, name)
        field = form.fields.get(target or "")
        if field is None or field.widget.is_hidden:
            target = None
        for item in errors:
            form.add_error(target, item)


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SettlementField(forms.ModelChoiceField[Settlement]):
    """A settlement, named with its district when the choice spans several districts."""

    def __init__(self, queryset: QuerySet[Settlement], *, with_district: bool, **kwargs: Any):
        super().__init__(queryset, **kwargs)
        self.with_district = with_district

    def label_from_instance(self, obj: Settlement) -> str:
        if self.with_district:
            return f"{obj.name} ({obj.district.name})"
        return obj.name


def _blank(choices: Any, label: Any = "—") -> list[tuple[str, Any]]:
    return [("", label), *choices]


# --- The list --------------------------------------------------------------------------------


class PeopleSearchForm(forms.Form):
    """The list's search box and filters (all optional; a bad value is ignored)."""

    q = forms.CharField(
        label=_("IIN or name"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    district = forms.ModelChoiceField(
        District.objects.all(), label=_("District"), required=False, empty_label=_("All")
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=_blank(PersonStatus.choices, _("All"))
    )
    neet = forms.ChoiceField(
        label=_("NEET"),
        required=False,
        choices=[("", _("All")), ("yes", _("NEET")), ("no", _("Not NEET"))],
    )
    sex = forms.ChoiceField(label=_("Sex"), required=False, choices=_blank(Sex.choices, _("All")))
    age = forms.ChoiceField(
        label=_("Age"), required=False, choices=_blank(AGE_BAND_LABELS.items(), _("All"))
    )

    def __init__(self, *args: Any, district: District | None, named: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A case worker's list is their district's: no choice to make.
        self.fixed_district = district
        if district is not None:
            del self.fields["district"]
        if not named:
            del self.fields["q"]
        self.fields["settlement"] = SettlementField(
            settlements_of(district),
            with_district=district is None,
            label=_("Settlement"),
            required=False,
            empty_label=_("All"),
        )

    def filters(self) -> PeopleFilters:
        """The valid filters (an invalid one is left out rather than refused)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        neet = {"yes": True, "no": False}.get(data.get("neet") or "")
        return PeopleFilters(
            query=data.get("q") or "",
            district=self.fixed_district or data.get("district"),
            settlement=data.get("settlement"),
            status=data.get("status") or "",
            neet=neet,
            sex=data.get("sex") or "",
            age_band=data.get("age") or "",
        )


# --- Registering and editing a person --------------------------------------------------------


class PersonFieldsForm(forms.Form):
    """The fields registering and editing share."""

    last_name = forms.CharField(label=_("Last name"), max_length=100)
    first_name = forms.CharField(label=_("First name"), max_length=100)
    patronymic = forms.CharField(label=_("Patronymic"), max_length=100, required=False)
    district = forms.ModelChoiceField(District.objects.all(), label=_("District"))
    education_level = forms.ModelChoiceField(
        EducationLevel.objects.all(), label=_("Education level"), required=False
    )
    graduation_year = forms.IntegerField(
        label=_("Graduation year"), required=False, min_value=1950, max_value=2100
    )
    field_of_study = forms.ModelChoiceField(
        FieldOfStudy.objects.all(), label=_("Field of study"), required=False
    )
    experience_months = forms.IntegerField(
        label=_("Work experience, months"), min_value=0, max_value=600, initial=0
    )
    expected_salary = forms.IntegerField(
        label=_("Expected monthly salary, ₸"), required=False, min_value=0
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    skills = forms.CharField(
        label=_("Skills"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    desired_occupations = forms.ModelMultipleChoiceField(
        Occupation.objects.none(),
        label=_("Desired occupations"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Hold Ctrl (or Cmd) to choose several."),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(label=_("Email"), required=False)

    def __init__(
        self,
        *args: Any,
        district: District | None,
        chosen: Sequence[Occupation] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # A case worker registers and keeps people in their own district.
        if district is not None:
            del self.fields["district"]
        # Unit groups and finer (a short list), and whatever the person already has.
        occupations = self.fields["desired_occupations"]
        assert isinstance(occupations, forms.ModelMultipleChoiceField)  # noqa: S101
        occupations.queryset = Occupation.objects.filter(
            Q(level__gte=OccupationLevel.UNIT) | Q(pk__in=[o.pk for o in chosen])
        )
        self.fields["settlement"] = SettlementField(
            settlements_of(district),
            with_district=district is None,
            label=_("Settlement"),
            required=False,
        )
        self.order_fields(["last_name", "first_name", "patronymic", "district", "settlement"])


# The person's fields that ``person_update`` takes in ``data`` (the occupations go apart).
_EDITABLE = (
    "last_name",
    "first_name",
    "patronymic",
    "district",
    "settlement",
    "education_level",
    "graduation_year",
    "field_of_study",
    "experience_months",
    "expected_salary",
    "languages",
    "skills",
    "phone",
    "email",
)


class PersonRegisterForm(PersonFieldsForm):
    """A new young person; the IIN gives the birth date and sex."""

    iin = forms.CharField(
        label=_("IIN"),
        max_length=12,
        min_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    status = forms.ChoiceField(label=_("Status"), choices=PersonStatus.choices)
    consent = forms.BooleanField(
        label=_("The person consented to the processing of their data"),
        error_messages={
            "required": _("A person is registered only with their consent to data processing.")
        },
    )

    def __init__(self, *args: Any, district: District | None, **kwargs: Any) -> None:
        super().__init__(*args, district=district, **kwargs)
        self.order_fields(["iin", "last_name", "first_name", "patronymic", "district"])

    def registration(self, *, district: District | None, today: date) -> dict[str, Any]:
        """The keyword arguments of ``person_register`` (consent given today)."""
        data = self.cleaned_data
        fields = {name: data[name] for name in _EDITABLE if name in data}
        fields["district"] = district or data["district"]
        fields["experience_months"] = data["experience_months"] or 0
        return {
            **fields,
            "iin": data["iin"],
            "status": data["status"],
            "desired_occupations": list(data["desired_occupations"]),
            "consent_given_on": today,
        }


class PersonEditForm(PersonFieldsForm):
    """A person's editable fields, with the version the form was opened at."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, person: Person, district: District | None, **kwargs: Any):
        initial = {name: getattr(person, name) for name in _EDITABLE}
        chosen = list(person.desired_occupations.all())
        initial["desired_occupations"] = chosen
        initial["version"] = person.version
        super().__init__(*args, district=district, chosen=chosen, initial=initial, **kwargs)

    def changes(self) -> tuple[dict[str, Any], list[Occupation] | None]:
        """The changed fields for ``person_update``, and the occupations if they changed."""
        data = self.cleaned_data
        changed = {name: data[name] for name in self.changed_data if name in _EDITABLE}
        if "experience_months" in changed:
            changed["experience_months"] = changed["experience_months"] or 0
        occupations = None
        if "desired_occupations" in self.changed_data:
            occupations = list(data["desired_occupations"])
        return changed, occupations


class StatusForm(forms.Form):
    """A change of the person's status from a date on."""

    status = forms.ChoiceField(label=_("New status"), choices=PersonStatus.choices)
    valid_from = forms.DateField(label=_("From"), widget=_date_input())
    note = forms.CharField(label=_("Note"), max_length=255, required=False)


# --- Programs --------------------------------------------------------------------------------


class EditionField(forms.ModelChoiceField[ProgramEdition]):
    def label_from_instance(self, obj: ProgramEdition) -> str:
        return f"{obj.program.name} {obj.year}"


class ApplyForm(forms.Form):
    """An application to one of the editions the person is eligible for."""

    edition = EditionField(ProgramEdition.objects.none(), label=_("Program"))
    applied_on = forms.DateField(label=_("Applied on"), widget=_date_input())

    def __init__(self, *args: Any, editions: list[ProgramEdition], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["edition"]
        assert isinstance(field, EditionField)  # noqa: S101
        field.queryset = ProgramEdition.objects.filter(
            pk__in=[e.pk for e in editions]
        ).select_related("program")


class DecideForm(forms.Form):
    """Approve or reject an application."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    decided_on = forms.DateField(label=_("Decided on"), widget=_date_input())
    rejection_reason = forms.CharField(
        label=_("Reason for rejection"), max_length=500, required=False
    )


class EnrolForm(forms.Form):
    """Enrol an approved applicant for some months."""

    enrolled_on = forms.DateField(label=_("Enrolled on"), widget=_date_input())
    months_planned = forms.IntegerField(label=_("Months planned"), min_value=1, max_value=60)
    monthly_wage = forms.IntegerField(
        label=_("Monthly wage, ₸"),
        required=False,
        min_value=0,
        help_text=_("Needed when the program pays a share of the wage."),
    )


class EmployerField(forms.ModelChoiceField[Employer]):
    """An employer typed by BIN (the page suggests the district's employers)."""

    def label_from_instance(self, obj: Employer) -> str:
        return f"{obj.name} ({obj.bin})"


def _employer_field(user: User, *, required: bool) -> EmployerField:
    return EmployerField(
        employers_for(user),
        to_field_name="bin",
        label=_("Employer (BIN)"),
        required=required,
        widget=forms.TextInput(
            attrs={"list": "employer-options", "inputmode": "numeric", "autocomplete": "off"}
        ),
        error_messages={"invalid_choice": _("There is no employer with this BIN.")},
    )


def _vacancy_field(user: User) -> forms.ModelChoiceField[Vacancy]:
    return forms.ModelChoiceField(
        vacancies_for(user),
        label=_("Vacancy number"),
        required=False,
        widget=forms.TextInput(
            attrs={"list": "vacancy-options", "inputmode": "numeric", "autocomplete": "off"}
        ),
        error_messages={"invalid_choice": _("There is no vacancy with this number.")},
        help_text=_("Optional; the employer is then the vacancy's."),
    )


def suggestions(user: User, person: Person) -> dict[str, Any]:
    """Employers and open vacancies of the person's district, to suggest while typing."""
    employers = employers_for(user).filter(district_id=person.district_id)
    vacancies = vacancies_for(user).filter(
        district_id=person.district_id, status=VacancyStatus.OPEN
    )
    return {
        "employer_options": list(employers.order_by("name")[:SUGGESTED]),
        "vacancy_options": list(vacancies.select_related("employer")[:SUGGESTED]),
    }


class PlaceForm(forms.Form):
    """The job an enrolled participant started."""

    start_date = forms.DateField(label=_("Start date"), widget=_date_input())
    employment_type = forms.ChoiceField(
        label=_("Employment type"),
        required=False,
        choices=_blank(EmploymentType.choices, _("As the program sets")),
    )
    monthly_wage = forms.IntegerField(label=_("Monthly wage, ₸"), required=False, min_value=0)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employer"] = _employer_field(user, required=False)
        self.fields["vacancy"] = _vacancy_field(user)
        self.order_fields(["employer", "vacancy", "start_date"])

    def placement(self) -> dict[str, Any]:
        """The keyword arguments of ``participation_place``."""
        data = self.cleaned_data
        return {
            "employer": data["employer"],
            "vacancy": data["vacancy"],
            "start_date": data["start_date"],
            "employment_type": data["employment_type"] or None,
            "monthly_wage": data["monthly_wage"],
        }


class CompleteForm(forms.Form):
    """The participant completed the program."""

    ended_on = forms.DateField(label=_("Completed on"), widget=_date_input())


class DropForm(forms.Form):
    """The participant left the program."""

    ended_on = forms.DateField(label=_("Left on"), widget=_date_input())
    drop_reason = forms.CharField(label=_("Reason for dropping out"), max_length=500)


class FollowUpForm(forms.Form):
    """The answer of a follow-up: still employed or not, on a date."""

    done_on = forms.DateField(label=_("Checked on"), widget=_date_input())
    still_employed = forms.TypedChoiceField(
        label=_("Still employed"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class PlacementForm(forms.Form):
    """A job the person started, through any channel."""

    start_date = forms.DateField(label=_("Start date"), widget=_date_input())
    end_date = forms.DateField(label=_("End date"), required=False, widget=_date_input())
    employment_type = forms.ChoiceField(label=_("Employment type"), choices=EmploymentType.choices)
    channel = forms.ChoiceField(label=_("Channel"), choices=PlacementChannel.choices)
    program = forms.ModelChoiceField(
        Program.objects.filter(is_active=True),
        label=_("Program"),
        required=False,
        help_text=_("Needed for a program or a business grant."),
    )
    monthly_wage = forms.IntegerField(label=_("Monthly wage, ₸"), required=False, min_value=0)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employer"] = _employer_field(user, required=False)
        self.fields["vacancy"] = _vacancy_field(user)
        self.order_fields(["employer", "vacancy", "start_date", "end_date"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        needs_employer = data.get("channel") != PlacementChannel.SELF_EMPLOYMENT
        if needs_employer and not data.get("employer") and not data.get("vacancy"):
            if "employer" not in self.errors and "vacancy" not in self.errors:
                self.add_error("employer", _("Give the employer or the vacancy."))
        return data

    def placement(self) -> dict[str, Any]:
        """The keyword arguments of ``placement_record`` besides the person."""
        return dict(self.cleaned_data)
