"""The form that starts a job from the jobs page."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jastar.analytics.report.render import FORMATS
from jastar.analytics.selectors import region_districts
from jastar.registry.models import District

MATCHING = "matching"
AGGREGATES = "aggregates"
RISK_MODEL = "risk_model"
IMPACT = "impact"
REPORT = "report"

WHAT = [
    (MATCHING, _("Batch matching of the region (a job per district, then allocation)")),
    (REPORT, _("Yearly report as a file")),
    (AGGREGATES, _("Rebuild the aggregate tables")),
    (RISK_MODEL, _("Train the risk model and score everyone")),
    (IMPACT, _("Measure program impact")),
]
# What an analyst may start (reading only); the rest changes stored results.
READ_ONLY = frozenset({REPORT})


class StartJobForm(forms.Form):
    what = forms.ChoiceField(label=_("Job"), choices=WHAT)
    year = forms.IntegerField(
        label=_("Year"),
        min_value=2000,
        max_value=2100,
        required=False,
        help_text=_("For the report and program impact; this year when left empty."),
    )
    lang = forms.ChoiceField(label=_("Language of the report"), choices=settings.LANGUAGES)
    format = forms.ChoiceField(
        label=_("Format of the report"), choices=[(f, f.upper()) for f in FORMATS]
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.none(),
        required=False,
        empty_label=_("The whole region"),
        help_text=_("For the report; matching and the rest cover the whole region."),
    )

    def __init__(self, *args: Any, allowed: frozenset[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        district = cast(forms.ModelChoiceField, self.fields["district"])  # type: ignore[type-arg]
        district.queryset = District.objects.filter(pk__in=[d.pk for d in region_districts()])
        what = cast(forms.ChoiceField, self.fields["what"])
        if allowed is not None:
            what.choices = [(value, label) for value, label in WHAT if value in allowed]

    def clean_year(self) -> int:
        year: int | None = self.cleaned_data.get("year")
        return year or timezone.localdate().year
