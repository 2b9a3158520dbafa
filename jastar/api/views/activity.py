"""Placements in work and program participations: list, record or apply, read."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from jastar.api.filters import ParticipationFilter, PlacementFilter
from jastar.api.permissions import PeopleAccess, PlacementAccess
from jastar.api.serializers.activity import (
    ParticipationApplyInputSerializer,
    ParticipationOutputSerializer,
    PlacementOutputSerializer,
    PlacementRecordInputSerializer,
)
from jastar.api.views.base import (
    CREATE_ERRORS,
    LIST_ERRORS,
    RECORD_ERRORS,
    ListAPIView,
    LocalizedAPIView,
    render,
)
from jastar.core.access import (
    employers_for,
    people_for,
    placements_for,
    related_to_people_for,
    vacancies_for,
)
from jastar.programs.models import Participation
from jastar.programs.selectors import edition_get, participation_list
from jastar.programs.services import participation_apply
from jastar.registry.models import Employer, Person, Placement, Vacancy
from jastar.registry.services import placement_record


def _placements() -> QuerySet[Placement]:
    return Placement.objects.select_related("person__district", "employer", "program", "district")


def _participations(request: Request) -> QuerySet[Participation]:
    rows = participation_list().select_related("person__district")
    return related_to_people_for(request.user, rows)


class PlacementListApi(ListAPIView):
    """GET: placements of the people the caller reaches (at their firm, for an employer).
    POST: record that a person started work."""

    permission_classes = [PlacementAccess]
    filterset_class = PlacementFilter
    queryset = Placement.objects.none()

    @extend_schema(responses={200: PlacementOutputSerializer(many=True), **LIST_ERRORS})
    def get(self, request: Request) -> Response:
        """Placements of the people the caller reaches (at its firm, for an employer), paged."""
        return self.page(placements_for(request.user, _placements()), PlacementOutputSerializer)

    @extend_schema(
        request=PlacementRecordInputSerializer,
        responses={201: PlacementOutputSerializer, **CREATE_ERRORS},
    )
    def post(self, request: Request) -> Response:
        """Record that a person started work; the person is marked employed from then."""
        user = request.user
        scopes = {
            "person": people_for(user, Person.objects.all()),
            "employer": employers_for(user, Employer.objects.all()),
            "vacancy": vacancies_for(user, Vacancy.objects.all()),
        }
        params = PlacementRecordInputSerializer(data=request.data, scopes=scopes)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        self.check_object_permissions(request, data["person"])
        placement = placement_record(actor=user, **data)
        return render(PlacementOutputSerializer, placement, request, status.HTTP_201_CREATED)


class ParticipationListApi(ListAPIView):
    """GET: program participations of the people the caller reaches. POST: a person applies
    to a program's edition (eligibility is checked)."""

    permission_classes = [PeopleAccess]
    filterset_class = ParticipationFilter
    queryset = Participation.objects.none()

    @extend_schema(responses={200: ParticipationOutputSerializer(many=True), **LIST_ERRORS})
    def get(self, request: Request) -> Response:
        """Program participations of the people the caller reaches, filtered and paged."""
        return self.page(_participations(request), ParticipationOutputSerializer)

    @extend_schema(
        request=ParticipationApplyInputSerializer,
        responses={201: ParticipationOutputSerializer, **CREATE_ERRORS},
    )
    def post(self, request: Request) -> Response:
        """A person applies to a program's edition of ``year``; an ineligible person is
        refused with a 400 listing the rules not met."""
        scopes = {"person": people_for(request.user, Person.objects.all())}
        params = ParticipationApplyInputSerializer(data=request.data, scopes=scopes)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        person = data["person"]
        self.check_object_permissions(request, person)
        today = timezone.localdate()
        year = data.get("year") or today.year
        edition = edition_get(program_code=data["program"].code, year=year)
        if edition is None:
            raise ValidationError({"year": [_("The program has no edition for this year.")]})
        participation = participation_apply(
            actor=request.user, person=person, edition=edition, on=data.get("applied_on") or today
        )
        return render(ParticipationOutputSerializer, participation, request, 201)


class ParticipationDetailApi(LocalizedAPIView):
    """A participation of a person the caller reaches."""

    permission_classes = [PeopleAccess]

    @extend_schema(responses={200: ParticipationOutputSerializer, **RECORD_ERRORS})
    def get(self, request: Request, participation_id: int) -> Response:
        participation = _participations(request).filter(pk=participation_id).first()
        if participation is None:
            raise NotFound(_("There is no participation with this id."))
        return render(ParticipationOutputSerializer, participation, request)
