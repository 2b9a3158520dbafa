"""Forms of the talent reserve's pages. They only parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jastar.community.talent.models import (
    Appointment,
    Criterion,
    Intake,
    MembershipStatus,
    Nomination,
    Training,
)
from jastar.core.identifiers import only_digits
from jastar.web.employer.forms import DateInput, model_field


def _dates(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        if isinstance(field, forms.DateField):
            field.widget = DateInput()


class IntakeForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("year", "title", "opens_on", "closes_on", "places"):
            self.fields[name] = model_field(Intake, name)
        _dates(self)


class CriterionForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("name_kk", "name_ru", "name_en", "weight", "max_score"):
            self.fields[name] = model_field(Criterion, name)


class ScoreForm(forms.Form):
    """A score of one nomination on one criterion (the choices: the intake's)."""

    nomination = forms.TypedChoiceField(label=_("Nomination"), coerce=int)
    criterion = forms.ModelChoiceField(label=_("Criterion"), queryset=Criterion.objects.none())
    score = forms.IntegerField(label=_("Score"), min_value=0, max_value=1000)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=2000)

    def __init__(
        self, *args: Any, intake: Intake, nominations: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nomination"].choices = nominations  # type: ignore[attr-defined]
        self.fields["criterion"].queryset = intake.criteria.all()  # type: ignore[attr-defined]


class SelectionForm(forms.Form):
    starts_on = forms.DateField(label=_("Members from"), widget=DateInput())


class NominateForm(forms.Form):
    """A nomination: the person by IIN, and what the nominating organisation wrote."""

    iin = forms.CharField(label=_("IIN"), max_length=20)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("nominated_by", "nominated_on", "position", "motivation"):
            self.fields[name] = model_field(Nomination, name)
        _dates(self)

    def clean_iin(self) -> str:
        return only_digits(self.cleaned_data["iin"])


class TrainingForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("title", "provider", "completed_on", "hours"):
            self.fields[name] = model_field(Training, name)
        _dates(self)


class AppointmentForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("post", "organisation", "appointed_on", "leading_post"):
            self.fields[name] = model_field(Appointment, name)
        _dates(self)


class MembershipEndForm(forms.Form):
    """The end of a membership: the day, and whether its period is over or the member left."""

    on = forms.DateField(label=_("Ended on"), widget=DateInput())
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (MembershipStatus.ENDED, MembershipStatus.ENDED.label),
            (MembershipStatus.WITHDRAWN, MembershipStatus.WITHDRAWN.label),
        ],
    )
