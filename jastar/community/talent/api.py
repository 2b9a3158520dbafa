"""REST API v1 of the talent reserve, under ``/api/v1/community/talent/``.

Office staff read intakes, the nominations and the members of the people they reach
(names only for callers who may see personal data; each name shown is audited); those who
edit people's records record a member's appointment."""

from __future__ import annotations

from typing import Any

import django_filters as filters
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from jastar.api.filters import _by_code, _year
from jastar.api.permissions import IsOfficeStaff, PeopleAccess
from jastar.api.serializers.common import PersonRefOutputSerializer, personal
from jastar.api.views.base import INPUT_ERRORS, LIST_ERRORS, ListAPIView, LocalizedAPIView, render
from jastar.community.talent import services
from jastar.community.talent.models import (
    Appointment,
    Intake,
    IntakeStatus,
    Membership,
    MembershipStatus,
    Nomination,
    NominationStatus,
)
from jastar.community.talent.selectors import (
    intake_list,
    intake_ranking,
    members_for,
    membership_for,
    nominations_for,
)
from jastar.registry.models import District, Person

# --- Serializers ------------------------------------------------------------------------------


class IntakeOutputSerializer(serializers.ModelSerializer[Intake]):
    nominations = serializers.IntegerField(source="nomination_count")
    members = serializers.IntegerField(source="member_count")

    class Meta:
        model = Intake
        fields = [
            "id",
            "year",
            "title",
            "opens_on",
            "closes_on",
            "places",
            "status",
            "nominations",
            "members",
        ]


class NominationOutputSerializer(serializers.ModelSerializer[Nomination]):
    """A nomination; ``person.name`` is null for callers without access to personal data."""

    person = PersonRefOutputSerializer()
    intake = serializers.IntegerField(source="intake.year", help_text="The intake's year.")
    score = serializers.FloatField(
        allow_null=True, help_text="Weighted score, % (null: not scored yet)."
    )
    rank = serializers.IntegerField(help_text="Rank among all nominations of the intake.")

    class Meta:
        model = Nomination
        fields = [
            "id",
            "intake",
            "person",
            "nominated_by",
            "nominated_on",
            "position",
            "status",
            "score",
            "rank",
        ]


class TrainingOutputSerializer(serializers.Serializer[Any]):
    title = serializers.CharField()
    provider = serializers.CharField()
    completed_on = serializers.DateField()
    hours = serializers.IntegerField()


class AppointmentOutputSerializer(serializers.ModelSerializer[Appointment]):
    class Meta:
        model = Appointment
        fields = ["id", "membership", "post", "organisation", "appointed_on", "leading_post"]


class MemberOutputSerializer(serializers.ModelSerializer[Membership]):
    person = PersonRefOutputSerializer()
    intake = serializers.IntegerField(source="intake.year", help_text="The intake's year.")
    trainings = TrainingOutputSerializer(many=True)
    appointments = AppointmentOutputSerializer(many=True)

    class Meta:
        model = Membership
        fields = [
            "id",
            "intake",
            "person",
            "starts_on",
            "ends_on",
            "status",
            "trainings",
            "appointments",
        ]


class AppointmentCreateInputSerializer(serializers.Serializer[Any]):
    post = serializers.CharField(max_length=255)
    organisation = serializers.CharField(max_length=255)
    appointed_on = serializers.DateField()
    leading_post = serializers.BooleanField(default=False)


# --- Filters ---------------------------------------------------------------------------------


class NominationFilter(filters.FilterSet):  # type: ignore[misc]
    year = _year("intake__year", "Year of the intake.")
    status = filters.ChoiceFilter(choices=NominationStatus.choices, help_text="Status.")
    district = _by_code(District, "District code, e.g. karasai.", "person__district")

    class Meta:
        model = Nomination
        fields: list[str] = []


class MemberFilter(filters.FilterSet):  # type: ignore[misc]
    year = _year("intake__year", "Year of the intake.")
    status = filters.ChoiceFilter(choices=MembershipStatus.choices, help_text="Status.")
    district = _by_code(District, "District code, e.g. karasai.", "person__district")

    class Meta:
        model = Membership
        fields: list[str] = []


class IntakeFilter(filters.FilterSet):  # type: ignore[misc]
    status = filters.ChoiceFilter(choices=IntakeStatus.choices, help_text="Status.")

    class Meta:
        model = Intake
        fields: list[str] = []


# --- Views -----------------------------------------------------------------------------------


class _NamedListApi(ListAPIView):
    """A list of rows about people: the names it shows are audited."""

    def named_page(self, rows: Any, serializer_class: Any) -> Response:
        page = self.paginate_queryset(self.filter_queryset(rows)) or []
        context = {"request": self.request}
        people: list[Person] = [row.person for row in page if personal(context, row.person)]
        if people:
            services.people_viewed(
                actor=self.request.user, people=people, summary=str(_("Talent reserve"))
            )
        return self.get_paginated_response(
            serializer_class(page, many=True, context=self.get_serializer_context()).data
        )


class IntakeListApi(ListAPIView):
    """GET: the reserve's intakes, the latest first."""

    permission_classes = [IsOfficeStaff]
    filterset_class = IntakeFilter
    queryset = Intake.objects.none()

    @extend_schema(responses={200: IntakeOutputSerializer(many=True), **LIST_ERRORS})
    def get(self, request: Request) -> Response:
        return self.page(intake_list(), IntakeOutputSerializer)


class NominationListApi(ListAPIView):
    """GET: nominations of the people the caller reaches, with weighted score and rank."""

    permission_classes = [IsOfficeStaff]
    filterset_class = NominationFilter
    queryset = Nomination.objects.none()

    @extend_schema(responses={200: NominationOutputSerializer(many=True), **LIST_ERRORS})
    def get(self, request: Request) -> Response:
        rows = nominations_for(request.user).order_by("-intake__year", "nominated_on", "pk")
        page = self.paginate_queryset(self.filter_queryset(rows)) or []
        ranked: dict[int, Any] = {}
        for intake in {n.intake for n in page}:
            ranked.update({r.nomination_id: r for r in intake_ranking(intake)})
        for nomination in page:
            nomination.score = ranked[nomination.pk].score  # type: ignore[attr-defined]
            nomination.rank = ranked[nomination.pk].rank  # type: ignore[attr-defined]
        context = {"request": request}
        people = [n.person for n in page if personal(context, n.person)]
        if people:
            services.people_viewed(
                actor=request.user, people=people, summary=str(_("Talent reserve"))
            )
        data = NominationOutputSerializer(page, many=True, context=context).data
        return self.get_paginated_response(data)


class MemberListApi(_NamedListApi):
    """GET: reserve members the caller reaches, with their trainings and appointments."""

    permission_classes = [IsOfficeStaff]
    filterset_class = MemberFilter
    queryset = Membership.objects.none()

    @extend_schema(responses={200: MemberOutputSerializer(many=True), **LIST_ERRORS})
    def get(self, request: Request) -> Response:
        rows = members_for(request.user).order_by("-intake__year", "pk")
        return self.named_page(rows, MemberOutputSerializer)


class AppointmentCreateApi(LocalizedAPIView):
    """POST: record that a member the caller may edit was appointed to a post."""

    permission_classes = [PeopleAccess]

    @extend_schema(
        request=AppointmentCreateInputSerializer,
        responses={201: AppointmentOutputSerializer, **INPUT_ERRORS},
    )
    def post(self, request: Request, membership_id: int) -> Response:
        try:
            membership = membership_for(request.user, membership_id)
        except Http404:
            raise NotFound(_("There is no reserve member with this id.")) from None
        self.check_object_permissions(request, membership.person)
        params = AppointmentCreateInputSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        appointment = services.appointment_record(
            actor=request.user, membership=membership, **params.validated_data
        )
        return render(AppointmentOutputSerializer, appointment, request, status.HTTP_201_CREATED)
