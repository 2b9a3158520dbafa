"""Forms of a young person's own pages: signing up and editing their record."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from jastar.registry.models import Language, Person, PersonStatus, Settlement
from jastar.web.employer.forms import model_field

CONSENT_TEXT = _(
    "I agree that the youth employment office of the region and the career centre of my "
    "district process my personal data (IIN, name, contacts, education, status and skills) "
    "to help me find work, training and state programs, under the Law of the Republic of "
    "Kazakhstan «On personal data and their protection». I may withdraw this consent at "
    "the career centre of my district."
)


def _settlement_choices() -> list[tuple[Any, Any]]:
    """Settlements grouped by district, in the reader's language (works without JavaScript)."""
    groups: defaultdict[str, list[tuple[int, str]]] = defaultdict(list)
    for settlement in Settlement.objects.select_related("district").order_by(
        "district__name_kk", "name_kk"
    ):
        groups[settlement.district.name].append((settlement.pk, settlement.name))
    return [("", "---------"), *groups.items()]


class _PersonFields(forms.Form):
    """What a young person writes about themselves: education, skills, languages, contacts."""

    education_level = model_field(Person, "education_level")
    graduation_year = model_field(Person, "graduation_year")
    skills = model_field(Person, "skills", widget=forms.Textarea({"rows": 3}))
    languages = forms.MultipleChoiceField(
        label=_("languages"),
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    phone = model_field(Person, "phone")
    email = model_field(Person, "email")


class RegisterForm(_PersonFields):
    """A young person's own sign-up: who they are, where they live, and their login."""

    field_order = [
        "iin",
        "last_name",
        "first_name",
        "patronymic",
        "district",
        "settlement",
        "status",
        "education_level",
        "graduation_year",
        "skills",
        "languages",
        "phone",
        "email",
        "username",
        "password1",
        "password2",
        "consent",
    ]

    iin = forms.CharField(
        label=_("IIN"),
        min_length=12,
        max_length=12,
        help_text=_("The 12 digits of your identity card."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    last_name = model_field(Person, "last_name")
    first_name = model_field(Person, "first_name")
    patronymic = model_field(Person, "patronymic")
    district = model_field(Person, "district")
    settlement = forms.TypedChoiceField(
        label=_("settlement"), coerce=int, required=False, empty_value=None
    )
    status = forms.ChoiceField(
        label=_("What do you do now?"), choices=[("", "---------"), *PersonStatus.choices]
    )
    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        validators=[User.username_validator],
        help_text=_("Letters, digits and @ . + - _ only."),
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    consent = forms.BooleanField(
        label=CONSENT_TEXT,
        required=True,
        error_messages={"required": _("Registration needs your consent.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        settlement = self.fields["settlement"]
        assert isinstance(settlement, forms.TypedChoiceField)  # noqa: S101
        settlement.choices = _settlement_choices()
        # Built per form, so the rules are listed in the reader's language.
        self.fields[
            "password1"
        ].help_text = password_validation.password_validators_help_text_html()

    def clean_iin(self) -> str:
        iin: str = self.cleaned_data["iin"].strip()
        if not iin.isdigit():
            raise forms.ValidationError(_("An IIN has 12 digits."), code="iin_digits")
        return iin

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(
                _("This user name is taken; choose another."), code="username_taken"
            )
        return username

    def clean_settlement(self) -> Settlement | None:
        pk = self.cleaned_data.get("settlement")
        return None if pk is None else Settlement.objects.filter(pk=pk).first()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords differ."))
        elif password2:
            # The same checks as Django's own forms, including similarity to the name.
            user = User(
                username=cleaned.get("username", ""),
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
                email=cleaned.get("email", ""),
            )
            try:
                password_validation.validate_password(password2, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned

    def person_values(self) -> dict[str, Any]:
        """The values for ``person_register``."""
        names = (
            "iin",
            "last_name",
            "first_name",
            "patronymic",
            "district",
            "settlement",
            "status",
            "education_level",
            "graduation_year",
            "skills",
            "languages",
            "phone",
            "email",
        )
        return {name: self.cleaned_data[name] for name in names}


# The fields of their own record a young person edits (person_update's names).
OWN_EDITABLE = (
    "phone",
    "email",
    "skills",
    "languages",
    "education_level",
    "graduation_year",
    "field_of_study",
)


class OwnRecordForm(_PersonFields):
    """A young person's own contacts, skills, languages and education."""

    field_of_study = model_field(Person, "field_of_study")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    field_order = list(OWN_EDITABLE)

    def person_values(self) -> dict[str, Any]:
        """The values for ``person_update``."""
        return {name: self.cleaned_data[name] for name in OWN_EDITABLE}

    @staticmethod
    def initial_of(person: Person) -> dict[str, Any]:
        values = {name: getattr(person, name) for name in OWN_EDITABLE}
        return {**values, "version": person.version}
