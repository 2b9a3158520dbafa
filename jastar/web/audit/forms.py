"""The audit log search form: parses the filters into an ``AuditQuery``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from jastar.core.access import AnyUser, people_for
from jastar.core.identifiers import IdentifierError, parse_iin
from jastar.core.models import AuditAction
from jastar.web.audit.search import AuditQuery

# The apps whose records services audit.
AUDITED_APPS = (
    "core",
    "registry",
    "programs",
    "analytics",
    "bulk",
    "matching",
    "insight",
    "accounts",
    "auth",
)


def record_type_choices() -> list[tuple[str, str]]:
    """Every audited model, by its translated name (its label in brackets tells twins apart)."""
    models = [m for m in apps.get_models() if m._meta.app_label in AUDITED_APPS]
    choices = [
        (m._meta.label_lower, f"{capfirst(m._meta.verbose_name)} ({m._meta.label_lower})")
        for m in models
    ]
    return sorted(choices, key=lambda choice: choice[1].lower())


class AuditSearchForm(forms.Form):
    actor = forms.CharField(label=_("User name"), max_length=150, required=False)
    action = forms.ChoiceField(label=_("Action"), required=False)
    target_type = forms.ChoiceField(label=_("Record type"), required=False)
    target_id = forms.CharField(label=_("Record id"), max_length=64, required=False)
    iin = forms.CharField(
        label=_("Person's IIN"),
        max_length=20,
        required=False,
        help_text=_("Shows events about the person and their placements, programs and contacts."),
    )
    since = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    until = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    ip_address = forms.GenericIPAddressField(label=_("IP address"), required=False)

    def __init__(self, data: Any = None, *, user: AnyUser) -> None:
        super().__init__(data)
        self.user = user
        action = self.fields["action"]
        target_type = self.fields["target_type"]
        assert isinstance(action, forms.ChoiceField)  # noqa: S101 (narrows the type)
        assert isinstance(target_type, forms.ChoiceField)  # noqa: S101
        action.choices = [("", _("Any action")), *AuditAction.choices]
        target_type.choices = [("", _("Any record")), *record_type_choices()]

    def clean_actor(self) -> int | None:
        name: str = self.cleaned_data["actor"].strip()
        if not name:
            return None
        users = get_user_model()._default_manager.filter(username__iexact=name)
        found = users.values_list("pk", flat=True).first()
        if found is None:
            raise forms.ValidationError(
                _("There is no user called “%(name)s”."), code="unknown_user", params={"name": name}
            )
        return int(found)

    def clean_iin(self) -> int | None:
        raw: str = self.cleaned_data["iin"].strip()
        if not raw:
            return None
        try:
            iin = parse_iin(raw)
        except IdentifierError as error:
            raise forms.ValidationError(str(error), code="invalid_iin") from None
        person_id = people_for(self.user).filter(iin=iin.value).values_list("pk", flat=True)
        found = person_id.first()
        if found is None:
            raise forms.ValidationError(
                _("No person with this IIN is in the registry."), code="unknown_person"
            )
        return int(found)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("target_id") and not data.get("target_type"):
            self.add_error("target_type", _("Choose the type of the record with this id."))
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date is before the start date."))
        return data

    def query(self) -> AuditQuery:
        """The search; call after ``is_valid()``."""
        data = self.cleaned_data
        return AuditQuery(
            actor_id=data.get("actor"),
            action=data.get("action") or "",
            target_type=data.get("target_type") or "",
            target_id=(data.get("target_id") or "").strip(),
            person_id=data.get("iin"),
            since=data.get("since"),
            until=data.get("until"),
            ip_address=data.get("ip_address") or "",
        )
