"""REST API v1 of youth prizes and grants: prizes, calls, applications, jury scores.

Prizes and calls name no one: office staff read them. Applications name a person: they are
for staff who may see personal data (not analysts: 403), limited to the people the caller
reaches (a case worker: their district; others: 404). Those who record work for people
submit applications; regional officers and administrators score them.
"""

from __future__ import annotations

from typing import Any

import django_filters as filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from jastar.api.filters import YearFilter
from jastar.api.serializers.common import PersonRefOutputSerializer, ScopedInputSerializer, scoped
from jastar.api.views.base import (
    CREATE_ERRORS,
    INPUT_ERRORS,
    LIST_ERRORS,
    RECORD_ERRORS,
    ListAPIView,
    LocalizedAPIView,
    render,
)
from jastar.community.prizes.models import (
    Application,
    Call,
    CallStatus,
    Prize,
    PrizeApplicationStatus,
    PrizeKind,
)
from jastar.community.prizes.selectors import applications_for, call_list, prize_list
from jastar.community.prizes.services import application_submit, jury_score_record, may_judge
from jastar.core.access import people_for, scope_of
from jastar.registry.models import District, Person

# --- Permissions ----------------------------------------------------------------------------


class OfficeStaff(BasePermission):
    message = _("Only office staff may use this part of the API.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return scope_of(request.user).is_staff_side


class SeesApplicants(BasePermission):
    """Applicants are named: staff with personal data read; those who edit people submit."""

    message = _("Your role may not see applicants.")

    def has_permission(self, request: Request, view: Any) -> bool:
        scope = scope_of(request.user)
        if not (scope.is_staff_side and scope.personal_data):
            return False
        if request.method == "POST":
            self.message = _("Your role may not submit applications.")
            return scope.edits_people
        return True


class Juror(BasePermission):
    message = _("Only regional officers and administrators sit on the jury.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return may_judge(request.user)


# --- Serializers ----------------------------------------------------------------------------


class PrizeOutputSerializer(serializers.Serializer[Prize]):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    name_kk = serializers.CharField()
    name_ru = serializers.CharField()
    name_en = serializers.CharField()
    kind = serializers.ChoiceField(choices=PrizeKind.choices)
    description = serializers.CharField()


class CallOutputSerializer(serializers.Serializer[Call]):
    id = serializers.IntegerField()
    prize = serializers.CharField(source="prize.code")
    year = serializers.IntegerField()
    title = serializers.CharField()
    opens_on = serializers.DateField()
    closes_on = serializers.DateField()
    places = serializers.IntegerField()
    amount_mrp = serializers.DecimalField(max_digits=9, decimal_places=2, allow_null=True)
    amount_tenge = serializers.IntegerField(allow_null=True)
    budget_tenge = serializers.IntegerField(allow_null=True)
    age_min = serializers.IntegerField()
    age_max = serializers.IntegerField()
    min_jurors = serializers.IntegerField()
    status = serializers.ChoiceField(choices=CallStatus.choices)
    applications = serializers.IntegerField(source="application_count")
    winners = serializers.IntegerField(source="winner_count")


class ApplicationOutputSerializer(serializers.Serializer[Application]):
    id = serializers.IntegerField()
    call = serializers.IntegerField(source="call_id")
    person = PersonRefOutputSerializer()
    district = serializers.CharField(source="district.code")
    submitted_on = serializers.DateField()
    project_title = serializers.CharField()
    summary = serializers.CharField()
    category = serializers.CharField()
    status = serializers.ChoiceField(choices=PrizeApplicationStatus.choices)
    reject_reason = serializers.CharField()
    score_mean = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    jurors = serializers.IntegerField()
    rank = serializers.SerializerMethodField()
    amount_tenge = serializers.SerializerMethodField()

    def _award(self, application: Application) -> Any:
        return getattr(application, "award", None)

    def get_rank(self, application: Application) -> int | None:
        award = self._award(application)
        return None if award is None else int(award.rank)

    def get_amount_tenge(self, application: Application) -> int | None:
        award = self._award(application)
        return None if award is None else int(award.amount_tenge)


class ApplicationSubmitInputSerializer(ScopedInputSerializer):
    call = scoped(Call.objects.none(), "Id of an open call.")
    person = scoped(Person.objects.none(), "Id of a person in the caller's scope.")
    project_title = serializers.CharField(max_length=300)
    summary = serializers.CharField(max_length=10_000)
    category = serializers.CharField(max_length=200, required=False, allow_blank=True)
    submitted_on = serializers.DateField(required=False, help_text="Today when not given.")


class JuryScoreInputSerializer(serializers.Serializer[Any]):
    score = serializers.IntegerField(min_value=0, max_value=100)
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class JuryScoreOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    application = serializers.IntegerField(source="application_id")
    score = serializers.IntegerField()
    comment = serializers.CharField()
    scored_on = serializers.DateField()


# --- Filters --------------------------------------------------------------------------------


def _year() -> Any:
    schema = {"type": "integer", "minimum": 2000, "maximum": 2100, "description": "Year."}
    return extend_schema_field(schema)(YearFilter(field_name="year"))


class CallFilter(filters.FilterSet):  # type: ignore[misc]
    year = _year()
    status = filters.ChoiceFilter(choices=CallStatus.choices, help_text="Status.")

    class Meta:
        model = Call
        fields: list[str] = []


class ApplicationFilter(filters.FilterSet):  # type: ignore[misc]
    call = extend_schema_field({"type": "integer", "description": "Call id."})(
        filters.ModelChoiceFilter(queryset=Call.objects.all())
    )
    status = filters.ChoiceFilter(choices=PrizeApplicationStatus.choices, help_text="Status.")
    district = extend_schema_field({"type": "string", "description": "District code."})(
        filters.ModelChoiceFilter(queryset=District.objects.all(), to_field_name="code")
    )

    class Meta:
        model = Application
        fields: list[str] = []


# --- Views ----------------------------------------------------------------------------------


class PrizeListApi(ListAPIView):
    """The youth prizes and grants."""

    permission_classes = [OfficeStaff]
    queryset = Prize.objects.none()

    @extend_schema(responses={200: PrizeOutputSerializer(many=True), **LIST_ERRORS})
    def get(self, request: Request) -> Response:
        return self.page(prize_list(), PrizeOutputSerializer)


class CallListApi(ListAPIView):
    """Calls of the prizes and grants, newest first, with their counts."""

    permission_classes = [OfficeStaff]
    filterset_class = CallFilter
    queryset = Call.objects.none()

    @extend_schema(responses={200: CallOutputSerializer(many=True), **LIST_ERRORS})
    def get(self, request: Request) -> Response:
        return self.page(call_list(), CallOutputSerializer)


class CallDetailApi(LocalizedAPIView):
    """One call with its counts."""

    permission_classes = [OfficeStaff]

    @extend_schema(responses={200: CallOutputSerializer, **RECORD_ERRORS})
    def get(self, request: Request, call_id: int) -> Response:
        found = call_list().filter(pk=call_id).first()
        if found is None:
            raise NotFound(_("There is no call with this id."))
        return render(CallOutputSerializer, found, request)


def _applications(request: Request) -> QuerySet[Application]:
    return applications_for(request.user)


class ApplicationListApi(ListAPIView):
    """GET: applications of the people the caller reaches. POST: submit an application."""

    permission_classes = [SeesApplicants]
    filterset_class = ApplicationFilter
    queryset = Application.objects.none()

    @extend_schema(responses={200: ApplicationOutputSerializer(many=True), **LIST_ERRORS})
    def get(self, request: Request) -> Response:
        return self.page(_applications(request), ApplicationOutputSerializer)

    @extend_schema(
        request=ApplicationSubmitInputSerializer,
        responses={201: ApplicationOutputSerializer, **CREATE_ERRORS},
    )
    def post(self, request: Request) -> Response:
        """Submit a young person's application; refused (400) when the call is not open,
        the date is outside it, the person's age is outside its range, or they applied."""
        scopes = {
            "call": Call.objects.select_related("prize"),
            "person": people_for(request.user, Person.objects.all()),
        }
        params = ApplicationSubmitInputSerializer(data=request.data, scopes=scopes)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        application = application_submit(
            actor=request.user,
            call=data["call"],
            person=data["person"],
            on=data.get("submitted_on") or timezone.localdate(),
            project_title=data["project_title"],
            summary=data["summary"],
            category=data.get("category", ""),
        )
        found = _applications(request).get(pk=application.pk)
        return render(ApplicationOutputSerializer, found, request, 201)


class JuryScoreApi(LocalizedAPIView):
    """A juror (the caller) scores an application of a person they reach."""

    permission_classes = [Juror]

    @extend_schema(
        request=JuryScoreInputSerializer,
        responses={201: JuryScoreOutputSerializer, **INPUT_ERRORS},
    )
    def post(self, request: Request, application_id: int) -> Response:
        application = _applications(request).filter(pk=application_id).first()
        if application is None:
            raise NotFound(_("There is no application with this id."))
        params = JuryScoreInputSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        row = jury_score_record(
            actor=request.user,
            application=application,
            score=params.validated_data["score"],
            comment=params.validated_data.get("comment", ""),
            on=timezone.localdate(),
        )
        return render(JuryScoreOutputSerializer, row, request, 201)
