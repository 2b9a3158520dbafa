"""Forms of the employer's pages. They only parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jastar.registry.models import (
    ApplicationStatus,
    District,
    EmploymentType,
    Settlement,
    Vacancy,
    VacancyStatus,
)


def model_field(model: type[Model], name: str, **kwargs: Any) -> forms.Field:
    """The form field Django makes for ``model.name``: its translated label and limits."""
    field = model._meta.get_field(name).formfield(**kwargs)  # type: ignore[union-attr]
    assert field is not None  # noqa: S101 (an editable model field)
    return field


class DateInput(forms.DateInput):
    """A native date picker (phones show their own)."""

    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its fields where the form has them."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field_name, messages in error.message_dict.items():
        form.add_error(field_name if field_name in form.fields else None, messages)


# The fields of a vacancy an employer writes (the district is the employer's).
VACANCY_FIELDS = (
    "title_kk",
    "title_ru",
    "description_kk",
    "description_ru",
    "occupation",
    "settlement",
    "salary_min",
    "salary_max",
    "employment_type",
    "education_required",
    "experience_months_required",
    "places",
    "closes_on",
)


class VacancyForm(forms.Form):
    """A vacancy's text, place, pay and requirements. ``version`` is the edited version."""

    title_kk = model_field(Vacancy, "title_kk")
    title_ru = model_field(Vacancy, "title_ru")
    description_kk = model_field(Vacancy, "description_kk", widget=forms.Textarea({"rows": 4}))
    description_ru = model_field(Vacancy, "description_ru", widget=forms.Textarea({"rows": 4}))
    occupation = model_field(Vacancy, "occupation")
    settlement = model_field(Vacancy, "settlement")
    salary_min = model_field(Vacancy, "salary_min")
    salary_max = model_field(Vacancy, "salary_max")
    employment_type = model_field(Vacancy, "employment_type")
    education_required = model_field(Vacancy, "education_required")
    experience_months_required = model_field(Vacancy, "experience_months_required")
    places = model_field(Vacancy, "places", min_value=1)
    closes_on = model_field(Vacancy, "closes_on", widget=DateInput())
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, district: District, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the settlements of the vacancy's district (the service checks it too).
        settlement = self.fields["settlement"]
        assert isinstance(settlement, forms.ModelChoiceField)  # noqa: S101
        settlement.queryset = Settlement.objects.filter(district=district)

    def vacancy_values(self) -> dict[str, Any]:
        """The cleaned values as Vacancy fields, for ``vacancy_create``/``vacancy_update``."""
        return {name: self.cleaned_data[name] for name in VACANCY_FIELDS}

    @staticmethod
    def initial_of(vacancy: Vacancy) -> dict[str, Any]:
        values = {name: getattr(vacancy, name) for name in VACANCY_FIELDS}
        return {**values, "version": vacancy.version}


class VacancyStatusForm(forms.Form):
    """Open, fill or close a vacancy."""

    status = forms.ChoiceField(label=_("status"), choices=VacancyStatus.choices)


class ApplicationStatusForm(forms.Form):
    """The employer's answer to an application short of a hire: invite or decline."""

    status = forms.ChoiceField(
        choices=[
            (ApplicationStatus.INVITED, _("Invite")),
            (ApplicationStatus.DECLINED, _("Decline")),
        ],
    )


class HireForm(forms.Form):
    """Confirm a hire: when the person starts, on what terms and pay."""

    start_date = forms.DateField(label=_("start date"), widget=DateInput())
    employment_type = forms.ChoiceField(label=_("employment type"), choices=EmploymentType.choices)
    monthly_wage = forms.IntegerField(label=_("monthly wage, ₸"), min_value=0, required=False)

    @classmethod
    def for_vacancy(cls, vacancy: Vacancy, prefix: str) -> HireForm:
        """An empty form starting today on the vacancy's terms."""
        return cls(
            prefix=prefix,
            initial={
                "start_date": timezone.localdate(),
                "employment_type": vacancy.employment_type,
            },
        )
