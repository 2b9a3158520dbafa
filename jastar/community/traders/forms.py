"""Forms of the trader pages. They only parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jastar.community.traders.models import Contract, Market, Trader
from jastar.core.identifiers import IdentifierError, parse_iin
from jastar.registry.models import District, Employer, Person
from jastar.web.employer.forms import DateInput, model_field

MAX_YEAR = 2100
MIN_YEAR = 2000


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=MIN_YEAR, max_value=MAX_YEAR)

    def year_or(self, default: int) -> int:
        if self.is_valid():
            return int(self.cleaned_data["year"])
        return default


class MarketDetailsForm(forms.Form):
    """A market's name, administration and contacts (what may change; its district stays)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in (
            "name",
            "administration_name",
            "address",
            "contact_person",
            "phone",
            "traders_estimated",
        ):
            self.fields[name] = model_field(Market, name)
        self.fields["administration_bin"] = forms.CharField(
            label=_("Administration BIN (when a registered employer)"),
            max_length=12,
            required=False,
        )

    @staticmethod
    def initial_of(market: Market) -> dict[str, Any]:
        """The form's values for a recorded ``market``."""
        employer = market.administration_employer
        return {
            "name": market.name,
            "administration_name": market.administration_name,
            "address": market.address,
            "contact_person": market.contact_person,
            "phone": market.phone,
            "traders_estimated": market.traders_estimated,
            "administration_bin": employer.bin if employer else "",
        }

    def clean_administration_bin(self) -> Employer | None:
        text = str(self.cleaned_data.get("administration_bin") or "").strip()
        if not text:
            return None
        employer = Employer.objects.filter(bin=text).first()
        if employer is None:
            raise forms.ValidationError(_("No employer with this BIN is registered."))
        return employer

    def details(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["administration_employer"] = data.pop("administration_bin")
        return data


class MarketForm(MarketDetailsForm):
    """A new market (the district is the case worker's own, or chosen by regional staff)."""

    def __init__(self, *args: Any, districts: QuerySet[District], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"] = forms.ModelChoiceField(districts, label=_("District"))
        self.order_fields(["district"])


class TraderForm(forms.Form):
    """Register a trader: a person found by IIN among the people the user reaches."""

    iin = forms.CharField(label=_("IIN"), max_length=12)

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = people
        for name in ("stall", "goods", "trading_since"):
            self.fields[name] = model_field(Trader, name)
        self.fields["trading_since"].widget = DateInput()
        self.fields["registered_on"] = forms.DateField(
            label=_("Registered on"), widget=DateInput(), initial=timezone.localdate
        )

    def clean_iin(self) -> Person:
        text = str(self.cleaned_data["iin"]).strip()
        try:
            iin = parse_iin(text).value
        except IdentifierError as err:
            raise forms.ValidationError(err.message) from None
        person = self.people.filter(iin=iin).first()
        if person is None:
            raise forms.ValidationError(
                _("No person with this IIN is registered in your reach; register them first.")
            )
        return person


class ContractForm(forms.Form):
    employer_bin = forms.CharField(label=_("Employer BIN"), max_length=12)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("signed_on", "kind", "ends_on", "monthly_wage", "number"):
            self.fields[name] = model_field(Contract, name)
        self.fields["signed_on"].widget = DateInput()
        self.fields["ends_on"].widget = DateInput()

    def clean_employer_bin(self) -> Employer:
        text = str(self.cleaned_data["employer_bin"]).strip()
        employer = Employer.objects.filter(bin=text).first()
        if employer is None:
            raise forms.ValidationError(_("No employer with this BIN is registered."))
        return employer


def _required_date(model: type[Contract] | type[Trader], name: str) -> forms.Field:
    field = model_field(model, name, required=True, widget=DateInput())
    field.initial = timezone.localdate
    return field


class ContractEndForm(forms.Form):
    """The day a contract ended."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ends_on"] = _required_date(Contract, "ends_on")


class TraderLeaveForm(forms.Form):
    """The day a trader left the market."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["left_on"] = _required_date(Trader, "left_on")


class TargetsForm(forms.Form):
    """One target a district for a year."""

    def __init__(self, *args: Any, districts: QuerySet[District], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.districts = list(districts)
        for district in self.districts:
            self.fields[f"d{district.pk}"] = forms.IntegerField(
                label=district.name, min_value=0, max_value=100_000, required=False
            )

    def targets(self) -> list[tuple[District, int]]:
        return [
            (d, int(self.cleaned_data[f"d{d.pk}"]))
            for d in self.districts
            if self.cleaned_data.get(f"d{d.pk}") is not None
        ]
