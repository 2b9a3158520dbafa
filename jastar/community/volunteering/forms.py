"""Forms of the volunteering pages. They only parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jastar.community.volunteering.models import HoursLog, VolunteerEvent, VolunteerTask
from jastar.web.employer.forms import DateInput, model_field


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
