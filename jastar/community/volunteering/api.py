"""REST API of volunteering: organisations, public events, hours (list, log, confirm)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from jastar.api.serializers.common import ErrorOutputSerializer
from jastar.api.views.base import (
    INPUT_ERRORS,
    LIST_ERRORS,
    ListAPIView,
    LocalizedAPIView,
    context,
    render,
)
from jastar.community.volunteering import selectors, services
from jastar.community.volunteering.access import (
    can_manage_organisation,
    events_for,
    hours_for,
    organisations_for,
)
from jastar.community.volunteering.models import HoursLog, Organisation, Volunteer, VolunteerEvent
from jastar.core.access import can_see_personal_data
from jastar.core.audit import audit_people_viewed


class OrganisationOutputSerializer(serializers.Serializer[Organisation]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    bin = serializers.CharField()
    district = serializers.CharField(source="district.code")
    volunteer_count = serializers.IntegerField()


class PublicEventOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    title = serializers.CharField()
    organisation = serializers.CharField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    place = serializers.CharField()
    district = serializers.CharField()
    free_places = serializers.IntegerField(allow_null=True)


class HoursOutputSerializer(serializers.Serializer[HoursLog]):
    id = serializers.IntegerField()
    volunteer = serializers.IntegerField(source="volunteer_id")
    full_name = serializers.SerializerMethodField(
        help_text="The volunteer's name; empty for callers who may not see it."
    )
    event = serializers.IntegerField(source="event_id")
    organisation = serializers.CharField(source="event.organisation.name")
    task = serializers.CharField(source="task.title", default="")
    worked_on = serializers.DateField()
    hours = serializers.DecimalField(max_digits=4, decimal_places=2)
    status = serializers.CharField()
    note = serializers.CharField()

    def get_full_name(self, log: HoursLog) -> str:
        person = log.volunteer.person
        user = self.context["request"].user
        return person.full_name if can_see_personal_data(user, person) else ""


class HoursLogInputSerializer(serializers.Serializer[Any]):
    volunteer = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    event = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    task = serializers.IntegerField(min_value=1, max_value=2**31 - 1, required=False)
    worked_on = serializers.DateField()
    hours = serializers.DecimalField(
        max_digits=4, decimal_places=2, min_value=Decimal("0.01"), max_value=Decimal(24)
    )
    note = serializers.CharField(max_length=255, required=False, default="")


def _audit_names(request: Request, logs: list[HoursLog]) -> None:
    people = {log.volunteer.person for log in logs}
    named = [p for p in people if can_see_personal_data(request.user, p)]
    audit_people_viewed(actor=request.user, people=named, summary="volunteer hours")


class OrganisationListApi(ListAPIView):
    """Volunteer organisations the caller sees."""

    permission_classes = [IsAuthenticated]
    queryset = Organisation.objects.none()

    @extend_schema(responses={200: OrganisationOutputSerializer(many=True), **LIST_ERRORS})
    def get(self, request: Request) -> Response:
        rows = organisations_for(request.user, selectors.organisation_list()).order_by("name")
        return self.page(rows, OrganisationOutputSerializer)


class PublicEventListApi(ListAPIView):
    """Upcoming public volunteer events, for anyone: no personal data."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []
    queryset = VolunteerEvent.objects.none()

    @extend_schema(
        responses={200: PublicEventOutputSerializer(many=True), 400: ErrorOutputSerializer}
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(selectors.public_events())  # type: ignore[arg-type]
        data = PublicEventOutputSerializer(page, many=True).data
        return self.get_paginated_response(data)


class HoursListApi(ListAPIView):
    """GET: hours the caller reaches (names only for those who may see them). POST: log
    hours of a volunteer at an event (its coordinators and the office of its district)."""

    permission_classes = [IsAuthenticated]
    queryset = HoursLog.objects.none()

    @extend_schema(responses={200: HoursOutputSerializer(many=True), **LIST_ERRORS})
    def get(self, request: Request) -> Response:
        rows = hours_for(request.user, selectors.hours_list()).order_by("-worked_on", "-id")
        page = self.paginate_queryset(self.filter_queryset(rows)) or []
        _audit_names(request, list(page))
        serializer = HoursOutputSerializer(page, many=True, context=context(request))  # type: ignore[arg-type]
        return self.get_paginated_response(serializer.data)

    @extend_schema(
        request=HoursLogInputSerializer,
        responses={201: HoursOutputSerializer, **INPUT_ERRORS},
    )
    def post(self, request: Request) -> Response:
        params = HoursLogInputSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        event = events_for(request.user, selectors.event_list()).filter(pk=data["event"]).first()
        if event is None:
            raise NotFound(_("There is no event with this id."))
        if not can_manage_organisation(request.user, event.organisation):
            raise PermissionDenied(_("Only the organisation's coordinators or office log hours."))
        volunteer = Volunteer.objects.select_related("person").filter(pk=data["volunteer"]).first()
        if volunteer is None:
            raise NotFound(_("There is no volunteer with this id."))
        task = None
        if "task" in data:
            task = event.tasks.filter(pk=data["task"]).first()
            if task is None:
                raise NotFound(_("The event has no task with this id."))
        log = services.hours_log(
            actor=request.user,
            volunteer=volunteer,
            event=event,
            task=task,
            worked_on=data["worked_on"],
            hours=data["hours"],
            note=data["note"],
        )
        return render(HoursOutputSerializer, log, request, status.HTTP_201_CREATED)


class HoursConfirmApi(LocalizedAPIView):
    """Confirm logged hours: a coordinator of the event's organisation or its district's office."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={200: HoursOutputSerializer, **INPUT_ERRORS})
    def post(self, request: Request, log_id: int) -> Response:
        log = hours_for(request.user, selectors.hours_list()).filter(pk=log_id).first()
        if log is None:
            raise NotFound(_("There are no hours with this id."))
        try:
            log = services.hours_confirm(actor=request.user, log=log)
        except DjangoPermissionDenied as err:
            raise PermissionDenied(str(err)) from None
        return render(HoursOutputSerializer, log, request)
