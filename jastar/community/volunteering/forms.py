"""Forms of the volunteering pages. They only parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from jastar.community.volunteering.models import (
    Award,
    HoursLog,
    Organisation,
    Volunteer,
    VolunteerEvent,
    VolunteerTask,
)
from jastar.registry.models import District
from jastar.web.employer.forms import DateInput, model_field


class DateTimeInput(forms.DateTimeInput):
    """A native date and time picker (the value in ISO form, read back by the field)."""

    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M")


class OrganisationForm(forms.Form):
    """A volunteer organisation; the district among those the user manages."""

    name = model_field(Organisation, "name")
    district = forms.ModelChoiceField(District.objects.none(), label=_("District"))
    bin = model_field(Organisation, "bin", required=False)
    contact = model_field(Organisation, "contact", required=False)

    def __init__(self, *args: Any, districts: QuerySet[District], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts  # type: ignore[attr-defined]


class EventForm(forms.Form):
    """An event of an organisation (in the organisation's district unless another is chosen)."""

    title = model_field(VolunteerEvent, "title")
    starts_at = model_field(VolunteerEvent, "starts_at", widget=DateTimeInput())
    ends_at = model_field(VolunteerEvent, "ends_at", widget=DateTimeInput())
    place = model_field(VolunteerEvent, "place", required=False)
    district = forms.ModelChoiceField(
        District.objects.order_by("code"),
        label=_("District"),
        required=False,
        empty_label=_("The organisation's district"),
    )
    description = model_field(
        VolunteerEvent, "description", required=False, widget=forms.Textarea({"rows": 3})
    )
    is_public = model_field(VolunteerEvent, "is_public", required=False)
    places = model_field(VolunteerEvent, "places", required=False)


class TaskForm(forms.Form):
    title = model_field(VolunteerTask, "title")
    planned_hours = model_field(VolunteerTask, "planned_hours", required=False)


class VolunteerForm(forms.Form):
    """A young person of the registry (named by IIN) who joins as a volunteer."""

    iin = forms.CharField(label=_("IIN"), max_length=12, min_length=12)
    joined_on = model_field(Volunteer, "joined_on", widget=DateInput())
    organisations = forms.ModelMultipleChoiceField(
        Organisation.objects.none(), label=_("Organisations"), required=False
    )

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = organisations  # type: ignore[attr-defined]


class AwardForm(forms.Form):
    """A nomination: the award, and either an organisation or a volunteer (by IIN)."""

    name_kk = model_field(Award, "name_kk")
    name_ru = model_field(Award, "name_ru")
    name_en = model_field(Award, "name_en")
    year = model_field(Award, "year")
    level = model_field(Award, "level")
    organisation = forms.ModelChoiceField(
        Organisation.objects.order_by("name"), label=_("Organisation"), required=False
    )
    iin = forms.CharField(label=_("Volunteer's IIN"), max_length=12, min_length=12, required=False)


class GrantForm(forms.Form):
    awarded_on = model_field(Award, "awarded_on", required=True, widget=DateInput())


class HoursForm(forms.Form):
    """Hours a volunteer (named by IIN) worked at an event on a day."""

    iin = forms.CharField(label=_("Volunteer's IIN"), max_length=12, min_length=12)
    worked_on = model_field(HoursLog, "worked_on", widget=DateInput())
    hours = model_field(HoursLog, "hours")
    task = forms.ModelChoiceField(
        label=_("Task"), queryset=VolunteerTask.objects.none(), required=False
    )
    note = model_field(HoursLog, "note", required=False)

    def __init__(self, *args: Any, event: VolunteerEvent, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = event.tasks.all()  # type: ignore[attr-defined]


class RejectForm(forms.Form):
    note = forms.CharField(label=_("Reason"), max_length=255, required=False)


class CertificateForm(forms.Form):
    """The period a certificate of confirmed hours covers."""

    period_from = forms.DateField(label=_("Period from"), widget=DateInput())
    period_to = forms.DateField(label=_("Period to"), widget=DateInput())
