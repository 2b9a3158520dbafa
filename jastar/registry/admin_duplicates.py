"""Admin for possible duplicates of people (review, merge, dismiss) and the merge records.

The review page shows the two people side by side; merging (choosing whom to keep) and
dismissing go through :func:`~jastar.registry.services.person_merge` and
:func:`~jastar.registry.services.duplicate_dismiss`, so the admin validates and audits like
every other entry point. Merge records are read-only.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from jastar.core.access import can_see_personal_data
from jastar.core.admin import ReadOnlyAdmin
from jastar.registry import services
from jastar.registry.models import (
    District,
    DuplicateStatus,
    Person,
    PersonMerge,
    PossibleDuplicate,
)

MERGE_PERMISSIONS = ("registry.change_person", "registry.delete_person")


class EitherDistrictFilter(admin.SimpleListFilter):
    title = _("district of either person")
    parameter_name = "district"

    def lookups(self, request: Any, model_admin: Any) -> list[tuple[Any, str]]:
        return [(district.pk, district.name) for district in District.objects.all()]

    def queryset(
        self, request: Any, queryset: QuerySet[PossibleDuplicate]
    ) -> QuerySet[PossibleDuplicate]:
        if not self.value():
            return queryset
        return queryset.filter(
            Q(person_a__district=self.value()) | Q(person_b__district=self.value())
        )


def _name(person: Person | None) -> str:
    return person.full_name if person is not None else str(_("(merged away)"))


def _counts(person: Person) -> list[int]:
    return [
        person.status_changes.count(),
        person.placements.count(),
        person.participations.count(),
    ]


def _date(value: Any) -> str:
    return "" if value is None else str(formats.date_format(value, "SHORT_DATE_FORMAT"))


def _rows(people: list[Person], personal: bool) -> list[tuple[Any, list[Any]]]:
    """The review table: a label and one value per person."""

    def row(label: Any, value: Any) -> tuple[Any, list[Any]]:
        return label, [value(p) for p in people]

    iin = (lambda p: p.iin) if personal else (lambda p: p.masked_iin)
    rows = [
        row(_("full name"), lambda p: p.full_name),
        row(_("full name (Latin)"), lambda p: p.full_name_latn),
        row(_("birth date"), lambda p: _date(p.birth_date)),
        row(_("IIN"), iin),
        row(_("sex"), lambda p: p.get_sex_display()),
        row(_("district"), lambda p: p.district.name),
        row(_("settlement"), lambda p: p.settlement.name if p.settlement else ""),
        row(_("current status"), lambda p: p.get_status_display()),
        row(_("registered on"), lambda p: _date(p.registered_on)),
    ]
    if personal:
        rows += [row(_("phone"), lambda p: p.phone), row(_("email"), lambda p: p.email)]
    counts = [_counts(p) for p in people]
    labels = [_("status changes"), _("placements"), _("program participations")]
    rows += [(label, [c[i] for c in counts]) for i, label in enumerate(labels)]
    return rows


@admin.register(PossibleDuplicate)
class PossibleDuplicateAdmin(admin.ModelAdmin[PossibleDuplicate]):
    list_display = [
        "first_person",
        "second_person",
        "birth_date",
        "iins",
        "score",
        "reason",
        "status",
        "created_at",
    ]
    list_filter = ["status", "reason", EitherDistrictFilter]
    list_select_related = ["person_a", "person_b"]

    @admin.display(description=_("first person"))
    def first_person(self, obj: PossibleDuplicate) -> str:
        return _name(obj.person_a)

    @admin.display(description=_("second person"))
    def second_person(self, obj: PossibleDuplicate) -> str:
        return _name(obj.person_b)

    @admin.display(description=_("birth date"))
    def birth_date(self, obj: PossibleDuplicate) -> str:
        people = obj.people()
        return _date(people[0].birth_date) if people else ""

    @admin.display(description=_("IINs"))
    def iins(self, obj: PossibleDuplicate) -> str:
        return " / ".join(p.masked_iin for p in obj.people())

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # pairs are flagged by the registry, not entered

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a decision stays on record

    def may_merge(self, request: HttpRequest, obj: PossibleDuplicate) -> bool:
        return self.has_change_permission(request, obj) and request.user.has_perms(
            MERGE_PERMISSIONS
        )

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        """The review page: both people side by side, with merge and dismiss."""
        obj = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        if request.method == "POST":
            return self._decide(request, obj)
        people = obj.people()
        personal = can_see_personal_data(request.user)
        open_ = obj.status == DuplicateStatus.OPEN and len(people) == 2
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "title": _("Review a possible duplicate"),
            "people": people,
            "rows": _rows(people, personal),
            "is_open": open_,
            "can_merge": open_ and self.may_merge(request, obj),
            "can_dismiss": open_ and self.has_change_permission(request, obj),
            "changelist_url": reverse("admin:registry_possibleduplicate_changelist"),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/registry/possibleduplicate/review.html", context)

    def _decide(self, request: HttpRequest, obj: PossibleDuplicate) -> HttpResponse:
        if "merge" in request.POST:
            if not self.may_merge(request, obj):
                raise PermissionDenied
            return self._merge(request, obj)
        if "dismiss" in request.POST:
            if not self.has_change_permission(request, obj):
                raise PermissionDenied
            return self._dismiss(request, obj)
        return HttpResponseRedirect(request.path)

    def _merge(self, request: HttpRequest, obj: PossibleDuplicate) -> HttpResponse:
        sides = {"a": (obj.person_a, obj.person_b), "b": (obj.person_b, obj.person_a)}
        keep, remove = sides.get(request.POST.get("keep", ""), (None, None))
        if keep is None or remove is None:
            messages.error(request, _("Choose the person to keep."))
            return HttpResponseRedirect(request.path)
        removed_name = remove.full_name
        try:
            services.person_merge(actor=request.user, keep=keep, remove=remove, duplicate=obj)
        except ValidationError as err:
            for message in err.messages:
                messages.error(request, message)
            return HttpResponseRedirect(request.path)
        messages.success(
            request,
            _("“%(removed)s” was merged into “%(kept)s”.")
            % {"removed": removed_name, "kept": keep.full_name},
        )
        return HttpResponseRedirect(reverse("admin:registry_possibleduplicate_changelist"))

    def _dismiss(self, request: HttpRequest, obj: PossibleDuplicate) -> HttpResponse:
        try:
            services.duplicate_dismiss(
                actor=request.user, duplicate=obj, note=request.POST.get("note", "")
            )
        except ValidationError as err:
            for message in err.messages:
                messages.error(request, message)
            return HttpResponseRedirect(request.path)
        messages.success(request, _("The pair was dismissed: they are different people."))
        return HttpResponseRedirect(reverse("admin:registry_possibleduplicate_changelist"))


def _json(value: Any) -> SafeString:
    text = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2, sort_keys=True)
    return format_html("<pre>{}</pre>", text)


_MERGE_FIELDS = ["kept", "removed_person_id", "removed_iin_shown", "merged_by", "merged_at"]


@admin.register(PersonMerge)
class PersonMergeAdmin(ReadOnlyAdmin[PersonMerge]):
    # Only person_merge writes these.
    list_display = ["merged_at", "kept", "removed_iin_shown", "removed_person_id", "merged_by"]
    list_select_related = ["kept", "merged_by"]
    date_hierarchy = "merged_at"

    @admin.display(description=_("IIN of the removed person"))
    def removed_iin_shown(self, obj: PersonMerge) -> str:
        return obj.masked_removed_iin

    @admin.display(description=_("removed person's record"))
    def snapshot_shown(self, obj: PersonMerge) -> SafeString:
        return _json(obj.snapshot)

    @admin.display(description=_("records moved"))
    def moved_shown(self, obj: PersonMerge) -> SafeString:
        return _json(obj.moved)

    @admin.display(description=_("fields filled in"))
    def filled_shown(self, obj: PersonMerge) -> SafeString:
        return _json(obj.filled)

    def get_fields(self, request: HttpRequest, obj: PersonMerge | None = None) -> tuple[str, ...]:
        # The removed person's record holds their IIN, names and contacts.
        if can_see_personal_data(request.user):
            return (*_MERGE_FIELDS, "snapshot_shown", "moved_shown", "filled_shown")
        return (*_MERGE_FIELDS, "moved_shown")

    def get_readonly_fields(
        self, request: HttpRequest, obj: PersonMerge | None = None
    ) -> tuple[str, ...]:
        return self.get_fields(request, obj)
