"""Admin for every registry model. Changes to people, employers and vacancies go
through the services, so the admin validates and audits like every other entry point."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Case, IntegerField, ManyToManyField, QuerySet, Value, When
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jastar.bulk.admin_export import ExportMixin
from jastar.core.admin_services import ServiceAdmin
from jastar.insight.admin import risk_panel
from jastar.matching.admin import person_panels, vacancy_panel
from jastar.matching.selectors import occupation_search
from jastar.programs.eligibility_display import eligibility_rows
from jastar.registry import services
from jastar.registry.models import (
    District,
    EducationLevel,
    Employer,
    FieldOfStudy,
    Industry,
    Occupation,
    Person,
    PersonStatusChange,
    Placement,
    Region,
    Settlement,
    Vacancy,
    VulnerableGroup,
    YearlyRates,
)

_NAMES = ["name_kk", "name_ru", "name_en"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin[Region]):
    list_display = ["code", *_NAMES, "name_kk_latn", "kato"]
    search_fields = ["code", *_NAMES, "name_kk_latn"]


class SettlementInline(admin.TabularInline[Settlement, District]):
    model = Settlement
    extra = 0
    fields = ["name_kk", "name_ru", "name_kk_latn", "kind", "is_rural", "is_district_centre"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin[District]):
    list_display = ["code", *_NAMES, "name_kk_latn", "kind", "centre_kk", "kato"]
    list_filter = ["region", "kind"]
    search_fields = ["code", *_NAMES, "name_kk_latn"]
    filter_horizontal = ["neighbours"]
    inlines = [SettlementInline]


@admin.register(Settlement)
class SettlementAdmin(admin.ModelAdmin[Settlement]):
    list_display = ["name_kk", "name_ru", "name_kk_latn", "district", "kind", "is_rural"]
    list_filter = ["district", "kind", "is_rural"]
    search_fields = ["name_kk", "name_ru", "name_kk_latn"]


@admin.register(EducationLevel)
class EducationLevelAdmin(admin.ModelAdmin[EducationLevel]):
    list_display = ["order", "code", *_NAMES, "isced"]


@admin.register(FieldOfStudy)
class FieldOfStudyAdmin(admin.ModelAdmin[FieldOfStudy]):
    list_display = ["code", *_NAMES, "parent"]
    search_fields = ["code", *_NAMES]


@admin.register(Occupation)
class OccupationAdmin(admin.ModelAdmin[Occupation]):
    list_display = ["code", *_NAMES, "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", *_NAMES]
    raw_id_fields = ["parent"]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Occupation], search_term: str
    ) -> tuple[QuerySet[Occupation], bool]:
        # Names in any language or script ("жүргізуші", "водитель", "jürgızuşı"), the
        # closest first, then whatever the plain search on names and codes finds.
        found, use_distinct = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if not term or term.replace("-", "").isdigit():  # empty, or a code
            return found, use_distinct
        hits = [result.occupation.pk for result in occupation_search(term, limit=10)]
        if not hits:
            return found, use_distinct
        first = Case(
            *[When(pk=pk, then=Value(position)) for position, pk in enumerate(hits)],
            default=Value(len(hits)),
            output_field=IntegerField(),
        )
        either = found | queryset.filter(pk__in=hits)
        return either.annotate(lookup_rank=first).order_by("lookup_rank", "code"), use_distinct


@admin.register(Industry)
class IndustryAdmin(admin.ModelAdmin[Industry]):
    list_display = ["code", *_NAMES]


@admin.register(VulnerableGroup)
class VulnerableGroupAdmin(admin.ModelAdmin[VulnerableGroup]):
    list_display = ["code", *_NAMES]
    search_fields = ["code", *_NAMES]


@admin.register(YearlyRates)
class YearlyRatesAdmin(admin.ModelAdmin[YearlyRates]):
    list_display = ["year", "mrp", "minimum_wage", "subsistence_minimum", "source"]


class StatusChangeInline(admin.TabularInline[PersonStatusChange, Person]):
    model = PersonStatusChange
    extra = 0
    fields = ("valid_from", "status", "note", "recorded_by")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


_PERSON_CREATE_ONLY = ["iin", "birth_date", "sex", "status", "status_since", "registered_on"]
_PERSON_M2M = ("skill_occupations", "desired_occupations", "vulnerable_groups")


@admin.register(Person)
class PersonAdmin(ExportMixin[Person], ServiceAdmin[Person]):
    list_display = ["full_name", "masked_iin", "birth_date", "district", "status", "is_neet"]
    list_filter = ["district", "status", "is_neet", "area", "sex", "education_level"]
    search_fields = ["iin", "name_key", "last_name", "first_name"]
    list_select_related = ["district"]
    autocomplete_fields = ["skill_occupations", "desired_occupations"]
    raw_id_fields = ["settlement"]
    readonly_fields = ["is_neet", "name_key", "created_at", "updated_at"]
    inlines = [StatusChangeInline]
    # An exact count of the unfiltered registry is a full scan at region scale.
    show_full_result_count = False

    @admin.display(description=_("IIN"))
    def masked_iin(self, obj: Person) -> str:
        return obj.masked_iin

    @admin.display(description=_("full name"))
    def full_name(self, obj: Person) -> str:
        return obj.full_name

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Person], search_term: str
    ) -> tuple[QuerySet[Person], bool]:
        from jastar.registry.selectors import person_list

        if not search_term:
            return queryset, False
        return queryset & person_list(query=search_term), False

    def get_readonly_fields(self, request: HttpRequest, obj: Person | None = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        # Identity and status have their own paths once the person exists.
        return fields + _PERSON_CREATE_ONLY if obj is not None else fields

    def formfield_for_manytomany(
        self, db_field: ManyToManyField[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.ModelMultipleChoiceField[Any] | None:
        # A handful of groups: checkboxes, not a search widget.
        if db_field.name == "vulnerable_groups":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        person = self.get_object(request, object_id)
        if person is not None:
            if request.method == "GET":
                services.person_record_view(
                    actor=request.user, person=person, ip_address=request.META.get("REMOTE_ADDR")
                )
            today = timezone.localdate()
            extra_context = {
                **(extra_context or {}),
                "eligibility_rows": eligibility_rows(person, today),
                "eligibility_on": today,
                **person_panels(person, today),
                **risk_panel(request.user, person, today),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def call_service(
        self, request: HttpRequest, obj: Person, form: ModelForm[Person], change: bool
    ) -> Person:
        data = dict(form.cleaned_data)
        m2m = {f: data.pop(f, []) for f in _PERSON_M2M}
        if change:
            editable = {k: data[k] for k in form.changed_data if k in data}
            editable = {k: v for k, v in editable.items() if k not in _PERSON_CREATE_ONLY}
            return services.person_update(actor=request.user, person=obj, data=editable, **m2m)
        for key in ("last_name_latn", "first_name_latn", "patronymic_latn"):
            data.pop(key, None)
        return services.person_register(actor=request.user, **data, **m2m)


@admin.register(PersonStatusChange)
class PersonStatusChangeAdmin(ServiceAdmin[PersonStatusChange]):
    list_display = ["person", "valid_from", "status", "recorded_by"]
    list_filter = ["status"]
    date_hierarchy = "valid_from"
    raw_id_fields = ["person", "recorded_by"]

    def call_service(
        self,
        request: HttpRequest,
        obj: PersonStatusChange,
        form: ModelForm[PersonStatusChange],
        change: bool,
    ) -> PersonStatusChange:
        data = form.cleaned_data
        return services.person_change_status(
            actor=request.user,
            person=data["person"],
            status=data["status"],
            valid_from=data["valid_from"],
            note=data.get("note", ""),
        )


@admin.register(Employer)
class EmployerAdmin(ExportMixin[Employer], ServiceAdmin[Employer]):
    list_display = ["name", "bin", "kind", "industry", "district"]
    list_filter = ["district", "kind", "industry"]
    search_fields = ["name", "bin"]
    raw_id_fields = ["settlement"]

    def get_readonly_fields(self, request: HttpRequest, obj: Employer | None = None) -> list[str]:
        return ["bin", "kind"] if obj is not None else []

    def call_service(
        self, request: HttpRequest, obj: Employer, form: ModelForm[Employer], change: bool
    ) -> Employer:
        data = dict(form.cleaned_data)
        if change:
            changed = {k: data[k] for k in form.changed_data if k in data}
            return services.employer_update(actor=request.user, employer=obj, data=changed)
        return services.employer_register(actor=request.user, **data)


@admin.register(Vacancy)
class VacancyAdmin(ExportMixin[Vacancy], ServiceAdmin[Vacancy]):
    list_display = ["title", "employer", "district", "employment_type", "status", "posted_on"]
    list_filter = ["status", "employment_type", "source", "district"]
    search_fields = ["title_kk", "title_ru", "employer__name", "external_id"]
    raw_id_fields = ["employer", "settlement"]
    autocomplete_fields = ["occupation"]
    list_select_related = ["employer", "district"]
    date_hierarchy = "posted_on"

    @admin.display(description=_("title"))
    def title(self, obj: Vacancy) -> str:
        return obj.title

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        vacancy = self.get_object(request, object_id)
        if vacancy is not None:
            panel = vacancy_panel(request.user, vacancy, timezone.localdate())
            extra_context = {**(extra_context or {}), **panel}
        return super().change_view(request, object_id, form_url, extra_context)

    def call_service(
        self, request: HttpRequest, obj: Vacancy, form: ModelForm[Vacancy], change: bool
    ) -> Vacancy:
        data = dict(form.cleaned_data)
        if not change:
            employer = data.pop("employer")
            return services.vacancy_create(actor=request.user, employer=employer, **data)
        status = data.pop("status")
        changed = {k: data[k] for k in form.changed_data if k in data and k != "employer"}
        saved = services.vacancy_update(actor=request.user, vacancy=obj, data=changed)
        if status != saved.status:
            services.vacancy_set_status(actor=request.user, vacancy=saved, status=status)
        return saved


@admin.register(Placement)
class PlacementAdmin(ExportMixin[Placement], ServiceAdmin[Placement]):
    list_display = ["person", "start_date", "channel", "program", "employer", "district"]
    list_filter = ["channel", "program", "district", "employment_type"]
    date_hierarchy = "start_date"
    raw_id_fields = ["person", "employer", "vacancy"]
    list_select_related = ["person", "program", "employer", "district"]
    exclude = ["district"]

    def get_readonly_fields(self, request: HttpRequest, obj: Placement | None = None) -> list[str]:
        # A recorded placement is a fact; correcting it is a delete and a new record.
        if obj is None:
            return []
        return [f.name for f in Placement._meta.concrete_fields if f.name != "id"]

    def call_service(
        self, request: HttpRequest, obj: Placement, form: ModelForm[Placement], change: bool
    ) -> Placement:
        if change:
            return obj
        return services.placement_record(actor=request.user, **form.cleaned_data)


# The review of possible duplicates and the merge records (their own module).
import jastar.registry.admin_duplicates  # noqa: E402, F401
