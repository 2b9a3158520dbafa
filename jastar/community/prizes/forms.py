"""Forms of the prizes pages. They only parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jastar.community.prizes.models import Application, Call, JuryScore, Prize
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


class PrizeForm(forms.Form):
    """A new prize or grant of the region (the arguments of ``prize_create``)."""

    code = model_field(Prize, "code")
    name_kk = model_field(Prize, "name_kk")
    name_ru = model_field(Prize, "name_ru")
    name_en = model_field(Prize, "name_en")
    kind = model_field(Prize, "kind")
    description = model_field(Prize, "description", widget=forms.Textarea({"rows": 3}))


class CallForm(forms.Form):
    """A prize's call of one year (the arguments of ``call_open``). The amount per winner
    is given in MRP or in tenge: the service refuses both or neither."""

    year = model_field(Call, "year")
    title_kk = model_field(Call, "title_kk")
    title_ru = model_field(Call, "title_ru")
    title_en = model_field(Call, "title_en")
    opens_on = model_field(Call, "opens_on", widget=DateInput())
    closes_on = model_field(Call, "closes_on", widget=DateInput())
    places = model_field(Call, "places")
    amount_mrp = model_field(Call, "amount_mrp")
    amount_tenge = model_field(Call, "amount_tenge")
    budget_tenge = model_field(Call, "budget_tenge")
    age_min = model_field(Call, "age_min")
    age_max = model_field(Call, "age_max")
    min_jurors = model_field(Call, "min_jurors")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["year"].initial = timezone.localdate().year
