"""Forms of the prizes pages. They only parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jastar.community.prizes.models import Application, JuryScore
from jastar.web.employer.forms import DateInput, model_field


class ApplicationForm(forms.Form):
    """A young person (by IIN, among the people the user reaches) applies to a call."""

    iin = forms.CharField(label=_("IIN"), min_length=12, max_length=12)
    project_title = model_field(Application, "project_title")
    summary = model_field(Application, "summary", widget=forms.Textarea({"rows": 4}))
    category = model_field(Application, "category")
    submitted_on = forms.DateField(label=_("Submitted on"), widget=DateInput())

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["submitted_on"].initial = timezone.localdate()


class ScreenForm(forms.Form):
    """Eligible for the jury, or rejected with a reason."""

    eligible = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Eligible")), ("0", _("Reject"))],
        coerce=lambda value: value == "1",
    )
    reason = forms.CharField(label=_("Reason for rejection"), max_length=500, required=False)


class ScoreForm(forms.Form):
    """A juror's score of an application."""

    score = model_field(JuryScore, "score", min_value=0, max_value=100)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=2000)
