"""What a report request may ask for: a year, a district of the region, a format.

Shared by the download view (``/dashboard/report/?year=2025&district=&format=pdf``) and
``jastar report``; the language is the request's (or ``--lang``), not a form field.
"""

from __future__ import annotations

from typing import Final

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jastar.analytics.report.render import FORMATS
from jastar.analytics.selectors import region_districts
from jastar.registry.models import District

FIRST_YEAR: Final = 2000
DEFAULT_FORMAT: Final = "pdf"
UNKNOWN_DISTRICT: Final = "unknown_district"


class ReportForm(forms.Form):
    year = forms.IntegerField(required=False)
    district = forms.SlugField(required=False, max_length=32)
    format = forms.ChoiceField(choices=[(f, f.upper()) for f in FORMATS], required=False)

    def clean_year(self) -> int:
        """This year when none is given; no year before 2000 or after this one."""
        year: int | None = self.cleaned_data.get("year")
        this_year = timezone.localdate().year
        if year is None:
            return this_year
        if not FIRST_YEAR <= year <= this_year:
            raise ValidationError(
                _("The year must be between %(first)d and %(last)d."),
                code="invalid_year",
                params={"first": FIRST_YEAR, "last": this_year},
            )
        return year

    def clean_district(self) -> District | None:
        """The district of the region with this code; None (the whole region) when empty."""
        code: str = self.cleaned_data.get("district") or ""
        if not code:
            return None
        for district in region_districts():
            if district.code == code:
                return district
        raise ValidationError(
            _("Unknown district “%(name)s”."), code=UNKNOWN_DISTRICT, params={"name": code}
        )

    def clean_format(self) -> str:
        return self.cleaned_data.get("format") or DEFAULT_FORMAT
