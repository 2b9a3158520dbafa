"""The NEET risk model in the admin: model versions (read-only, with their test figures),
the outreach log and case workers' opinions (read-only lists), the risk panel of a
person's page with its forms to log a contact and to agree or disagree with the score, and
the outreach list of a district.

``RiskScore`` is not registered: it holds a row per young person and model version; pages
read it through the selectors.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser, PermissionsMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jastar.core.access import can_see_personal_data
from jastar.core.admin import ReadOnlyAdmin
from jastar.insight.display import reason_sentences, risk_band
from jastar.insight.models import (
    ContactAttempt,
    ContactChannel,
    ContactOutcome,
    RiskModelVersion,
    RiskOpinion,
    RiskScore,
)
from jastar.insight.selectors import OutreachRow, outreach_list, person_risk
from jastar.insight.services import contact_record, risk_opinion_record
from jastar.registry.models import District, Person

AnyUser = AbstractBaseUser | AnonymousUser
VIEW_PERMISSION: Final = "insight.view_riskscore"
CONTACT_PERMISSION: Final = "insight.add_contactattempt"
OPINION_PERMISSION: Final = "insight.add_riskopinion"
# How many contact attempts the person's page lists, and people the outreach list shows.
CONTACTS_SHOWN: Final = 10
OUTREACH_SHOWN: Final = 100
# The panel's forms sit outside the person's own form; their fields name them by id.
CONTACT_FORM_ID: Final = "risk-contact-form"
OPINION_FORM_ID: Final = "risk-opinion-form"


def _has_perm(user: AnyUser, permission: str) -> bool:
    return user.is_active and isinstance(user, PermissionsMixin) and user.has_perm(permission)


def can_see_risk(user: AnyUser) -> bool:
    """Whether ``user`` sees risk scores (the person's panel and the outreach list)."""
    return _has_perm(user, VIEW_PERMISSION)


def can_log_contacts(user: AnyUser) -> bool:
    return _has_perm(user, CONTACT_PERMISSION)


def can_give_opinions(user: AnyUser) -> bool:
    return _has_perm(user, OPINION_PERMISSION)


# --- The person's risk panel ----------------------------------------------------------------


class ContactForm(forms.Form):
    """One contact attempt, as the person's page logs it."""

    prefix = "contact"
    on = forms.DateField(
        label=gettext_lazy("Date"),
        widget=forms.DateInput(attrs={"type": "date", "form": CONTACT_FORM_ID}, format="%Y-%m-%d"),
    )
    channel = forms.ChoiceField(
        label=gettext_lazy("Channel"),
        choices=ContactChannel.choices,
        widget=forms.Select(attrs={"form": CONTACT_FORM_ID}),
    )
    outcome = forms.ChoiceField(
        label=gettext_lazy("Outcome"),
        choices=ContactOutcome.choices,
        widget=forms.Select(attrs={"form": CONTACT_FORM_ID}),
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"form": CONTACT_FORM_ID, "size": 40}),
    )


class OpinionForm(forms.Form):
    """A case worker's view of the score: the button pressed and the reason."""

    prefix = "opinion"
    agrees = forms.TypedChoiceField(
        label=gettext_lazy("Your view"),
        choices=[("yes", gettext_lazy("I agree")), ("no", gettext_lazy("I disagree"))],
        coerce=lambda value: value == "yes",
    )
    note = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"form": OPINION_FORM_ID, "rows": 2, "cols": 60}),
    )


@dataclass(frozen=True)
class RiskPanel:
    """What the person's page shows of their risk score."""

    score: RiskScore
    band: int
    reasons: list[str]
    contacts: list[ContactAttempt]
    opinions: list[RiskOpinion]
    contact_form: ContactForm | None
    opinion_form: OpinionForm | None


def risk_panel(user: AnyUser, person: Person, on: date) -> dict[str, Any]:
    """Context for the person's page: the score by the latest model version with its
    reasons, the contact log and opinions, and the forms ``user`` may use."""
    score = person_risk(person) if can_see_risk(user) else None
    if score is None:
        return {"risk": None}
    contacts = ContactAttempt.objects.filter(person=person).select_related("recorded_by")
    opinions = RiskOpinion.objects.filter(score=score).select_related("recorded_by")
    panel = RiskPanel(
        score=score,
        band=risk_band(score.percentile),
        reasons=reason_sentences(score.reasons),
        contacts=list(contacts.order_by("-on", "-id")[:CONTACTS_SHOWN]),
        opinions=list(opinions.order_by("-created_at", "-id")),
        contact_form=ContactForm(initial={"on": on}) if can_log_contacts(user) else None,
        opinion_form=OpinionForm() if can_give_opinions(user) else None,
    )
    return {"risk": panel, "contact_form_id": CONTACT_FORM_ID, "opinion_form_id": OPINION_FORM_ID}


def _person_page(person_id: int) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("admin:registry_person_change", args=[person_id]))


def _errors(form: forms.Form, error: ValidationError | None) -> dict[str, list[str]]:
    if error is None:
        return {name: [str(text) for text in texts] for name, texts in form.errors.items()}
    return error.message_dict if hasattr(error, "error_dict") else {"": error.messages}


def _report(request: HttpRequest, form: forms.Form, error: ValidationError | None) -> None:
    """Show a form's or a service's errors as admin messages, each with its field's label."""
    for name, texts in _errors(form, error).items():
        field = form.fields.get(name)
        for text in texts:
            if field is None:
                messages.error(request, text)
            else:
                label = field.label or name
                messages.error(request, _("%(field)s: %(error)s") % {"field": label, "error": text})


def contact_view(request: HttpRequest, person_id: int) -> HttpResponse:
    """Log a contact attempt from the person's page, then go back to it."""
    if not can_log_contacts(request.user):
        raise PermissionDenied
    person = get_object_or_404(Person, pk=person_id)
    form = ContactForm(request.POST)
    if not form.is_valid():
        _report(request, form, None)
        return _person_page(person.pk)
    try:
        contact_record(actor=request.user, person=person, **form.cleaned_data)
    except ValidationError as error:
        _report(request, form, error)
    else:
        messages.success(request, _("The contact attempt was logged."))
    return _person_page(person.pk)


def opinion_view(request: HttpRequest, score_id: int) -> HttpResponse:
    """Record agreement or disagreement with a score, with its reason, then go back."""
    if not can_give_opinions(request.user):
        raise PermissionDenied
    score = get_object_or_404(RiskScore, pk=score_id)
    form = OpinionForm(request.POST)
    if not form.is_valid():
        _report(request, form, None)
        return _person_page(score.person_id)
    try:
        risk_opinion_record(actor=request.user, score=score, **form.cleaned_data)
    except ValidationError as error:
        _report(request, form, error)
    else:
        messages.success(request, _("Your opinion on the score was recorded."))
    return _person_page(score.person_id)


# --- The outreach list --------------------------------------------------------------------


@dataclass(frozen=True)
class OutreachLine:
    """One row of the outreach list: the name only for those who may see it."""

    row: OutreachRow
    age: int
    name: str | None


def outreach_view(site: admin.AdminSite, request: HttpRequest) -> HttpResponse:
    """The NEET young people of a district to contact first (``?district=CODE``)."""
    if not can_see_risk(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    districts = list(District.objects.all())
    chosen = next((d for d in districts if d.code == request.GET.get("district")), None)
    named = can_see_personal_data(request.user)
    lines = [
        OutreachLine(row, row.person.age_on(today), row.person.full_name if named else None)
        for row in (outreach_list(chosen, today, limit=OUTREACH_SHOWN) if chosen else [])
    ]
    context = {
        **site.each_context(request),
        "opts": ContactAttempt._meta,
        "title": _("Outreach list"),
        "districts": districts,
        "district": chosen,
        "lines": lines,
        "today": today,
        "limit": OUTREACH_SHOWN,
    }
    return TemplateResponse(request, "admin/insight/outreach.html", context)


# --- Registered models --------------------------------------------------------------------


@admin.register(RiskModelVersion)
class RiskModelVersionAdmin(admin.ModelAdmin[RiskModelVersion]):
    """Versions are written by ``jastar risk train``; nobody edits one by hand. The list
    links to the outreach list."""

    change_list_template = "admin/insight/riskmodelversion/change_list.html"
    list_display = ("created_at", "trained_on", "tested_on", "rows_trained", "auc", "brier")
    exclude = ("model",)
    readonly_fields = (
        "trained_on",
        "tested_on",
        "seed",
        "rows_trained",
        "rows_tested",
        "metrics",
        "fairness",
    )

    @admin.display(description=gettext_lazy("ROC AUC"))
    def auc(self, version: RiskModelVersion) -> str:
        value = version.metrics.get("roc_auc")
        return "-" if value is None else f"{value:.3f}"

    @admin.display(description=gettext_lazy("Brier score"))
    def brier(self, version: RiskModelVersion) -> str:
        value = version.metrics.get("brier")
        return "-" if value is None else f"{value:.3f}"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> Any:
        extra_context = {**(extra_context or {}), "can_see_risk": can_see_risk(request.user)}
        return super().changelist_view(request, extra_context)


@admin.register(ContactAttempt)
class ContactAttemptAdmin(ReadOnlyAdmin[ContactAttempt]):
    """The outreach log, read-only (attempts are logged from the person's page). Its URLs
    also serve the outreach list and the panel's two forms."""

    change_list_template = "admin/insight/contactattempt/change_list.html"
    list_display = ("on", "person_number", "channel_name", "outcome_name", "recorded_by")
    list_filter = ("channel", "outcome")
    list_select_related = ("recorded_by",)
    date_hierarchy = "on"
    # The person by number only: names are personal data.
    fields = ("on", "person_number", "channel_name", "outcome_name", "note", "recorded_by")
    readonly_fields = fields

    @admin.display(description=gettext_lazy("Person"), ordering="person_id")
    def person_number(self, obj: ContactAttempt) -> str:
        return _("Person #%(id)s") % {"id": obj.person_id}

    @admin.display(description=gettext_lazy("Channel"), ordering="channel")
    def channel_name(self, obj: ContactAttempt) -> str:
        return obj.get_channel_display()

    @admin.display(description=gettext_lazy("Outcome"), ordering="outcome")
    def outcome_name(self, obj: ContactAttempt) -> str:
        return obj.get_outcome_display()

    def get_urls(self) -> list[URLPattern]:
        site = self.admin_site

        def outreach(request: HttpRequest) -> HttpResponse:
            return outreach_view(site, request)

        return [
            path("outreach/", site.admin_view(outreach), name="insight_outreach"),
            path(
                "log/<int:person_id>/",
                site.admin_view(require_POST(contact_view)),
                name="insight_contact_log",
            ),
            path(
                "opinion/<int:score_id>/",
                site.admin_view(require_POST(opinion_view)),
                name="insight_opinion_record",
            ),
            *super().get_urls(),
        ]

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> Any:
        extra_context = {**(extra_context or {}), "can_see_risk": can_see_risk(request.user)}
        return super().changelist_view(request, extra_context)


@admin.register(RiskOpinion)
class RiskOpinionAdmin(ReadOnlyAdmin[RiskOpinion]):
    """Case workers' opinions of scores, read-only (given on the person's page)."""

    list_display = ("created_at", "person_number", "agrees", "note", "recorded_by")
    list_filter = ("agrees",)
    list_select_related = ("score", "recorded_by")
    fields = ("created_at", "person_number", "agrees", "note", "recorded_by")
    readonly_fields = fields

    @admin.display(description=gettext_lazy("Person"), ordering="score__person_id")
    def person_number(self, obj: RiskOpinion) -> str:
        return _("Person #%(id)s") % {"id": obj.score.person_id}
