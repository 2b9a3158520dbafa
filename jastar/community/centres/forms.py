"""Forms of the centres' pages. They only parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from jastar.community.centres.models import (
    Centre,
    CentreEvent,
    CentreKind,
    CentreStatus,
    Visit,
)
from jastar.registry.models import District
from jastar.web.employer.forms import DateInput, model_field


class CentreFilterForm(forms.Form):
    """The list's filters; a case worker's district is fixed (no district field)."""

    district = forms.ModelChoiceField(
        District.objects.order_by("code"), label=_("District"), required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", "—"), *CentreStatus.choices], required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", "—"), *CentreKind.choices], required=False
    )

    def __init__(self, *args: Any, fixed_district: District | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fixed_district = fixed_district
        if fixed_district is not None:
            del self.fields["district"]

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {"district": self.fixed_district}
        data = self.cleaned_data
        return {
            "district": self.fixed_district or data.get("district"),
            "status": data.get("status") or None,
            "kind": data.get("kind") or None,
        }


class CentreForm(forms.Form):
    """A centre's details; ``opened_on`` only when registering an open centre."""

    district = forms.ModelChoiceField(District.objects.order_by("code"), label=_("District"))
    kind = model_field(Centre, "kind")
    name_kk = model_field(Centre, "name_kk")
    name_ru = model_field(Centre, "name_ru")
    name_en = model_field(Centre, "name_en")
    address = model_field(Centre, "address")
    capacity = model_field(Centre, "capacity")
    planned_on = model_field(Centre, "planned_on", widget=DateInput())
    opened_on = model_field(Centre, "opened_on", widget=DateInput())

    def __init__(
        self,
        *args: Any,
        districts: QuerySet[District],
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        district_field = self.fields["district"]
        assert isinstance(district_field, forms.ModelChoiceField)  # noqa: S101
        district_field.queryset = districts
        if editing:
            del self.fields["district"]
            del self.fields["opened_on"]


class DateForm(forms.Form):
    """One date: when a centre opened or closed."""

    on = forms.DateField(label=_("Date"), widget=DateInput())


class EventForm(forms.Form):
    title = model_field(CentreEvent, "title")
    held_on = model_field(CentreEvent, "held_on", widget=DateInput())
    audience = model_field(CentreEvent, "audience")
    partners = model_field(CentreEvent, "partners", widget=forms.Textarea({"rows": 2}))
    description = model_field(CentreEvent, "description", widget=forms.Textarea({"rows": 3}))
    anonymous_participants = model_field(CentreEvent, "anonymous_participants")


class VisitForm(forms.Form):
    """A visit: a registered person by IIN, or a number of visitors not named."""

    visited_on = model_field(Visit, "visited_on", widget=DateInput())
    purpose = model_field(Visit, "purpose")
    iin = forms.CharField(
        label=_("IIN of a registered young person"), max_length=20, required=False
    )
    anonymous_count = forms.IntegerField(
        label=_("Or: number of visitors not named"), min_value=1, required=False
    )
    event = forms.ModelChoiceField(CentreEvent.objects.none(), label=_("Event"), required=False)

    def __init__(self, *args: Any, centre: Centre, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        event_field = self.fields["event"]
        assert isinstance(event_field, forms.ModelChoiceField)  # noqa: S101
        event_field.queryset = centre.events.order_by("-held_on")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("iin")) == bool(data.get("anonymous_count")):
            raise forms.ValidationError(
                _("Give either the IIN of a registered young person or a number of visitors.")
            )
        return data
