"""Admin for the program catalogue, editions, quotas, participations and follow-ups.

Writes go through the services (ServiceAdmin), so the admin validates, enforces quotas and
audits like every other entry point. A participation's status changes only through its
services; here it can be created (an application) and approved or completed in bulk.
Zhasyl El brigades, their members and work logs are created through the brigade services;
work logs are confirmed with an action.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jastar.core.admin import ReadOnlyAdmin
from jastar.core.admin_services import ServiceAdmin
from jastar.core.errors import ApplicationError
from jastar.insight.admin_impact import ProgramImpactInline
from jastar.programs import services
from jastar.programs.brigades import services as brigade_services
from jastar.programs.brigades.models import Brigade, BrigadeMember, WorkLog
from jastar.programs.grants import services as grant_services
from jastar.programs.grants.models import GrantApplication, GrantScore
from jastar.programs.models import (
    FollowUp,
    Participation,
    ParticipationEvent,
    Program,
    ProgramEdition,
    ProgramQuota,
)

T = TypeVar("T")
M = TypeVar("M", bound=Model)


@contextmanager
def _as_form_errors() -> Iterator[None]:
    # The admin shows ValidationErrors on the form; a refused business rule is one too.
    try:
        yield
    except ApplicationError as err:
        raise ValidationError(str(err.message)) from err


def _call(service: Callable[..., T], **kwargs: Any) -> T:
    with _as_form_errors():
        return service(**kwargs)


class ProgramServiceAdmin(ServiceAdmin[M]):
    """A ServiceAdmin whose saved object is reloaded, so the admin's log entry and
    messages (which use ``str(obj)``) see what the service saved."""

    def save_model(self, request: HttpRequest, obj: M, form: ModelForm[M], change: bool) -> None:
        super().save_model(request, obj, form, change)
        obj.refresh_from_db()


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin[Program]):
    list_display = ["code", "name_kk", "name_ru", "name_en", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name_kk", "name_ru", "name_en"]


class QuotaInline(admin.TabularInline[ProgramQuota, ProgramEdition]):
    """Quotas shown on their edition; they are set on the quota page (through a service)."""

    model = ProgramQuota
    extra = 0
    fields = ("district", "places", "budget_tenge")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ProgramEdition)
class ProgramEditionAdmin(ProgramServiceAdmin[ProgramEdition]):
    list_display = [
        "program",
        "year",
        "payer",
        "max_duration_months",
        "subsidy_mrp",
        "subsidy_wage_share",
        "one_off_mrp",
        "is_verified",
    ]
    list_filter = ["year", "payer", "is_verified", "program"]
    search_fields = ["program__code", "program__name_kk", "program__name_ru", "notes"]
    list_select_related = ["program"]
    inlines = [QuotaInline]

    def get_inlines(self, request: HttpRequest, obj: ProgramEdition | None) -> list[type[Any]]:
        # The measured impact exists only for a saved edition (``jastar impact``).
        return [QuotaInline] if obj is None else [QuotaInline, ProgramImpactInline]

    def get_readonly_fields(
        self, request: HttpRequest, obj: ProgramEdition | None = None
    ) -> list[str]:
        return ["program", "year"] if obj is not None else []

    def call_service(
        self,
        request: HttpRequest,
        obj: ProgramEdition,
        form: ModelForm[ProgramEdition],
        change: bool,
    ) -> ProgramEdition:
        data = dict(form.cleaned_data)
        if change:
            changed = {k: data[k] for k in form.changed_data if k in data}
            return services.edition_update(actor=request.user, edition=obj, data=changed)
        return services.edition_create(actor=request.user, **data)


@admin.register(ProgramQuota)
class ProgramQuotaAdmin(ProgramServiceAdmin[ProgramQuota]):
    list_display = ["edition", "district", "places", "budget_tenge"]
    list_filter = ["edition__year", "edition__program", "district"]
    list_select_related = ["edition__program", "district"]

    def get_readonly_fields(
        self, request: HttpRequest, obj: ProgramQuota | None = None
    ) -> list[str]:
        return ["edition", "district"] if obj is not None else []

    def call_service(
        self, request: HttpRequest, obj: ProgramQuota, form: ModelForm[ProgramQuota], change: bool
    ) -> ProgramQuota:
        data = form.cleaned_data
        # Edition and district are read-only once the quota exists.
        return services.quota_set(
            actor=request.user,
            edition=obj.edition if change else data["edition"],
            district=obj.district if change else data["district"],
            places=data["places"],
            budget_tenge=data["budget_tenge"],
        )


class EventInline(admin.TabularInline[ParticipationEvent, Participation]):
    model = ParticipationEvent
    extra = 0
    fields = ("on", "from_status", "to_status", "reason", "actor", "created_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class FollowUpInline(admin.TabularInline[FollowUp, Participation]):
    model = FollowUp
    extra = 0
    fields = ("kind", "due_on", "done_on", "still_employed", "note")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


_APPLICATION_FIELDS = ("person", "edition", "applied_on")


@admin.register(Participation)
class ParticipationAdmin(ProgramServiceAdmin[Participation]):
    list_display = ["person", "edition", "district", "status", "applied_on", "enrolled_on"]
    list_filter = ["status", "edition__year", "edition__program", "district"]
    search_fields = ["person__iin", "person__name_key"]
    list_select_related = ["person", "edition__program", "district"]
    raw_id_fields = ["person", "placement"]
    date_hierarchy = "applied_on"
    inlines = [EventInline, FollowUpInline]
    actions = ["approve_selected", "complete_selected"]

    def get_fields(self, request: HttpRequest, obj: Participation | None = None) -> tuple[str, ...]:
        if obj is None:
            return _APPLICATION_FIELDS
        return tuple(f.name for f in Participation._meta.concrete_fields if f.name != "id")

    def get_readonly_fields(
        self, request: HttpRequest, obj: Participation | None = None
    ) -> list[str]:
        # Once applied, a participation changes only through its lifecycle services.
        return [] if obj is None else list(self.get_fields(request, obj))

    def call_service(
        self,
        request: HttpRequest,
        obj: Participation,
        form: ModelForm[Participation],
        change: bool,
    ) -> Participation:
        if change:
            return obj
        data = form.cleaned_data
        return _call(
            services.participation_apply,
            actor=request.user,
            person=data["person"],
            edition=data["edition"],
            on=data["applied_on"],
        )

    def _each(
        self, request: HttpRequest, queryset: QuerySet[Participation], service: Callable[..., Any]
    ) -> None:
        done = 0
        for participation in queryset:
            try:
                _call(service, actor=request.user, participation=participation)
                done += 1
            except ValidationError as err:
                self.message_user(request, f"{participation}: {err.messages[0]}", messages.ERROR)
        self.message_user(request, _("Participations changed: %(count)d.") % {"count": done})

    @admin.action(description=_("Approve the selected applications today"))
    def approve_selected(self, request: HttpRequest, queryset: QuerySet[Participation]) -> None:
        def approve(**kwargs: Any) -> Participation:
            return services.participation_decide(approve=True, on=timezone.localdate(), **kwargs)

        self._each(request, queryset, approve)

    @admin.action(description=_("Mark the selected participations completed today"))
    def complete_selected(self, request: HttpRequest, queryset: QuerySet[Participation]) -> None:
        def complete(**kwargs: Any) -> Participation:
            return services.participation_complete(on=timezone.localdate(), **kwargs)

        self._each(request, queryset, complete)


@admin.register(ParticipationEvent)
class ParticipationEventAdmin(ReadOnlyAdmin[ParticipationEvent]):
    """The transition log: read-only, written only by the participation services."""

    list_display = ["participation", "on", "from_status", "to_status", "actor", "reason"]
    list_filter = ["to_status"]
    date_hierarchy = "on"
    list_select_related = ["participation", "actor"]


@admin.register(FollowUp)
class FollowUpAdmin(ProgramServiceAdmin[FollowUp]):
    """Follow-ups are created when a participant is placed; here their results are entered."""

    list_display = ["participation", "kind", "due_on", "done_on", "still_employed"]
    list_filter = ["kind", "still_employed"]
    date_hierarchy = "due_on"
    list_select_related = ["participation"]
    fields = ["participation", "kind", "due_on", "done_on", "still_employed", "note"]
    readonly_fields = ["participation", "kind", "due_on"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def call_service(
        self, request: HttpRequest, obj: FollowUp, form: ModelForm[FollowUp], change: bool
    ) -> FollowUp:
        data = form.cleaned_data
        if data.get("done_on") is None or data.get("still_employed") is None:
            raise ValidationError(
                _("Give the date of the follow-up and whether the person still works.")
            )
        return services.followup_record(
            actor=request.user,
            followup=obj,
            done_on=data["done_on"],
            still_employed=data["still_employed"],
            note=data.get("note", ""),
        )


# --- Business grants ----------------------------------------------------------------------


class GrantScoreInline(admin.TabularInline[GrantScore, GrantApplication]):
    """The committee's scores, read-only: they are given through ``grant_score``."""

    model = GrantScore
    extra = 0
    fields = ("scorer", "viability", "social_impact", "jobs", "readiness", "total", "updated_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(GrantApplication)
class GrantApplicationAdmin(admin.ModelAdmin[GrantApplication]):
    """Grant applications and their ranking, read-only: applying, scoring, ranking and the
    survival check go through the grant services; disbursement is an action here."""

    list_display = [
        "business_name",
        "participation",
        "requested_tenge",
        "score_average",
        "rank",
        "decision",
        "awarded_tenge",
        "disbursed_on",
        "survived",
    ]
    list_filter = [
        "decision",
        "survived",
        "participation__edition__year",
        "participation__district",
    ]
    search_fields = ["business_name", "participation__person__iin"]
    list_select_related = ["participation__edition__program", "participation__person"]
    ordering = ["participation__edition", "participation__district", "rank", "id"]
    date_hierarchy = "submitted_on"
    inlines = [GrantScoreInline]
    actions = ["disburse_selected"]

    def get_readonly_fields(
        self, request: HttpRequest, obj: GrantApplication | None = None
    ) -> list[str]:
        return [f.name for f in GrantApplication._meta.concrete_fields if f.name != "id"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Record the selected grants as disbursed today"))
    def disburse_selected(self, request: HttpRequest, queryset: QuerySet[GrantApplication]) -> None:
        done = 0
        for application in queryset:
            try:
                _call(
                    grant_services.grant_disburse,
                    actor=request.user,
                    application=application,
                    on=timezone.localdate(),
                )
                done += 1
            except ValidationError as err:
                self.message_user(request, f"{application}: {err.messages[0]}", messages.ERROR)
        self.message_user(request, _("Grants disbursed: %(count)d.") % {"count": done})


# --- Zhasyl El brigades -------------------------------------------------------------------


class BrigadeMemberInline(admin.TabularInline[BrigadeMember, Brigade]):
    """A brigade's members, read-only: they join and leave through the brigade services."""

    model = BrigadeMember
    extra = 0
    fields = ("participation", "joined_on", "left_on", "leave_reason")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


_BRIGADE_FIELDS = (
    "edition",
    "name",
    "district",
    "settlement",
    "employer",
    "work_description",
    "starts_on",
    "ends_on",
    "hourly_rate_tenge",
    "monthly_pay_tenge",
    "capacity",
)


@admin.register(Brigade)
class BrigadeAdmin(ProgramServiceAdmin[Brigade]):
    """Brigades are created through ``brigade_create``; once created they are read-only
    here (the leader is named on the member page)."""

    list_display = ["name", "edition", "district", "starts_on", "ends_on", "capacity", "leader"]
    list_filter = ["edition__year", "district"]
    search_fields = ["name", "employer__name"]
    list_select_related = ["edition__program", "district", "leader"]
    raw_id_fields = ["employer"]
    date_hierarchy = "starts_on"
    inlines = [BrigadeMemberInline]

    def get_fields(self, request: HttpRequest, obj: Brigade | None = None) -> tuple[str, ...]:
        return _BRIGADE_FIELDS if obj is None else (*_BRIGADE_FIELDS, "leader")

    def get_readonly_fields(self, request: HttpRequest, obj: Brigade | None = None) -> list[str]:
        return [] if obj is None else list(self.get_fields(request, obj))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def call_service(
        self, request: HttpRequest, obj: Brigade, form: ModelForm[Brigade], change: bool
    ) -> Brigade:
        if change:
            return obj
        data = {k: v for k, v in form.cleaned_data.items() if k in _BRIGADE_FIELDS}
        return _call(brigade_services.brigade_create, actor=request.user, **data)


_MEMBER_FIELDS = ("brigade", "participation", "joined_on")


@admin.register(BrigadeMember)
class BrigadeMemberAdmin(ProgramServiceAdmin[BrigadeMember]):
    """Members join through ``brigade_add_member``; the leader is named with an action."""

    list_display = ["participation", "brigade", "joined_on", "left_on"]
    list_filter = ["brigade__edition__year", "brigade__district"]
    search_fields = ["participation__person__iin", "participation__person__name_key"]
    list_select_related = ["participation__person", "brigade"]
    raw_id_fields = ["participation"]
    actions = ["make_leader"]

    def get_fields(self, request: HttpRequest, obj: BrigadeMember | None = None) -> tuple[str, ...]:
        return _MEMBER_FIELDS if obj is None else (*_MEMBER_FIELDS, "left_on", "leave_reason")

    def get_readonly_fields(
        self, request: HttpRequest, obj: BrigadeMember | None = None
    ) -> list[str]:
        return [] if obj is None else list(self.get_fields(request, obj))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def call_service(
        self,
        request: HttpRequest,
        obj: BrigadeMember,
        form: ModelForm[BrigadeMember],
        change: bool,
    ) -> BrigadeMember:
        if change:
            return obj
        data = form.cleaned_data
        return _call(
            brigade_services.brigade_add_member,
            actor=request.user,
            brigade=data["brigade"],
            participation=data["participation"],
            on=data["joined_on"],
        )

    @admin.action(description=_("Make the selected member the brigade leader"))
    def make_leader(self, request: HttpRequest, queryset: QuerySet[BrigadeMember]) -> None:
        for member in queryset[:1]:
            try:
                _call(brigade_services.brigade_set_leader, actor=request.user, member=member)
            except ValidationError as err:
                self.message_user(request, f"{member}: {err.messages[0]}", messages.ERROR)


_WORKLOG_FIELDS = ("member", "worked_on", "hours")


@admin.register(WorkLog)
class WorkLogAdmin(ProgramServiceAdmin[WorkLog]):
    """Hours are recorded through ``worklog_record`` and confirmed with an action."""

    list_display = ["member", "worked_on", "hours", "confirmed_on", "confirmed_by"]
    list_filter = ["member__brigade", "confirmed_on"]
    list_select_related = ["member__participation__person", "confirmed_by"]
    raw_id_fields = ["member"]
    date_hierarchy = "worked_on"
    actions = ["confirm_selected"]

    def get_fields(self, request: HttpRequest, obj: WorkLog | None = None) -> tuple[str, ...]:
        return _WORKLOG_FIELDS if obj is None else (*_WORKLOG_FIELDS, "confirmed_on")

    def get_readonly_fields(self, request: HttpRequest, obj: WorkLog | None = None) -> list[str]:
        return [] if obj is None else list(self.get_fields(request, obj))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def call_service(
        self, request: HttpRequest, obj: WorkLog, form: ModelForm[WorkLog], change: bool
    ) -> WorkLog:
        if change:
            return obj
        data = form.cleaned_data
        return _call(
            brigade_services.worklog_record,
            actor=request.user,
            member=data["member"],
            worked_on=data["worked_on"],
            hours=data["hours"],
        )

    @admin.action(description=_("Confirm the hours of the selected work logs"))
    def confirm_selected(self, request: HttpRequest, queryset: QuerySet[WorkLog]) -> None:
        confirmed = _call(brigade_services.worklog_confirm, actor=request.user, logs=queryset)
        self.message_user(request, _("Work logs confirmed: %(count)d.") % {"count": len(confirmed)})
