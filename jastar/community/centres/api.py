"""API v1 of youth centres: centres, their events, and recording visits.

Office staff read the centres in their scope (a case worker their district's; others are
404); those who manage a centre's district record visits (403 for other roles).
"""

from __future__ import annotations

from typing import Any

import django_filters as filters
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.exceptions import ValidationError as InputError
from rest_framework.request import Request
from rest_framework.response import Response

from jastar.api.permissions import IsOfficeStaff
from jastar.api.serializers.common import PersonRefOutputSerializer
from jastar.api.views.base import (
    INPUT_ERRORS,
    LIST_ERRORS,
    RECORD_ERRORS,
    ListAPIView,
    LocalizedAPIView,
    render,
)
from jastar.community.centres import selectors
from jastar.community.centres.models import (
    Audience,
    Centre,
    CentreEvent,
    CentreKind,
    CentreStatus,
    Visit,
    VisitPurpose,
)
from jastar.community.centres.services import visit_record
from jastar.core.access import can_manage_in_district
from jastar.registry.models import District

MAX_VISITORS = 100_000

# --- Serializers ----------------------------------------------------------------------------


class CentreOutputSerializer(serializers.Serializer[Centre]):
    id = serializers.IntegerField()
    district = serializers.CharField(source="district.code")
    kind = serializers.ChoiceField(choices=CentreKind.choices)
    status = serializers.ChoiceField(choices=CentreStatus.choices)
    name = serializers.CharField(help_text="In the language of the request.")
    name_kk = serializers.CharField()
    name_ru = serializers.CharField()
    name_en = serializers.CharField()
    address = serializers.CharField()
    capacity = serializers.IntegerField()
    planned_on = serializers.DateField(allow_null=True)
    opened_on = serializers.DateField(allow_null=True)
    closed_on = serializers.DateField(allow_null=True)


class CentreYearOutputSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    events_held = serializers.IntegerField()
    visits = serializers.IntegerField(
        help_text="Named visits, counts of unnamed visitors and events' unnamed participants."
    )
    participants = serializers.IntegerField(help_text="Distinct registered young people.")
    neet_reached = serializers.IntegerField(help_text="Of them, NEET on the day of a visit.")


class CentreDetailOutputSerializer(CentreOutputSerializer):
    this_year = CentreYearOutputSerializer()


class EventOutputSerializer(serializers.Serializer[CentreEvent]):
    id = serializers.IntegerField()
    centre = serializers.IntegerField(source="centre_id")
    title = serializers.CharField()
    held_on = serializers.DateField()
    audience = serializers.ChoiceField(choices=Audience.choices)
    partners = serializers.CharField()
    description = serializers.CharField()
    anonymous_participants = serializers.IntegerField()
    named_participants = serializers.IntegerField()


class VisitOutputSerializer(serializers.Serializer[Visit]):
    id = serializers.IntegerField()
    centre = serializers.IntegerField(source="centre_id")
    visited_on = serializers.DateField()
    purpose = serializers.ChoiceField(choices=VisitPurpose.choices)
    person = PersonRefOutputSerializer(allow_null=True)
    anonymous_count = serializers.IntegerField()
    event = serializers.IntegerField(source="event_id", allow_null=True)


class VisitInputSerializer(serializers.Serializer[Any]):
    visited_on = serializers.DateField()
    purpose = serializers.ChoiceField(choices=VisitPurpose.choices)
    iin = serializers.RegexField(
        r"^\d{9,12}$",
        required=False,
        help_text="IIN of a registered young person the caller reaches (or anonymous_count).",
    )
    anonymous_count = serializers.IntegerField(
        min_value=1, max_value=MAX_VISITORS, required=False, help_text="Visitors not named."
    )
    event = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, required=False, help_text="Id of the centre's event."
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("iin" in attrs) == ("anonymous_count" in attrs):
            raise serializers.ValidationError(
                _("Give either the IIN of a registered young person or a number of visitors.")
            )
        return attrs


# --- Filters ----------------------------------------------------------------------------------


class CentreFilter(filters.FilterSet):  # type: ignore[misc]
    district = extend_schema_field({"type": "string", "description": "District code."})(
        filters.ModelChoiceFilter(queryset=District.objects.all(), to_field_name="code")
    )
    status = filters.ChoiceFilter(choices=CentreStatus.choices, help_text="Status.")
    kind = filters.ChoiceFilter(choices=CentreKind.choices, help_text="Kind.")

    class Meta:
        model = Centre
        fields: list[str] = []


# --- Views ------------------------------------------------------------------------------------


def _centre(request: Request, centre_id: int) -> Centre:
    try:
        return selectors.centre_for(request.user, centre_id)
    except Http404:
        raise NotFound(_("There is no centre with this id.")) from None


class CentreListApi(ListAPIView):
    """Youth centres and coworking spaces in the caller's scope."""

    permission_classes = [IsOfficeStaff]
    filterset_class = CentreFilter
    queryset = Centre.objects.none()

    @extend_schema(responses={200: CentreOutputSerializer(many=True), **LIST_ERRORS})
    def get(self, request: Request) -> Response:
        """Centres, filtered by district code, status and kind, paged."""
        return self.page(selectors.centres_for(request.user), CentreOutputSerializer)


class CentreDetailApi(LocalizedAPIView):
    """One centre with this year's counts."""

    permission_classes = [IsOfficeStaff]

    @extend_schema(responses={200: CentreDetailOutputSerializer, **RECORD_ERRORS})
    def get(self, request: Request, centre_id: int) -> Response:
        centre = _centre(request, centre_id)
        today = timezone.localdate()
        totals = selectors.visit_totals(
            selectors.visits_in(year=today.year, today=today, centre=centre),
            selectors.events_in(year=today.year, today=today, centre=centre),
        )
        centre.this_year = {  # type: ignore[attr-defined]
            "year": today.year,
            "events_held": selectors.events_in(year=today.year, today=today, centre=centre).count(),
            "visits": totals.visits,
            "participants": totals.participants,
            "neet_reached": totals.neet_reached,
        }
        return render(CentreDetailOutputSerializer, centre, request)


class CentreEventListApi(ListAPIView):
    """The events a centre held, newest first."""

    permission_classes = [IsOfficeStaff]
    queryset = CentreEvent.objects.none()

    @extend_schema(responses={200: EventOutputSerializer(many=True), **RECORD_ERRORS})
    def get(self, request: Request, centre_id: int) -> Response:
        centre = _centre(request, centre_id)
        return self.page(selectors.centre_events(centre), EventOutputSerializer)


class CentreVisitCreateApi(LocalizedAPIView):
    """Record a visit to a centre: a registered person by IIN, or a count of visitors."""

    permission_classes = [IsOfficeStaff]

    @extend_schema(
        request=VisitInputSerializer, responses={201: VisitOutputSerializer, **INPUT_ERRORS}
    )
    def post(self, request: Request, centre_id: int) -> Response:
        centre = _centre(request, centre_id)
        if not can_manage_in_district(request.user, centre.district_id):
            raise PermissionDenied(_("You may not record visits to this centre."))
        params = VisitInputSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        person = None
        if "iin" in data:
            person = selectors.visitor_find(request.user, data["iin"])
            if person is None:
                raise InputError({"iin": [_("No young person with this IIN is in your reach.")]})
        event = None
        if "event" in data:
            event = centre.events.filter(pk=data["event"]).first()
            if event is None:
                raise InputError({"event": [_("The event is not one of this centre's.")]})
        visit = visit_record(
            actor=request.user,
            centre=centre,
            visited_on=data["visited_on"],
            purpose=data["purpose"],
            person=person,
            anonymous_count=data.get("anonymous_count", 0),
            event=event,
        )
        return render(VisitOutputSerializer, visit, request, status.HTTP_201_CREATED)
